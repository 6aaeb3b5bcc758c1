package dev.steward.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.steward.catalog.Catalog;
import dev.steward.catalog.Monitor;
import dev.steward.catalog.MonitorKey;
import dev.steward.catalog.MonitoredService;
import dev.steward.catalog.ProbeSpec;
import dev.steward.catalog.PublicListing;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProbeSchedulerTest {

    private final List<ProbeResult> results = new CopyOnWriteArrayList<>();
    private final Set<MonitorKey> hanging = ConcurrentHashMap.newKeySet();
    private final CountDownLatch never = new CountDownLatch(1);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ProbeScheduler scheduler =
            new ProbeScheduler(this::probe, List.of(results::add), Clock.systemUTC(), meters);

    @AfterEach
    void stop() {
        never.countDown();
        scheduler.close();
    }

    private ProbeResult probe(Monitor monitor, Instant scheduledAt) {
        if (hanging.contains(monitor.key())) {
            try {
                never.await(); // a target that accepts and never answers, and a probe that ignores its own timeout
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return new ProbeResult(
                monitor.key(),
                scheduledAt,
                Instant.now(),
                Duration.ofMillis(1),
                Status.UP,
                "ok",
                Optional.empty(),
                List.of(),
                Optional.empty());
    }

    @Test
    void offsetsAreStableAndSpreadOverTheInterval() {
        Duration interval = Duration.ofSeconds(10);
        int[] perSecond = new int[10];
        for (int i = 0; i < 10_000; i++) {
            MonitorKey key = new MonitorKey("api-" + i, "health");
            long offset = ProbeScheduler.offsetMillis(key, interval);
            assertThat(offset).isBetween(0L, 9_999L).isEqualTo(ProbeScheduler.offsetMillis(key, interval));
            perSecond[(int) (offset / 1000)]++;
        }
        // 1,000 per second if perfectly even; a clump would show as a second with far more.
        assertThat(IntStream.of(perSecond).boxed().toList())
                .allSatisfy(count -> assertThat(count).isBetween(900, 1100));
    }

    @Test
    void laterSlotsKeepTheMonitorsOffsetAndInterval() {
        Monitor monitor = monitor("api", "health", Duration.ofSeconds(10), Duration.ofSeconds(2));
        long offset = ProbeScheduler.offsetMillis(monitor.key(), monitor.interval());
        long first = ProbeScheduler.firstSlot(monitor, 1_000_000_123L);
        assertThat(first).isBetween(1_000_000_123L, 1_000_005_123L);
        long second = ProbeScheduler.nextSlot(monitor, first);
        long third = ProbeScheduler.nextSlot(monitor, second);
        assertThat(Math.floorMod(second, 10_000)).isEqualTo(offset);
        assertThat(second - first).isBetween(5_000L, 15_000L);
        assertThat(third - second).isEqualTo(10_000L);
    }

    @Test
    void runsEveryMonitorAtItsInterval() {
        scheduler.apply(catalog(
                monitor("api", "health", Duration.ofMillis(200), Duration.ofMillis(100)),
                monitor("db", "ping", Duration.ofMillis(300), Duration.ofMillis(100))));

        await().untilAsserted(() -> {
            assertThat(count("api/health")).isGreaterThanOrEqualTo(3);
            assertThat(count("db/ping")).isGreaterThanOrEqualTo(3);
        });
        assertThat(results).allSatisfy(result -> assertThat(result.status()).isEqualTo(Status.UP));
    }

    @Test
    void aProbeThatNeverAnswersIsReportedAsTimedOutAtItsDeadlineAndNotStartedTwice() {
        Monitor stuck = monitor("legacy", "health", Duration.ofMillis(300), Duration.ofMillis(200));
        hanging.add(stuck.key());
        scheduler.apply(catalog(stuck, monitor("api", "health", Duration.ofMillis(200), Duration.ofMillis(100))));

        await().untilAsserted(() -> assertThat(resultsOf("legacy/health")).isNotEmpty());
        ProbeResult timedOut = resultsOf("legacy/health").getFirst();
        assertThat(timedOut.status()).isEqualTo(Status.DOWN);
        assertThat(timedOut.error()).contains(ErrorCode.TIMEOUT);
        assertThat(timedOut.message()).isEqualTo("no answer within 200ms");
        // The stuck probe was interrupted at its deadline, so the monitor goes on probing.
        await().untilAsserted(() -> assertThat(resultsOf("legacy/health")).hasSizeGreaterThanOrEqualTo(3));
        assertThat(count("api/health")).isGreaterThanOrEqualTo(3);
    }

    @Test
    void manyHangingTargetsDoNotDelayHealthyMonitors() {
        List<Monitor> monitors = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Monitor blackHole = monitor("hole-" + i, "health", Duration.ofMillis(500), Duration.ofMillis(300));
            hanging.add(blackHole.key());
            monitors.add(blackHole);
            monitors.add(monitor("ok-" + i, "health", Duration.ofMillis(500), Duration.ofMillis(300)));
        }
        scheduler.apply(catalog(monitors.toArray(Monitor[]::new)));

        await().untilAsserted(() -> IntStream.range(0, 200)
                .forEach(i -> assertThat(count("ok-" + i + "/health")).isGreaterThanOrEqualTo(4)));
        assertThat(results)
                .filteredOn(result -> result.monitor().service().startsWith("ok-"))
                .allSatisfy(result -> assertThat(result.status()).isEqualTo(Status.UP));
        assertThat(results)
                .filteredOn(result -> result.monitor().service().startsWith("hole-"))
                .allSatisfy(result -> assertThat(result.error()).contains(ErrorCode.TIMEOUT));
    }

    @Test
    void aReloadKeepsTheTimersOfUnchangedMonitorsAndStopsRemovedOnes() {
        Monitor kept = monitor("api", "health", Duration.ofSeconds(30), Duration.ofSeconds(1));
        Monitor removed = monitor("old", "health", Duration.ofSeconds(30), Duration.ofSeconds(1));
        scheduler.apply(catalog(kept, removed));
        Instant keptNext = scheduler.nextProbe(kept.key()).orElseThrow();

        Monitor added = monitor("new", "health", Duration.ofSeconds(30), Duration.ofSeconds(1));
        Monitor changed = monitor("api", "ready", Duration.ofSeconds(30), Duration.ofSeconds(1));
        scheduler.apply(catalog(kept, added, changed));

        assertThat(scheduler.nextProbe(kept.key())).contains(keptNext);
        assertThat(scheduler.nextProbe(removed.key())).isEmpty();
        assertThat(scheduler.nextProbe(added.key())).isPresent();
        assertThat(scheduler.scheduledCount()).isEqualTo(3);
    }

    @Test
    void aChangedMonitorIsRescheduledAndADisabledOneStops() {
        Monitor health = monitor("api", "health", Duration.ofMillis(200), Duration.ofMillis(100));
        scheduler.apply(catalog(health));
        await().untilAsserted(() -> assertThat(count("api/health")).isGreaterThanOrEqualTo(1));

        Monitor disabled = new Monitor(
                health.key(),
                "",
                health.interval(),
                health.timeout(),
                false,
                health.probe(),
                List.of(),
                List.of(),
                Optional.empty(),
                "steward.yml:1:1");
        scheduler.apply(catalog(disabled));

        assertThat(scheduler.nextProbe(health.key())).isEmpty();
        assertThat(scheduler.scheduledCount()).isZero();
    }

    @Test
    void heartbeatsGetNoTimerTheirJobsPingSteward() {
        Monitor probed = monitor("api", "health", Duration.ofSeconds(30), Duration.ofSeconds(1));
        Monitor heartbeat = new Monitor(
                new MonitorKey("jobs", "backup"),
                "",
                Duration.ofHours(1),
                Duration.ofMinutes(30),
                true,
                new ProbeSpec.Heartbeat(
                        new ProbeSpec.HeartbeatSchedule.Period(Duration.ofHours(1)),
                        Duration.ofMinutes(30),
                        Optional.empty()),
                List.of(),
                List.of(),
                Optional.empty(),
                "steward.yml:1:1");

        scheduler.apply(catalog(probed, heartbeat));

        assertThat(scheduler.scheduledCount()).isEqualTo(1);
        assertThat(scheduler.nextProbe(heartbeat.key())).isEmpty();
    }

    private long count(String key) {
        return resultsOf(key).size();
    }

    private List<ProbeResult> resultsOf(String key) {
        MonitorKey monitorKey = MonitorKey.parse(key);
        return results.stream()
                .filter(result -> result.monitor().equals(monitorKey))
                .toList();
    }

    static Monitor monitor(String service, String name, Duration interval, Duration timeout) {
        return new Monitor(
                new MonitorKey(service, name),
                "",
                interval,
                timeout,
                true,
                new ProbeSpec.Tcp("127.0.0.1", 9),
                List.of(),
                List.of(),
                Optional.empty(),
                "steward.yml:1:1");
    }

    static Catalog catalog(Monitor... monitors) {
        Map<String, List<Monitor>> byService = new LinkedHashMap<>();
        for (Monitor monitor : monitors) {
            byService
                    .computeIfAbsent(monitor.key().service(), name -> new ArrayList<>())
                    .add(monitor);
        }
        Map<String, MonitoredService> services = new LinkedHashMap<>();
        byService.forEach((name, list) -> services.put(
                name,
                new MonitoredService(
                        name,
                        "",
                        Optional.empty(),
                        List.of(),
                        Optional.empty(),
                        Map.of(),
                        List.of(),
                        list,
                        PublicListing.hidden(name))));
        return new Catalog("steward.yml", Collections.unmodifiableMap(services));
    }
}
