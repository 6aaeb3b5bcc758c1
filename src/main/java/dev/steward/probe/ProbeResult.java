package dev.steward.probe;

import dev.steward.catalog.MonitorKey;
import dev.steward.config.Durations;
import dev.steward.probe.condition.ConditionOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of one probe. A probe never throws: every failure is a result with an {@link ErrorCode}.
 *
 * @param scheduledAt when the scheduler meant to start the probe (lateness is {@code startedAt - scheduledAt})
 * @param latency how long the probe took (for HTTP, the response time)
 * @param message a short human sentence, e.g. {@code HTTP 503} or {@code connection refused}
 * @param error empty when up
 * @param failures the conditions (and warn conditions) that did not hold, with observed values
 * @param certificateExpiresAt the earliest expiry of the peer's certificate chain, when TLS was used
 */
public record ProbeResult(
        MonitorKey monitor,
        Instant scheduledAt,
        Instant startedAt,
        Duration latency,
        Status status,
        String message,
        Optional<ErrorCode> error,
        List<ConditionOutcome> failures,
        Optional<Instant> certificateExpiresAt) {

    public ProbeResult {
        failures = List.copyOf(failures);
    }

    /**
     * The result of a probe stopped at its deadline without an answer of its own: down, {@code timeout}, latency the
     * monitor's timeout.
     */
    public static ProbeResult timedOut(MonitorKey monitor, Instant scheduledAt, Duration timeout) {
        return new ProbeResult(
                monitor,
                scheduledAt,
                scheduledAt,
                timeout,
                Status.DOWN,
                "no answer within " + Durations.format(timeout),
                Optional.of(ErrorCode.TIMEOUT),
                List.of(),
                Optional.empty());
    }

    /** How late the probe started compared with its schedule (never negative). */
    public Duration lateness() {
        Duration late = Duration.between(scheduledAt, startedAt);
        return late.isNegative() ? Duration.ZERO : late;
    }
}
