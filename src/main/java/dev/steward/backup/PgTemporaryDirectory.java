package dev.steward.backup;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private working directory (mode 700) for a dump or restore, under a directory the caller chooses (Steward's data
 * directory, so large dumps do not fill /tmp), deleted with everything in it when closed.
 */
final class PgTemporaryDirectory implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PgTemporaryDirectory.class);

    private final Path path;

    private PgTemporaryDirectory(Path path) {
        this.path = path;
    }

    static PgTemporaryDirectory create(Path parent, String prefix) throws IOException {
        Files.createDirectories(parent);
        Path path;
        try {
            path = Files.createTempDirectory(
                    parent, prefix, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the data directory's own permissions protect it.
            path = Files.createTempDirectory(parent, prefix);
        }
        return new PgTemporaryDirectory(path);
    }

    Path path() {
        return path;
    }

    @Override
    public void close() {
        try {
            delete(path);
        } catch (IOException e) {
            log.atWarn()
                    .addKeyValue("event", "backup_temp_delete_failed")
                    .addKeyValue("path", path.toString())
                    .addKeyValue("error", e.toString())
                    .log("Could not delete the temporary directory {}: {}", path, e.toString());
        }
    }

    /** Deletes {@code root} and everything under it; a root that is gone already is fine. */
    static void delete(Path root) throws IOException {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path directory, @Nullable IOException failure)
                        throws IOException {
                    if (failure != null) {
                        throw failure;
                    }
                    Files.deleteIfExists(directory);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            // Deleted already.
        }
    }
}
