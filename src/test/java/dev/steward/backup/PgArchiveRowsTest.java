package dev.steward.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class PgArchiveRowsTest {

    @Test
    void countsNewlinesAtEveryOffsetAndLengthLikeAByteLoop() {
        byte[] data = new byte[300];
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < data.length; i++) {
            // newlines, bytes with the high bit set and bytes next to '\n' (0x09, 0x0B), to catch borrow mistakes
            data[i] = (byte)
                    switch (random.nextInt(5)) {
                        case 0 -> '\n';
                        case 1 -> 0x8A;
                        case 2 -> 0x0B;
                        case 3 -> 0x09;
                        default -> 'a' + random.nextInt(26);
                    };
        }
        for (int offset = 0; offset < 20; offset++) {
            for (int length = 0; offset + length <= data.length; length += 7) {
                int expected = 0;
                for (int i = offset; i < offset + length; i++) {
                    expected += data[i] == '\n' ? 1 : 0;
                }
                assertThat(PgArchiveRows.newlines(data, offset, length))
                        .as("offset %d, length %d", offset, length)
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void countsEachTablesCopyLinesAndForwardsEveryByte() throws IOException {
        byte[] archive = new Archive(14, 0)
                .entry(1, "ENCODING", "ENCODING", null)
                .entry(200, "TABLE", "accounts", "public")
                .entry(3001, "TABLE DATA", "accounts", "public")
                .entry(3002, "TABLE DATA", "Invoice \"Lines\"", "Billing")
                .entry(3003, "TABLE DATA", "empty", "public")
                .entry(3004, "BLOBS", "BLOBS", null)
                .data(3001, "1\ta\n2\tb\n", "3\tline one\\nline two\n")
                .largeObjects(3004, "large object\nwith a newline")
                .data(3002, "1\t9.50\n")
                .data(3003)
                .bytes();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        PgArchiveRows.Outcome outcome = PgArchiveRows.copy(new ByteArrayInputStream(archive), out);

        assertThat(out.toByteArray()).isEqualTo(archive);
        assertThat(outcome.bytes()).isEqualTo(archive.length);
        assertThat(outcome.unreadable()).isEmpty();
        assertThat(outcome.rows())
                .contains(Map.of("public.accounts", 3L, "Billing.Invoice \"Lines\"", 1L, "public.empty", 0L));
    }

    @Test
    void theEndMarkerMaySitInAChunkOfItsOwnOrBeSplitAcrossChunks() throws IOException {
        byte[] archive = new Archive(14, 0)
                .entry(3001, "TABLE DATA", "a", "public")
                .entry(3002, "TABLE DATA", "b", "public")
                .rawData(3001, "1\n2\n\\", ".\n", "\n\n")
                .rawData(3002, "\\.\n\n\n")
                .bytes();

        PgArchiveRows.Outcome outcome =
                PgArchiveRows.copy(new ByteArrayInputStream(archive), new ByteArrayOutputStream());

        assertThat(outcome.rows()).contains(Map.of("public.a", 2L, "public.b", 0L));
    }

    @Test
    void dataWithoutTheEndMarkerIsNotCounted() throws IOException {
        byte[] archive = new Archive(14, 0)
                .entry(3001, "TABLE DATA", "a", "public")
                .rawData(3001, "1\n2\n")
                .bytes();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        PgArchiveRows.Outcome outcome = PgArchiveRows.copy(new ByteArrayInputStream(archive), out);

        assertThat(out.toByteArray()).isEqualTo(archive);
        assertThat(outcome.rows()).isEmpty();
        assertThat(outcome.unreadable()).contains("a table's data does not end with pg_dump's end-of-data marker");
    }

    @Test
    void aStreamThatIsNoArchiveIsCopiedUnchangedWithoutCounts() throws IOException {
        byte[] text = "-- plain SQL, not an archive\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        PgArchiveRows.Outcome outcome = PgArchiveRows.copy(new ByteArrayInputStream(text), out);

        assertThat(out.toByteArray()).isEqualTo(text);
        assertThat(outcome.rows()).isEmpty();
        assertThat(outcome.unreadable()).contains("it does not start like a custom-format archive");
    }

    @Test
    void anArchiveCompressedByPgDumpOrOfANewerVersionIsCopiedWithoutCounts() throws IOException {
        for (byte[] archive : new byte[][] {
            new Archive(14, 6).entry(3001, "TABLE DATA", "t", "public").bytes(),
            new Archive(16, 0).entry(3001, "TABLE DATA", "t", "public").bytes(),
            new Archive(13, 0).entry(3001, "TABLE DATA", "t", "public").bytes()
        }) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();

            PgArchiveRows.Outcome outcome = PgArchiveRows.copy(new ByteArrayInputStream(archive), out);

            assertThat(out.toByteArray()).isEqualTo(archive);
            assertThat(outcome.rows()).isEmpty();
        }
    }

    @Test
    void anArchiveThatEndsEarlyIsCopiedAsFarAsItGoesWithoutCounts() throws IOException {
        byte[] archive = new Archive(14, 0)
                .entry(3001, "TABLE DATA", "accounts", "public")
                .data(3001, "1\ta\n".repeat(10_000))
                .bytes();
        for (int length : new int[] {3, 40, archive.length / 2, archive.length - 1}) {
            byte[] truncated = Arrays.copyOf(archive, length);
            ByteArrayOutputStream out = new ByteArrayOutputStream();

            PgArchiveRows.Outcome outcome = PgArchiveRows.copy(new ByteArrayInputStream(truncated), out);

            assertThat(out.toByteArray()).isEqualTo(truncated);
            assertThat(outcome.rows()).isEmpty();
            assertThat(outcome.unreadable())
                    .hasValueSatisfying(why -> assertThat(why).contains("ends"));
        }
    }

    /** Writes archives the way pg_dump 11 to 15 does to a pipe (integers of 4 bytes, offsets of 8, none set). */
    private static final class Archive {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final ByteArrayOutputStream entries = new ByteArrayOutputStream();
        private final ByteArrayOutputStream data = new ByteArrayOutputStream();
        private final int minor;
        private final int compression;
        private int count;

        Archive(int minor, int compression) {
            this.minor = minor;
            this.compression = compression;
        }

        Archive entry(int dumpId, String description, String tag, @Nullable String namespace) {
            integer(entries, dumpId);
            integer(entries, 1);
            string(entries, "0");
            string(entries, "0");
            string(entries, tag);
            string(entries, description);
            integer(entries, 2);
            string(entries, "");
            string(entries, "");
            string(entries, description.equals("TABLE DATA") ? "COPY x FROM stdin;\n" : "");
            string(entries, namespace);
            string(entries, "");
            string(entries, "heap");
            string(entries, "postgres");
            string(entries, "false");
            string(entries, "200");
            string(entries, null);
            entries.write(1); // data state: position not set
            entries.writeBytes(new byte[8]);
            count++;
            return this;
        }

        /** A table's COPY data in chunks, ended as pg_dump ends it. */
        Archive data(int dumpId, String... chunks) {
            String[] ended = Arrays.copyOf(chunks, chunks.length + 1);
            ended[chunks.length] = "\\.\n\n\n";
            return rawData(dumpId, ended);
        }

        Archive rawData(int dumpId, String... chunks) {
            data.write(1);
            integer(data, dumpId);
            for (String chunk : chunks) {
                byte[] text = chunk.getBytes(StandardCharsets.UTF_8);
                integer(data, text.length);
                data.writeBytes(text);
            }
            integer(data, 0);
            return this;
        }

        Archive largeObjects(int dumpId, String content) {
            data.write(3);
            integer(data, dumpId);
            integer(data, 16384); // the large object's oid
            byte[] text = content.getBytes(StandardCharsets.UTF_8);
            integer(data, text.length);
            data.writeBytes(text);
            integer(data, 0);
            integer(data, 0);
            return this;
        }

        byte[] bytes() {
            bytes.writeBytes("PGDMP".getBytes(StandardCharsets.US_ASCII));
            bytes.writeBytes(new byte[] {1, (byte) minor, 0, 4, 8, 1});
            integer(bytes, compression);
            for (int i = 0; i < 7; i++) {
                integer(bytes, 1);
            }
            string(bytes, "shop");
            string(bytes, "15.19");
            string(bytes, "15.18");
            integer(bytes, count);
            bytes.writeBytes(entries.toByteArray());
            bytes.writeBytes(data.toByteArray());
            return bytes.toByteArray();
        }

        private static void integer(ByteArrayOutputStream out, int value) {
            out.write(value < 0 ? 1 : 0);
            int magnitude = Math.abs(value);
            for (int i = 0; i < 4; i++) {
                out.write(magnitude >>> (8 * i) & 0xff);
            }
        }

        private static void string(ByteArrayOutputStream out, @Nullable String text) {
            if (text == null) {
                integer(out, -1);
                return;
            }
            byte[] encoded = text.getBytes(StandardCharsets.UTF_8);
            integer(out, encoded.length);
            out.writeBytes(encoded);
        }
    }
}
