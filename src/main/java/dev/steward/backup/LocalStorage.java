package dev.steward.backup;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backups in a directory on Steward's host or a mounted volume. An object {@code a/b/dump} is the file
 * {@code <directory>/a/b/dump}. While it is written it is the hidden file {@code a/b/.dump.partial-<random>} next to
 * it; {@link Upload#complete()} flushes and fsyncs it, renames it atomically into place and fsyncs the directory, so
 * after a crash either the whole object is there or only a partial file that {@link #cleanLeftovers()} removes.
 */
final class LocalStorage implements BackupStorage {

    private static final Logger log = LoggerFactory.getLogger(LocalStorage.class);
    private static final Pattern PARTIAL = Pattern.compile("\\..+\\.partial-[0-9a-f]+");

    private final Path root;
    private final SecureRandom random = new SecureRandom();
    /** Partial files this instance is writing now; {@link #cleanLeftovers()} spares them. */
    private final Set<Path> writing = ConcurrentHashMap.newKeySet();

    LocalStorage(Path directory) {
        this.root = directory.toAbsolutePath().normalize();
    }

    @Override
    public String describe() {
        return "directory " + root;
    }

    @Override
    public Upload create(String key) throws IOException {
        Path target = resolve(key);
        for (int attempt = 1; ; attempt++) {
            createParents(target.getParent());
            Path partial = target.resolveSibling(
                    "." + target.getFileName() + ".partial-" + HexFormat.of().toHexDigits(random.nextLong()));
            try {
                FileChannel channel =
                        FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                writing.add(partial);
                return new LocalUpload(key, target, partial, channel);
            } catch (NoSuchFileException e) {
                // A concurrent delete removed the now-empty parent directory between creating it and the file.
                if (attempt == 3) {
                    throw e;
                }
            } catch (AccessDeniedException e) {
                throw notWritable(target.getParent(), e);
            } catch (FileAlreadyExistsException e) {
                // Two random names collided; draw again.
            }
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        Path file = resolve(key);
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(key, null, "no backup object '" + key + "' in " + describe());
        }
    }

    @Override
    public Optional<StoredObject> stat(String key) throws IOException {
        Path file = resolve(key);
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                return Optional.empty();
            }
            return Optional.of(new StoredObject(
                    key, attributes.size(), attributes.lastModifiedTime().toInstant()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<StoredObject> list(String prefix) throws IOException {
        StorageKeys.checkPrefix(prefix);
        // Walk only the deepest directory the prefix names completely; the rest is filtered by name.
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        List<StoredObject> objects = new ArrayList<>();
        try (Stream<Path> files = Files.walk(start)) {
            files.forEach(file -> {
                String name = file.getFileName().toString();
                if (file.equals(start) || name.startsWith(".")) {
                    return;
                }
                String key = keyOf(file);
                if (!key.startsWith(prefix)) {
                    return;
                }
                try {
                    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                    if (attributes.isRegularFile()) {
                        objects.add(new StoredObject(
                                key,
                                attributes.size(),
                                attributes.lastModifiedTime().toInstant()));
                    }
                } catch (NoSuchFileException e) {
                    // Deleted while listing: it is simply not there any more.
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        objects.sort((a, b) -> a.key().compareTo(b.key()));
        return objects;
    }

    @Override
    public void delete(String key) throws IOException {
        Path file = resolve(key);
        Files.deleteIfExists(file);
        // Remove directories the object leaves empty (policy/backup-id/), never the storage's own directory.
        for (Path dir = file.getParent(); dir != null && !dir.equals(root) && dir.startsWith(root); ) {
            try {
                Files.delete(dir);
            } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                break;
            }
            dir = dir.getParent();
        }
    }

    @Override
    public int cleanLeftovers() throws IOException {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        List<Path> leftovers;
        try (Stream<Path> files = Files.walk(root)) {
            leftovers = files.filter(file ->
                            PARTIAL.matcher(file.getFileName().toString()).matches()
                                    && Files.isRegularFile(file)
                                    && !writing.contains(file))
                    .toList();
        }
        for (Path leftover : leftovers) {
            Files.deleteIfExists(leftover);
            log.atInfo()
                    .addKeyValue("event", "backup_leftover_removed")
                    .addKeyValue("storage", describe())
                    .addKeyValue("file", leftover.toString())
                    .log("Removed {}, left by a backup that was interrupted while it was written", leftover);
        }
        return leftovers.size();
    }

    @Override
    public OptionalLong freeSpace() throws IOException {
        createParents(root);
        return OptionalLong.of(Files.getFileStore(root).getUsableSpace());
    }

    private Path resolve(String key) {
        Path file = root.resolve(StorageKeys.check(key)).normalize();
        if (!file.startsWith(root) || file.equals(root)) {
            throw new IllegalArgumentException("backup object key '" + key + "' leaves " + describe());
        }
        return file;
    }

    private String keyOf(Path file) {
        return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    private void createParents(Path dir) throws IOException {
        try {
            Files.createDirectories(dir);
        } catch (AccessDeniedException e) {
            throw notWritable(dir, e);
        } catch (FileSystemException e) {
            Path inTheWay = dir;
            while (inTheWay != null && !Files.isRegularFile(inTheWay)) {
                inTheWay = inTheWay.getParent();
            }
            if (inTheWay == null) {
                throw new IOException("backup directory " + dir + " cannot be created: " + e, e);
            }
            throw new IOException(
                    "backup directory " + dir + " cannot be created: " + inTheWay
                            + " is not a directory but a file; move it away or choose another directory",
                    e);
        }
        if (!Files.isWritable(dir)) {
            throw notWritable(dir, null);
        }
    }

    private static IOException notWritable(Path dir, Exception cause) {
        return new IOException(
                "backup directory " + dir + " is not writable by the user running Steward ("
                        + System.getProperty("user.name") + "); create it and give that user write access, e.g."
                        + " 'mkdir -p " + dir + " && chown " + System.getProperty("user.name") + " " + dir + "'",
                cause);
    }

    private static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** A file being written next to where it will be; renamed into place on completion. */
    private final class LocalUpload implements Upload {

        private final String key;
        private final Path target;
        private final Path partial;
        private final FileChannel channel;
        private final OutputStream stream;
        private long written;
        private boolean open = true;
        private boolean completed;

        LocalUpload(String key, Path target, Path partial, FileChannel channel) {
            this.key = key;
            this.target = target;
            this.partial = partial;
            this.channel = channel;
            this.stream = new FilterOutputStream(Channels.newOutputStream(channel)) {
                @Override
                public void write(int b) throws IOException {
                    checkOpen();
                    out.write(b);
                    written++;
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    checkOpen();
                    out.write(b, off, len);
                    written += len;
                }

                @Override
                public void flush() {
                    // A channel's stream writes through; durability comes from complete()'s fsync.
                }

                @Override
                public void close() {
                    // Closing the stream does not complete the object: only complete() does.
                }
            };
        }

        private void checkOpen() throws IOException {
            if (!open) {
                throw new IOException("backup object '" + key + "' was already "
                        + (completed ? "completed" : "discarded") + "; nothing more can be written to it");
            }
        }

        @Override
        public OutputStream stream() {
            return stream;
        }

        @Override
        public StoredObject complete() throws IOException {
            checkOpen();
            try {
                channel.force(true);
                channel.close();
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                abort();
                throw new IOException(
                        "backup object '" + key + "' could not be completed in " + describe() + ": " + e, e);
            }
            open = false;
            completed = true;
            writing.remove(partial);
            // The rename is durable only once the directory entry is on disk.
            fsyncDirectory(target.getParent());
            return new StoredObject(
                    key, written, Files.getLastModifiedTime(target).toInstant());
        }

        @Override
        public void abort() {
            if (completed) {
                return;
            }
            open = false;
            try {
                channel.close();
                Files.deleteIfExists(partial);
            } catch (IOException e) {
                log.atWarn()
                        .addKeyValue("event", "backup_partial_not_removed")
                        .addKeyValue("file", partial.toString())
                        .addKeyValue("error", e.toString())
                        .log(
                                "Could not remove the partial file {}; cleaning leftovers at the next start removes it",
                                partial);
            } finally {
                writing.remove(partial);
            }
        }

        @Override
        public void close() {
            abort();
        }
    }
}
