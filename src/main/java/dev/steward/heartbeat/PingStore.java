package dev.steward.heartbeat;

import dev.steward.catalog.MonitorKey;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The heartbeat tables: the UUID Steward assigned to each heartbeat, what it reported, and the latest pings. */
final class PingStore {

    /** Pings kept per monitor; older ones are deleted as new ones arrive. */
    static final int KEPT = 100;

    private final JdbcClient jdbc;

    PingStore(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    /** What a heartbeat's row remembers besides its UUID. */
    record Marks(@Nullable Instant missedThrough, @Nullable Instant startReported) {}

    /** The UUID assigned to the monitor, assigning a new random one the first time it is asked for. */
    UUID assigned(MonitorKey monitor, Instant now) {
        jdbc.sql("""
                        insert into heartbeat (monitor, assigned_uuid, created_at) values (:monitor, :uuid, :now)
                        on conflict (monitor) do nothing""")
                .param("monitor", monitor.toString())
                .param("uuid", UUID.randomUUID())
                .param("now", time(now))
                .update();
        return jdbc.sql("select assigned_uuid from heartbeat where monitor = :monitor")
                .param("monitor", monitor.toString())
                .query(UUID.class)
                .single();
    }

    /** Gives the monitor a new assigned UUID (its old one was claimed by another monitor in the catalog). */
    UUID reassign(MonitorKey monitor) {
        UUID uuid = UUID.randomUUID();
        jdbc.sql("update heartbeat set assigned_uuid = :uuid where monitor = :monitor")
                .param("monitor", monitor.toString())
                .param("uuid", uuid)
                .update();
        return uuid;
    }

    /** The monitor whose assigned UUID this is, if any (it may have been removed from the catalog since). */
    Optional<MonitorKey> assignedTo(UUID uuid) {
        return jdbc.sql("select monitor from heartbeat where assigned_uuid = :uuid")
                .param("uuid", uuid)
                .query(String.class)
                .optional()
                .map(MonitorKey::parse);
    }

    Marks marks(MonitorKey monitor) {
        return jdbc.sql("select missed_through, start_reported from heartbeat where monitor = :monitor")
                .param("monitor", monitor.toString())
                .query((row, n) -> new Marks(instant(row, "missed_through"), instant(row, "start_reported")))
                .optional()
                .orElse(new Marks(null, null));
    }

    void saveMarks(MonitorKey monitor, Marks marks) {
        jdbc.sql("""
                        update heartbeat set missed_through = :missed, start_reported = :started
                        where monitor = :monitor""")
                .param("monitor", monitor.toString())
                .param("missed", time(marks.missedThrough()))
                .param("started", time(marks.startReported()))
                .update();
    }

    /** Stores a ping (its id is ignored) and deletes the monitor's pings beyond the last {@link #KEPT}. */
    Ping insert(Ping ping, byte[] body) {
        long id = jdbc.sql("""
                        insert into heartbeat_ping (monitor, received_at, kind, exit_status, duration_ms, body,
                                                    truncated, client, method, user_agent, rid)
                        values (:monitor, :at, :kind, :exit, :duration, :body, :truncated, :client, :method, :agent,
                                :rid)
                        returning id""")
                .param("monitor", ping.monitor().toString())
                .param("at", time(ping.at()))
                .param("kind", ping.kind().code())
                .param("exit", ping.exitStatus().isPresent() ? ping.exitStatus().getAsInt() : null)
                .param("duration", ping.duration().map(Duration::toMillis).orElse(null))
                .param("body", body)
                .param("truncated", ping.truncated())
                .param("client", ping.client())
                .param("method", ping.method())
                .param("agent", ping.userAgent().orElse(null))
                .param("rid", ping.rid().orElse(null))
                .query(Long.class)
                .single();
        jdbc.sql("""
                        delete from heartbeat_ping where monitor = :monitor and id <= (
                            select id from heartbeat_ping where monitor = :monitor
                            order by id desc offset :kept limit 1)""")
                .param("monitor", ping.monitor().toString())
                .param("kept", KEPT)
                .update();
        return new Ping(
                id,
                ping.monitor(),
                ping.at(),
                ping.kind(),
                ping.exitStatus(),
                ping.duration(),
                ping.log(),
                ping.truncated(),
                ping.client(),
                ping.method(),
                ping.userAgent(),
                ping.rid());
    }

    /** The monitor's latest pings with their whole logs, newest first. */
    List<Ping> recent(MonitorKey monitor, int limit) {
        return recent(monitor, limit, Ping.MAX_BODY);
    }

    /**
     * The monitor's latest pings, newest first, each with at most the last {@code logBytes} bytes of its log (0: none),
     * so that pages and the start-up read no more than they use.
     */
    List<Ping> recent(MonitorKey monitor, int limit, int logBytes) {
        return jdbc.sql("""
                        select id, monitor, received_at, kind, exit_status, duration_ms,
                               substring(body from greatest(1, length(body) - :logBytes + 1)) as body,
                               truncated or length(body) > :logBytes as truncated,
                               client, method, user_agent, rid
                        from heartbeat_ping where monitor = :monitor order by id desc limit :limit""")
                .param("monitor", monitor.toString())
                .param("limit", limit)
                .param("logBytes", logBytes)
                .query((row, n) -> ping(row))
                .list();
    }

    private static Ping ping(ResultSet row) throws SQLException {
        int exit = row.getInt("exit_status");
        OptionalInt exitStatus = row.wasNull() ? OptionalInt.empty() : OptionalInt.of(exit);
        long millis = row.getLong("duration_ms");
        Optional<Duration> duration = row.wasNull() ? Optional.empty() : Optional.of(Duration.ofMillis(millis));
        return new Ping(
                row.getLong("id"),
                MonitorKey.parse(row.getString("monitor")),
                row.getObject("received_at", OffsetDateTime.class).toInstant(),
                Ping.Kind.fromCode(row.getString("kind")),
                exitStatus,
                duration,
                Ping.text(row.getBytes("body")),
                row.getBoolean("truncated"),
                row.getString("client"),
                row.getString("method"),
                Optional.ofNullable(row.getString("user_agent")),
                Optional.ofNullable(row.getObject("rid", UUID.class)));
    }

    private static @Nullable Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime time = row.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

    private static @Nullable OffsetDateTime time(@Nullable Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
