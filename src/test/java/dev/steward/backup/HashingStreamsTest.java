package dev.steward.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HashingStreamsTest {

    private static final byte[] ABC = "abc".getBytes(StandardCharsets.US_ASCII);
    private static final String SHA256_ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    private static final String SHA256_EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void writingCountsAndHashesWhatPassesThrough() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        HashingOutputStream out = new HashingOutputStream(sink);
        assertThat(out.sha256Hex()).isEqualTo(SHA256_EMPTY);

        out.write('a');
        out.write(ABC, 1, 2);
        out.close();

        assertThat(sink.toByteArray()).isEqualTo(ABC);
        assertThat(out.bytes()).isEqualTo(3);
        assertThat(out.sha256Hex()).isEqualTo(SHA256_ABC).isEqualTo(out.sha256Hex());
    }

    @Test
    void readingCountsAndHashesEveryByteIncludingSkippedOnes() throws IOException {
        HashingInputStream in = new HashingInputStream(new ByteArrayInputStream(ABC));

        assertThat(in.read()).isEqualTo('a');
        assertThat(in.skip(1)).isEqualTo(1);
        assertThat(in.readAllBytes()).containsExactly('c');
        assertThat(in.read()).isEqualTo(-1);

        assertThat(in.bytes()).isEqualTo(3);
        assertThat(in.sha256Hex()).isEqualTo(SHA256_ABC);
        assertThat(in.markSupported()).isFalse();
    }
}
