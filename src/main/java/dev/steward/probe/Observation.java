package dev.steward.probe;

import dev.steward.probe.condition.Facts;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What one prober saw of its target, before conditions are applied.
 *
 * @param latency how long the exchange took, measured by the prober with {@link System#nanoTime()}
 * @param facts the placeholders the monitor's conditions can read
 * @param error why the target could not be observed (refused, timed out, …); empty when it answered
 * @param message a short human sentence: {@code HTTP 503}, {@code connection refused}, {@code timed out after 5s}
 * @param certificateExpiresAt the earliest expiry of the peer's certificate chain, when TLS was used
 */
record Observation(
        Duration latency,
        Facts facts,
        Optional<ErrorCode> error,
        String message,
        Optional<Instant> certificateExpiresAt) {

    /** The target answered; whether the answer is good is for the conditions to say. */
    static Observation answered(Duration latency, Facts facts, String message) {
        return new Observation(latency, facts, Optional.empty(), message, Optional.empty());
    }

    /** The target could not be observed. */
    static Observation failed(Duration latency, Facts facts, Failure failure) {
        return new Observation(latency, facts, Optional.of(failure.code()), failure.message(), Optional.empty());
    }

    Observation withCertificateExpiry(Optional<Instant> expiresAt) {
        return new Observation(latency, facts, error, message, expiresAt);
    }
}
