package dev.steward.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.catalog.MonitorKey;
import dev.steward.probe.ProbeResult;
import dev.steward.probe.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LiveResultsTest {

    private static final MonitorKey HEALTH = new MonitorKey("shop-api", "health");
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    private final LiveResults results = new LiveResults();

    private static ProbeResult result(int second, Status status) {
        Instant at = T0.plusSeconds(second);
        return new ProbeResult(
                HEALTH, at, at, Duration.ofMillis(12), status, "", Optional.empty(), List.of(), Optional.empty());
    }

    private List<Instant> starts() {
        return results.after(HEALTH, 0).stream()
                .map(LiveResults.Cell::startedAt)
                .toList();
    }

    @Test
    void keepsTheLatestThirtyResultsOldestFirst() {
        for (int second = 0; second < 40; second++) {
            results.add(result(second, second % 2 == 0 ? Status.UP : Status.DOWN));
        }

        assertThat(starts()).hasSize(LiveResults.KEPT).first().isEqualTo(T0.plusSeconds(10));
        assertThat(starts()).last().isEqualTo(T0.plusSeconds(39));
        assertThat(results.latest(HEALTH).orElseThrow().status()).isEqualTo(Status.DOWN);
        assertThat(results.latest(HEALTH).orElseThrow().latency()).isEqualTo(Duration.ofMillis(12));
    }

    @Test
    void putsALateResultInItsPlaceAndKeepsEachStartOnce() {
        results.add(result(10, Status.UP));
        results.add(result(30, Status.UP));
        long late = results.add(result(20, Status.DOWN));
        long again = results.add(result(30, Status.DOWN));

        assertThat(starts()).containsExactly(T0.plusSeconds(10), T0.plusSeconds(20), T0.plusSeconds(30));
        assertThat(late).isEqualTo(3);
        assertThat(again).as("a start already kept is not kept again").isZero();
        assertThat(results.latest(HEALTH).orElseThrow().status()).isEqualTo(Status.UP);
    }

    @Test
    void dropsAResultOlderThanEverythingKeptWhenFull() {
        for (int second = 100; second < 130; second++) {
            results.add(result(second, Status.UP));
        }

        assertThat(results.add(result(5, Status.DOWN))).isZero();
        assertThat(starts()).hasSize(LiveResults.KEPT).first().isEqualTo(T0.plusSeconds(100));
    }

    @Test
    void drawsEachRunOfOneStateAsOneElementOfTheBar() {
        for (int second = 0; second < 40; second++) {
            results.add(result(second, second >= 30 && second < 33 ? Status.DOWN : Status.UP));
        }

        LiveResults.Bar bar = results.bar(HEALTH);

        assertThat(bar.html()).isEqualTo("<i class=\"up n20\"></i><i class=\"down n3\"></i><i class=\"up n7\"></i>");
        assertThat(bar.label()).isEqualTo("last 30 results: 27 up, 3 down");
        assertThat(bar.lastAt()).isEqualTo(T0.plusSeconds(39).toEpochMilli());
        results.add(result(40, Status.DEGRADED));
        assertThat(results.bar(HEALTH).html()).endsWith("<i class=\"up n7\"></i><i class=\"degraded\"></i>");
        assertThat(results.bar(new MonitorKey("shop-api", "new")).label()).isEqualTo("no results yet");
    }

    @Test
    void numbersResultsInTheOrderTheyAreKept() {
        long first = results.add(result(1, Status.UP));
        long second = results.add(result(2, Status.UP));

        assertThat(second).isGreaterThan(first);
        assertThat(results.sequence()).isEqualTo(second);
        assertThat(results.after(HEALTH, 0))
                .extracting(LiveResults.Cell::sequence)
                .containsExactly(first, second);
        assertThat(results.after(new MonitorKey("shop-api", "other"), 0)).isEmpty();
    }
}
