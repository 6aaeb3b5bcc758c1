package dev.steward.incident;

import dev.steward.catalog.Alerting;
import dev.steward.catalog.Severity;
import dev.steward.incident.IncidentViews.Incident;
import dev.steward.incident.IncidentViews.IncidentDetail;
import dev.steward.incident.IncidentViews.ResponseTimes;
import dev.steward.incident.IncidentViews.TimelineEntry;
import dev.steward.notify.Message;
import dev.steward.notify.Outbox;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Incidents: opened or joined by firing alerts (inside the alert transition's transaction), acknowledged, annotated
 * and resolved by people, each change written to the incident's timeline.
 */
public final class Incidents {

    private static final Logger log = LoggerFactory.getLogger(Incidents.class);

    private static final String COLUMNS = """
            i.id, i.service, i.title, i.severity, i.status, i.opened_at, i.acknowledged_at, i.acknowledged_by,
            i.resolved_at, i.resolved_by, i.runbook,
            (select count(*) from alert a where a.incident_id = i.id and a.phase = 'firing') as firing""";

    private final DataSource dataSource;
    private final Outbox outbox;
    private final Clock clock;
    private final Supplier<Alerting> alerting;

    public Incidents(DataSource dataSource, Outbox outbox, Clock clock, Supplier<Alerting> alerting) {
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.clock = clock;
        this.alerting = alerting;
    }

    // ---- called inside an alert transition's transaction

    /**
     * A firing alert at or above the incident severity opens an incident for its service, or joins the one that is
     * not resolved yet (raising its severity when the alert's is higher).
     *
     * @return the incident the alert belongs to, empty when its severity is below the threshold
     */
    public Optional<Long> alertFired(
            Connection connection,
            long alertId,
            String service,
            String title,
            Severity severity,
            Optional<URI> runbook,
            Instant at,
            String detail)
            throws SQLException {
        if (!severity.atLeast(alerting.get().incidentSeverity())) {
            return Optional.empty();
        }
        Optional<long[]> open = unresolved(connection, service);
        long incidentId;
        if (open.isPresent()) {
            incidentId = open.get()[0];
            Severity current = Severity.values()[(int) open.get()[1]];
            if (severity.atLeast(current) && severity != current) {
                try (PreparedStatement raise =
                        connection.prepareStatement("update incident set severity = ?, updated_at = ? where id = ?")) {
                    raise.setString(1, severity.code());
                    raise.setTimestamp(2, Timestamp.from(at));
                    raise.setLong(3, incidentId);
                    raise.executeUpdate();
                }
                record(connection, incidentId, at, "severity_raised", null, "severity raised to " + severity.code());
            }
        } else {
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into incident (service, title, severity, status, opened_at, runbook, updated_at)
                    values (?, ?, ?, 'open', ?, ?, ?)""", new String[] {"id"})) {
                insert.setString(1, service);
                insert.setString(2, title);
                insert.setString(3, severity.code());
                insert.setTimestamp(4, Timestamp.from(at));
                insert.setString(5, runbook.map(URI::toString).orElse(null));
                insert.setTimestamp(6, Timestamp.from(at));
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    incidentId = keys.getLong(1);
                }
            }
            record(connection, incidentId, at, "opened", null, "incident opened: " + title);
        }
        record(connection, incidentId, at, "alert_fired", null, title + ": " + detail);
        try (PreparedStatement link = connection.prepareStatement("update alert set incident_id = ? where id = ?")) {
            link.setLong(1, incidentId);
            link.setLong(2, alertId);
            link.executeUpdate();
        }
        return Optional.of(incidentId);
    }

    /**
     * A resolved alert of an incident: noted in the timeline; when none of its alerts fires any more, the incident is
     * resolved by Steward.
     */
    public void alertResolved(Connection connection, long incidentId, String title, Instant at, String detail)
            throws SQLException {
        record(connection, incidentId, at, "alert_resolved", null, title + ": " + detail);
        try (PreparedStatement resolve = connection.prepareStatement("""
                update incident set status = 'resolved', resolved_at = ?, resolved_by = 'steward', updated_at = ?
                where id = ? and status <> 'resolved'
                  and not exists (select 1 from alert where incident_id = ? and phase = 'firing')""")) {
            resolve.setTimestamp(1, Timestamp.from(at));
            resolve.setTimestamp(2, Timestamp.from(at));
            resolve.setLong(3, incidentId);
            resolve.setLong(4, incidentId);
            if (resolve.executeUpdate() > 0) {
                record(connection, incidentId, at, "resolved", null, "resolved: every alert of the incident resolved");
            }
        }
    }

    /** Appends one entry to an incident's timeline. */
    public void record(
            Connection connection, long incidentId, Instant at, String kind, @Nullable String author, String text)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into incident_event (incident_id, at, kind, author, text) values (?, ?, ?, ?, ?)")) {
            insert.setLong(1, incidentId);
            insert.setTimestamp(2, Timestamp.from(at));
            insert.setString(3, kind);
            insert.setString(4, author);
            insert.setString(5, text);
            insert.executeUpdate();
        }
    }

    private static Optional<long[]> unresolved(Connection connection, String service) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "select id, severity from incident where service = ? and status <> 'resolved' for no key update")) {
            select.setString(1, service);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                Severity severity = Severity.valueOf(rows.getString(2).toUpperCase(Locale.ROOT));
                return Optional.of(new long[] {rows.getLong(1), severity.ordinal()});
            }
        }
    }

    // ---- people's actions

    /** The outcome of a person's action on an incident. */
    public sealed interface Change {

        /** Done; the incident as it is now. */
        record Done(IncidentDetail incident) implements Change {}

        /** No incident has this id. */
        record NotFound(long id) implements Change {}

        /** The action does not apply in the incident's status, e.g. acknowledging a resolved incident. */
        record Conflict(String message, IncidentDetail incident) implements Change {}
    }

    /**
     * Acknowledges an open incident: its firing alerts stop repeating and escalating, and every channel that was sent
     * their trigger is told who acknowledged.
     */
    public Change acknowledge(long id, String author) {
        return change(id, (connection, incident, now) -> {
            if (!incident.status().equals("open")) {
                return "incident " + id + " is " + incident.status() + " already"
                        + incident.acknowledgedBy()
                                .map(by -> " (by " + by + ")")
                                .orElse("");
            }
            try (PreparedStatement update = connection.prepareStatement("""
                    update incident set status = 'acknowledged', acknowledged_at = ?, acknowledged_by = ?,
                        updated_at = ? where id = ?""")) {
                update.setTimestamp(1, Timestamp.from(now));
                update.setString(2, author);
                update.setTimestamp(3, Timestamp.from(now));
                update.setLong(4, id);
                update.executeUpdate();
            }
            record(connection, id, now, "acknowledged", author, "acknowledged by " + author);
            acknowledgeAlerts(connection, id, author, now);
            return null;
        });
    }

    /** Resolves an incident by hand (its alerts keep their own state), with an optional closing note. */
    public Change resolve(long id, String author, Optional<String> note) {
        return change(id, (connection, incident, now) -> {
            if (incident.status().equals("resolved")) {
                return "incident " + id + " is resolved already"
                        + incident.resolvedBy().map(by -> " (by " + by + ")").orElse("");
            }
            try (PreparedStatement update = connection.prepareStatement("""
                    update incident set status = 'resolved', resolved_at = ?, resolved_by = ?, updated_at = ?,
                        acknowledged_at = coalesce(acknowledged_at, ?),
                        acknowledged_by = coalesce(acknowledged_by, ?)
                    where id = ?""")) {
                update.setTimestamp(1, Timestamp.from(now));
                update.setString(2, author);
                update.setTimestamp(3, Timestamp.from(now));
                update.setTimestamp(4, Timestamp.from(now));
                update.setString(5, author);
                update.setLong(6, id);
                update.executeUpdate();
            }
            if (incident.status().equals("open")) {
                acknowledgeAlerts(connection, id, author, now);
            }
            record(
                    connection,
                    id,
                    now,
                    "resolved",
                    author,
                    "resolved by " + author + note.map(text -> ": " + text).orElse(""));
            return null;
        });
    }

    /** Adds a note to an incident's timeline (resolved incidents too: post-mortem remarks). */
    public Change note(long id, String author, String text) {
        return change(id, (connection, incident, now) -> {
            record(connection, id, now, "note", author, text);
            return null;
        });
    }

    private void acknowledgeAlerts(Connection connection, long incidentId, String author, Instant now)
            throws SQLException {
        List<long[]> alerts = new ArrayList<>();
        try (PreparedStatement update = connection.prepareStatement("""
                update alert set acknowledged_at = ?, acknowledged_by = ?, next_repeat_at = null, updated_at = ?
                where incident_id = ? and phase = 'firing' and acknowledged_at is null
                returning id, episode""")) {
            update.setTimestamp(1, Timestamp.from(now));
            update.setString(2, author);
            update.setTimestamp(3, Timestamp.from(now));
            update.setLong(4, incidentId);
            try (ResultSet rows = update.executeQuery()) {
                while (rows.next()) {
                    alerts.add(new long[] {rows.getLong(1), rows.getInt(2)});
                }
            }
        }
        for (long[] alert : alerts) {
            Optional<Message> trigger = outbox.firstTrigger(connection, alert[0], (int) alert[1]);
            if (trigger.isEmpty()) {
                continue;
            }
            Message template = trigger.get();
            Message ack = template.followUp(
                    Message.Event.ACKNOWLEDGE, template.summary(), now, Optional.of(incidentId), Optional.of(author));
            List<String> channels = outbox.followUp(
                    connection,
                    new Outbox.AlertRef(alert[0], (int) alert[1], Optional.of(incidentId)),
                    alerting.get(),
                    ack,
                    "acknowledge",
                    true);
            if (!channels.isEmpty()) {
                log.atInfo()
                        .addKeyValue("event", "alert_acknowledged")
                        .addKeyValue("alert", alert[0])
                        .addKeyValue("channels", String.join(",", channels))
                        .log("alert acknowledged; telling the channels that were paged");
            }
        }
    }

    @FunctionalInterface
    private interface Action {
        /** Applies the action; returns a conflict message instead when it does not apply. */
        @Nullable
        String apply(Connection connection, Incident incident, Instant now) throws SQLException;
    }

    private Change change(long id, Action action) {
        Instant now = clock.instant();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Optional<Incident> incident = find(connection, id, true);
                if (incident.isEmpty()) {
                    connection.rollback();
                    return new Change.NotFound(id);
                }
                String conflict = action.apply(connection, incident.get(), now);
                if (conflict != null) {
                    connection.rollback();
                    return new Change.Conflict(conflict, detail(connection, incident.get()));
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
            return new Change.Done(
                    detail(connection, find(connection, id, false).orElseThrow()));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot change incident " + id + ": " + e.getMessage(), e);
        }
    }

    // ---- reading

    /**
     * Incidents, newest first.
     *
     * @param status open, acknowledged, resolved, or {@code unresolved} (open and acknowledged); empty means all
     */
    public List<Incident> list(Optional<String> status, Optional<String> service, int limit) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from incident i where true");
        List<String> parameters = new ArrayList<>();
        status.ifPresent(value -> {
            if (value.equals("unresolved")) {
                sql.append(" and i.status <> 'resolved'");
            } else {
                sql.append(" and i.status = ?");
                parameters.add(value);
            }
        });
        service.ifPresent(value -> {
            sql.append(" and i.service = ?");
            parameters.add(value);
        });
        sql.append(" order by i.opened_at desc, i.id desc limit ").append(Math.max(1, Math.min(limit, 1000)));
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < parameters.size(); i++) {
                select.setString(i + 1, parameters.get(i));
            }
            List<Incident> incidents = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    incidents.add(incident(rows));
                }
            }
            return incidents;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read incidents: " + e.getMessage(), e);
        }
    }

    /** One incident with its timeline. */
    public Optional<IncidentDetail> find(long id) {
        try (Connection connection = dataSource.getConnection()) {
            Optional<Incident> incident = find(connection, id, false);
            if (incident.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(detail(connection, incident.get()));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read incident " + id + ": " + e.getMessage(), e);
        }
    }

    /** How many incidents are not resolved. */
    public int unresolvedCount() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select =
                        connection.prepareStatement("select count(*) from incident where status <> 'resolved'");
                ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count incidents: " + e.getMessage(), e);
        }
    }

    /** MTTA and MTTR per service over the incidents opened within {@code window} before now. */
    public List<ResponseTimes> responseTimes(Duration window) {
        Instant from = clock.instant().minus(window);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                        select service, count(*),
                            count(acknowledged_at), count(resolved_at),
                            avg(extract(epoch from acknowledged_at - opened_at)),
                            avg(extract(epoch from resolved_at - opened_at))
                        from incident where opened_at >= ? group by service order by service""")) {
            select.setTimestamp(1, Timestamp.from(from));
            List<ResponseTimes> times = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    times.add(new ResponseTimes(
                            rows.getString(1),
                            rows.getInt(2),
                            rows.getInt(3),
                            rows.getInt(4),
                            seconds(rows, 5),
                            seconds(rows, 6)));
                }
            }
            return times;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot compute response times: " + e.getMessage(), e);
        }
    }

    private static Optional<Duration> seconds(ResultSet rows, int column) throws SQLException {
        double value = rows.getDouble(column);
        return rows.wasNull() ? Optional.empty() : Optional.of(Duration.ofMillis(Math.round(value * 1000)));
    }

    private Optional<Incident> find(Connection connection, long id, boolean lock) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "select " + COLUMNS + " from incident i where i.id = ?" + (lock ? " for no key update" : ""))) {
            select.setLong(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(incident(rows)) : Optional.empty();
            }
        }
    }

    private IncidentDetail detail(Connection connection, Incident incident) throws SQLException {
        List<TimelineEntry> timeline = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "select id, at, kind, author, text from incident_event where incident_id = ? order by id")) {
            select.setLong(1, incident.id());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    timeline.add(new TimelineEntry(
                            rows.getLong(1),
                            rows.getTimestamp(2).toInstant(),
                            rows.getString(3),
                            Optional.ofNullable(rows.getString(4)),
                            rows.getString(5)));
                }
            }
        }
        return new IncidentDetail(incident, timeline);
    }

    private static Incident incident(ResultSet rows) throws SQLException {
        return new Incident(
                rows.getLong("id"),
                rows.getString("service"),
                rows.getString("title"),
                rows.getString("severity"),
                rows.getString("status"),
                rows.getTimestamp("opened_at").toInstant(),
                instant(rows, "acknowledged_at"),
                Optional.ofNullable(rows.getString("acknowledged_by")),
                instant(rows, "resolved_at"),
                Optional.ofNullable(rows.getString("resolved_by")),
                Optional.ofNullable(rows.getString("runbook")).map(URI::create),
                rows.getInt("firing"));
    }

    private static Optional<Instant> instant(ResultSet rows, String column) throws SQLException {
        Timestamp value = rows.getTimestamp(column);
        return value == null ? Optional.empty() : Optional.of(value.toInstant());
    }
}
