package dev.steward.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.catalog.MonitorKey;
import dev.steward.probe.ProbeResult;
import dev.steward.probe.Status;
import dev.steward.testing.MutableClock;
import dev.steward.testing.PostgresExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Uptime and latency figures checked against values computed by hand (in the comments) on a known series: one result a
 * minute for shop/api from 22:00 to 01:59 UTC, across midnight (two daily partitions) and four hours (rollups).
 *
 * <pre>
 * minute m = 0..239, started at 2026-11-23T22:00Z + m minutes
 *   m % 10 == 9  down,     latency 5 s (not counted in latencies)
 *   m % 10 == 8  degraded, latency 500 ms, but 1000 ms in the hour from 01:00
 *   otherwise    up,       latency 10 ms in the hour from 22:00, 20 ms from 23:00, 40 ms from 00:00, 80 ms from 01:00
 * </pre>
 */
class MonitorStatisticsIT {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static ResultsDatabase database;

    private static final Instant START = Instant.parse("2026-11-23T22:00:00Z");
    private static final MonitorKey API = MonitorKey.parse("shop/api");
    private static final MonitorKey WEB = MonitorKey.parse("shop/web");

    private final MutableClock clock = new MutableClock(START);
    private final Rollups rollups = new Rollups(database.dataSource);
    private final PartitionMaintenance partitions =
            new PartitionMaintenance(database.dataSource, Duration.ofDays(30), Duration.ofDays(365));
    private final ResultStore store = new ResultStore(
            new ResultBatchWriter(database.dataSource),
            rollups,
            ResultStore.DEFAULT_CAPACITY,
            new SimpleMeterRegistry());
    private final MonitorStatistics statistics =
            new MonitorStatistics(database.dataSource, clock, Duration.ofDays(30), Duration.ofDays(365));

