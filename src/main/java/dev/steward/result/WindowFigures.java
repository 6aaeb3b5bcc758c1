package dev.steward.result;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Uptime and latency of a monitor or a service over a time window, {@code [from, to)}. docs/RESULTS.md defines each
 * figure exactly.
 *
 * @param from the start of the window as counted: later than asked when results that old are no longer kept
 * @param to the end of the window, never after now
 * @param uptimePercent {@code (up + degraded) / (up + degraded + down) * 100}; empty without results
 * @param p50 latencies are those of up and degraded results; each percentile is the nearest-rank one, read from the
 *     latency histogram (the midpoint of the bucket holding it, within 1.6 % of the exact value)
 * @param meanLatency the exact mean latency of up and degraded results
 */
public record WindowFigures(
        Instant from,
        Instant to,
        long up,
        long degraded,
        long down,
        OptionalDouble uptimePercent,
        Optional<Duration> p50,
        Optional<Duration> p95,
        Optional<Duration> p99,
        Optional<Duration> meanLatency) {

    /** All results in the window. */
    public long results() {
        return up + degraded + down;
    }
}
