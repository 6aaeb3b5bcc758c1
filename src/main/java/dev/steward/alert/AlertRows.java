package dev.steward.alert;

import dev.steward.catalog.Severity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The SQL of the alert and alert_transition tables, always inside the caller's transaction. */
final class AlertRows {

    private AlertRows() {}

    /** One stored alert as the engine remembers it across restarts. */
    record Stored(
            long id,
            String key,
            String source,
            String service,
            @Nullable String monitor,
            String phase,
            Severity severity,
            int episode,
            Instant since,
            @Nullable Instant firedAt,
            @Nullable Long incidentId,
            @Nullable String state) {}

    static long insert(
            Connection connection,
            String key,
            String source,
            String service,
            @Nullable String monitor,
            String title,
            Severity severity,
            Instant at)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into alert (key, source, service, monitor, title, phase, severity, since, updated_at)
                values (?, ?, ?, ?, ?, 'ok', ?, ?, ?)
                on conflict (key) do update set title = excluded.title
                returning id""")) {
            insert.setString(1, key);
            insert.setString(2, source);
            insert.setString(3, service);
            insert.setString(4, monitor);
            insert.setString(5, title);
            insert.setString(6, severity.code());
            insert.setTimestamp(7, Timestamp.from(at));
            insert.setTimestamp(8, Timestamp.from(at));
            try (ResultSet rows = insert.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** The change of phase an alert's row takes. */
    record Change(
            String phase,
            Severity severity,
            int episode,
            Instant since,
            Optional<Instant> firedAt,
            Optional<Instant> resolvedAt,
            String message,
            Optional<String> error,
            @Nullable String state,
            Optional<Instant> nextRepeatAt,
            boolean fired) {}

    static void update(Connection connection, long id, String title, Change change) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                update alert set title = ?, phase = ?, severity = ?, episode = ?, since = ?,
                    fired_at = coalesce(?, fired_at), resolved_at = case when ? then null else coalesce(?, resolved_at) end,
                    last_message = ?, last_error = ?, state = ?::jsonb, next_repeat_at = ?,
                    acknowledged_at = case when ? then null else acknowledged_at end,
                    acknowledged_by = case when ? then null else acknowledged_by end,
                    suppressed = case when ? then null else suppressed end,
                    incident_id = case when ? then null else incident_id end,
                    updated_at = ?
                where id = ?""")) {
            int i = 1;
            update.setString(i++, title);
            update.setString(i++, change.phase());
            update.setString(i++, change.severity().code());
            update.setInt(i++, change.episode());
            update.setTimestamp(i++, Timestamp.from(change.since()));
            update.setTimestamp(i++, change.firedAt().map(Timestamp::from).orElse(null));
            update.setBoolean(i++, change.fired());
            update.setTimestamp(i++, change.resolvedAt().map(Timestamp::from).orElse(null));
            update.setString(i++, change.message());
            update.setString(i++, change.error().orElse(null));
            update.setString(i++, change.state());
            update.setTimestamp(i++, change.nextRepeatAt().map(Timestamp::from).orElse(null));
            update.setBoolean(i++, change.fired());
            update.setBoolean(i++, change.fired());
            update.setBoolean(i++, change.fired());
            update.setBoolean(i++, change.fired());
            update.setTimestamp(i++, Timestamp.from(change.since()));
            update.setLong(i, id);
            update.executeUpdate();
        }
    }

    static void transition(
            Connection connection,
            long id,
            Instant at,
            String transition,
            String from,
            String to,
            Severity severity,
            String causeJson)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into alert_transition (alert_id, at, transition, from_phase, to_phase, severity, cause)
                values (?, ?, ?, ?, ?, ?, ?::jsonb)""")) {
            insert.setLong(1, id);
            insert.setTimestamp(2, Timestamp.from(at));
            insert.setString(3, transition);
            insert.setString(4, from);
            insert.setString(5, to);
            insert.setString(6, severity.code());
            insert.setString(7, causeJson);
            insert.executeUpdate();
        }
    }

    /** Saves the evaluator's memory of alerts whose state moved without a transition, in one batch. */
    static void saveStates(Connection connection, Map<Long, String> states, Instant at) throws SQLException {
        if (states.isEmpty()) {
            return;
        }
        try (PreparedStatement update =
                connection.prepareStatement("update alert set state = ?::jsonb, updated_at = ? where id = ?")) {
            for (Map.Entry<Long, String> entry : states.entrySet()) {
                update.setString(1, entry.getValue());
                update.setTimestamp(2, Timestamp.from(at));
                update.setLong(3, entry.getKey());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    static List<Stored> load(Connection connection) throws SQLException {
        List<Stored> stored = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                select id, key, source, service, monitor, phase, severity, episode, since, fired_at, incident_id, state
                from alert""");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                Timestamp firedAt = rows.getTimestamp(10);
                long incident = rows.getLong(11);
                boolean noIncident = rows.wasNull();
                stored.add(new Stored(
                        rows.getLong(1),
                        rows.getString(2),
                        rows.getString(3),
                        rows.getString(4),
                        rows.getString(5),
                        rows.getString(6),
                        Severity.valueOf(rows.getString(7).toUpperCase(java.util.Locale.ROOT)),
                        rows.getInt(8),
                        rows.getTimestamp(9).toInstant(),
                        firedAt == null ? null : firedAt.toInstant(),
                        noIncident ? null : incident,
                        rows.getString(12)));
            }
        }
        return stored;
    }

    /** Firing, unacknowledged alerts whose next reminder is due. */
    record Due(long id, int episode, @Nullable Long incidentId) {}

    static List<Due> dueRepeats(Connection connection, Instant now) throws SQLException {
        List<Due> due = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                select id, episode, incident_id from alert
                where phase = 'firing' and acknowledged_at is null and next_repeat_at <= ?
                order by next_repeat_at limit 500 for update skip locked""")) {
            select.setTimestamp(1, Timestamp.from(now));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    long incident = rows.getLong(3);
                    due.add(new Due(rows.getLong(1), rows.getInt(2), rows.wasNull() ? null : incident));
                }
            }
        }
        return due;
    }

    static void nextRepeat(Connection connection, long id, @Nullable Instant next) throws SQLException {
        try (PreparedStatement update =
                connection.prepareStatement("update alert set next_repeat_at = ? where id = ?")) {
            if (next == null) {
                update.setNull(1, Types.TIMESTAMP_WITH_TIMEZONE);
            } else {
                update.setTimestamp(1, Timestamp.from(next));
            }
            update.setLong(2, id);
            update.executeUpdate();
        }
    }
}
