package dev.steward.backup;

import java.time.Instant;
import java.util.Optional;

/**
 * One restore drill as Steward recorded it.
 *
 * @param status running, passed or failed
 * @param restoreSeconds the restore's wall time: the recovery time this backup gives (RTO)
 * @param backupAgeSeconds the backup's age when drilled: the data a restore would lose (RPO)
 * @param checks what was verified, as JSON (tables, row counts, SQL checks)
 */
public record DrillRecord(
        long id,
        String backupId,
        String policy,
        String status,
        Instant startedAt,
        Optional<Instant> finishedAt,
        Optional<Double> restoreSeconds,
        Optional<Double> backupAgeSeconds,
        Optional<String> checks,
        Optional<String> error,
        Optional<String> requestedBy) {}
