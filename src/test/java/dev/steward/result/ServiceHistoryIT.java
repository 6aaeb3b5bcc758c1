package dev.steward.result;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.result.ServiceHistory.DayCounts;
import dev.steward.testing.PostgresExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Daily counts per service, across midnight and across the rollup watermark. One result a minute for shop/api and
 * shop/web from 22:00 to 01:59 UTC: every tenth down, every tenth degraded; shop-admin/api (a name that starts like
 * shop) one up result a minute.
 */
class ServiceHistoryIT {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static ResultsDatabase database;

    private static final Instant START = Instant.parse("2026-11-23T22:00:00Z");
    private static final LocalDate MONDAY = LocalDate.of(2026, 11, 23);
    private static final LocalDate TUESDAY = MONDAY.plusDays(1);

    private final Rollups rollups = new Rollups(database.dataSource);
    private final ResultStore store = new ResultStore(
            new ResultBatchWriter(database.dataSource),
            rollups,
            ResultStore.DEFAULT_CAPACITY,
            new SimpleMeterRegistry());
    private final ServiceHistory history = new ServiceHistory(database.dataSource);

    @BeforeAll
    static void migrate() {
        database = new ResultsDatabase(postgres);
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @BeforeEach
    void writeTheSeries() {
        database.empty();
        new PartitionMaintenance(database.dataSource, Duration.ofDays(30), Duration.ofDays(365)).run(START);
        store.start();
        IntStream.range(0, 240).forEach(minute -> {
            Instant at = START.plus(Duration.ofMinutes(minute));
            for (String monitor : List.of("shop/api", "shop/web")) {
                store.submit(
                        switch (minute % 10) {
                            case 9 -> Results.down(monitor, at, Duration.ofSeconds(5));
                            case 8 -> Results.degraded(monitor, at, Duration.ofMillis(500));
                            default -> Results.up(monitor, at, Duration.ofMillis(20));
                        });
            }
            store.submit(Results.up("shop-admin/api", at, Duration.ofMillis(20)));
        });
        assertThat(store.flush()).isTrue();
    }

    @AfterEach
    void stopTheStore() {
        store.stop();
    }

    @Test
    void poolsAServicesMonitorsPerUtcDayFromRollupsAndRawResults() {
        // Rolls 22:00 to 00:59 up: the watermark is 01:00, the last hour comes from raw results.
        assertThat(rollups.run(START.plus(Duration.ofHours(4)))).isEqualTo(START.plus(Duration.ofHours(3)));

        Map<String, List<DayCounts>> counts = history.dailyCounts(List.of("shop", "shop-db"), MONDAY, TUESDAY);

        // Per day and monitor: 120 results, 12 down, 12 degraded, 96 up; two monitors pooled.
        assertThat(counts).containsOnlyKeys("shop");
        assertThat(counts.get("shop"))
                .containsExactly(new DayCounts(MONDAY, 192, 24, 24), new DayCounts(TUESDAY, 192, 24, 24));
        assertThat(counts.get("shop").getFirst().results()).isEqualTo(240);
    }

    @Test
    void givesTheSameCountsBeforeAnyRollup() {
        assertThat(history.dailyCounts(List.of("shop"), MONDAY, TUESDAY).get("shop"))
                .containsExactly(new DayCounts(MONDAY, 192, 24, 24), new DayCounts(TUESDAY, 192, 24, 24));
    }

    @Test
    void countsOnlyTheDaysAskedFor() {
        rollups.run(START.plus(Duration.ofHours(4)));

        assertThat(history.dailyCounts(List.of("shop-admin"), TUESDAY, TUESDAY).get("shop-admin"))
                .containsExactly(new DayCounts(TUESDAY, 120, 0, 0));
        assertThat(history.dailyCounts(List.of(), MONDAY, TUESDAY)).isEmpty();
    }

    @Test
    void knowsWhenEachServicesFirstMonitorWasStored() {
        Map<String, Instant> first = history.firstStored(List.of("shop", "shop-admin", "shop-db"));

        assertThat(first).containsOnlyKeys("shop", "shop-admin");
        assertThat(first.get("shop")).isBefore(Instant.now().plusSeconds(1));
    }
}
