package dev.steward.backup;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where backups are kept: a local directory or an S3-compatible bucket. An object is written whole or not at all:
 * nothing is visible under its key until {@link Upload#complete()} returns, so a crash or kill at any moment leaves no
 * object that looks complete. Keys are relative ({@code booky-nightly/20261124T020000Z-3f9a/dump}); the storage adds
 * its own directory or prefix.
 */
public interface BackupStorage extends Closeable {

    /** The storage for messages, e.g. {@code s3 booky-backups/nightly/ at https://s3.example.com}; never credentials. */
    String describe();

    /** Starts writing an object. Bytes are streamed: no full copy is needed on local disk. */
    Upload create(String key) throws IOException;

    /** Reads an object; {@link java.nio.file.NoSuchFileException} names the key when there is none. */
    InputStream open(String key) throws IOException;

    /** The object's size and time, when it exists (complete objects only). */
    Optional<StoredObject> stat(String key) throws IOException;

    /** Every complete object whose key starts with {@code prefix}, sorted by key. */
    List<StoredObject> list(String prefix) throws IOException;

    /** Deletes an object; deleting one that is gone is not an error. */
    void delete(String key) throws IOException;

    /**
     * Removes what interrupted writes left behind (partial local files, incomplete multipart uploads). Uploads this
     * storage object is writing are spared; those of another Steward instance sharing the directory or bucket are
     * not, so call it when no other instance is writing backups there (at start, before the first run).
     *
     * @return how many leftovers were removed
     */
    int cleanLeftovers() throws IOException;

    /** Bytes free for new objects when the storage can tell (a local file system); empty for object storage. */
    OptionalLong freeSpace() throws IOException;

    /** Releases the storage's connections (an S3 client); a local directory has none. */
    @Override
    default void close() {}

    /** An object being written. Closing it without {@link #complete()} discards it. */
    interface Upload extends Closeable {

        /** Where the object's bytes go. Closing this stream does not complete the object. */
        OutputStream stream();

        /**
         * Makes the object visible under its key (local: flush, fsync, rename, fsync of the directory; S3: the
         * multipart upload completed) and returns it.
         */
        StoredObject complete() throws IOException;

        /** Discards everything written so far; safe to call more than once and after a failure. */
        void abort();

        /** Aborts unless completed. */
        @Override
        void close();
    }

    /** A complete object. */
    record StoredObject(String key, long size, Instant modified) {}
}
