package dev.steward.catalog;

import dev.steward.config.DatabaseUrl;
import dev.steward.config.Secret;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * One entry of the catalog's {@code backups} section: what to dump, when, how, where to keep it, how long, and how to
 * prove it restores. Defaults are applied by the reader.
 *
 * @param name the policy's name, also the first part of every object key
 * @param source the PostgreSQL database to dump (credentials via {@code ${ENV}})
 * @param schedule five cron fields or a macro ({@code @daily}); empty: runs only on demand
 * @param zone the time zone the schedule is read in (default UTC)
 * @param format custom (default) or directory (parallel jobs)
 * @param jobs pg_dump/pg_restore parallel jobs for the directory format (default 2)
 * @param compression the codec and level (default zstd level 3)
 * @param globals whether {@code pg_dumpall --globals-only} is stored too, so restores do not fail on missing roles
 * @param storage one or more destinations; the first is where drills and restores read from
 * @param retention how many backups to keep
 * @param encryption the key objects are encrypted with, when any
 * @param maxAge alert when no verified backup is newer than this (default: twice the schedule's period, else none)
 * @param service the catalog service whose incidents backup alerts join (its routing and runbook apply)
 * @param drill the restore drill
 */
public record BackupPolicy(
        String name,
        DatabaseUrl source,
        Optional<String> schedule,
        ZoneId zone,
        Format format,
        int jobs,
        Compression compression,
        boolean globals,
        List<Storage> storage,
        Retention retention,
        Optional<Encryption> encryption,
        Optional<Duration> maxAge,
        Optional<String> service,
        Drill drill) {

    public BackupPolicy {
        storage = List.copyOf(storage);
    }

    /** pg_dump's archive format. */
    public enum Format {
        /** One file ({@code pg_dump -Fc}); restores in parallel from a local copy. */
        CUSTOM,
        /** A directory dumped and restored with parallel jobs ({@code pg_dump -Fd -j}), stored as one tar stream. */
        DIRECTORY
    }

    /** How dumps are compressed. */
    public record Compression(Codec codec, int level) {
        /** zstd level 3: as small as pg_dump's gzip at a fraction of the CPU. */
        public static Compression standard() {
            return new Compression(Codec.ZSTD, 3);
        }
    }

    /** Compression codecs. */
    public enum Codec {
        ZSTD,
        GZIP,
        NONE
    }

    /** A destination for backup objects. */
    public sealed interface Storage {

        /** A directory on Steward's host (or a mounted volume). */
        record Local(Path directory) implements Storage {}

        /**
         * An S3-compatible bucket.
         *
         * @param endpoint e.g. {@code https://s3.eu-central-1.amazonaws.com} or a MinIO/Ceph/R2 URL
         * @param region the signing region (default {@code us-east-1})
         * @param prefix prepended to every key, e.g. {@code nightly/} (may be empty)
         * @param pathStyle {@code endpoint/bucket/key} instead of {@code bucket.endpoint/key} (MinIO, Ceph)
         */
        record S3(
                URI endpoint,
                String region,
                String bucket,
                String prefix,
                boolean pathStyle,
                Secret accessKey,
                Secret secretKey)
                implements Storage {}
    }

    /**
     * Retention, grandfather-father-son: the newest {@code keepLast}, plus the newest backup of each of the last
     * {@code daily} days, {@code weekly} weeks and {@code monthly} months. The newest verified backup and at least
     * {@code minVerified} verified ones are never deleted.
     */
    public record Retention(int keepLast, int daily, int weekly, int monthly, int minVerified) {
        /** Keep the last 7 and at least one verified backup. */
        public static Retention standard() {
            return new Retention(7, 0, 0, 0, 1);
        }
    }

    /** The encryption key: 32 bytes, from a key file or an environment variable (hex or base64). */
    public sealed interface Encryption {
        record KeyFile(Path path) implements Encryption {}

        record Key(Secret key) implements Encryption {}
    }

    /**
     * The restore drill.
     *
     * @param enabled false when {@code drill: false}
     * @param schedule cron, in the policy's zone; empty: after every backup
     * @param server where scratch databases are created; empty: Steward's own PostgreSQL server
     * @param rowTolerance the fraction by which a table's restored row count may differ from the manifest's (0 by
     *     default: counts are taken in the dump's own snapshot)
     * @param checks SQL checks run against the restored database
     */
    public record Drill(
            boolean enabled,
            Optional<String> schedule,
            Optional<DatabaseUrl> server,
            double rowTolerance,
            List<DrillCheck> checks) {
        public Drill {
            checks = List.copyOf(checks);
        }
    }

    /**
     * A query whose first column of the first row must meet {@code expect}, e.g. {@code "> 0"}, {@code "== 42"},
     * {@code "!= 0"}, {@code "== 'ok'"}.
     */
    public record DrillCheck(String sql, String expect) {}
}
