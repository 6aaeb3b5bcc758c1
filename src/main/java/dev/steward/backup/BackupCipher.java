package dev.steward.backup;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingKey;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingParameters;
import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import com.google.crypto.tink.util.SecretBytes;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * Encryption at rest for backup objects: AES-256-GCM in segments (Tink's AES-GCM-HKDF streaming AEAD), each segment
 * authenticated with its index and a final-segment marker, so a flipped byte, a reordered or a missing segment, and a
 * truncated object all fail to decrypt. A fresh random salt per object derives its own AES key from the backup key.
 *
 * <p>An encrypted object starts with Steward's 16-byte header: {@code STWDBKP}, format version 1, the key id (4 bytes)
 * and the ciphertext segment size (4 bytes, big-endian). The header and the object's binding (e.g. the backup id and
 * part, {@code 20261124T020000Z-3f9a/dump}) are the associated data of every segment: a header edited by hand or an
 * object copied under another backup does not decrypt. A wrong key is reported from the header, before any byte is
 * decrypted.
 */
final class BackupCipher {

    /**
     * 64 KiB segments: little plaintext held before it authenticates, a damaged byte costs one segment, and within
     * 25 % of 1 MiB segments' speed at about 3 GB/s (bench/encryption.sh), far above what pg_dump and zstd produce.
     */
    static final int DEFAULT_SEGMENT_SIZE = 64 * 1024;

    static final int HEADER_SIZE = 16;
    private static final byte[] MAGIC = "STWDBKP".getBytes(StandardCharsets.US_ASCII);
    private static final byte FORMAT = 1;
    private static final int MIN_SEGMENT_SIZE = 1024;
    private static final int MAX_SEGMENT_SIZE = 8 * 1024 * 1024;

    private final BackupKey key;
    private final int segmentSize;

    BackupCipher(BackupKey key) {
        this(key, DEFAULT_SEGMENT_SIZE);
    }

    /** With another ciphertext segment size (benchmarks); objects record theirs, so any size decrypts. */
    BackupCipher(BackupKey key, int segmentSize) {
        if (segmentSize < MIN_SEGMENT_SIZE || segmentSize > MAX_SEGMENT_SIZE) {
            throw new IllegalArgumentException("segment size must be between 1 KiB and 8 MiB, not " + segmentSize);
        }
        this.key = key;
        this.segmentSize = segmentSize;
    }

    /** The id of the key objects are encrypted with, for the manifest. */
    String keyId() {
        return key.id();
    }

    /**
     * Encrypts what is written to the returned stream into {@code out}. Closing it writes the last segment (with the
     * final-segment marker) and closes {@code out}; an object whose stream was not closed does not decrypt.
     *
     * @param binding what the object is, e.g. {@code <backup id>/dump}; decrypting needs the same value
     */
    OutputStream encrypt(OutputStream out, String binding) throws IOException {
        byte[] header = header(segmentSize);
        out.write(header);
        try {
            return aead(segmentSize).newEncryptingStream(out, associatedData(header, binding));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot start encrypting " + binding + ": " + e.getMessage(), e);
        }
    }

