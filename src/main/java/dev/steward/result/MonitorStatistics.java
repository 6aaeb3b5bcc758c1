package dev.steward.result;

import dev.steward.catalog.MonitorKey;
import dev.steward.probe.ErrorCode;
import dev.steward.probe.Status;
import dev.steward.probe.condition.ConditionOutcome;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers questions about stored results: the current state of monitors and services, uptime and latency percentiles
 * over a window, and the results themselves. Time comes from the clock; docs/RESULTS.md defines every figure.
 *
 * <p>Figures over a window add up whole hours from the hourly rollups and raw results for the rest: the partial hours
 * at both ends and the hours not rolled up yet. Since rollups hold exactly what the raw results would give (counts, and
 * the latency histogram every percentile is read from), the answer does not depend on which parts came from where.
 */
public final class MonitorStatistics {

    /** The most results one page or one call returns. */
    public static final int MAX_LIMIT = 1000;

    private static final String RESULT_COLUMNS = """
            started_at, certificate_expires_at, latency_us, lateness_us, status, error_code, message, failures::text
            """;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration resultsRetention;
    private final Duration rollupRetention;
    private final JsonMapper json = JsonMapper.builder().build();
    private final TransactionTemplate readOnly;

    MonitorStatistics(DataSource dataSource, Clock clock, Duration resultsRetention, Duration rollupRetention) {
        this.jdbc = JdbcClient.create(dataSource);
        this.readOnly = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.readOnly.setReadOnly(true);
        this.clock = clock;
        this.resultsRetention = resultsRetention;
        this.rollupRetention = rollupRetention;
    }

    // ---- current state

    /** The current state of every monitor that has a stored result, by key. */
    public List<MonitorState> currentStates() {
        return jdbc.sql("""
                        select m.key, s.status, s.since, s.consecutive, s.last_started_at, s.last_latency_us,
                               s.last_message, s.last_error, s.certificate_expires_at
                        from monitor_state s
                        join monitor m on m.id = s.monitor_id
                        """).query(MonitorStatistics::monitorState).list().stream()
                .sorted(Comparator.comparing(MonitorState::monitor))
                .toList();
    }

    /** The current state of one monitor; empty before its first result is stored. */
    public Optional<MonitorState> currentState(MonitorKey monitor) {
        return jdbc.sql("""
                        select m.key, s.status, s.since, s.consecutive, s.last_started_at, s.last_latency_us,
                               s.last_message, s.last_error, s.certificate_expires_at
                        from monitor_state s
                        join monitor m on m.id = s.monitor_id
                        where m.key = :key
                        """)
                .param("key", monitor.toString())
                .query(MonitorStatistics::monitorState)
                .optional();
    }

    /**
     * A service's state: the worst status of its monitors, since the earliest {@code since} among the monitors with
     * that status. Empty when none of its monitors has a stored result.
     */
    public Optional<ServiceState> serviceState(String service) {
        List<MonitorState> monitors =
                jdbc.sql("""
                        select m.key, s.status, s.since, s.consecutive, s.last_started_at, s.last_latency_us,
                               s.last_message, s.last_error, s.certificate_expires_at
                        from monitor_state s
                        join monitor m on m.id = s.monitor_id
                        where starts_with(m.key, :prefix)
                        """).param("prefix", service + "/").query(MonitorStatistics::monitorState).list().stream()
                        .sorted(Comparator.comparing(MonitorState::monitor))
                        .toList();
        if (monitors.isEmpty()) {
            return Optional.empty();
        }
        Status worst = monitors.stream()
                .map(MonitorState::status)
                .max(Comparator.naturalOrder())
                .orElseThrow();
        Instant since = monitors.stream()
                .filter(state -> state.status() == worst)
                .map(MonitorState::since)
                .min(Comparator.naturalOrder())
                .orElseThrow();
        return Optional.of(new ServiceState(service, worst, since, monitors));
    }

    // ---- uptime and latency

    /** A monitor's figures over the window ending now. */
    public WindowFigures figures(MonitorKey monitor, Window window) {
        Instant now = clock.instant();
        return figures(monitor, now.minus(window.length()), now);
    }

