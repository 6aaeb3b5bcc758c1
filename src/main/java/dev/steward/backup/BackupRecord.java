package dev.steward.backup;

import java.time.Instant;
import java.util.Optional;

/**
 * One backup run as Steward recorded it.
 *
 * @param kind scheduled, manual, safety or imported
 * @param status running, complete, failed, verified, drill_failed or deleted
 * @param scheduledFor the cron slot of a scheduled run
 * @param source host, port and database dumped; never credentials
 * @param bytes the stored dump's size, once complete
 * @param sha256 the stored dump's SHA-256, once complete
 * @param manifest the manifest as stored next to the dump (JSON), once complete
 * @param error why it failed
 * @param requestedBy who started a manual run
 */
public record BackupRecord(
        String id,
        String policy,
        String kind,
        String status,
        Optional<Instant> scheduledFor,
        Instant startedAt,
        Optional<Instant> finishedAt,
        String source,
        Optional<Long> bytes,
        Optional<String> sha256,
        Optional<String> manifest,
        Optional<String> error,
        Optional<String> requestedBy) {

    /** Complete and usable: complete, verified or drill_failed (the dump exists; its drill may have failed). */
    public boolean stored() {
        return status.equals("complete") || status.equals("verified") || status.equals("drill_failed");
    }
}
