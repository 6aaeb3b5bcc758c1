package dev.steward.result;

import dev.steward.catalog.MonitorKey;
import dev.steward.probe.ErrorCode;
import dev.steward.probe.ProbeResult;
import dev.steward.probe.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Probe results for tests, started on schedule. */
final class Results {

    private Results() {}

    static ProbeResult up(String monitor, Instant startedAt, Duration latency) {
        return new ProbeResult(
                MonitorKey.parse(monitor),
                startedAt,
                startedAt,
                latency,
                Status.UP,
                "HTTP 200",
                Optional.empty(),
                List.of(),
                Optional.empty());
    }

    static ProbeResult degraded(String monitor, Instant startedAt, Duration latency) {
        return new ProbeResult(
                MonitorKey.parse(monitor),
                startedAt,
                startedAt,
                latency,
                Status.DEGRADED,
                "slow",
                Optional.empty(),
                List.of(),
                Optional.empty());
    }

    static ProbeResult down(String monitor, Instant startedAt, Duration latency) {
        return new ProbeResult(
                MonitorKey.parse(monitor),
                startedAt,
                startedAt,
                latency,
                Status.DOWN,
                "connection refused",
                Optional.of(ErrorCode.CONNECTION_REFUSED),
                List.of(),
                Optional.empty());
    }

    static ProbeResult of(String monitor, Status status, Instant startedAt, Duration latency) {
        return switch (status) {
            case UP -> up(monitor, startedAt, latency);
            case DEGRADED -> degraded(monitor, startedAt, latency);
            case DOWN -> down(monitor, startedAt, latency);
        };
    }
}
