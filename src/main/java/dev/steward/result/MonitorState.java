package dev.steward.result;

import dev.steward.catalog.MonitorKey;
import dev.steward.probe.ErrorCode;
import dev.steward.probe.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A monitor's current state: the status of its latest result and how long it has had it.
 *
 * @param since when the first result of the current run of results with this status started
 * @param consecutive how many results in a row have had this status, the latest included
 * @param lastMessage the latest result's message, also when it was up
 */
public record MonitorState(
        MonitorKey monitor,
        Status status,
        Instant since,
        int consecutive,
        Instant lastStartedAt,
        Duration lastLatency,
        String lastMessage,
        Optional<ErrorCode> lastError,
        Optional<Instant> certificateExpiresAt) {}
