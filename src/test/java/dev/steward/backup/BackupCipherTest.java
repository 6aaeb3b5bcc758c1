package dev.steward.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BackupCipherTest {

    private static final int SEGMENT = BackupCipher.DEFAULT_SEGMENT_SIZE;
    /** Where Tink's ciphertext segments start: after Steward's header, each {@code SEGMENT} bytes long. */
    private static final int FIRST_SEGMENT = BackupCipher.HEADER_SIZE;

    private final BackupKey key = BackupKey.of(bytes(32, 1));
    private final BackupCipher cipher = new BackupCipher(key);

    @ParameterizedTest
    @ValueSource(
            ints = {
                0,
                1,
                SEGMENT - 57, // the first segment's plaintext ends here (Tink's own 40-byte header, 16-byte tag)
                SEGMENT - 56,
                SEGMENT - 55,
                SEGMENT - 1,
                SEGMENT,
                SEGMENT + 1,
                3 * 1024 * 1024 + 7
            })
    void roundTripsAnySize(int size) throws IOException {
        byte[] plain = bytes(size, size);

        byte[] sealed = encrypt(plain, "20261124T020000Z-3f9a/dump");

        assertThat(sealed.length).isGreaterThan(size + BackupCipher.HEADER_SIZE);
        assertThat(decrypt(sealed, "20261124T020000Z-3f9a/dump")).isEqualTo(plain);
    }

    @Test
    void roundTripsWhateverTheWriteSizes() throws IOException {
        byte[] plain = bytes(500_000, 7);
        ByteArrayOutputStream sealed = new ByteArrayOutputStream();
        Random random = new Random(3);
        try (OutputStream out = cipher.encrypt(sealed, "b/dump")) {
            for (int off = 0; off < plain.length; ) {
                int n = Math.min(plain.length - off, random.nextInt(1, 100_000));
                if (n == 1) {
                    out.write(plain[off]);
                } else {
                    out.write(plain, off, n);
                }
                off += n;
            }
        }
        InputStream in = cipher.decrypt(new ByteArrayInputStream(sealed.toByteArray()), "b/dump");
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && back.size() < 1000) {
            back.write(b);
        }
        back.write(b);
        back.write(in.readAllBytes());
        assertThat(back.toByteArray()).isEqualTo(plain);
    }

    @Test
    void anyRecordedSegmentSizeDecrypts() throws IOException {
        byte[] plain = bytes(300_000, 9);
        ByteArrayOutputStream sealed = new ByteArrayOutputStream();
        try (OutputStream out = new BackupCipher(key, 16 * 1024).encrypt(sealed, "b/dump")) {
            out.write(plain);
        }

        assertThat(decrypt(sealed.toByteArray(), "b/dump")).isEqualTo(plain);
    }

    @Test
    void aWrongKeyFailsBeforeDecryptingAndNamesBothKeyIds() throws IOException {
        byte[] sealed = encrypt(bytes(1000, 2), "20261124T020000Z-3f9a/dump");
        BackupKey other = BackupKey.of(bytes(32, 99));

        assertThatThrownBy(() ->
                        new BackupCipher(other).decrypt(new ByteArrayInputStream(sealed), "20261124T020000Z-3f9a/dump"))
                .isInstanceOf(IOException.class)
                .hasMessage("backup 20261124T020000Z-3f9a/dump was encrypted with key id " + key.id()
                        + "; the configured key has id " + other.id() + ": configure the key it was made with");
    }

    @Test
    void anObjectCopiedUnderAnotherBackupDoesNotDecrypt() throws IOException {
        byte[] sealed = encrypt(bytes(1000, 2), "20261124T020000Z-3f9a/dump");

        assertThatThrownBy(() -> decrypt(sealed, "20261125T020000Z-77aa/dump"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("backup object 20261125T020000Z-77aa/dump is damaged or was tampered with");
    }

    @Test
    void truncationAtASegmentBoundaryIsDetected() throws IOException {
        byte[] sealed = encrypt(bytes(3 * SEGMENT, 4), "b/dump");

        byte[] truncated = Arrays.copyOf(sealed, FIRST_SEGMENT + 2 * SEGMENT);

        assertDamaged(truncated);
    }

    @Test
    void truncationInsideASegmentIsDetected() throws IOException {
        byte[] sealed = encrypt(bytes(3 * SEGMENT, 4), "b/dump");

        assertDamaged(Arrays.copyOf(sealed, FIRST_SEGMENT + SEGMENT + 1000));
        assertDamaged(Arrays.copyOf(sealed, sealed.length - 1));
        assertDamaged(Arrays.copyOf(sealed, FIRST_SEGMENT + 20)); // inside Tink's own header
    }

    @Test
    void swappedSegmentsAreDetected() throws IOException {
        byte[] sealed = encrypt(bytes(4 * SEGMENT, 5), "b/dump");
        byte[] swapped = sealed.clone();
        int second = FIRST_SEGMENT + SEGMENT;
        int third = FIRST_SEGMENT + 2 * SEGMENT;
        System.arraycopy(sealed, second, swapped, third, SEGMENT);
        System.arraycopy(sealed, third, swapped, second, SEGMENT);

        assertDamaged(swapped);
    }

    @Test
    void aFlippedByteIsDetectedAndItsSegmentIsNeverReturned() throws IOException {
        byte[] plain = bytes(4 * SEGMENT, 6);
        byte[] sealed = encrypt(plain, "b/dump");
        byte[] flipped = sealed.clone();
        flipped[FIRST_SEGMENT + 2 * SEGMENT + 500] ^= 0x01;

        InputStream in = cipher.decrypt(new ByteArrayInputStream(flipped), "b/dump");
        byte[] buffer = new byte[plain.length];
        int read = 0;
        try {
            for (int n; (n = in.read(buffer, read, buffer.length - read)) > 0; ) {
                read += n;
            }
            throw new AssertionError("a flipped byte was not detected");
        } catch (IOException e) {
            assertThat(e).hasMessageContaining("backup object b/dump is damaged or was tampered with");
        }
        assertThat(read).as("only the segments before the damaged one").isLessThan(2 * SEGMENT);
        assertThat(Arrays.copyOf(buffer, read)).isEqualTo(Arrays.copyOf(plain, read));
    }

    @Test
    void anEditedHeaderIsDetected() throws IOException {
        byte[] sealed = encrypt(bytes(100_000, 8), "b/dump");
        byte[] edited = sealed.clone();
        ByteBuffer.wrap(edited).putInt(12, 32 * 1024); // another valid segment size

        assertDamaged(edited);
    }

    @Test
    void anUnencryptedOrGarbageObjectIsNamedAsSuch() {
        byte[] zstd = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

        assertThatThrownBy(() -> decrypt(zstd, "b/dump"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("backup object b/dump does not start with Steward's encryption header");
        assertThatThrownBy(() -> decrypt(new byte[3], "b/dump")).hasMessageContaining("3 bytes read");
        assertThatThrownBy(() -> decrypt(bytes(10_000, 1), "b/dump"))
                .hasMessageContaining("does not start with Steward's encryption header");
    }

    @Test
    void aReadErrorOfTheObjectIsReportedAsSuchNotAsTampering() throws IOException {
        byte[] sealed = encrypt(bytes(4 * SEGMENT, 6), "b/dump");
        InputStream failing = new FilterInputStream(new ByteArrayInputStream(sealed)) {
            private int left = 2 * SEGMENT;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) {
                    throw new IOException("connection reset by the storage");
                }
                int n = super.read(b, off, Math.min(len, left));
                left -= n;
                return n;
            }
        };

        InputStream in = cipher.decrypt(failing, "b/dump");

        assertThatThrownBy(in::readAllBytes)
                .isInstanceOf(IOException.class)
                .hasMessage("connection reset by the storage");
    }

    private void assertDamaged(byte[] sealed) {
        assertThatThrownBy(() -> decrypt(sealed, "b/dump"))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("backup object b/dump is damaged or was tampered with")
                .hasMessageEndingWith("restore from another copy");
    }

    private byte[] encrypt(byte[] plain, String binding) throws IOException {
        ByteArrayOutputStream sealed = new ByteArrayOutputStream();
        try (OutputStream out = cipher.encrypt(sealed, binding)) {
            out.write(plain);
        }
        return sealed.toByteArray();
    }

    private byte[] decrypt(byte[] sealed, String binding) throws IOException {
        try (InputStream in = cipher.decrypt(new ByteArrayInputStream(sealed), binding)) {
            return in.readAllBytes();
        }
    }

    private static byte[] bytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