    /**
     * Decrypts an object written by {@link #encrypt}. A wrong key or a foreign object fails here, before anything is
     * decrypted; a damaged, truncated or reordered object fails while reading, at the first segment that does not
     * authenticate, with an {@link IOException} that says so. Bytes are returned only from segments that did
     * authenticate, but a reader sees the segments before a damaged one.
     *
     * @param binding the value the object was encrypted with
     */
    InputStream decrypt(InputStream in, String binding) throws IOException {
        byte[] header = in.readNBytes(HEADER_SIZE);
        if (header.length < HEADER_SIZE || !Arrays.equals(header, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IOException("backup object " + binding + " does not start with Steward's encryption header: it"
                    + " is not encrypted, or it is damaged (" + header.length + " bytes read)");
        }
        ByteBuffer fields = ByteBuffer.wrap(header, MAGIC.length, HEADER_SIZE - MAGIC.length);
        byte format = fields.get();
        if (format != FORMAT) {
            throw new IOException("backup object " + binding + " was encrypted in format " + format
                    + ", which this version of Steward cannot read (it reads format " + FORMAT + "): upgrade Steward");
        }
        byte[] keyId = new byte[4];
        fields.get(keyId);
        String objectKeyId = HexFormat.of().formatHex(keyId);
        if (!objectKeyId.equals(key.id())) {
            throw new IOException("backup " + binding + " was encrypted with key id " + objectKeyId
                    + "; the configured key has id " + key.id() + ": configure the key it was made with");
        }
        int objectSegmentSize = fields.getInt();
        if (objectSegmentSize < MIN_SEGMENT_SIZE || objectSegmentSize > MAX_SEGMENT_SIZE) {
            throw damaged(binding, "its header names a segment size of " + objectSegmentSize + " bytes", null);
        }
        SourceStream source = new SourceStream(in);
        InputStream plain;
        try {
            plain = aead(objectSegmentSize).newDecryptingStream(source, associatedData(header, binding));
        } catch (GeneralSecurityException e) {
            throw damaged(binding, e.getMessage(), e);
        }
        return new AuthenticatedStream(plain, source, binding);
    }

    private byte[] header(int segment) {
        return ByteBuffer.allocate(HEADER_SIZE)
                .put(MAGIC)
                .put(FORMAT)
                .put(HexFormat.of().parseHex(key.id()))
                .putInt(segment)
                .array();
    }

    private static byte[] associatedData(byte[] header, String binding) {
        byte[] name = binding.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(header.length + name.length)
                .put(header)
                .put(name)
                .array();
    }

    private StreamingAead aead(int segment) throws GeneralSecurityException {
        AesGcmHkdfStreamingParameters parameters = AesGcmHkdfStreamingParameters.builder()
                .setKeySizeBytes(BackupKey.SIZE)
                .setDerivedAesGcmKeySizeBytes(32)
                .setHkdfHashType(AesGcmHkdfStreamingParameters.HashType.SHA256)
                .setCiphertextSegmentSizeBytes(segment)
                .build();
        return AesGcmHkdfStreaming.create(AesGcmHkdfStreamingKey.create(
                parameters, SecretBytes.copyFrom(key.material(), InsecureSecretKeyAccess.get())));
    }

    private static IOException damaged(String binding, String detail, @Nullable Throwable cause) {
        return new IOException(
                "backup object " + binding + " is damaged or was tampered with: " + detail
                        + "; restore from another copy",
                cause);
    }

    /** Marks read errors of the underlying object, so that they are not taken for failed authentication. */
    private static final class SourceFailure extends IOException {
        private static final long serialVersionUID = 1L;

        SourceFailure(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** The stored object's bytes after the header: counts them and marks their read errors. */
    private static final class SourceStream extends FilterInputStream {
        private long position = HEADER_SIZE;

        SourceStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                int n = in.read(b, off, len);
                if (n > 0) {
                    position += n;
                }
                return n;
            } catch (IOException e) {
                throw new SourceFailure(e);
            }
        }
    }

    /** Tink's decrypting stream, with its errors told apart: the object's bytes did not authenticate, or reading failed. */
    private static final class AuthenticatedStream extends FilterInputStream {
        private final SourceStream source;
        private final String binding;

        AuthenticatedStream(InputStream in, SourceStream source, String binding) {
            super(in);
            this.source = source;
            this.binding = binding;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw translate(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (IOException e) {
                throw translate(e);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                return in.skip(n);
            } catch (IOException e) {
                throw translate(e);
            }
        }

        private IOException translate(IOException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof SourceFailure failure) {
                    return (IOException) failure.getCause();
                }
            }
            String detail = e.getMessage() == null
                    ? e.toString()
                    : e.getMessage().lines().findFirst().orElse("");
            return damaged(
                    binding,
                    "a segment read by byte " + source.position + " of the stored object does not"
                            + " authenticate: bytes were changed, reordered or cut off (" + detail + ")",
                    e);
        }
    }
}
