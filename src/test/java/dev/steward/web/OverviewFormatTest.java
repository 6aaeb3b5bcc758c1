package dev.steward.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class OverviewFormatTest {

    @Test
    void writesLatenciesWithTheDigitsThatMatter() {
        assertThat(OverviewFormat.latency(Duration.ofNanos(420_000))).isEqualTo("0.42 ms");
        assertThat(OverviewFormat.latency(Duration.ofNanos(3_140_000))).isEqualTo("3.1 ms");
        assertThat(OverviewFormat.latency(Duration.ofMillis(120))).isEqualTo("120 ms");
        assertThat(OverviewFormat.latency(Duration.ofMillis(1250))).isEqualTo("1.25 s");
    }

    @Test
    void neverRoundsAnUptimeBelowOneHundredUpToIt() {
        assertThat(OverviewFormat.uptime(OptionalDouble.of(99.999))).isEqualTo("99.99%");
        assertThat(OverviewFormat.uptime(OptionalDouble.of(100))).isEqualTo("100%");
        assertThat(OverviewFormat.uptime(OptionalDouble.of(0))).isEqualTo("0%");
        assertThat(OverviewFormat.uptime(OptionalDouble.empty())).isEqualTo("—");
        assertThat(OverviewFormat.uptimeClass(OptionalDouble.of(99.95))).isEqualTo("up");
        assertThat(OverviewFormat.uptimeClass(OptionalDouble.of(99.5))).isEqualTo("degraded");
        assertThat(OverviewFormat.uptimeClass(OptionalDouble.of(98))).isEqualTo("down");
        assertThat(OverviewFormat.uptimeClass(OptionalDouble.empty())).isEqualTo("none");
    }

    @Test
    void writesSpansAndTimesShortly() {
        assertThat(OverviewFormat.span(Duration.ofSeconds(42))).isEqualTo("42 s");
        assertThat(OverviewFormat.span(Duration.ofMinutes(5))).isEqualTo("5 min");
        assertThat(OverviewFormat.span(Duration.ofMinutes(200))).isEqualTo("3 h 20 min");
        assertThat(OverviewFormat.span(Duration.ofHours(52))).isEqualTo("2 d 4 h");
        Instant first = Instant.parse("2026-11-23T10:04:05Z");
        assertThat(OverviewFormat.timeRange(first, first)).isEqualTo("2026-11-23 10:04:05 UTC");
        assertThat(OverviewFormat.timeRange(first, first.plusSeconds(300)))
                .isEqualTo("2026-11-23 10:04:05 – 10:09:05 UTC");
        assertThat(OverviewFormat.timeRange(first, first.plus(Duration.ofDays(1))))
                .isEqualTo("2026-11-23 10:04:05 UTC – 2026-11-24 10:04:05 UTC");
    }
}
