package dev.steward.backup;

import dev.steward.catalog.BackupPolicy.Codec;
import dev.steward.catalog.BackupPolicy.Compression;
import dev.steward.catalog.BackupPolicy.Format;
import java.util.List;
import java.util.Locale;

/**
 * How a dump is stored: pg_dump's archive format, the codec, and who compressed it. zstd is pg_dump's own from
 * PostgreSQL 16's client tools on; older pg_dump writes an uncompressed archive ({@code -Z0}) that Steward compresses
 * as one zstd stream, so a restore must decompress it before pg_restore sees it. gzip is always pg_dump's own.
 *
 * @param level the codec's level (ignored for {@code none})
 * @param compressedBy {@code pg_dump} when whatever compression there is lives inside the archive (also for
 *     {@code none}), {@code steward} when the whole stored stream is zstd
 */
record PgArchive(Format format, Codec codec, int level, CompressedBy compressedBy) {

    /** pg_dump wrote zstd archives from version 16 on. */
    static final int PG_DUMP_ZSTD_SINCE = 16;

    /** The archive pg_dump {@code pgDump} writes for a policy's format and compression. */
    static PgArchive plan(Format format, Compression compression, PgVersion pgDump) {
        boolean pgDumpHasZstd = pgDump.majorOrder() >= PG_DUMP_ZSTD_SINCE * 100;
        CompressedBy by =
                compression.codec() == Codec.ZSTD && !pgDumpHasZstd ? CompressedBy.STEWARD : CompressedBy.PG_DUMP;
        return new PgArchive(format, compression.codec(), compression.level(), by);
    }

    /** The archive a manifest describes; a value this version of Steward does not know is a failure naming it. */
    static PgArchive ofManifest(String format, String codec, String compressedBy) throws PgFailure {
        Format parsedFormat = switch (format) {
            case "custom" -> Format.CUSTOM;
            case "directory" -> Format.DIRECTORY;
            default -> throw new PgFailure("the manifest's format '" + format + "' is neither custom nor directory");
        };
        Codec parsedCodec = switch (codec) {
            case "zstd" -> Codec.ZSTD;
            case "gzip" -> Codec.GZIP;
            case "none" -> Codec.NONE;
            default -> throw new PgFailure("the manifest's codec '" + codec + "' is none of zstd, gzip, none");
        };
        CompressedBy by = switch (compressedBy) {
            case "pg_dump" -> CompressedBy.PG_DUMP;
            case "steward" -> CompressedBy.STEWARD;
            default ->
                throw new PgFailure(
                        "the manifest's compressedBy '" + compressedBy + "' is neither pg_dump nor steward");
        };
        if (by == CompressedBy.STEWARD && parsedCodec != Codec.ZSTD) {
            throw new PgFailure("the manifest says Steward compressed the dump with " + codec + "; Steward only"
                    + " compresses with zstd");
        }
        return new PgArchive(parsedFormat, parsedCodec, 0, by);
    }

    /** pg_dump's format and compression arguments. */
    List<String> pgDumpArguments() {
        String formatArgument = format == Format.CUSTOM ? "--format=custom" : "--format=directory";
        String compress = switch (codec) {
            case NONE -> "0";
            case GZIP -> Integer.toString(level);
            case ZSTD -> compressedBy == CompressedBy.STEWARD ? "0" : "zstd:" + level;
        };
        return List.of(formatArgument, "--compress=" + compress);
    }

    /** Whether Steward compresses the stored stream (and a restore must decompress it). */
    boolean stewardCompresses() {
        return compressedBy == CompressedBy.STEWARD;
    }

    /** {@code custom} or {@code directory}, as the manifest records it. */
    String formatName() {
        return format.name().toLowerCase(Locale.ROOT);
    }

    /** {@code zstd}, {@code gzip} or {@code none}, as the manifest records it. */
    String codecName() {
        return codec.name().toLowerCase(Locale.ROOT);
    }

    /** {@code pg_dump} or {@code steward}, as the manifest records it. */
    String compressedByName() {
        return compressedBy.manifestName;
    }

    /** Who compressed a dump. */
    enum CompressedBy {
        PG_DUMP("pg_dump"),
        STEWARD("steward");

        private final String manifestName;

        CompressedBy(String manifestName) {
            this.manifestName = manifestName;
        }
    }
}
