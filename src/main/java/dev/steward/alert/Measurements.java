package dev.steward.alert;

import dev.steward.catalog.ThresholdRule;
import dev.steward.probe.ProbeResult;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What a threshold rule measures at a result, in the measure's unit: latencies and certificate expiry in milliseconds,
 * uptime in percent. Empty when there is nothing to measure (no result in the window, no certificate), so the rule
 * keeps its level.
 */
final class Measurements {

    private static final double MICROS_PER_MILLI = 1_000.0;

    private Measurements() {}

    /**
     * The rule's measurement at {@code latest}'s start time, over the window {@code (startedAt - over, startedAt]} of
     * {@code samples}, which must already hold {@code latest}; a certificate's expiry is read from {@code latest} alone
     * (time left from the probe's start to the earliest expiry; negative once expired).
     */
    static OptionalDouble measure(ThresholdRule rule, Samples samples, ProbeResult latest) {
        Instant at = latest.startedAt();
        Duration over = rule.over();
        return switch (rule.measure()) {
            case LATENCY_P50 -> millis(samples.percentileMicros(50, at, over));
            case LATENCY_P95 -> millis(samples.percentileMicros(95, at, over));
            case LATENCY_P99 -> millis(samples.percentileMicros(99, at, over));
            case LATENCY_AVG -> millis(samples.averageMicros(at, over));
            case UPTIME -> samples.uptimePercent(at, over);
            case CERTIFICATE_EXPIRY ->
                latest.certificateExpiresAt()
                        .map(expiry -> OptionalDouble.of(millis(Duration.between(at, expiry))))
                        .orElse(OptionalDouble.empty());
        };
    }

    private static OptionalDouble millis(OptionalLong micros) {
        return micros.isPresent() ? OptionalDouble.of(micros.getAsLong() / MICROS_PER_MILLI) : OptionalDouble.empty();
    }

    private static OptionalDouble millis(OptionalDouble micros) {
        return micros.isPresent() ? OptionalDouble.of(micros.getAsDouble() / MICROS_PER_MILLI) : OptionalDouble.empty();
    }

    private static double millis(Duration duration) {
        return duration.getSeconds() * 1_000.0 + duration.getNano() / 1_000_000.0;
    }
}
