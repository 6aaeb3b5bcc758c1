package dev.steward.backup;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.Random;

/**
 * Throughput of encryption at rest (run by bench/encryption.sh, not by the tests): encrypts and decrypts the same data
 * with 16 KiB, 64 KiB and 1 MiB segments, in memory so that only the cipher is measured, and SHA-256 of it for scale
 * (every stored byte is hashed too).
 *
 * <p>Arguments: megabytes of data (default 256), then segment sizes in KiB (default 16 64 1024).
 */
final class EncryptionBench {

    private static final int CHUNK = 1024 * 1024;

    private EncryptionBench() {}

    public static void main(String[] args) throws Exception {
        int megabytes = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int[] segmentsKiB = {16, 64, 1024};
        if (args.length > 1) {
            segmentsKiB = new int[args.length - 1];
            for (int i = 1; i < args.length; i++) {
                segmentsKiB[i - 1] = Integer.parseInt(args[i]);
            }
        }
        byte[] chunk = new byte[CHUNK];
        new Random(1).nextBytes(chunk); // content does not matter to AES-GCM
        BackupKey key = BackupKey.of(new byte[32]);
        long bytes = (long) megabytes * CHUNK;
        System.out.printf(
                "java %s, %d cores; %d MiB per run, best of 3 after a warm-up%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), megabytes);

        double sha = 0;
        for (int run = 0; run < 4; run++) {
            long start = System.nanoTime();
            MessageDigest digest = HashingOutputStream.sha256();
            for (long done = 0; done < bytes; done += CHUNK) {
                digest.update(chunk);
            }
            digest.digest();
            if (run > 0) {
                sha = Math.max(sha, rate(bytes, start));
            }
        }
        System.out.printf("sha256                     %8.0f MB/s%n", sha);

        for (int segmentKiB : segmentsKiB) {
            BackupCipher cipher = new BackupCipher(key, segmentKiB * 1024);
            double encrypt = 0;
            double decrypt = 0;
            for (int run = 0; run < 4; run++) {
                ByteSink sink = new ByteSink(bytes + bytes / 100 + 1024);
                long start = System.nanoTime();
                try (OutputStream out = cipher.encrypt(sink, "bench/dump")) {
                    for (long done = 0; done < bytes; done += CHUNK) {
                        out.write(chunk);
                    }
                }
                if (run > 0) {
                    encrypt = Math.max(encrypt, rate(bytes, start));
                }

                byte[] buffer = new byte[CHUNK];
                start = System.nanoTime();
                long read = 0;
                try (InputStream in =
                        cipher.decrypt(new ByteArrayInputStream(sink.buffer, 0, sink.size), "bench/dump")) {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        read += n;
                    }
                }
                if (read != bytes) {
                    throw new IllegalStateException("decrypted " + read + " bytes of " + bytes);
                }
                if (run > 0) {
                    decrypt = Math.max(decrypt, rate(bytes, start));
                }
            }
            System.out.printf(
                    "segments %5d KiB: encrypt %6.0f MB/s   decrypt %6.0f MB/s%n", segmentKiB, encrypt, decrypt);
        }
    }

    private static double rate(long bytes, long startNanos) {
        return bytes / 1e6 / ((System.nanoTime() - startNanos) / 1e9);
    }

    /** A preallocated in-memory sink (a ByteArrayOutputStream would copy on growth and skew the numbers). */
    private static final class ByteSink extends OutputStream {
        private final byte[] buffer;
        private int size;

        ByteSink(long capacity) {
            buffer = new byte[Math.toIntExact(capacity)];
        }

        @Override
        public void write(int b) {
            buffer[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (size + len > buffer.length) {
                throw new IOException("bench sink full");
            }
            System.arraycopy(b, off, buffer, size, len);
            size += len;
        }
    }
}
