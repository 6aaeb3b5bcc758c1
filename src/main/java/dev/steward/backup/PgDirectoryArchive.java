package dev.steward.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * A pg_dump directory-format dump as one tar stream (POSIX ustar; sizes of 8 GiB and more in the binary form GNU tar
 * reads), so it is stored and checksummed as one object like a custom-format dump. Writing reads the files one after
 * the other; extracting refuses names that leave the target directory, entries other than files and directories, and
 * a stream that ends early.
 */
final class PgDirectoryArchive {

    private static final int BLOCK = 512;
    private static final long LARGEST_OCTAL_SIZE = 077777777777L;

    private PgDirectoryArchive() {}

    /**
     * Writes every regular file under {@code directory} (names relative to it) as a tar stream.
     *
     * @return the files' bytes
     */
    static long write(Path directory, OutputStream out) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(directory)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        long total = 0;
        for (Path file : files) {
            String name = directory.relativize(file).toString().replace('\\', '/');
            long size = Files.size(file);
            out.write(header(name, size, Files.getLastModifiedTime(file).toMillis() / 1000));
            long copied;
            try (InputStream in = Files.newInputStream(file)) {
                copied = in.transferTo(out);
            }
            if (copied != size) {
                throw new IOException(file + " changed size while it was archived: " + size + " then " + copied);
            }
            out.write(new byte[padding(size)]);
            total += size;
        }
        out.write(new byte[2 * BLOCK]);
        return total;
    }

    /**
     * Extracts a tar stream written by {@link #write} into {@code directory}.
     *
     * @return the files' bytes
     * @throws PgFailure when the stream is not such a tar stream, is corrupt or ends early
     */
    static long extract(InputStream in, Path directory) throws IOException {
        Path root = directory.toAbsolutePath().normalize();
        long total = 0;
        byte[] block = new byte[BLOCK];
        while (true) {
            if (in.readNBytes(block, 0, BLOCK) < BLOCK) {
                throw new PgFailure("the directory dump ends early (after " + total + " bytes of files, before the"
                        + " end of the archive): the stored object is truncated");
            }
            if (isZero(block)) {
                return total;
            }
            checkChecksum(block);
            String name = text(block, 0, 100);
            char type = (char) block[156];
            Path target = root.resolve(name).normalize();
            if (name.isEmpty() || name.startsWith("/") || !target.startsWith(root) || target.equals(root)) {
                throw new PgFailure("the directory dump names '" + name + "', outside its directory: refusing it");
            }
            if (type == '5') {
                Files.createDirectories(target);
                continue;
            }
            if (type != '0' && type != '\0') {
                throw new PgFailure("the directory dump holds '" + name + "' of tar type '" + type + "'; a pg_dump"
                        + " directory has files only");
            }
            long size = size(block);
            Files.createDirectories(target.getParent());
            try (OutputStream file = Files.newOutputStream(target)) {
                long copied = copy(in, file, size);
                if (copied < size) {
                    throw new PgFailure("the directory dump ends early, in " + name + " (" + copied + " of " + size
                            + " bytes): the stored object is truncated");
                }
            }
            int padding = padding(size);
            if (in.readNBytes(block, 0, padding) < padding) {
                throw new PgFailure(
                        "the directory dump ends early, after " + name + ": the stored object is" + " truncated");
            }
            total += size;
        }
    }

    private static long copy(InputStream in, OutputStream out, long size) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long copied = 0;
        while (copied < size) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, size - copied));
            if (read < 0) {
                break;
            }
            out.write(buffer, 0, read);
            copied += read;
        }
        return copied;
    }

    static byte[] header(String name, long size, long modifiedSeconds) throws IOException {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length > 100) {
            throw new IOException("cannot archive " + name + ": names are limited to 100 bytes");
        }
        byte[] header = new byte[BLOCK];
        System.arraycopy(nameBytes, 0, header, 0, nameBytes.length);
        octal(header, 100, 8, 0600);
        octal(header, 108, 8, 0);
        octal(header, 116, 8, 0);
        if (size > LARGEST_OCTAL_SIZE) {
            header[124] = (byte) 0x80;
            for (int i = 0; i < 8; i++) {
                header[135 - i] = (byte) (size >>> (8 * i));
            }
        } else {
            octal(header, 124, 12, size);
        }
        octal(header, 136, 12, Math.max(0, modifiedSeconds));
        header[156] = '0';
        System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, header, 257, 6);
        header[263] = '0';
        header[264] = '0';
        Arrays.fill(header, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        octal(header, 148, 7, sum);
        return header;
    }

    private static void octal(byte[] header, int offset, int length, long value) {
        String digits = Long.toOctalString(value);
        String padded = "0".repeat(Math.max(0, length - 1 - digits.length())) + digits;
        byte[] bytes = padded.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, length - 1);
        header[offset + length - 1] = 0;
    }

    private static long size(byte[] header) throws PgFailure {
        if ((header[124] & 0x80) != 0) {
            long size = 0;
            for (int i = 128; i < 136; i++) {
                size = (size << 8) | (header[i] & 0xff);
            }
            return size;
        }
        return parseOctal(header, 124, 12, "size");
    }

    private static void checkChecksum(byte[] header) throws PgFailure {
        long expected = parseOctal(header, 148, 8, "checksum");
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += i >= 148 && i < 156 ? ' ' : header[i] & 0xff;
        }
        if (sum != expected) {
            throw new PgFailure("the directory dump is corrupt: a tar header's checksum does not match");
        }
    }

    private static long parseOctal(byte[] header, int offset, int length, String field) throws PgFailure {
        String digits = text(header, offset, length).strip();
        try {
            return digits.isEmpty() ? 0 : Long.parseLong(digits, 8);
        } catch (NumberFormatException e) {
            throw new PgFailure(
                    "the directory dump is not a tar stream: the " + field + " field reads '" + digits + "'", e);
        }
    }

    private static String text(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static int padding(long size) {
        return (int) ((BLOCK - size % BLOCK) % BLOCK);
    }
}
