package dev.steward.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PgDirectoryArchiveTest {

    @TempDir
    Path temp;

    @Test
    void aDirectoryComesBackByteForByte() throws IOException {
        Path dump = Files.createDirectories(temp.resolve("dump"));
        byte[] data = new byte[700_001];
        new Random(7).nextBytes(data);
        Files.write(dump.resolve("3358.dat.gz"), data);
        Files.writeString(dump.resolve("toc.dat"), "table of contents");
        Files.write(dump.resolve("3359.dat"), new byte[0]);
        Files.write(dump.resolve("3360.dat"), new byte[512]);
        ByteArrayOutputStream tar = new ByteArrayOutputStream();

        long written = PgDirectoryArchive.write(dump, tar);
        Path restored = temp.resolve("restored");
        long extracted = PgDirectoryArchive.extract(new ByteArrayInputStream(tar.toByteArray()), restored);

        assertThat(written).isEqualTo(extracted).isEqualTo(700_001 + 17 + 512);
        assertThat(Files.readAllBytes(restored.resolve("3358.dat.gz"))).isEqualTo(data);
        assertThat(Files.readString(restored.resolve("toc.dat"))).isEqualTo("table of contents");
        assertThat(Files.size(restored.resolve("3359.dat"))).isZero();
        assertThat(Files.size(restored.resolve("3360.dat"))).isEqualTo(512);
        assertThat(tar.size() % 512).isZero();
    }

    @Test
    void theStreamIsATarThatTheTarProgramReads() throws Exception {
        Path dump = Files.createDirectories(temp.resolve("dump"));
        Files.writeString(dump.resolve("toc.dat"), "hello");
        Path file = temp.resolve("dump.tar");
        try (var out = Files.newOutputStream(file)) {
            PgDirectoryArchive.write(dump, out);
        }

        Process tar = new ProcessBuilder("tar", "-tvf", file.toString())
                .redirectErrorStream(true)
                .start();
        String listing = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(tar.waitFor()).as(listing).isZero();
        assertThat(listing).contains("toc.dat").contains(" 5 ");
    }

    @Test
    void sizesOf8GiBAndMoreAreWrittenInBinary() throws IOException {
        long size = 9L * 1024 * 1024 * 1024;
        byte[] header = PgDirectoryArchive.header("big.dat", size, 0);

        assertThat(header[124] & 0xff).isEqualTo(0x80);
        long read = 0;
        for (int i = 128; i < 136; i++) {
            read = (read << 8) | (header[i] & 0xff);
        }
        assertThat(read).isEqualTo(size);
    }

    @Test
    void aTruncatedStreamFails() throws IOException {
        Path dump = Files.createDirectories(temp.resolve("dump"));
        Files.write(dump.resolve("3358.dat"), new byte[100_000]);
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        PgDirectoryArchive.write(dump, tar);
        byte[] truncated = Arrays.copyOf(tar.toByteArray(), 50_000);

        assertThatThrownBy(
                        () -> PgDirectoryArchive.extract(new ByteArrayInputStream(truncated), temp.resolve("restored")))
                .isInstanceOf(PgFailure.class)
                .hasMessage("the directory dump ends early, in 3358.dat (49488 of 100000 bytes): the stored object is"
                        + " truncated");
        byte[] withoutEnd = Arrays.copyOf(tar.toByteArray(), tar.size() - 1024);
        assertThatThrownBy(() ->
                        PgDirectoryArchive.extract(new ByteArrayInputStream(withoutEnd), temp.resolve("restored2")))
                .hasMessageContaining("ends early")
                .hasMessageContaining("truncated");
    }

    @Test
    void aCorruptHeaderFails() throws IOException {
        byte[] header = PgDirectoryArchive.header("toc.dat", 0, 0);
        header[3] ^= 1;

        assertThatThrownBy(() -> PgDirectoryArchive.extract(new ByteArrayInputStream(header), temp))
                .isInstanceOf(PgFailure.class)
                .hasMessage("the directory dump is corrupt: a tar header's checksum does not match");
    }

    @Test
    void namesOutsideTheDirectoryAreRefused() throws IOException {
        byte[] stream = new byte[512 * 3];
        System.arraycopy(PgDirectoryArchive.header("../evil", 0, 0), 0, stream, 0, 512);

        assertThatThrownBy(() -> PgDirectoryArchive.extract(new ByteArrayInputStream(stream), temp.resolve("x")))
                .isInstanceOf(PgFailure.class)
                .hasMessage("the directory dump names '../evil', outside its directory: refusing it");
        assertThat(temp.resolve("evil")).doesNotExist();
    }
}
