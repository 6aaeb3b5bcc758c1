package dev.steward.notify;

import dev.steward.catalog.Severity;
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
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Ad-hoc silences: created by a person with a reason and an expiry, matched against alerts by service, monitor, tag and
 * severity (every given matcher must match). A silenced notification is recorded as suppressed, never dropped.
 */
public final class Silences {

    /** The longest silence: a forgotten one must not hide alerts for months. */
    public static final Duration LONGEST = Duration.ofDays(30);

    private static final Duration CACHE = Duration.ofSeconds(1);

    private final DataSource dataSource;
    private final Clock clock;
    private volatile List<Silence> cached = List.of();
    private volatile Instant cachedAt = Instant.EPOCH;

    public Silences(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /**
     * One silence.
     *
     * @param service matches alerts of this service, when given
     * @param monitor matches alerts of this monitor (of any service unless service is given), when given
     * @param tag matches alerts of services with this tag, when given
     * @param severity matches alerts of this severity, when given
     * @param expiredAt when someone ended it early
     */
    public record Silence(
            long id,
            Optional<String> service,
            Optional<String> monitor,
            Optional<String> tag,
            Optional<Severity> severity,
            String author,
            String reason,
            Instant startsAt,
            Instant endsAt,
            Instant createdAt,
            Optional<Instant> expiredAt,
            Optional<String> expiredBy) {

        /** True while it is in force at {@code now}. */
        public boolean activeAt(Instant now) {
            return expiredAt.isEmpty() && !now.isBefore(startsAt) && now.isBefore(endsAt);
        }

        /** True when it covers an alert with these properties. */
        public boolean matches(String alertService, Optional<String> alertMonitor, List<String> tags, Severity level) {
            return service.map(alertService::equals).orElse(true)
                    && monitor.map(m -> alertMonitor.map(m::equals).orElse(false))
                            .orElse(true)
                    && tag.map(tags::contains).orElse(true)
                    && severity.map(level::equals).orElse(true);
        }

        /** One line for timelines and logs, e.g. {@code silence 4 by alice until 2026-11-23T03:00:00Z: migration}. */
        public String describe() {
            return "silence " + id + " by " + author + " until " + endsAt + ": " + reason;
        }
    }

    /** What a new silence matches and why; at least one matcher is required. */
    public record Request(
            Optional<String> service,
            Optional<String> monitor,
            Optional<String> tag,
            Optional<Severity> severity,
            String author,
            String reason,
            Optional<Instant> startsAt,
            Instant endsAt) {}

    /** Creates a silence; the request must already be checked (see {@link #problems(Request)}). */
    public Silence create(Request request) {
        Instant now = clock.instant();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        insert into silence (service, monitor, tag, severity, author, reason, starts_at, ends_at,
                            created_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?)""", new String[] {"id"})) {
            insert.setString(1, request.service().orElse(null));
            insert.setString(2, request.monitor().orElse(null));
            insert.setString(3, request.tag().orElse(null));
            insert.setString(4, request.severity().map(Severity::code).orElse(null));
            insert.setString(5, request.author());
            insert.setString(6, request.reason());
            insert.setTimestamp(7, Timestamp.from(request.startsAt().orElse(now)));
            insert.setTimestamp(8, Timestamp.from(request.endsAt()));
            insert.setTimestamp(9, Timestamp.from(now));
            insert.executeUpdate();
            long id;
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
            cachedAt = Instant.EPOCH;
            refreshIfStale();
            return find(id).orElseThrow();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the silence: " + e.getMessage(), e);
        }
    }

    /** What is wrong with a request, each naming the field and the fix; empty when it can be created. */
    public List<String> problems(Request request) {
        List<String> problems = new ArrayList<>();
        Instant now = clock.instant();
        if (request.service().isEmpty()
                && request.monitor().isEmpty()
                && request.tag().isEmpty()
                && request.severity().isEmpty()) {
            problems.add("matchers: give at least one of service, monitor, tag, severity (a silence of everything"
                    + " is a maintenance window: declare it in the catalog)");
        }
        if (request.author().isBlank()) {
            problems.add("author: say who silences, e.g. alice");
        }
        if (request.reason().isBlank()) {
            problems.add("reason: say why, e.g. \"database migration, ticket OPS-12\"");
        }
        Instant start = request.startsAt().orElse(now);
        if (!request.endsAt().isAfter(start)) {
            problems.add("endsAt: must be after the start (" + start + ")");
        } else if (!request.endsAt().isAfter(now)) {
            problems.add("endsAt: is in the past; a silence must end in the future");
        } else if (Duration.between(start, request.endsAt()).compareTo(LONGEST) > 0) {
            problems.add("endsAt: a silence lasts at most 30 days; renew it when it ends");
        }
        return problems;
    }

    /** Ends a silence now. Empty when there is no such silence. */
    public Optional<Silence> expire(long id, String author) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(
                        "update silence set expired_at = ?, expired_by = ? where id = ? and expired_at is null")) {
            update.setTimestamp(1, Timestamp.from(clock.instant()));
            update.setString(2, author);
            update.setLong(3, id);
            update.executeUpdate();
            cachedAt = Instant.EPOCH;
            refreshIfStale();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot expire silence " + id + ": " + e.getMessage(), e);
        }
        return find(id);
    }

    public Optional<Silence> find(long id) {
        List<Silence> found = query("where id = ?", id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
    }

    /** Silences in force now or later (not expired, not ended), soonest end first; with {@code all}, every one. */
    public List<Silence> list(boolean all) {
        if (all) {
            return query("order by created_at desc limit 1000", null);
        }
        return query("where expired_at is null and ends_at > ? order by ends_at", Timestamp.from(clock.instant()));
    }

    /**
     * Re-reads the silences in force when the cached list is older than a second. The dispatcher calls it on its own
     * thread, so its senders never need a second database connection (or wait for one) to decide.
     */
    public void refreshIfStale() {
        Instant now = clock.instant();
        if (Duration.between(cachedAt, now).compareTo(CACHE) > 0 || now.isBefore(cachedAt)) {
            cached = list(false);
            cachedAt = now;
        }
    }

    /** The first silence in force that covers the alert, if any, from the list last read. */
    public Optional<Silence> covering(String service, Optional<String> monitor, List<String> tags, Severity severity) {
        Instant now = clock.instant();
        return cached.stream()
                .filter(silence -> silence.activeAt(now) && silence.matches(service, monitor, tags, severity))
                .findFirst();
    }

    private List<Silence> query(String where, @Nullable Object parameter) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                        select id, service, monitor, tag, severity, author, reason, starts_at, ends_at, created_at,
                            expired_at, expired_by
                        from silence\s""" + where)) {
            if (parameter != null) {
                select.setObject(1, parameter);
            }
            List<Silence> silences = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Timestamp expired = rows.getTimestamp(11);
                    silences.add(new Silence(
                            rows.getLong(1),
                            Optional.ofNullable(rows.getString(2)),
                            Optional.ofNullable(rows.getString(3)),
                            Optional.ofNullable(rows.getString(4)),
                            Optional.ofNullable(rows.getString(5))
                                    .map(s -> Severity.valueOf(s.toUpperCase(java.util.Locale.ROOT))),
                            rows.getString(6),
                            rows.getString(7),
                            rows.getTimestamp(8).toInstant(),
                            rows.getTimestamp(9).toInstant(),
                            rows.getTimestamp(10).toInstant(),
                            expired == null ? Optional.empty() : Optional.of(expired.toInstant()),
                            Optional.ofNullable(rows.getString(12))));
                }
            }
            return silences;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read silences: " + e.getMessage(), e);
        }
    }
}
