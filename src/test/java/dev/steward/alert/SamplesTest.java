package dev.steward.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.steward.catalog.Severity;
import dev.steward.catalog.ThresholdRule;
import dev.steward.catalog.ThresholdRule.Comparison;
import dev.steward.catalog.ThresholdRule.Measure;
import dev.steward.catalog.ThresholdRule.Threshold;
import dev.steward.probe.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SamplesTest {

    private static final Instant START = Instant.parse("2026-01-01T10:00:00Z");
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    private static Instant seconds(long seconds) {
        return START.plusSeconds(seconds);
    }

    private static Duration millis(long millis) {
        return Duration.ofMillis(millis);
    }

    /** One result as the brute-force count sees it. */
    private record Kept(Instant startedAt, long latencyMicros, Status status) {}

    @Test
    void percentilesAverageAndUptimeAgreeWithABruteForceCountOverRandomWindows() {
        Random random = new Random(20260101);
        Duration retention = Duration.ofMinutes(30);
        Samples samples = new Samples(retention);
        List<Kept> all = new ArrayList<>();
        Instant time = START;
        for (int i = 0; i < 3_000; i++) {
            // Mostly in order, 1 to 20 s apart with microsecond parts; now and then one that started a little earlier.
            time = time.plusNanos((1_000_000L + random.nextInt(19_000_000)) * 1_000);
            Instant startedAt = random.nextInt(20) == 0 ? time.minusSeconds(random.nextInt(30)) : time;
            long latencyMicros = random.nextInt(2_000_000);
            Status status = Status.values()[random.nextInt(10) < 8 ? 0 : 1 + random.nextInt(2)];
            samples.add(startedAt, Duration.ofNanos(latencyMicros * 1_000 + random.nextInt(1_000)), status);
            all.add(new Kept(startedAt, latencyMicros, status));

            if (i % 7 == 0) {
                Instant at = time.minusSeconds(random.nextInt(120));
                Duration over = Duration.ofSeconds(1 + random.nextInt((int) retention.toSeconds() - 120));
                List<Kept> window = all.stream()
                        .filter(kept -> kept.startedAt().isAfter(at.minus(over))
                                && !kept.startedAt().isAfter(at))
                        .toList();
                List<Long> latencies = window.stream()
                        .filter(kept -> kept.status() != Status.DOWN)
                        .map(Kept::latencyMicros)
                        .sorted()
                        .toList();

                assertThat(samples.count(at, over)).isEqualTo(window.size());
                for (double p : new double[] {0, 1, 50, 95, 99, 99.9, 100}) {
                    OptionalLong expected = latencies.isEmpty()
                            ? OptionalLong.empty()
                            : OptionalLong.of(latencies.get(
                                    (int) Math.max(1, Math.ceil(p * latencies.size() / 100.0)) - 1));
                    assertThat(samples.percentileMicros(p, at, over))
                            .as("p%s", p)
                            .isEqualTo(expected);
                }
                OptionalDouble average = samples.averageMicros(at, over);
                if (latencies.isEmpty()) {
                    assertThat(average).isEmpty();
                } else {
                    double mean = latencies.stream()
                            .mapToLong(Long::longValue)
                            .average()
                            .orElseThrow();
                    assertThat(average.getAsDouble()).isCloseTo(mean, within(1e-6));
                }
                long good = window.stream()
                        .filter(kept -> kept.status() != Status.DOWN)
                        .count();
                if (window.isEmpty()) {
                    assertThat(samples.uptimePercent(at, over)).isEmpty();
                } else {
                    assertThat(samples.uptimePercent(at, over).getAsDouble())
                            .isCloseTo(good * 100.0 / window.size(), within(1e-9));
                }
            }
        }
    }

    @Test
    void theNearestRankOfTwentyLatenciesIsExact() {
        Samples samples = new Samples(FIVE_MINUTES);
        for (int i = 1; i <= 20; i++) {
            samples.add(seconds(i), millis(i * 10L), Status.UP);
        }

        // 95 * 20 / 100 is exactly 19: the 19th smallest, not the 20th.
        assertThat(samples.percentileMicros(95, seconds(20), FIVE_MINUTES)).hasValue(190_000);
        assertThat(samples.percentileMicros(50, seconds(20), FIVE_MINUTES)).hasValue(100_000);
        assertThat(samples.percentileMicros(0, seconds(20), FIVE_MINUTES)).hasValue(10_000);
        assertThat(samples.percentileMicros(100, seconds(20), FIVE_MINUTES)).hasValue(200_000);
    }

    @Test
    void theWindowIncludesItsEndAndExcludesItsStart() {
        Samples samples = new Samples(Duration.ofHours(1));
        samples.add(seconds(0), millis(100), Status.UP);
        samples.add(seconds(300), millis(200), Status.UP);
        samples.add(seconds(301), millis(300), Status.DOWN);

        // (10:00:00, 10:05:00]: the result at 10:00:00 is out, the one at 10:05:00 in, the one at 10:05:01 not yet.
        assertThat(samples.count(seconds(300), FIVE_MINUTES)).isEqualTo(1);
        assertThat(samples.averageMicros(seconds(300), FIVE_MINUTES)).hasValue(200_000);
        assertThat(samples.count(seconds(301), FIVE_MINUTES)).isEqualTo(2);
        assertThat(samples.count(seconds(299), FIVE_MINUTES)).isEqualTo(1);
        assertThat(samples.averageMicros(seconds(299), FIVE_MINUTES)).hasValue(100_000);
    }

    @Test
    void latencyFiguresCountOnlyResultsThatAnswered() {
        Samples samples = new Samples(FIVE_MINUTES);
        samples.add(seconds(10), millis(5_000), Status.DOWN);
        samples.add(seconds(20), millis(120), Status.DEGRADED);
        samples.add(seconds(30), millis(80), Status.UP);
        samples.add(seconds(40), millis(1), Status.DOWN);

        assertThat(samples.averageMicros(seconds(40), FIVE_MINUTES)).hasValue(100_000);
        assertThat(samples.percentileMicros(99, seconds(40), FIVE_MINUTES)).hasValue(120_000);
        assertThat(samples.uptimePercent(seconds(40), FIVE_MINUTES)).hasValue(50);
        assertThat(samples.count(seconds(40), FIVE_MINUTES)).isEqualTo(4);
    }

    @Test
    void anEmptyWindowHasNoFigures() {
        Samples samples = new Samples(FIVE_MINUTES);

        assertThat(samples.percentileMicros(95, START, FIVE_MINUTES)).isEmpty();
        assertThat(samples.averageMicros(START, FIVE_MINUTES)).isEmpty();
        assertThat(samples.uptimePercent(START, FIVE_MINUTES)).isEmpty();
        assertThat(samples.count(START, FIVE_MINUTES)).isZero();

        samples.add(seconds(0), millis(100), Status.DOWN);
        samples.add(seconds(10), millis(100), Status.DOWN);

        assertThat(samples.percentileMicros(95, seconds(10), FIVE_MINUTES)).isEmpty();
        assertThat(samples.averageMicros(seconds(10), FIVE_MINUTES)).isEmpty();
        assertThat(samples.uptimePercent(seconds(10), FIVE_MINUTES)).hasValue(0);
        // A window that ended before the results, or that they have all left, is empty too.
        assertThat(samples.uptimePercent(seconds(-1), FIVE_MINUTES)).isEmpty();
        assertThat(samples.uptimePercent(seconds(310), FIVE_MINUTES)).isEmpty();
    }

    @Test
    void dropsResultsOlderThanTheRetention() {
        Samples samples = new Samples(FIVE_MINUTES);
        for (int i = 0; i < 120; i++) {
            samples.add(seconds(i * 10L), millis(i), Status.UP);
        }

        // Newest at 10:19:50; kept: after 10:14:50, i.e. 10:15:00 to 10:19:50.
        assertThat(samples.size()).isEqualTo(30);
        assertThat(samples.count(seconds(1190), Duration.ofHours(1))).isEqualTo(30);
        assertThat(samples.percentileMicros(0, seconds(1190), Duration.ofHours(1)))
                .hasValue(90_000);
        assertThat(samples.length()).isEqualTo(32);
    }

    @Test
    void aResultTooOldForTheRetentionIsNotKept() {
        Samples samples = new Samples(FIVE_MINUTES);
        samples.add(seconds(600), millis(1), Status.UP);
        samples.add(seconds(300), millis(2), Status.UP);
        samples.add(seconds(301), millis(3), Status.UP);

        assertThat(samples.size()).isEqualTo(2);
        assertThat(samples.count(seconds(600), FIVE_MINUTES)).isEqualTo(2);
    }

    @Test
    void slotsAResultThatStartedBeforeTheNewestInPlace() {
        Samples samples = new Samples(FIVE_MINUTES);
        samples.add(seconds(10), millis(1), Status.UP);
        samples.add(seconds(30), millis(3), Status.UP);
        samples.add(seconds(20), millis(2), Status.DOWN);

        assertThat(samples.count(seconds(20), FIVE_MINUTES)).isEqualTo(2);
        assertThat(samples.uptimePercent(seconds(20), FIVE_MINUTES)).hasValue(50);
        assertThat(samples.count(seconds(30), Duration.ofSeconds(15))).isEqualTo(2);
        assertThat(samples.uptimePercent(seconds(319), FIVE_MINUTES)).hasValue(50);
    }

    @Test
    void growsByDoublingUpToItsCapacityThenDropsTheOldest() {
        Samples samples = new Samples(Duration.ofDays(1), 100);
        for (int i = 0; i < 9; i++) {
            samples.add(seconds(i), millis(1), Status.UP);
        }
        assertThat(samples.length()).isEqualTo(16);

        for (int i = 9; i < 250; i++) {
            samples.add(seconds(i), millis(i), Status.UP);
        }

        assertThat(samples.size()).isEqualTo(100);
        assertThat(samples.length()).isEqualTo(100);
        assertThat(samples.count(seconds(249), Duration.ofDays(1))).isEqualTo(100);
        assertThat(samples.percentileMicros(0, seconds(249), Duration.ofDays(1)))
                .hasValue(150_000);
    }

    @Test
    void shrinksWhenFewerResultsAreKept() {
        Samples samples = new Samples(Duration.ofHours(1));
        for (int i = 0; i < 360; i++) {
            samples.add(seconds(i * 10L), millis(1), Status.UP);
        }
        assertThat(samples.length()).isEqualTo(512);

        samples.retain(Duration.ofMinutes(1));
        samples.add(seconds(3600), millis(1), Status.UP);

        assertThat(samples.size()).isEqualTo(6);
        assertThat(samples.length()).isLessThanOrEqualTo(32);

        samples.add(seconds(7200), millis(1), Status.UP);
        assertThat(samples.size()).isEqualTo(1);
        assertThat(samples.length()).isEqualTo(8);
    }

    @Test
    void keepsNothingWhenNoRuleLooksBack() {
        ThresholdRule certificate = new ThresholdRule(
                Measure.CERTIFICATE_EXPIRY,
                Duration.ofHours(6),
                Optional.of(new Threshold(Comparison.LESS, Duration.ofDays(14).toMillis(), "< 14d")),
                Optional.empty(),
                Duration.ZERO,
                Severity.LOW);
        Samples samples = Samples.forRules(List.of(certificate));

        samples.add(seconds(0), millis(1), Status.UP);

        assertThat(samples.retention()).isZero();
        assertThat(samples.size()).isZero();
        assertThat(samples.length()).isZero();
    }

    @Test
    void keepsResultsForTheLongestWindowOfItsRules() {
        ThresholdRule p95 = new ThresholdRule(
                Measure.LATENCY_P95,
                FIVE_MINUTES,
                Optional.of(new Threshold(Comparison.GREATER, 500, "> 500ms")),
                Optional.empty(),
                Duration.ZERO,
                Severity.LOW);
        ThresholdRule uptime = new ThresholdRule(
                Measure.UPTIME,
                Duration.ofHours(1),
                Optional.of(new Threshold(Comparison.LESS, 99, "< 99%")),
                Optional.empty(),
                Duration.ZERO,
                Severity.LOW);

        assertThat(Samples.retentionFor(List.of(p95, uptime))).isEqualTo(Duration.ofHours(1));
        assertThat(Samples.retentionFor(List.of())).isZero();
    }
}
