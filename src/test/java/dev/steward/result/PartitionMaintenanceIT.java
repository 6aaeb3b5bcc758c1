package dev.steward.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.zaxxer.hikari.HikariDataSource;
import dev.steward.database.DataSources;
import dev.steward.database.DatabaseTarget;
import dev.steward.probe.ProbeResult;
import dev.steward.testing.MutableClock;
import dev.steward.testing.PostgresExtension;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Daily partitions are there before their day, the default partition catches the rest, and retention drops days. */
class PartitionMaintenanceIT {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static ResultsDatabase database;

    private static final Instant NOW = Instant.parse("2026-11-23T10:15:00Z");

    private final ResultBatchWriter writer = new ResultBatchWriter(database.dataSource);
    private final PartitionMaintenance maintenance =
            new PartitionMaintenance(database.dataSource, Duration.ofDays(30), Duration.ofDays(365));

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
    }

    @Test
    void createsTodaysPartitionAndTheNextTwoDays() {
        assertThat(maintenance.run(NOW)).as("failed steps").isZero();

        assertThat(maintenance.partitions())
                .containsExactly(
                        LocalDate.parse("2026-11-23"), LocalDate.parse("2026-11-24"), LocalDate.parse("2026-11-25"));

        maintenance.run(NOW.plus(Duration.ofHours(14))); // just after midnight
        assertThat(maintenance.partitions()).contains(LocalDate.parse("2026-11-26"));
    }

    @Test
    void aResultForADayWithoutAPartitionIsStoredInTheDefaultPartition() throws SQLException {
        maintenance.run(NOW);

        writer.write(List.of(result("2031-01-01T00:00:00Z"), result("2026-11-23T10:00:00Z")));

        assertThat(database.count("select count(*) from monitor_result_default"))
                .isEqualTo(1);
        assertThat(database.count("select count(*) from monitor_result_20261123"))
                .isEqualTo(1);
    }

    @Test
    void movesRowsOutOfTheDefaultPartitionWhenTheirDaysPartitionIsCreated() throws SQLException {
        writer.write(List.of(
                result("2026-11-20T08:00:00Z"), // a past day within retention, e.g. after a long outage
                result("2026-11-23T09:00:00Z"),
                result("2026-11-23T10:00:00Z"),
                result("2026-11-25T23:59:59.999999Z"),
                result("2031-01-01T00:00:00Z"))); // a clock years ahead: left in the default partition
        assertThat(database.count("select count(*) from monitor_result_default"))
                .isEqualTo(5);

        assertThat(maintenance.run(NOW)).as("failed steps").isZero();

        assertThat(maintenance.partitions())
                .containsExactly(
                        LocalDate.parse("2026-11-20"),
                        LocalDate.parse("2026-11-23"),
                        LocalDate.parse("2026-11-24"),
                        LocalDate.parse("2026-11-25"));
        assertThat(database.count("select count(*) from monitor_result_20261120"))
                .isEqualTo(1);
        assertThat(database.count("select count(*) from monitor_result_20261123"))
                .isEqualTo(2);
        assertThat(database.count("select count(*) from monitor_result_20261125"))
                .isEqualTo(1);
        assertThat(database.count("select count(*) from monitor_result_default"))
                .isEqualTo(1);
        assertThat(database.count("select count(*) from monitor_result")).isEqualTo(5);
        assertThat(database.count("""
                        select count(*) from pg_indexes
                        where tablename = 'monitor_result_20261120' and indexdef like '%(monitor_id, started_at)%'
                        """))
                .as("the moved day's partition has the table's index")
                .isEqualTo(1);
    }

    @Test
    void dropsDaysWhollyOlderThanTheRetentionWithTheirResults() throws SQLException {
        maintenance.run(NOW);
        writer.write(List.of(result("2026-11-23T23:59:59Z"), result("2026-11-24T00:00:00Z")));

        // 30 days after the end of the 23rd, the 23rd is wholly older than the retention; the 24th is not.
        assertThat(maintenance.run(Instant.parse("2026-12-24T00:00:00Z"))).isZero();

        assertThat(maintenance.partitions()).doesNotContain(LocalDate.parse("2026-11-23"));
        assertThat(maintenance.partitions())
                .contains(LocalDate.parse("2026-11-24"), LocalDate.parse("2026-12-24"), LocalDate.parse("2026-12-26"));
        assertThat(database.count("select count(*) from monitor_result")).isEqualTo(1);
        assertThat(database.count("select count(*) from pg_class where relname = 'monitor_result_20261123'"))
                .isZero();
    }

    @Test
    void deletesDefaultRowsOlderThanTheRetentionInsteadOfGivingThemAPartition() throws SQLException {
        writer.write(List.of(result("2026-10-01T00:00:00Z")));

        maintenance.run(NOW);

        assertThat(maintenance.partitions()).doesNotContain(LocalDate.parse("2026-10-01"));
        assertThat(database.count("select count(*) from monitor_result")).isZero();
    }

    @Test
    void deletesHourlyRollupsWhollyOlderThanTheirRetention() throws SQLException {
        writer.write(List.of(result("2026-11-23T08:30:00Z")));
        new Rollups(database.dataSource).run(NOW);
        database.jdbc.sql("""
                        insert into monitor_rollup_hourly
                            (monitor_id, hour, up, degraded, down, latency_sum_us, latency_buckets, latency_counts)
                        values (1, '2025-11-23 09:00:00+00', 1, 0, 0, 5, '{5}', '{1}'),
                               (1, '2025-11-23 10:00:00+00', 1, 0, 0, 5, '{5}', '{1}')
                        """).update();

        maintenance.run(NOW); // 365 days before is 2025-11-23T10:15: the 09:00 hour ended before, the 10:00 hour not

        assertThat(database.jdbc
                        .sql("select hour::text from monitor_rollup_hourly order by hour")
                        .query(String.class)
                        .list())
                .containsExactly("2025-11-23 10:00:00+00", "2026-11-23 08:00:00+00");
    }

    @Test
    void theScheduledTasksNeverLetAFailureEscape() {
        HikariDataSource closed =
                DataSources.pool(new DatabaseTarget(postgres.jdbcUrl(), "postgres", null, "test database", false), 1);
        closed.close();
        ResultMaintenance tasks = new ResultMaintenance(
                new PartitionMaintenance(closed, Duration.ofDays(30), Duration.ofDays(365)),
                new Rollups(closed),
                new MutableClock(NOW));

        assertThatCode(tasks::maintainPartitions).doesNotThrowAnyException();
        assertThatCode(tasks::rollUp).doesNotThrowAnyException();
    }

    private static ProbeResult result(String startedAt) {
        return Results.up("shop/api", Instant.parse(startedAt), Duration.ofMillis(5));
    }
}