    /** A monitor's figures over {@code [from, to)}; {@code to} is cut at now. */
    public WindowFigures figures(MonitorKey monitor, Instant from, Instant to) {
        List<Integer> ids = jdbc.sql("select id from monitor where key = :key")
                .param("key", monitor.toString())
                .query(Integer.class)
                .list();
        return pooled(ids, from, to);
    }

    /** A service's figures over the window ending now: the results of all its monitors pooled. */
    public WindowFigures serviceFigures(String service, Window window) {
        Instant now = clock.instant();
        return serviceFigures(service, now.minus(window.length()), now);
    }

    /**
     * A service's figures over {@code [from, to)}: the results of every monitor stored under the service pooled, as if
     * they were one monitor's (so a monitor probed more often weighs more), including monitors since removed from the
     * catalog, whose results in the window still happened.
     */
    public WindowFigures serviceFigures(String service, Instant from, Instant to) {
        List<Integer> ids = jdbc.sql("select id from monitor where starts_with(key, :prefix)")
                .param("prefix", service + "/")
                .query(Integer.class)
                .list();
        return pooled(ids, from, to);
    }

    /** Every monitor ever stored, by id. */
    private Map<Integer, MonitorKey> monitorKeys() {
        return jdbc
                .sql("select id, key from monitor")
                .query((row, n) -> Map.entry(row.getInt(1), MonitorKey.parse(row.getString(2))))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** Every stored monitor's figures over the window ending now, by key; one pair of queries for all of them. */
    public Map<MonitorKey, WindowFigures> allFigures(Window window) {
        Instant now = clock.instant();
        Map<Integer, MonitorKey> keys = monitorKeys();
        Plan plan = plan(now.minus(window.length()), now, now);
        Map<Integer, Tally> tallies = tally(plan, Optional.empty());
        Map<MonitorKey, WindowFigures> figures = new TreeMap<>();
        keys.forEach((id, key) ->
                figures.put(key, tallies.getOrDefault(id, new Tally()).figures(plan)));
        return figures;
    }

    /** How long {@link #allUptimes} answers from its last computation. */
    static final Duration UPTIME_LIST_CACHE = Duration.ofSeconds(15);

    private final Map<Window, CachedUptimes> uptimeCache = new HashMap<>();

    private record CachedUptimes(Instant computedAt, Map<MonitorKey, WindowFigures> figures) {}

    /**
     * Every stored monitor's counts and uptime over the window ending now, without percentiles: cheap enough for
     * lists of thousands of monitors (rollups for whole hours, raw results only at the edges, no histograms). Computed
     * at most once per {@link #UPTIME_LIST_CACHE}; concurrent callers share one computation.
     */
    public synchronized Map<MonitorKey, WindowFigures> allUptimes(Window window) {
        Instant now = clock.instant();
        CachedUptimes cached = uptimeCache.get(window);
        if (cached != null && Duration.between(cached.computedAt(), now).compareTo(UPTIME_LIST_CACHE) < 0) {
            return cached.figures();
        }
        Map<Integer, MonitorKey> keys = monitorKeys();
        Plan plan = plan(now.minus(window.length()), now, now);
        Map<Integer, Tally> tallies = new HashMap<>();
        planned(jdbc.sql(COUNTS), plan, Optional.empty())
                .query((row, n) -> {
                    Tally tally = tallies.computeIfAbsent(row.getInt("monitor_id"), id -> new Tally());
                    tally.up = row.getLong("up");
                    tally.degraded = row.getLong("degraded");
                    tally.down = row.getLong("down");
                    tally.latencySumMicros = row.getLong("latency_sum_us");
                    return tally;
                })
                .list();
        Map<MonitorKey, WindowFigures> figures = new TreeMap<>();
        keys.forEach((id, key) ->
                figures.put(key, tallies.getOrDefault(id, new Tally()).figures(plan)));
        Map<MonitorKey, WindowFigures> answer = java.util.Collections.unmodifiableMap(figures);
        uptimeCache.put(window, new CachedUptimes(now, answer));
        return answer;
    }

    /** Counts by monitor: whole hours from rollups, the edges from raw results; no latency histogram. */
    static final String COUNTS = """
            select monitor_id, sum(up) as up, sum(degraded) as degraded, sum(down) as down,
                   sum(latency_sum_us) as latency_sum_us
            from (
                select monitor_id, up, degraded, down, latency_sum_us
                from monitor_rollup_hourly
                where hour >= :rollupFrom and hour < :rollupTo
                union all
                select monitor_id, count(*) filter (where status = 0), count(*) filter (where status = 1),
                       count(*) filter (where status = 2), coalesce(sum(latency_us) filter (where status < 2), 0)
                from monitor_result
                where started_at >= :headFrom and started_at < :headTo
                   or started_at >= :tailFrom and started_at < :tailTo
                group by 1
            ) parts
            group by monitor_id
            """;

    private WindowFigures pooled(List<Integer> ids, Instant from, Instant to) {
        Plan plan = plan(from, to, clock.instant());
        Tally pooled = new Tally();
        if (!ids.isEmpty()) {
            tally(plan, Optional.of(ids)).values().forEach(pooled::add);
        }
        return pooled.figures(plan);
    }

    /**
     * Which parts of {@code [from, to)} come from where. Whole hours before the rollup watermark come from rollups;
     * the rest from raw results. A leading partial hour older than the raw results' retention is left out (the window
     * then starts at the next hour), and nothing older than the rollups' retention is counted.
     */
    Plan plan(Instant from, Instant to, Instant now) {
        Instant end = min(to, now);
        Instant start = max(from, now.minus(rollupRetention));
        if (!start.isBefore(end)) {
            return new Plan(start, start, Range.EMPTY, Range.EMPTY, Range.EMPTY);
        }
        Instant firstHour = ceilHour(start);
        Instant lastHour = floorHour(end);
        Instant rolledUpTo = watermark().orElse(firstHour);
        Instant rollupEnd = min(lastHour, max(rolledUpTo, firstHour));
        if (!firstHour.isBefore(rollupEnd)) {
            return new Plan(start, end, new Range(start, end), Range.EMPTY, Range.EMPTY);
        }
        Range head = new Range(start, firstHour);
        if (start.isBefore(now.minus(resultsRetention))) {
            start = firstHour;
            head = Range.EMPTY;
        }
        return new Plan(start, end, head, new Range(firstHour, rollupEnd), new Range(rollupEnd, end));
    }

    record Range(Instant from, Instant to) {
        static final Range EMPTY = new Range(Instant.EPOCH, Instant.EPOCH);
    }

    record Plan(Instant from, Instant to, Range head, Range rollups, Range tail) {}

    Optional<Instant> watermark() {
        return jdbc.sql("select rolled_up_to from monitor_rollup_watermark")
                .query((row, n) -> Optional.ofNullable(row.getObject(1, OffsetDateTime.class))
                        .map(OffsetDateTime::toInstant))
                .optional()
                .flatMap(Function.identity());
    }

    /**
     * Counts and latency histogram by monitor in one pass over the raw results. Rows with a null bucket carry counts
     * (from rollups, and down results); rows with a bucket carry that bucket's count ({@code n}) too.
     */
    static final String TALLY = """
            select monitor_id, bucket, sum(up) as up, sum(degraded) as degraded, sum(down) as down,
                   sum(latency_sum_us) as latency_sum_us, sum(n) as n
            from (
                select monitor_id, null::smallint as bucket, up, degraded, down, latency_sum_us, 0 as n
                from monitor_rollup_hourly
                where %1$s and hour >= :rollupFrom and hour < :rollupTo
                union all
                select monitor_id, histogram.bucket, 0, 0, 0, 0, histogram.n
                from monitor_rollup_hourly, unnest(latency_buckets, latency_counts) as histogram (bucket, n)
                where %1$s and hour >= :rollupFrom and hour < :rollupTo
                union all
                select monitor_id, case when status < 2 then steward_latency_bucket(latency_us) end,
                       count(*) filter (where status = 0), count(*) filter (where status = 1),
                       count(*) filter (where status = 2), coalesce(sum(latency_us) filter (where status < 2), 0),
                       count(*) filter (where status < 2)
                from monitor_result
                where %1$s and (started_at >= :headFrom and started_at < :headTo
                                or started_at >= :tailFrom and started_at < :tailTo)
                group by 1, 2
            ) parts
            group by monitor_id, bucket
            """;

    /**
     * Counts and histograms by monitor id, for the given monitors or all. Run with more memory for sorting than the
     * server's default, so that adding up all monitors' histograms does not spill to disk.
     */
    private Map<Integer, Tally> tally(Plan plan, Optional<List<Integer>> ids) {
        String filter = ids.isPresent() ? "monitor_id = any(cast(:ids as integer[]))" : "true";
        Map<Integer, Tally> tallies = new HashMap<>();
        readOnly.executeWithoutResult(status -> {
            jdbc.sql("select set_config('work_mem', '64MB', true)")
                    .query(String.class)
                    .single();
            planned(jdbc.sql(TALLY.formatted(filter)), plan, ids)
                    .query((row, n) -> {
                        Tally tally = tallies.computeIfAbsent(row.getInt("monitor_id"), id -> new Tally());
                        tally.up += row.getLong("up");
                        tally.degraded += row.getLong("degraded");
                        tally.down += row.getLong("down");
                        tally.latencySumMicros += row.getLong("latency_sum_us");
                        int bucket = row.getInt("bucket");
                        if (!row.wasNull()) {
                            tally.latencies.add(bucket, row.getLong("n"));
                        }
                        return tally;
                    })
                    .list();
        });
        return tallies;
    }

    private static JdbcClient.StatementSpec planned(
            JdbcClient.StatementSpec statement, Plan plan, Optional<List<Integer>> ids) {
        ids.ifPresent(list ->
                statement.param("ids", list.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"))));
        return statement
                .param("rollupFrom", timestamp(plan.rollups().from()))
                .param("rollupTo", timestamp(plan.rollups().to()))
                .param("headFrom", timestamp(plan.head().from()))
                .param("headTo", timestamp(plan.head().to()))
                .param("tailFrom", timestamp(plan.tail().from()))
                .param("tailTo", timestamp(plan.tail().to()));
    }

    /** Counts and latencies of one monitor or a pool of them. */
    private static final class Tally {
        long up;
        long degraded;
        long down;
        long latencySumMicros;
        final LatencyHistogram latencies = new LatencyHistogram();

        void add(Tally other) {
            up += other.up;
            degraded += other.degraded;
            down += other.down;
            latencySumMicros += other.latencySumMicros;
            latencies.add(other.latencies);
        }

        WindowFigures figures(Plan plan) {
            long all = up + degraded + down;
            long available = up + degraded;
            OptionalDouble uptime = all == 0 ? OptionalDouble.empty() : OptionalDouble.of(100.0 * available / all);
            Optional<Duration> mean = available == 0
                    ? Optional.empty()
                    : Optional.of(Duration.of(Math.round((double) latencySumMicros / available), ChronoUnit.MICROS));
            return new WindowFigures(
                    plan.from(),
                    plan.to(),
                    up,
                    degraded,
                    down,
                    uptime,
                    duration(latencies.percentileMicros(50)),
                    duration(latencies.percentileMicros(95)),
                    duration(latencies.percentileMicros(99)),
                    mean);
        }

        private static Optional<Duration> duration(OptionalLong micros) {
            return micros.isPresent()
                    ? Optional.of(Duration.of(micros.getAsLong(), ChronoUnit.MICROS))
                    : Optional.empty();
        }
    }

    // ---- results

    /** A monitor's latest results, newest first; at most {@value #MAX_LIMIT}. */
    public List<StoredResult> recentResults(MonitorKey monitor, int limit) {
        return jdbc.sql("""
                        select %s
                        from monitor_result
                        where monitor_id = (select id from monitor where key = :key)
                        order by started_at desc
                        limit :limit
                        """.formatted(RESULT_COLUMNS))
                .param("key", monitor.toString())
                .param("limit", Math.clamp(limit, 1, MAX_LIMIT))
                .query((row, n) -> storedResult(monitor, row))
                .list();
    }

    /**
     * A monitor's results that started in {@code [from, to)}, newest first, one page at a time: pass the previous
     * page's {@link ResultPage#next()} as {@code cursor} for the following one. {@code limit} is cut to 1..{@value
     * #MAX_LIMIT}. Paging goes by start time: two results of one monitor never start in the same microsecond, since
     * the scheduler never runs a monitor's probe twice at once.
     *
     * @throws IllegalArgumentException when the cursor is not one this method returned
     */
    public ResultPage results(MonitorKey monitor, Instant from, Instant to, int limit, Optional<String> cursor) {
        int pageSize = Math.clamp(limit, 1, MAX_LIMIT);
        Instant before =
                cursor.map(MonitorStatistics::decodeCursor).map(c -> min(c, to)).orElse(to);
        List<StoredResult> rows = jdbc.sql("""
                        select %s
                        from monitor_result
                        where monitor_id = (select id from monitor where key = :key)
                          and started_at >= :from and started_at < :before
                        order by started_at desc
                        limit :limit
                        """.formatted(RESULT_COLUMNS))
                .param("key", monitor.toString())
                .param("from", timestamp(from))
                .param("before", timestamp(before))
                .param("limit", pageSize + 1)
                .query((row, n) -> storedResult(monitor, row))
                .list();
        if (rows.size() <= pageSize) {
            return new ResultPage(rows, Optional.empty());
        }
        List<StoredResult> page = rows.subList(0, pageSize);
        return new ResultPage(page, Optional.of(encodeCursor(page.getLast().startedAt())));
    }

    private static String encodeCursor(Instant before) {
        String text = "before:" + ResultBatchWriter.epochMicros(before);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Instant decodeCursor(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!text.startsWith("before:")) {
                throw new IllegalArgumentException("unknown cursor form");
            }
            long micros = Long.parseLong(text.substring("before:".length()));
            return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "cursor: not a cursor from a previous page of results; pass the 'next' value of the last page,"
                            + " or none for the first page",
                    e);
        }
    }

    private StoredResult storedResult(MonitorKey monitor, ResultSet row) throws SQLException {
        Instant startedAt = instant(row, "started_at");
        return new StoredResult(
                monitor,
                startedAt.minus(row.getInt("lateness_us"), ChronoUnit.MICROS),
                startedAt,
                Duration.of(row.getInt("latency_us"), ChronoUnit.MICROS),
                ResultBatchWriter.status(row.getShort("status")),
                Optional.ofNullable(row.getString("message")),
                Optional.ofNullable(row.getString("error_code")).map(ErrorCode::fromCode),
                failures(row.getString("failures")),
                Optional.ofNullable(row.getObject("certificate_expires_at", OffsetDateTime.class))
                        .map(OffsetDateTime::toInstant));
    }

    private List<ConditionOutcome> failures(@Nullable String text) {
        if (text == null) {
            return List.of();
        }
        List<ConditionOutcome> failures = new ArrayList<>();
        for (JsonNode item : json.readTree(text)) {
            failures.add(new ConditionOutcome(
                    item.path("condition").asString(),
                    item.path("success").asBoolean(),
                    item.path("resolved").asString()));
        }
        return failures;
    }

    private static MonitorState monitorState(ResultSet row, int rowNumber) throws SQLException {
        return new MonitorState(
                MonitorKey.parse(row.getString("key")),
                ResultBatchWriter.status(row.getShort("status")),
                instant(row, "since"),
                row.getInt("consecutive"),
                instant(row, "last_started_at"),
                Duration.of(row.getInt("last_latency_us"), ChronoUnit.MICROS),
                row.getString("last_message"),
                Optional.ofNullable(row.getString("last_error")).map(ErrorCode::fromCode),
                Optional.ofNullable(row.getObject("certificate_expires_at", OffsetDateTime.class))
                        .map(OffsetDateTime::toInstant));
    }

    // ---- time helpers, all UTC

    static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        return row.getObject(column, OffsetDateTime.class).toInstant();
    }

    static Instant floorHour(Instant instant) {
        return instant.truncatedTo(ChronoUnit.HOURS);
    }

    static Instant ceilHour(Instant instant) {
        Instant floor = floorHour(instant);
        return floor.equals(instant) ? floor : floor.plus(1, ChronoUnit.HOURS);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
