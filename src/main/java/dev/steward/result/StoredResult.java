package dev.steward.result;

import dev.steward.catalog.MonitorKey;
import dev.steward.probe.ErrorCode;
import dev.steward.probe.Status;
import dev.steward.probe.condition.ConditionOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A probe result as stored: times to the microsecond, and the message only for degraded and down results.
 *
 * @param message empty for up results, whose message is not stored
 * @param failures the conditions that did not hold, as the probe reported them
 */
public record StoredResult(
        MonitorKey monitor,
        Instant scheduledAt,
        Instant startedAt,
        Duration latency,
        Status status,
        Optional<String> message,
        Optional<ErrorCode> error,
        List<ConditionOutcome> failures,
        Optional<Instant> certificateExpiresAt) {

    public StoredResult {
        failures = List.copyOf(failures);
    }
}
