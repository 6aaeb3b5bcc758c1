package dev.steward.backup;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a backup is, stored as {@code manifest.json} next to its dump so that any copy can be re-imported and restored
 * without Steward's own database ({@code steward backup import}). Written only after the dump object is complete and
 * its checksum known: a manifest in storage means a complete backup.
 *
 * @param version the manifest format, 1
 * @param id the backup's id, e.g. {@code 20261124T020000Z-3f9a} (sortable by start time)
 * @param policy the catalog's backup policy it belongs to
 * @param kind {@code scheduled}, {@code manual} or {@code safety} (taken of a target before a restore)
 * @param source host, port and database dumped; never credentials
 * @param database the dumped database's name
 * @param serverVersion the source server's version, e.g. {@code 15.19}
 * @param pgDumpVersion the pg_dump that made it, e.g. {@code 15.18}
 * @param format {@code custom} or {@code directory} (stored as a tar stream)
 * @param codec {@code zstd}, {@code gzip} or {@code none}
 * @param compressedBy {@code pg_dump} (its own compression inside the archive) or {@code steward} (the whole stream
 *     compressed by Steward; decompress before pg_restore)
 * @param databaseSize {@code pg_database_size} at dump time, bytes
 * @param rowCounts rows per table ({@code schema.table}) counted in the dump's own snapshot
 * @param startedAt when pg_dump started
 * @param finishedAt when the object was complete
 * @param dump the stored dump
 * @param globals roles and tablespaces from {@code pg_dumpall --globals-only}, when the policy asks for them
 * @param encryptionKeyId the id of the key the objects are encrypted with; empty when not encrypted
 */
public record BackupManifest(
        int version,
        String id,
        String policy,
        String kind,
        String source,
        String database,
        String serverVersion,
        String pgDumpVersion,
        String format,
        String codec,
        String compressedBy,
        long databaseSize,
        Map<String, Long> rowCounts,
        Instant startedAt,
        Instant finishedAt,
        StoredPart dump,
        Optional<StoredPart> globals,
        Optional<String> encryptionKeyId) {

    /** The manifest format written by this version of Steward. */
    public static final int CURRENT_VERSION = 1;

    public BackupManifest {
        rowCounts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rowCounts));
    }

    /**
     * One stored object of a backup.
     *
     * @param key the object's key, relative to the storage
     * @param bytes its size as stored (after compression and encryption)
     * @param sha256 hex SHA-256 of the stored bytes
     */
    public record StoredPart(String key, long bytes, String sha256) {}
}
