package dev.steward.backup;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Passes bytes through while counting them and computing their SHA-256: placed just before the storage, it yields the
 * size and checksum of the object as stored (after compression and encryption), which the manifest records.
 */
final class HashingOutputStream extends FilterOutputStream {

    private final MessageDigest sha256 = sha256();
    private long bytes;

    HashingOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        sha256.update((byte) b);
        bytes++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        sha256.update(b, off, len);
        bytes += len;
    }

    /** How many bytes went through so far. */
    long bytes() {
        return bytes;
    }

    /** Hex SHA-256 of the bytes so far (the stream can go on). */
    String sha256Hex() {
        return hex(sha256);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    static String hex(MessageDigest digest) {
        try {
            return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digests of this Java runtime cannot be copied", e);
        }
    }
}