    @BeforeAll
    static void migrate() {
        database = new ResultsDatabase(postgres);
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @BeforeEach
    void emptyTheDatabase() {
        database.empty();
        store.start();
    }

    @AfterEach
    void stopTheStore() {
        store.stop();
    }

    private static ProbeResult apiResult(int minute) {
        Instant startedAt = START.plus(Duration.ofMinutes(minute));
        int hour = minute / 60;
        if (minute % 10 == 9) {
            return Results.down("shop/api", startedAt, Duration.ofSeconds(5));
        }
        if (minute % 10 == 8) {
            return Results.degraded("shop/api", startedAt, Duration.ofMillis(hour == 3 ? 1000 : 500));
        }
        return Results.up("shop/api", startedAt, Duration.ofMillis(10L << hour));
    }

    /** The series above, with partitions created the evening before and the clock at {@code now}. */
    private void writeTheSeries(Instant now) {
        partitions.run(START);
        IntStream.range(0, 240).forEach(minute -> store.submit(apiResult(minute)));
        assertThat(store.flush()).isTrue();
        clock.set(now);
    }

    /*
     * Window [22:30, 01:30): minutes 30..209, 180 results.
     *   down: m = 39, 49, ..., 209 -> 18;  degraded: m = 38, ..., 208 -> 18;  up: 180 - 36 = 144
     *   uptime = (144 + 18) / 180 = 90 %
     * Latencies of the 162 up and degraded results, ascending, with their ranks:
     *   10 ms x 24 (22:30-22:59)   ranks   1-24
     *   20 ms x 48 (23:xx)                25-72
     *   40 ms x 48 (00:xx)                73-120
     *   80 ms x 24 (01:00-01:29)         121-144
     *  500 ms x 15 (degraded 22:38-00:58) 145-159
     * 1000 ms x  3 (degraded 01:08-01:28) 160-162
     * Nearest rank: p50 = ceil(0.50 * 162) = 81 -> 40 ms;  p95 = ceil(153.9) = 154 -> 500 ms;
     *               p99 = ceil(160.38) = 161 -> 1000 ms
     * Reported as the midpoint of the bucket (bucket width 2^o, o = floor(log2 v) - 5):
     *   40 ms = 40000 us: o = 10, width 1024, lower = 39 * 1024 = 39936, midpoint 40448 us
     *  500 ms = 500000 us: o = 13, width 8192, lower = 61 * 8192 = 499712, midpoint 503808 us
     * 1000 ms: o = 14, width 16384, lower = 61 * 16384 = 999424, midpoint 1007616 us
     * Mean = (24*10 + 48*20 + 48*40 + 24*80 + 15*500 + 3*1000) / 162 = 15540 / 162 = 95.925926 ms -> 95926 us
     */
    private static final Instant WINDOW_FROM = Instant.parse("2026-11-23T22:30:00Z");
    private static final Instant WINDOW_TO = Instant.parse("2026-11-24T01:30:00Z");
    private static final WindowFigures API_WINDOW = new WindowFigures(
            WINDOW_FROM,
            WINDOW_TO,
            144,
            18,
            18,
            OptionalDouble.of(90.0),
            Optional.of(Duration.ofNanos(40_448_000)),
            Optional.of(Duration.ofNanos(503_808_000)),
            Optional.of(Duration.ofNanos(1_007_616_000)),
            Optional.of(Duration.ofNanos(95_926_000)));

    @Test
    void figuresFromRawResultsAcrossMidnightMatchTheHandComputedValues() {
        writeTheSeries(WINDOW_TO);
        assertThat(database.count("select count(*) from monitor_result_20261123"))
                .isEqualTo(120);
        assertThat(database.count("select count(*) from monitor_result_20261124"))
                .isEqualTo(120);

        assertThat(statistics.figures(API, WINDOW_FROM, WINDOW_TO)).isEqualTo(API_WINDOW);
    }

    @Test
    void figuresFromRollupsWithRawEdgesAreTheSameAsFromRawResults() {
        writeTheSeries(WINDOW_TO);
        rollups.run(WINDOW_TO);
        assertThat(rollups.watermark()).contains(Instant.parse("2026-11-24T01:00:00Z"));

        MonitorStatistics.Plan plan = statistics.plan(WINDOW_FROM, WINDOW_TO, WINDOW_TO);
        assertThat(plan.head())
                .as("the partial hour at the start comes from raw results")
                .isEqualTo(new MonitorStatistics.Range(WINDOW_FROM, Instant.parse("2026-11-23T23:00:00Z")));
        assertThat(plan.rollups())
                .isEqualTo(new MonitorStatistics.Range(
                        Instant.parse("2026-11-23T23:00:00Z"), Instant.parse("2026-11-24T01:00:00Z")));
        assertThat(plan.tail())
                .isEqualTo(new MonitorStatistics.Range(Instant.parse("2026-11-24T01:00:00Z"), WINDOW_TO));

        assertThat(statistics.figures(API, WINDOW_FROM, WINDOW_TO)).isEqualTo(API_WINDOW);
    }

    /*
     * Hour 23:00: minutes 60..119. up 48 (20 ms), degraded 6 (500 ms), down 6.
     * latency sum = 48 * 20000 + 6 * 500000 = 3960000 us
     * buckets: 20000 us -> 32 * 9 + (20000 >> 9) = 288 + 39 = 327;  500000 us -> 32 * 13 + (500000 >> 13) = 416 + 61 = 477
     */
    @Test
    void anHourlyRollupHoldsTheHandComputedCountsAndHistogram() {
        writeTheSeries(WINDOW_TO);
        rollups.run(WINDOW_TO);

        assertThat(rollupRow("2026-11-23T23:00:00Z")).isEqualTo("48 6 6 3960000 {327,477} {48,6}");
        assertThat(database.count("select count(*) from monitor_rollup_hourly")).isEqualTo(3);
    }

    @Test
    void rollingUpAgainChangesNothing() {
        writeTheSeries(WINDOW_TO);
        rollups.run(WINDOW_TO);
        List<String> first = rollupRows();

        Rollups restarted = new Rollups(database.dataSource);
        restarted.run(WINDOW_TO); // rolls the last two hours again, as at every start
        rollups.run(WINDOW_TO.plusSeconds(30));

        assertThat(rollupRows()).isEqualTo(first);
        assertThat(rollups.watermark()).contains(Instant.parse("2026-11-24T01:00:00Z"));
    }

    @Test
    void aResultWrittenAfterItsHourWasRolledUpIsCountedAtTheNextRun() {
        writeTheSeries(WINDOW_TO);
        rollups.run(WINDOW_TO);

        store.submit(Results.down("shop/api", Instant.parse("2026-11-23T23:30:30Z"), Duration.ofSeconds(5)));
        assertThat(store.flush()).isTrue();
        rollups.run(WINDOW_TO.plusSeconds(60));

        assertThat(rollupRow("2026-11-23T23:00:00Z")).isEqualTo("48 6 7 3960000 {327,477} {48,6}");
        WindowFigures figures = statistics.figures(API, WINDOW_FROM, WINDOW_TO);
        assertThat(figures.down()).isEqualTo(19);
        assertThat(figures.uptimePercent().getAsDouble()).isEqualTo(100.0 * 162 / 181);
    }

    @Test
    void anHourIsRolledUpOnlyTwoMinutesAfterItEnds() {
        writeTheSeries(Instant.parse("2026-11-24T01:01:59Z"));

        assertThat(rollups.run(clock.instant())).isEqualTo(Instant.parse("2026-11-24T00:00:00Z"));
        assertThat(rollups.run(Instant.parse("2026-11-24T01:02:00Z"))).isEqualTo(Instant.parse("2026-11-24T01:00:00Z"));
    }

    /*
     * The 24 hours before 01:30 on the 24th: minutes 0..209 (210 results).
     *   down 21 (9, 19, ..., 209), degraded 21, up 168 -> uptime 189 / 210 = 90 %
     * Latencies, ascending: 10 ms x 48 (22:xx), 20 ms x 48, 40 ms x 48, 80 ms x 24, 500 ms x 18, 1000 ms x 3 (189)
     *   p50 = rank 95 -> 20 ms (ranks 49-96): 20000 us -> o = 9, width 512, lower 19968, midpoint 20224 us
     *   p95 = rank ceil(179.55) = 180 -> 500 ms (ranks 169-186) -> 503808 us
     *   p99 = rank ceil(187.11) = 188 -> 1000 ms (ranks 187-189) -> 1007616 us
     *   mean = (480 + 960 + 1920 + 1920 + 9000 + 3000) / 189 = 17280 / 189 = 91.428571 ms -> 91429 us
     */
    @Test
    void theLast24HoursEndNowAndCombineRollupsWithRawResults() {
        writeTheSeries(WINDOW_TO);
        rollups.run(WINDOW_TO);

        assertThat(statistics.figures(API, Window.LAST_24_HOURS))
                .isEqualTo(new WindowFigures(
                        Instant.parse("2026-11-23T01:30:00Z"),
                        WINDOW_TO,
                        168,
                        21,
                        21,
                        OptionalDouble.of(90.0),
                        Optional.of(Duration.ofNanos(20_224_000)),
                        Optional.of(Duration.ofNanos(503_808_000)),
                        Optional.of(Duration.ofNanos(1_007_616_000)),
                        Optional.of(Duration.ofNanos(91_429_000))));
    }

    /*
     * Within one hour, 00:15 to 00:45: minutes 135..164, 30 results: down 3 (139, 149, 159), degraded 3, up 24 at 40 ms;
     * degraded at 500 ms. uptime 27 / 30 = 90 %. p50 = rank 14 -> 40 ms -> 40448; p95 = rank ceil(25.65) = 26 -> 500 ms;
     * p99 = rank 27 -> 500 ms. mean = (24 * 40 + 3 * 500) / 27 = 2460 / 27 = 91.111111 ms -> 91111 us.
     */
    @Test
    void aWindowWithinOneHourUsesRawResultsOnly() {
        writeTheSeries(WINDOW_TO);
        rollups.run(WINDOW_TO);
        Instant from = Instant.parse("2026-11-24T00:15:00Z");
        Instant to = Instant.parse("2026-11-24T00:45:00Z");

        assertThat(statistics.plan(from, to, WINDOW_TO).rollups()).isEqualTo(MonitorStatistics.Range.EMPTY);
        assertThat(statistics.figures(API, from, to))
                .isEqualTo(new WindowFigures(
                        from,
                        to,
                        24,
                        3,
                        3,
                        OptionalDouble.of(90.0),
                        Optional.of(Duration.ofNanos(40_448_000)),
                        Optional.of(Duration.ofNanos(503_808_000)),
                        Optional.of(Duration.ofNanos(503_808_000)),
                        Optional.of(Duration.ofNanos(91_111_000))));
    }

    /*
     * shop/web adds 10 up results at 30 ms (23:10, 23:20, ..., 00:40) to the window [22:30, 01:30).
     * Pooled: up 154, degraded 18, down 18 -> uptime 172 / 190 = 90.526315... %
     * Latencies: 10 ms x 24 (1-24), 20 x 48 (25-72), 30 x 10 (73-82), 40 x 48 (83-130), 80 x 24 (131-154),
     *            500 x 15 (155-169), 1000 x 3 (170-172)
     *   p50 = rank 86 -> 40 ms -> 40448 us; p95 = rank ceil(163.4) = 164 -> 500 ms; p99 = rank ceil(170.28) = 171 -> 1000 ms
     *   mean = (15540 + 300) / 172 = 92.093023 ms -> 92093 us
     */
    @Test
    void aServicesFiguresPoolTheResultsOfItsMonitors() {
        partitions.run(START);
        IntStream.range(0, 240).forEach(minute -> store.submit(apiResult(minute)));
        IntStream.range(0, 10)
                .forEach(i -> store.submit(Results.up(
                        "shop/web",
                        Instant.parse("2026-11-23T23:10:00Z").plus(Duration.ofMinutes(10L * i)),
                        Duration.ofMillis(30))));
        store.submit(Results.up("other/api", Instant.parse("2026-11-23T23:10:00Z"), Duration.ofMillis(1)));
        assertThat(store.flush()).isTrue();
        clock.set(WINDOW_TO);
        rollups.run(WINDOW_TO);

        assertThat(statistics.serviceFigures("shop", WINDOW_FROM, WINDOW_TO))
                .isEqualTo(new WindowFigures(
                        WINDOW_FROM,
                        WINDOW_TO,
                        154,
                        18,
                        18,
                        OptionalDouble.of(100.0 * 172 / 190),
                        Optional.of(Duration.ofNanos(40_448_000)),
                        Optional.of(Duration.ofNanos(503_808_000)),
                        Optional.of(Duration.ofNanos(1_007_616_000)),
                        Optional.of(Duration.ofNanos(92_093_000))));
        Map<MonitorKey, WindowFigures> all = statistics.allFigures(Window.LAST_24_HOURS);
        assertThat(all.keySet()).containsExactly(MonitorKey.parse("other/api"), API, WEB);
        assertThat(all.get(WEB).up()).isEqualTo(10);
        assertThat(all.get(WEB).p50()).contains(Duration.ofNanos(29_952_000)); // 30000 us: o = 9, lower 29696, + 256
        // The list figures count the same results without reading histograms.
        Map<MonitorKey, WindowFigures> uptimes = statistics.allUptimes(Window.LAST_24_HOURS);
        assertThat(uptimes.keySet()).isEqualTo(all.keySet());
        all.forEach((key, figures) -> {
            WindowFigures counted = uptimes.get(key);
            assertThat(List.of(counted.up(), counted.degraded(), counted.down()))
                    .as(key.toString())
                    .isEqualTo(List.of(figures.up(), figures.degraded(), figures.down()));
            assertThat(counted.uptimePercent()).isEqualTo(figures.uptimePercent());
            assertThat(counted.meanLatency()).isEqualTo(figures.meanLatency());
            assertThat(counted.p50()).isEmpty();
        });
    }

    @Test
    void aServiceIsAsBadAsItsWorstMonitorSinceTheEarliestStartOfThatStatus() {
        Instant t = Instant.parse("2026-11-23T10:00:00Z");
        store.submit(Results.up("shop/api", t, Duration.ofMillis(5)));
        store.submit(Results.down("shop/api", t.plusSeconds(10), Duration.ofMillis(5)));
        store.submit(Results.down("shop/web", t.plusSeconds(5), Duration.ofMillis(5)));
        store.submit(Results.down("shop/web", t.plusSeconds(15), Duration.ofMillis(5)));
        store.submit(Results.degraded("shop/db", t, Duration.ofMillis(5)));
        assertThat(store.flush()).isTrue();

        ServiceState shop = statistics.serviceState("shop").orElseThrow();
        assertThat(shop.status()).isEqualTo(Status.DOWN);
        assertThat(shop.since()).isEqualTo(t.plusSeconds(5));
        assertThat(shop.monitors())
                .extracting(state -> state.monitor().monitor())
                .containsExactly("api", "db", "web");
        assertThat(statistics.serviceState("nothing")).isEmpty();
    }

    @Test
    void windowsWithoutResultsHaveNoUptimeOrLatency() {
        WindowFigures figures = statistics.figures(API, Window.LAST_7_DAYS);

        assertThat(figures.results()).isZero();
        assertThat(figures.uptimePercent()).isEmpty();
        assertThat(figures.p99()).isEmpty();
        assertThat(figures.meanLatency()).isEmpty();
    }

    @Test
    void pagesThroughAMonitorsResultsNewestFirstWithACursor() {
        writeTheSeries(WINDOW_TO);
        List<Instant> seen = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        int pages = 0;
        do {
            ResultPage page = statistics.results(API, WINDOW_FROM, WINDOW_TO, 50, cursor);
            page.results().forEach(result -> seen.add(result.startedAt()));
            cursor = page.next();
            pages++;
        } while (cursor.isPresent());

        assertThat(pages).isEqualTo(4);
        assertThat(seen)
                .containsExactlyElementsOf(IntStream.iterate(209, m -> m >= 30, m -> m - 1)
                        .mapToObj(m -> START.plus(Duration.ofMinutes(m)))
                        .toList());
        assertThat(statistics.recentResults(API, 3))
                .extracting(StoredResult::startedAt)
                .containsExactly(
                        START.plus(Duration.ofMinutes(239)),
                        START.plus(Duration.ofMinutes(238)),
                        START.plus(Duration.ofMinutes(237)));
        assertThatThrownBy(() -> statistics.results(API, WINDOW_FROM, WINDOW_TO, 50, Optional.of("not-a-cursor")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cursor");
    }

    @Test
    void theHistogramBucketsOfJavaAndOfTheDatabaseAgree() {
        List<Integer> latencies = new ArrayList<>(List.of(0, 1, 63, 64, 65, 127, 128, 129, 1_000, Integer.MAX_VALUE));
        for (int power = 6; power < 31; power++) {
            latencies.add((1 << power) - 1);
            latencies.add(1 << power);
            latencies.add((1 << power) + 1);
        }
        for (int latency : latencies) {
            int inDatabase = database.jdbc
                    .sql("select steward_latency_bucket(:latency)")
                    .param("latency", latency)
                    .query(Integer.class)
                    .single();
            assertThat(inDatabase).as("bucket of %d µs", latency).isEqualTo(LatencyHistogram.bucketOf(latency));
        }
    }

    private String rollupRow(String hour) {
        return database.jdbc.sql("""
                        select concat_ws(' ', up, degraded, down, latency_sum_us, latency_buckets, latency_counts)
                        from monitor_rollup_hourly r join monitor m on m.id = r.monitor_id
                        where m.key = 'shop/api' and hour = cast(:hour as timestamptz)
                        """).param("hour", hour).query(String.class).single();
    }

    private List<String> rollupRows() {
        return database.jdbc.sql("""
                        select concat_ws(' ', monitor_id, hour, up, degraded, down, latency_sum_us, latency_buckets,
                                         latency_counts)
                        from monitor_rollup_hourly order by monitor_id, hour
                        """).query(String.class).list();
    }
}
