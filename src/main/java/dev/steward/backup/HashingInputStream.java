package dev.steward.backup;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Counts the bytes read through it and computes their SHA-256, to compare a stored object with its manifest while it
 * is read for a drill or a restore. Skipping is done by reading, so every byte is hashed; mark and reset are not
 * supported.
 */
class HashingInputStream extends FilterInputStream {

    private final MessageDigest sha256 = HashingOutputStream.sha256();
    private long bytes;

    HashingInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            sha256.update((byte) b);
            bytes++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            sha256.update(b, off, n);
            bytes += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[(int) Math.min(n, 64 * 1024)];
        long skipped = 0;
        while (skipped < n) {
            int read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (read < 0) {
                break;
            }
            skipped += read;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
        // Not supported: a reset would hash bytes twice.
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset is not supported while hashing");
    }

    /** How many bytes were read so far. */
    long bytes() {
        return bytes;
    }

    /** Hex SHA-256 of the bytes read so far. */
    String sha256Hex() {
        return HashingOutputStream.hex(sha256);
    }
}
