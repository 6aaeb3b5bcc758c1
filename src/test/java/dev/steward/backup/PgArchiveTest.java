package dev.steward.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.backup.PgArchive.CompressedBy;
import dev.steward.catalog.BackupPolicy.Codec;
import dev.steward.catalog.BackupPolicy.Compression;
import dev.steward.catalog.BackupPolicy.Format;
import org.junit.jupiter.api.Test;

class PgArchiveTest {

    private static final PgVersion PG_DUMP_15 = PgVersion.parse("15.18").orElseThrow();
    private static final PgVersion PG_DUMP_16 = PgVersion.parse("16.4").orElseThrow();

    @Test
    void zstdWithPgDumpOlderThan16IsAnUncompressedArchiveThatStewardCompresses() {
        PgArchive archive = PgArchive.plan(Format.CUSTOM, new Compression(Codec.ZSTD, 3), PG_DUMP_15);

        assertThat(archive.compressedBy()).isEqualTo(CompressedBy.STEWARD);
        assertThat(archive.stewardCompresses()).isTrue();
        assertThat(archive.pgDumpArguments()).containsExactly("--format=custom", "--compress=0");
        assertThat(archive.compressedByName()).isEqualTo("steward");
    }

    @Test
    void zstdWithPgDump16IsPgDumpsOwn() {
        PgArchive archive = PgArchive.plan(Format.CUSTOM, new Compression(Codec.ZSTD, 5), PG_DUMP_16);

        assertThat(archive.compressedBy()).isEqualTo(CompressedBy.PG_DUMP);
        assertThat(archive.pgDumpArguments()).containsExactly("--format=custom", "--compress=zstd:5");
    }

    @Test
    void gzipIsAlwaysPgDumpsOwnAndNoneIsLevelZero() {
        assertThat(PgArchive.plan(Format.DIRECTORY, new Compression(Codec.GZIP, 6), PG_DUMP_15)
                        .pgDumpArguments())
                .containsExactly("--format=directory", "--compress=6");
        PgArchive none = PgArchive.plan(Format.CUSTOM, new Compression(Codec.NONE, 0), PG_DUMP_16);
        assertThat(none.pgDumpArguments()).containsExactly("--format=custom", "--compress=0");
        assertThat(none.compressedByName()).isEqualTo("pg_dump");
        assertThat(none.codecName()).isEqualTo("none");
    }

    @Test
    void readsTheManifestsNamesBack() throws PgFailure {
        PgArchive archive = PgArchive.ofManifest("directory", "zstd", "steward");

        assertThat(archive.format()).isEqualTo(Format.DIRECTORY);
        assertThat(archive.codec()).isEqualTo(Codec.ZSTD);
        assertThat(archive.stewardCompresses()).isTrue();
        assertThat(archive.formatName()).isEqualTo("directory");
    }

    @Test
    void refusesManifestValuesItDoesNotKnow() {
        assertThatThrownBy(() -> PgArchive.ofManifest("tar", "zstd", "pg_dump"))
                .isInstanceOf(PgFailure.class)
                .hasMessage("the manifest's format 'tar' is neither custom nor directory");
        assertThatThrownBy(() -> PgArchive.ofManifest("custom", "lz4", "pg_dump"))
                .hasMessage("the manifest's codec 'lz4' is none of zstd, gzip, none");
        assertThatThrownBy(() -> PgArchive.ofManifest("custom", "gzip", "steward"))
                .hasMessageContaining("Steward only compresses with zstd");
    }
}
