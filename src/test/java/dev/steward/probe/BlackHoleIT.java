package dev.steward.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.steward.catalog.Monitor;
import dev.steward.catalog.MonitorKey;
import dev.steward.catalog.ProbeSpec;
import dev.steward.testing.LoopbackTarget;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real HTTP probes against 200 targets that accept connections and never answer, beside 200 healthy monitors: the
 * healthy monitors keep every slot, on time, and stay up; the black holes are reported as timed out.
 */
class BlackHoleIT {

    private static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    private final List<ProbeResult> results = new CopyOnWriteArrayList<>();
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private LoopbackTarget healthy;
    private ServerSocket blackHole;
    private ProbeRunner runner;
    private ProbeScheduler scheduler;

    @BeforeEach
    void start() throws IOException {
        healthy = LoopbackTarget.start();
        blackHole = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!blackHole.isClosed()) {
                try {
                    held.add(blackHole.accept()); // accepted, never read, never answered
                } catch (IOException closed) {
                    return;
                }
            }
        });
        runner = new ProbeRunner(Clock.systemUTC());
        scheduler =
                new ProbeScheduler(runner::run, List.of(results::add), Clock.systemUTC(), new SimpleMeterRegistry());
    }

    @AfterEach
    void stop() throws IOException {
        scheduler.close();
        runner.close();
        blackHole.close();
        for (Socket socket : held) {
            socket.close();
        }
        healthy.close();
    }

    @Test
    void twoHundredBlackHolesDoNotDelayOrFailTwoHundredHealthyMonitors() {
        List<Monitor> monitors = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            monitors.add(http("ok-" + i, healthy.url("/health")));
            monitors.add(http("hole-" + i, "http://127.0.0.1:" + blackHole.getLocalPort() + "/health"));
        }
        scheduler.apply(ProbeSchedulerTest.catalog(monitors.toArray(Monitor[]::new)));
        Instant started = Instant.now();

        // Four slots of every healthy monitor after its first one.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> healthyResults().stream()
                                .filter(result -> result.scheduledAt().isAfter(started.plus(FIRST_SLOTS)))
                                .count()
                        >= 200 * 4);

        List<ProbeResult> healthyResults = healthyResults();
        assertThat(healthyResults).allSatisfy(result -> {
            assertThat(result.status()).as(result.toString()).isEqualTo(Status.UP);
            // Started within its own slot: a delay of half an interval would already be a missed beat.
            assertThat(result.lateness()).as(result.toString()).isLessThan(INTERVAL.dividedBy(2));
        });
        for (int i = 0; i < 200; i++) {
            MonitorKey key = new MonitorKey("ok-" + i, "health");
            List<Instant> slots = healthyResults.stream()
                    .filter(result -> result.monitor().equals(key))
                    .map(ProbeResult::scheduledAt)
                    .sorted()
                    .toList();
            for (int slot = 2; slot < slots.size(); slot++) {
                assertThat(Duration.between(slots.get(slot - 1), slots.get(slot)))
                        .as("%s skipped no slot", key)
                        .isEqualTo(INTERVAL);
            }
        }
        assertThat(results)
                .filteredOn(result -> result.monitor().service().startsWith("hole-"))
                .isNotEmpty()
                .allSatisfy(result -> assertThat(result.error()).contains(ErrorCode.TIMEOUT));
        assertThat(held).as("the black hole really held connections").hasSizeGreaterThanOrEqualTo(200);
    }

    /** New monitors run their first probe within the spread; the grid starts after it. */
    private static final Duration FIRST_SLOTS = ProbeScheduler.FIRST_PROBE_SPREAD;

    private List<ProbeResult> healthyResults() {
        return results.stream()
                .filter(result -> result.monitor().service().startsWith("ok-"))
                .toList();
    }

    private static Monitor http(String service, String url) {
        return new Monitor(
                new MonitorKey(service, "health"),
                "",
                INTERVAL,
                TIMEOUT,
                true,
                new ProbeSpec.Http("GET", URI.create(url), Map.of(), Optional.empty(), true, Optional.empty(), false),
                List.of(Monitors.condition("[STATUS] == 200"), Monitors.condition("[BODY].status == ok")),
                List.of(),
                Optional.empty(),
                "steward.yml:1:1");
    }
}
