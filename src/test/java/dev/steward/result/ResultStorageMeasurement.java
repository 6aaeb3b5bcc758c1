package dev.steward.result;

import dev.steward.catalog.MonitorKey;
import dev.steward.probe.ErrorCode;
import dev.steward.probe.ProbeResult;
import dev.steward.probe.Status;
import dev.steward.probe.condition.ConditionOutcome;
import dev.steward.testing.MutableClock;
import dev.steward.testing.PostgresExtension;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;

/**
 * Measurements behind docs/RESULTS.md, not a test: CPU of Steward's process per batch of 1,000 results written by
 * binary COPY, by INSERT ... SELECT FROM unnest(arrays) and by a multi-row INSERT ... VALUES; bytes per stored result
 * and per hourly rollup; query times. Run by hand:
 * {@code mvn -B test -Dtest=ResultStorageMeasurement -Dsurefire.failIfNoSpecifiedTests=false}; it prints its numbers.
 */
class ResultStorageMeasurement {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static ResultsDatabase database;
    private static final Instant START = Instant.parse("2026-11-23T00:00:00Z");
    private static final int MONITORS = 1_000;

    private final ResultBatchWriter writer = new ResultBatchWriter(database.dataSource);
    private final Random random = new Random(42);

    @BeforeAll
    static void migrate() {
        database = new ResultsDatabase(postgres);
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @BeforeEach
    void empty() {
        database.empty();
        new PartitionMaintenance(database.dataSource, Duration.ofDays(30), Duration.ofDays(365)).run(START);
    }

    /** One probe of each of 1,000 monitors, as 10,000 monitors at 10 s give every second: 97 % up, 2 % degraded, 1 % down. */
    private List<ProbeResult> batch(int second) {
        return batch(second, 0.25, true);
    }

    private List<ProbeResult> batch(int second, double spread, boolean tls) {
        List<ProbeResult> batch = new ArrayList<>(MONITORS);
        Instant at = START.plusSeconds(second * 10L);
        for (int i = 0; i < MONITORS; i++) {
            MonitorKey key = new MonitorKey("service-" + (i / 10), "monitor-" + (i % 10));
            Instant startedAt = at.plusNanos(i * 9_876_543L);
            Instant scheduledAt = startedAt.minusNanos(200_000 + random.nextInt(2_000_000));
            double roll = random.nextDouble();
            Duration latency = Duration.ofNanos((long) (40_000_000 * Math.exp(random.nextGaussian() * spread)));
            Optional<Instant> certificate = tls ? Optional.of(Instant.parse("2027-02-01T00:00:00Z")) : Optional.empty();
            if (roll < 0.97) {
                batch.add(new ProbeResult(
                        key,
                        scheduledAt,
                        startedAt,
                        latency,
                        Status.UP,
                        "HTTP 200",
                        Optional.empty(),
                        List.of(),
                        certificate));
            } else if (roll < 0.99) {
                batch.add(new ProbeResult(
                        key,
                        scheduledAt,
                        startedAt,
                        latency.multipliedBy(20),
                        Status.DEGRADED,
                        "slow: 812 ms",
                        Optional.empty(),
                        List.of(new ConditionOutcome("[RESPONSE_TIME] < 500", false, "[RESPONSE_TIME] (812) < 500")),
                        certificate));
            } else {
                batch.add(new ProbeResult(
                        key,
                        scheduledAt,
                        startedAt,
                        Duration.ofSeconds(5),
                        Status.DOWN,
                        "HTTP 503",
                        Optional.of(ErrorCode.STATUS_MISMATCH),
                        List.of(new ConditionOutcome("[STATUS] == 200", false, "[STATUS] (503) == 200")),
                        Optional.empty()));
            }
        }
        return batch;
    }

    @Test
    void writeCost() throws SQLException {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        LongSupplier cpu = threads::getCurrentThreadCpuTime;
        LongSupplier allocated =
                () -> threads.getThreadAllocatedBytes(Thread.currentThread().threadId());
        String[] methods = {"copy binary", "insert unnest", "insert values", "whole batch (copy + ids + state)"};
        long[][] cpuNanos = new long[methods.length][];
        long[][] bytes = new long[methods.length][];
        int rounds = 120;
        int warmup = 30;
        for (int m = 0; m < methods.length; m++) {
            cpuNanos[m] = new long[rounds];
            bytes[m] = new long[rounds];
        }
        try (Connection connection = database.dataSource.getConnection()) {
            Map<MonitorKey, Integer> ids = writer.resolveIds(connection, batch(0));
            for (int round = 0; round < warmup + rounds; round++) {
                for (int m = 0; m < methods.length; m++) {
                    List<ProbeResult> results = batch(round * methods.length + m);
                    long cpuBefore = cpu.getAsLong();
                    long allocatedBefore = allocated.getAsLong();
                    switch (m) {
                        case 0 -> copy(connection, results, ids);
                        case 1 -> insertUnnest(connection, results, ids);
                        case 2 -> insertValues(connection, results, ids);
                        default -> writer.write(results);
                    }
                    if (round >= warmup) {
                        cpuNanos[m][round - warmup] = cpu.getAsLong() - cpuBefore;
                        bytes[m][round - warmup] = allocated.getAsLong() - allocatedBefore;
                    }
                }
            }
        }
        System.out.println("== CPU of the writing thread per batch of 1,000 results (" + rounds + " batches each)");
        for (int m = 0; m < methods.length; m++) {
            long[] sorted = cpuNanos[m].clone();
            Arrays.sort(sorted);
            System.out.printf(
                    "%-36s median %6.2f ms  p90 %6.2f ms  mean %6.2f ms  allocated %6.0f KiB%n",
                    methods[m],
                    sorted[rounds / 2] / 1e6,
                    sorted[rounds * 9 / 10] / 1e6,
                    Arrays.stream(sorted).average().orElseThrow() / 1e6,
                    Arrays.stream(bytes[m]).average().orElseThrow() / 1024);
        }
    }

    private void copy(Connection connection, List<ProbeResult> results, Map<MonitorKey, Integer> ids)
            throws SQLException {
        try {
            connection
                    .unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn(ResultBatchWriter.COPY, new ByteArrayInputStream(writer.binaryCopyRows(results, ids)));
        } catch (java.io.IOException e) {
            throw new SQLException(e);
        }
    }

    private void insertUnnest(Connection connection, List<ProbeResult> results, Map<MonitorKey, Integer> ids)
            throws SQLException {
        int n = results.size();
        String[] startedAt = new String[n];
        String[] certificate = new String[n];
        Integer[] monitor = new Integer[n];
        Integer[] latency = new Integer[n];
        Integer[] lateness = new Integer[n];
        Short[] status = new Short[n];
        String[] error = new String[n];
        String[] message = new String[n];
        String[] failures = new String[n];
        for (int i = 0; i < n; i++) {
            ProbeResult r = results.get(i);
            startedAt[i] = r.startedAt().truncatedTo(ChronoUnit.MICROS).toString();
            certificate[i] = r.certificateExpiresAt().map(Instant::toString).orElse(null);
            monitor[i] = ids.get(r.monitor());
            latency[i] = ResultBatchWriter.micros(r.latency());
            lateness[i] = ResultBatchWriter.micros(Duration.between(r.scheduledAt(), r.startedAt()));
            status[i] = ResultBatchWriter.statusCode(r.status());
            error[i] = r.error().map(ErrorCode::code).orElse(null);
            message[i] = ResultBatchWriter.storedMessage(r).orElse(null);
            failures[i] = writer.failures(r.failures()).orElse(null);
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into monitor_result (started_at, certificate_expires_at, monitor_id, latency_us, lateness_us,
                                            status, error_code, message, failures)
                select * from unnest(?::text[]::timestamptz[], ?::text[]::timestamptz[], ?::integer[], ?::integer[],
                                     ?::integer[], ?::smallint[], ?::text[], ?::text[], ?::text[]::jsonb[])
                """)) {
            insert.setArray(1, connection.createArrayOf("text", startedAt));
            insert.setArray(2, connection.createArrayOf("text", certificate));
            insert.setArray(3, connection.createArrayOf("int4", monitor));
            insert.setArray(4, connection.createArrayOf("int4", latency));
            insert.setArray(5, connection.createArrayOf("int4", lateness));
            insert.setArray(6, connection.createArrayOf("int2", status));
            insert.setArray(7, connection.createArrayOf("text", error));
            insert.setArray(8, connection.createArrayOf("text", message));
            insert.setArray(9, connection.createArrayOf("text", failures));
            insert.executeUpdate();
        }
    }

    private void insertValues(Connection connection, List<ProbeResult> results, Map<MonitorKey, Integer> ids)
            throws SQLException {
        StringBuilder sql = new StringBuilder("""
                insert into monitor_result (started_at, certificate_expires_at, monitor_id, latency_us, lateness_us,
                                            status, error_code, message, failures) values
                """);
        for (int i = 0; i < results.size(); i++) {
            sql.append(i == 0 ? "" : ",").append("(?,?,?,?,?,?,?,?,?::jsonb)");
        }
        try (PreparedStatement insert = connection.prepareStatement(sql.toString())) {
            int p = 1;
            for (ProbeResult r : results) {
                insert.setObject(p++, OffsetDateTime.ofInstant(r.startedAt(), ZoneOffset.UTC));
                insert.setObject(
                        p++,
                        r.certificateExpiresAt()
                                .map(at -> OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
                                .orElse(null),
                        java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
                insert.setInt(p++, ids.get(r.monitor()));
                insert.setInt(p++, ResultBatchWriter.micros(r.latency()));
                insert.setInt(p++, ResultBatchWriter.micros(Duration.between(r.scheduledAt(), r.startedAt())));
                insert.setShort(p++, ResultBatchWriter.statusCode(r.status()));
                insert.setString(p++, r.error().map(ErrorCode::code).orElse(null));
                insert.setString(p++, ResultBatchWriter.storedMessage(r).orElse(null));
                insert.setString(p++, writer.failures(r.failures()).orElse(null));
            }
            insert.executeUpdate();
        }
    }

    @Test
    void bytesPerResultAndPerRollupOverTlsWithWideLatencies() throws SQLException {
        bytesPerResultAndPerRollup(0.25, true);
    }

    @Test
    void bytesPerResultAndPerRollupOverPlainHttpWithSteadyLatencies() throws SQLException {
        bytesPerResultAndPerRollup(0.05, false);
    }

    private void bytesPerResultAndPerRollup(double spread, boolean tls) throws SQLException {
        int seconds = 360; // one hour of 1,000 monitors at 10 s: 360,000 results, in the order the writer gets them
        for (int second = 0; second < seconds; second++) {
            writer.write(batch(second, spread, tls));
        }
        System.out.printf("== latencies 40 ms * exp(N(0, %.2f)), TLS %s%n", spread, tls);
        new Rollups(database.dataSource).run(START.plus(Duration.ofHours(2)));
        // 100 hours of rollups from the measured one, so that page and fork overheads of a small table do not count
        database.jdbc.sql("""
                        insert into monitor_rollup_hourly
                        select monitor_id, hour + k * interval '1 hour', up, degraded, down, latency_sum_us,
                               latency_buckets, latency_counts
                        from monitor_rollup_hourly, generate_series(1, 99) as k
                        """).update();
        database.jdbc.sql("vacuum analyze monitor_result_20261123").update();
        database.jdbc.sql("vacuum analyze monitor_rollup_hourly").update();
        long rows = database.count("select count(*) from monitor_result_20261123");
        long heap = database.count("select pg_table_size('monitor_result_20261123')");
        long btree = database.count("select pg_relation_size('monitor_result_20261123_monitor_id_started_at_idx')");
        long brin = database.count("select pg_relation_size('monitor_result_20261123_started_at_idx')");
        long rollups = database.count("select count(*) from monitor_rollup_hourly");
        long rollupBytes = database.count("select pg_total_relation_size('monitor_rollup_hourly')");
        long buckets = database.count("select sum(cardinality(latency_buckets)) from monitor_rollup_hourly");
        System.out.printf(
                "== %d results: heap %.1f B/row, btree (monitor_id, started_at) %.1f B/row, brin %.3f B/row,"
                        + " total %.1f B/row%n",
                rows,
                (double) heap / rows,
                (double) btree / rows,
                (double) brin / rows,
                (double) (heap + btree + brin) / rows);
        System.out.printf(
                "== %d hourly rollups: %.1f B/row with index, %.1f buckets per row%n",
                rollups, (double) rollupBytes / rollups, (double) buckets / rollups);
        System.out.println(database.jdbc.sql("""
                        select string_agg(indexrelid::regclass::text, ', ')
                        from pg_index where indrelid = 'monitor_result_20261123'::regclass
                        """).query(String.class).single());
    }

    /**
     * Query times with 10,000 monitors: every monitor has raw results where windows ending at 12:30 on the 24th need
     * them (the partial hours at both ends of the 24-hour window, 5.4 million results) and hourly rollups for the 48
     * hours before; the ten monitors of service-0 have rollups for 90 days.
     */
    @Test
    void queryTimesWithTenThousandMonitors() {
        Instant now = Instant.parse("2026-11-24T12:30:00Z");
        new PartitionMaintenance(database.dataSource, Duration.ofDays(30), Duration.ofDays(365))
                .run(Instant.parse("2026-11-22T12:00:00Z"));
        database.jdbc.sql("""
                        insert into monitor (key)
                        select 'service-' || (i / 10) || '/monitor-' || (i % 10) from generate_series(0, 9999) as i
                        """).update();
        for (String[] range : new String[][] {
            {"2026-11-23 12:00:00+00", "2026-11-23 13:00:00+00"}, {"2026-11-24 12:00:00+00", "2026-11-24 12:30:00+00"}
        }) {
            database.jdbc.sql("""
                            insert into monitor_result (started_at, monitor_id, latency_us, lateness_us, status)
                            select t + (m % 10000) * interval '1 millisecond', m, 30000 + (random() * 20000)::int,
                                   300, case when random() < 0.01 then 2 when random() < 0.02 then 1 else 0 end
                            from generate_series(cast(:from as timestamptz), cast(:to as timestamptz) - interval '10 s',
                                                 interval '10 s') as t,
                                 generate_series(1, 10000) as m
                            order by t, m
                            """).param("from", range[0]).param("to", range[1]).update();
        }
        String rollup = """
                insert into monitor_rollup_hourly
                select m, h, 350, 5, 5, 360 * 40000,
                       '{350,351,352,353,354,355,356,357,358,359,360,361,362,363,364,365,366}',
                       '{10,15,20,25,25,25,25,25,25,25,25,25,25,25,20,15,10}'
                from generate_series(cast(:from as timestamptz), cast(:to as timestamptz) - interval '1 hour',
                                     interval '1 hour') as h,
                     generate_series(:firstMonitor, :lastMonitor) as m
                """;
        database.jdbc
                .sql(rollup)
                .param("from", "2026-11-22 12:00:00+00")
                .param("to", "2026-11-24 12:00:00+00")
                .param("firstMonitor", 1)
                .param("lastMonitor", 10_000)
                .update();
        database.jdbc
                .sql(rollup)
                .param("from", "2026-08-20 00:00:00+00")
                .param("to", "2026-11-22 12:00:00+00")
                .param("firstMonitor", 1)
                .param("lastMonitor", 10)
                .update();
        database.jdbc
                .sql("update monitor_rollup_watermark set rolled_up_to = '2026-11-24 12:00:00+00'")
                .update();
        database.jdbc.sql("""
                        insert into monitor_state
                        select id, 0, '2026-11-20 00:00:00+00', 1000, '2026-11-24 12:29:55+00', 40000, 'HTTP 200',
                               null, null
                        from monitor
                        """).update();
        database.jdbc.sql("vacuum analyze").update();

        MonitorStatistics statistics = new MonitorStatistics(
                database.dataSource, new MutableClock(now), Duration.ofDays(30), Duration.ofDays(365));
        MonitorKey monitor = MonitorKey.parse("service-0/monitor-3");
        System.out.println("== query times at 10,000 monitors (median of 7 after 2 warm-ups)");
        time(
                "current state of all 10,000 monitors",
                () -> statistics.currentStates().size());
        time(
                "one monitor, 24 h",
                () -> statistics.figures(monitor, Window.LAST_24_HOURS).results());
        time(
                "one monitor, 90 d",
                () -> statistics.figures(monitor, Window.LAST_90_DAYS).results());
        time(
                "service of 10 monitors, 24 h",
                () -> statistics
                        .serviceFigures("service-0", Window.LAST_24_HOURS)
                        .results());
        time(
                "service of 10 monitors, 7 d",
                () -> statistics.serviceFigures("service-0", Window.LAST_7_DAYS).results());
        time(
                "service of 10 monitors, 90 d",
                () -> statistics
                        .serviceFigures("service-0", Window.LAST_90_DAYS)
                        .results());
        time(
                "all 10,000 monitors, 24 h",
                () -> statistics.allFigures(Window.LAST_24_HOURS).size());
        time(
                "100 recent results of one monitor",
                () -> statistics.recentResults(monitor, 100).size());
        for (String query : List.of(MonitorStatistics.TALLY)) {
            String sql = "explain (analyze, buffers) "
                    + query.formatted("true")
                            .replace(":rollupFrom", "'2026-11-23 13:00:00+00'::timestamptz")
                            .replace(":rollupTo", "'2026-11-24 12:00:00+00'::timestamptz")
                            .replace(":headFrom", "'2026-11-23 12:30:00+00'::timestamptz")
                            .replace(":headTo", "'2026-11-23 13:00:00+00'::timestamptz")
                            .replace(":tailFrom", "'2026-11-24 12:00:00+00'::timestamptz")
                            .replace(":tailTo", "'2026-11-24 12:30:00+00'::timestamptz");
            database.jdbc.sql("set work_mem = '64MB'").update();
            database.jdbc.sql(sql).query(String.class).list().forEach(line -> System.out.println("PLAN " + line));
        }
    }

    private static void time(String what, LongSupplier query) {
        long[] millis = new long[7];
        long answer = 0;
        for (int run = -2; run < millis.length; run++) {
            long started = System.nanoTime();
            answer = query.getAsLong();
            if (run >= 0) {
                millis[run] = (System.nanoTime() - started) / 1_000_000;
            }
        }
        Arrays.sort(millis);
        System.out.printf("%-40s %6d ms   (answer %d)%n", what, millis[millis.length / 2], answer);
    }
}
