package dev.steward.notify;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Reads the notification outbox for the API: each message to each channel, its status and every delivery attempt. */
public final class Notifications {

    /** The statuses an outbox row can have. */
    public static final List<String> STATUSES = List.of("pending", "delivered", "failed", "suppressed", "cancelled");

    private static final String COLUMNS = """
            id, idempotency_key, channel, channel_type, event, alert_id, incident_id, message->>'service' as service,
            message->>'title' as title, status, suppressed_reason, created_at, next_attempt_at, attempts, last_error,
            delivered_at""";

    private final JdbcClient jdbc;

    public Notifications(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    /**
     * One message to one channel.
     *
     * @param event trigger, repeat, acknowledge, resolve or test
     * @param status pending, delivered, failed (refused, or retried until the horizon), suppressed or cancelled (an
     *     escalation step made unnecessary by an acknowledgement or resolution)
     * @param suppressedReason dependency, maintenance, silence or trigger_suppressed, for suppressed rows
     * @param nextAttemptAt when the dispatcher tries next, while pending
     */
    public record NotificationView(
            long id,
            String idempotencyKey,
            String channel,
            String channelType,
            String event,
            Optional<Long> alertId,
            Optional<Long> incidentId,
            String service,
            String title,
            String status,
            Optional<String> suppressedReason,
            Instant createdAt,
            Optional<Instant> nextAttemptAt,
            int attempts,
            Optional<String> lastError,
            Optional<Instant> deliveredAt) {}

    /**
     * One delivery attempt.
     *
     * @param outcome delivered, retry or failed
     * @param statusCode the receiver's HTTP status or SMTP reply, when it answered
     * @param answer the first kilobyte of its answer
     */
    public record Attempt(
            Instant at,
            int durationMs,
            String outcome,
            Optional<Integer> statusCode,
            Optional<String> answer,
            Optional<String> error) {}

    /** A notification with every attempt, oldest first. */
    public record NotificationDetail(NotificationView notification, List<Attempt> attempts) {

        public NotificationDetail {
            attempts = List.copyOf(attempts);
        }
    }

    /** Notifications, newest first, optionally only those in one status, to one channel or about one alert. */
    public List<NotificationView> list(
            Optional<String> status, Optional<String> channel, Optional<Long> alertId, int limit) {
        return jdbc.sql("select " + COLUMNS + """
                         from notification
                        where (cast(:status as text) is null or status = :status)
                          and (cast(:channel as text) is null or channel = :channel)
                          and (cast(:alert as bigint) is null or alert_id = :alert)
                        order by created_at desc, id desc limit :limit""")
                .param("status", status.orElse(null))
                .param("channel", channel.orElse(null))
                .param("alert", alertId.orElse(null))
                .param("limit", limit)
                .query((rows, row) -> notification(rows))
                .list();
    }

    /** One notification with its attempts. */
    public Optional<NotificationDetail> find(long id) {
        return jdbc.sql("select " + COLUMNS + " from notification where id = :id")
                .param("id", id)
                .query((rows, row) -> notification(rows))
                .optional()
                .map(notification -> new NotificationDetail(
                        notification,
                        jdbc.sql("""
                                        select at, duration_ms, outcome, status_code, answer, error
                                        from notification_attempt where notification_id = :id order by id""")
                                .param("id", id)
                                .query((rows, row) -> {
                                    int code = rows.getInt(4);
                                    Optional<Integer> statusCode =
                                            rows.wasNull() ? Optional.empty() : Optional.of(code);
                                    return new Attempt(
                                            rows.getTimestamp(1).toInstant(),
                                            rows.getInt(2),
                                            rows.getString(3),
                                            statusCode,
                                            Optional.ofNullable(rows.getString(5)),
                                            Optional.ofNullable(rows.getString(6)));
                                })
                                .list()));
    }

    private static NotificationView notification(ResultSet rows) throws SQLException {
        String status = rows.getString("status");
        return new NotificationView(
                rows.getLong("id"),
                rows.getString("idempotency_key"),
                rows.getString("channel"),
                rows.getString("channel_type"),
                rows.getString("event"),
                id(rows, "alert_id"),
                id(rows, "incident_id"),
                Optional.ofNullable(rows.getString("service")).orElse(""),
                Optional.ofNullable(rows.getString("title")).orElse(""),
                status,
                Optional.ofNullable(rows.getString("suppressed_reason")),
                rows.getTimestamp("created_at").toInstant(),
                status.equals("pending") ? instant(rows, "next_attempt_at") : Optional.empty(),
                rows.getInt("attempts"),
                Optional.ofNullable(rows.getString("last_error")),
                instant(rows, "delivered_at"));
    }

    private static Optional<Long> id(ResultSet rows, String column) throws SQLException {
        long value = rows.getLong(column);
        return rows.wasNull() ? Optional.empty() : Optional.of(value);
    }

    private static Optional<Instant> instant(ResultSet rows, String column) throws SQLException {
        Timestamp value = rows.getTimestamp(column);
        return value == null ? Optional.empty() : Optional.of(value.toInstant());
    }
}
