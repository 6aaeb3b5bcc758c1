package dev.steward.alert;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Reads the stored alerts for the API: which exist, in which phase and status, and how they got there. */
public final class Alerts {

    /** How many transitions {@link #find(long)} returns, the latest first. */
    public static final int TRANSITIONS = 100;

    private static final String COLUMNS = """
            id, key, source, service, monitor, title, phase, severity, since, fired_at, resolved_at, acknowledged_at,
            acknowledged_by, last_message, last_error, suppressed, incident_id""";

    private final JdbcClient jdbc;

    public Alerts(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    /**
     * One alert as the API shows it.
     *
     * @param source monitor, rule, alertmanager or event
     * @param phase ok, pending or firing: where the alert's state machine is
     * @param status what that means for people: ok, pending, firing, acknowledged, suppressed_by_dependency,
     *     suppressed_by_maintenance or silenced (see {@link #status})
     * @param since when the current phase began
     * @param firedAt when the latest firing began
     * @param lastMessage what the latest result (or received alert) said
     * @param lastError the latest result's error code
     */
    public record AlertView(
            long id,
            String key,
            String source,
            String service,
            Optional<String> monitor,
            String title,
            String phase,
            String status,
            String severity,
            Instant since,
            Optional<Instant> firedAt,
            Optional<Instant> resolvedAt,
            Optional<Instant> acknowledgedAt,
            Optional<String> acknowledgedBy,
            Optional<String> lastMessage,
            Optional<String> lastError,
            Optional<Long> incidentId) {}

    /**
     * One change of an alert's phase.
     *
     * @param transition pending, cleared, fired, resolved or escalated
     * @param cause the result or received payload that caused it, as stored JSON
     */
    public record Transition(
            long id, Instant at, String transition, String from, String to, String severity, String cause) {}

    /** An alert with its latest transitions, newest first. */
    public record AlertDetail(AlertView alert, List<Transition> transitions) {

        public AlertDetail {
            transitions = List.copyOf(transitions);
        }
    }

    /**
     * What an alert's phase means for people. A firing alert someone acknowledged is {@code acknowledged}; otherwise,
     * when its latest firing's notifications were held back, the reason: a failing dependency, a maintenance window or
     * a silence.
     *
     * @param suppressed the alert row's {@code suppressed} column: dependency, maintenance, silence or null
     */
    public static String status(String phase, boolean acknowledged, @Nullable String suppressed) {
        if (!phase.equals("firing")) {
            return phase;
        }
        if (acknowledged) {
            return "acknowledged";
        }
        if (suppressed == null) {
            return "firing";
        }
        return switch (suppressed) {
            case "dependency" -> "suppressed_by_dependency";
            case "maintenance" -> "suppressed_by_maintenance";
            case "silence" -> "silenced";
            default -> "firing";
        };
    }

    /**
     * Alerts in the given phases, the latest change of phase first.
     *
     * @param phases ok, pending and/or firing
     * @param service only this service's alerts, when given
     */
    public List<AlertView> list(Set<String> phases, Optional<String> service, int limit) {
        return jdbc.sql("select " + COLUMNS + """
                         from alert
                        where phase in (:phases) and (cast(:service as text) is null or service = :service)
                        order by since desc, id desc limit :limit""")
                .param("phases", List.copyOf(phases))
                .param("service", service.orElse(null))
                .param("limit", limit)
                .query((rows, row) -> alert(rows))
                .list();
    }

    /** One alert with its latest {@value #TRANSITIONS} transitions. */
    public Optional<AlertDetail> find(long id) {
        Optional<AlertView> alert = jdbc.sql("select " + COLUMNS + " from alert where id = :id")
                .param("id", id)
                .query((rows, row) -> alert(rows))
                .optional();
        return alert.map(found -> new AlertDetail(
                found,
                jdbc.sql("""
                                select id, at, transition, from_phase, to_phase, severity, cause::text
                                from alert_transition where alert_id = :id order by at desc, id desc limit :limit""")
                        .param("id", id)
                        .param("limit", TRANSITIONS)
                        .query((rows, row) -> new Transition(
                                rows.getLong(1),
                                rows.getTimestamp(2).toInstant(),
                                rows.getString(3),
                                rows.getString(4),
                                rows.getString(5),
                                rows.getString(6),
                                rows.getString(7)))
                        .list()));
    }

    /** The services that have stored alerts (Steward's own and received ones), by name. */
    public List<String> services() {
        return jdbc.sql("select distinct service from alert order by service")
                .query(String.class)
                .list();
    }

    /** The monitor names of stored alerts, of one service or, when none is given, of every service. */
    public List<String> monitors(Optional<String> service) {
        return jdbc.sql("""
                        select distinct monitor from alert
                        where monitor is not null and (cast(:service as text) is null or service = :service)
                        order by monitor""")
                .param("service", service.orElse(null))
                .query(String.class)
                .list();
    }

    private static AlertView alert(ResultSet rows) throws SQLException {
        String phase = rows.getString("phase");
        Optional<Instant> acknowledgedAt = instant(rows, "acknowledged_at");
        long incident = rows.getLong("incident_id");
        Optional<Long> incidentId = rows.wasNull() ? Optional.empty() : Optional.of(incident);
        return new AlertView(
                rows.getLong("id"),
                rows.getString("key"),
                rows.getString("source"),
                rows.getString("service"),
                Optional.ofNullable(rows.getString("monitor")),
                rows.getString("title"),
                phase,
                status(phase, acknowledgedAt.isPresent(), rows.getString("suppressed")),
                rows.getString("severity"),
                rows.getTimestamp("since").toInstant(),
                instant(rows, "fired_at"),
                instant(rows, "resolved_at"),
                acknowledgedAt,
                Optional.ofNullable(rows.getString("acknowledged_by")),
                Optional.ofNullable(rows.getString("last_message")),
                Optional.ofNullable(rows.getString("last_error")),
                incidentId);
    }

    private static Optional<Instant> instant(ResultSet rows, String column) throws SQLException {
        Timestamp value = rows.getTimestamp(column);
        return value == null ? Optional.empty() : Optional.of(value.toInstant());
    }
}
