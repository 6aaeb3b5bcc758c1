package dev.steward.access;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every mutating action — sign-ins (failed ones too), sign-outs, acknowledgements, silences, tokens, catalog reloads —
 * with who, when, from where and how it ended. Append-only: the table refuses updates and deletes.
 */
public final class AuditLog {

    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);
    private static final int DETAIL_LENGTH = 500;

    /** How an action ended. */
    public enum Outcome {
        SUCCESS,
        FAILURE,
        DENIED;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One recorded action. */
    public record Event(
            long id,
            Instant at,
            String actor,
            String action,
            Optional<String> target,
            Optional<String> sourceAddress,
            String outcome,
            Optional<String> detail) {}

    /** What a list of events is narrowed to; empty fields match everything. */
    public record Filter(Optional<String> actor, Optional<String> action, Optional<String> outcome) {
        public static final Filter ALL = new Filter(Optional.empty(), Optional.empty(), Optional.empty());
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    public AuditLog(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Records an action. A failure to record is logged, never thrown: the action itself already happened.
     *
     * @param target what was acted on, e.g. {@code incident 12}
     */
    public void record(
            String actor,
            String action,
            Optional<String> target,
            Optional<String> sourceAddress,
            Outcome outcome,
            Optional<String> detail) {
        try {
            jdbc.sql("""
                            insert into audit_event (at, actor, action, target, source_address, outcome, detail)
                            values (:at, :actor, :action, :target, :address, :outcome, :detail)""")
                    .param("at", Timestamp.from(clock.instant()))
                    .param("actor", actor)
                    .param("action", action)
                    .param("target", target.orElse(null))
                    .param("address", sourceAddress.orElse(null))
                    .param("outcome", outcome.label())
                    .param("detail", detail.map(AuditLog::shorten).orElse(null))
                    .update();
        } catch (RuntimeException e) {
            log.atError()
                    .addKeyValue("event", "audit_write_failed")
                    .addKeyValue("actor", actor)
                    .addKeyValue("action", action)
                    .addKeyValue("outcome", outcome.label())
                    .setCause(e)
                    .log("Could not record {} by {} in the audit log", action, actor);
        }
        log.atInfo()
                .addKeyValue("event", "audit")
                .addKeyValue("actor", actor)
                .addKeyValue("action", action)
                .addKeyValue("target", target.orElse(""))
                .addKeyValue("clientIp", sourceAddress.orElse(""))
                .addKeyValue("outcome", outcome.label())
                .log("{} {} {}", actor, action, outcome.label());
    }

    /**
     * The newest events matching {@code filter}, older than {@code beforeId} when given (for paging).
     */
    public List<Event> list(Filter filter, Optional<Long> beforeId, int limit) {
        return jdbc.sql("""
                        select id, at, actor, action, target, source_address, outcome, detail from audit_event
                        where (cast(:actor as text) is null or actor = :actor)
                          and (cast(:action as text) is null or action like :action || '%')
                          and (cast(:outcome as text) is null or outcome = :outcome)
                          and (cast(:before as bigint) is null or id < :before)
                        order by id desc limit :limit""")
                .param("actor", filter.actor().orElse(null))
                .param("action", filter.action().orElse(null))
                .param("outcome", filter.outcome().orElse(null))
                .param("before", beforeId.orElse(null))
                .param("limit", Math.max(1, Math.min(limit, 500)))
                .query(AuditLog::event)
                .list();
    }

    private static String shorten(String text) {
        return text.length() <= DETAIL_LENGTH ? text : text.substring(0, DETAIL_LENGTH - 1) + "…";
    }

    private static Event event(ResultSet row, int index) throws SQLException {
        return new Event(
                row.getLong("id"),
                row.getTimestamp("at").toInstant(),
                row.getString("actor"),
                row.getString("action"),
                Optional.ofNullable(row.getString("target")),
                Optional.ofNullable(row.getString("source_address")),
                row.getString("outcome"),
                Optional.ofNullable(row.getString("detail")));
    }
}
