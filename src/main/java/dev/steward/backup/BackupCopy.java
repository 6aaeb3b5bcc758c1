package dev.steward.backup;

import java.util.Optional;

/**
 * One storage destination of a backup.
 *
 * @param storage the storage, described without credentials
 * @param position its place in the policy's storage list (the first is where drills read from)
 * @param status running, complete, failed or deleted
 * @param error why writing there failed
 */
public record BackupCopy(String storage, int position, String status, Optional<String> error) {}
