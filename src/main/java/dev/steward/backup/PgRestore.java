package dev.steward.backup;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import dev.steward.backup.PgTools.Lookup;
import dev.steward.backup.PgTools.Tool;
import dev.steward.catalog.BackupPolicy.Format;
import dev.steward.config.DatabaseUrl;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores a stored dump (the decrypted object) into an existing database with pg_restore {@code --exit-on-error}, so
 * the first error fails the restore with pg_restore's own words instead of leaving a half-restored database that looks
 * fine.
 *
 * <p>A custom-format dump restored with parallel jobs is first written to a private temporary file (pg_restore
 * {@code -j} needs a file it can seek in), decompressed on the way when Steward compressed it; with one job it is fed
 * to pg_restore's standard input without a local copy. A directory-format dump is extracted to a private temporary
 * directory. Temporary files live under the directory the caller gives (Steward's data directory) and are always
 * deleted.
 */
final class PgRestore {

    private static final Logger log = LoggerFactory.getLogger(PgRestore.class);

    private static final int BUFFER = 256 * 1024;
    private static final int SPOOL_BUFFER = 1024 * 1024;
    private static final long PROGRESS_EVERY_BYTES = 4L * 1024 * 1024;

    private final PgTools tools;
    private final Path workDirectory;

    PgRestore(PgTools tools, Path workDirectory) {
        this.tools = tools;
        this.workDirectory = workDirectory;
    }

    /** Whether restored objects keep the dump's owners and privileges. */
    enum Ownership {
        /** As dumped: the roles must exist on the target (restore the globals first). A guided restore's default. */
        KEEP,
        /**
         * {@code --no-owner --no-privileges}: everything belongs to the restoring user, so a drill does not fail on
         * roles the drill server lacks.
         */
        SKIP
    }

    /**
     * What to restore where.
     *
     * @param target an existing database (a scratch database for drills)
     * @param archive format, codec and who compressed it, from the manifest
     * @param madeBy the pg_dump version from the manifest, checked against pg_restore's
     * @param storedBytes the stored object's size, for progress
     * @param clean drop each object before restoring it ({@code --clean --if-exists}), for restoring over a database
     */
    record Request(
            DatabaseUrl target,
            PgArchive archive,
            Optional<PgVersion> madeBy,
            int jobs,
            Ownership ownership,
            boolean clean,
            OptionalLong storedBytes,
            Progress progress) {}

    /** Told how a restore advances; called from Steward's threads, so it must be quick and thread-safe. */
    @FunctionalInterface
    interface Progress {
        void update(Update update);

        /**
         * @param bytesRead of the stored object so far
         * @param storedBytes its size, when known
         * @param itemsDone archive items (tables, data, indexes, constraints) restored so far
         * @param itemsTotal items in the archive, 0 until known (and when a dump is fed through standard input)
         */
        record Update(long bytesRead, OptionalLong storedBytes, int itemsDone, int itemsTotal) {}

        static Progress none() {
            return update -> {};
        }
    }

    /**
     * A finished restore.
     *
     * @param preparation the time spent reading the stored object into a local file or directory (zero when fed
     *     through standard input)
     * @param restore pg_restore's own time
     * @param archiveBytes the archive's size as pg_restore read it (after Steward's decompression)
     * @param items the archive's items, 0 when not known
     */
    record Result(Duration duration, Duration preparation, Duration restore, long archiveBytes, int items) {}

    /** Restores {@code in} (read to its end, not closed) into {@code request.target()}. */
    Result restore(Request request, InputStream in) throws IOException, InterruptedException {
        long started = System.nanoTime();
        Lookup.Found pgRestore = tools.require(Tool.PG_RESTORE);
        if (request.madeBy().isPresent()) {
            Optional<String> problem = tools.restoreProblem(request.madeBy().get());
            if (problem.isPresent()) {
                throw new PgFailure(problem.get());
            }
        }
        PgTarget target = PgTarget.of(request.target());
        Tracker tracker = new Tracker(request.progress(), request.storedBytes());
        InputStream counted = new CountingInputStream(new BufferedInputStream(in, BUFFER), tracker);
        Result result;
        try (PgTemporaryDirectory temporary = PgTemporaryDirectory.create(workDirectory, "steward-restore-")) {
            if (request.archive().format() == Format.CUSTOM && request.jobs() <= 1) {
                result = restoreFromStandardInput(request, pgRestore, target, counted, tracker, started);
            } else {
                Path archive = temporary.path().resolve("dump");
                long archiveBytes = prepare(request.archive(), counted, archive);
                Duration preparation = Duration.ofNanos(System.nanoTime() - started);
                long restoreStarted = System.nanoTime();
                // Counting the items (for progress and the report) reads the table of contents in a second
                // pg_restore beside the restore, instead of before it.
                CompletableFuture<Integer> listed = listing(pgRestore, target, request.archive(), archive);
                listed.thenAccept(tracker::itemsTotal);
                run(pgRestore, target, arguments(request, archive.toString()), tracker, null);
                int items = listedItems(listed);
                tracker.itemsTotal(items);
                tracker.finished();
                result = new Result(
                        Duration.ofNanos(System.nanoTime() - started),
                        preparation,
                        Duration.ofNanos(System.nanoTime() - restoreStarted),
                        archiveBytes,
                        items);
            }
        }
        log.atDebug()
                .addKeyValue("event", "pg_restore_finished")
                .addKeyValue("target", target.describe())
                .addKeyValue("archiveBytes", result.archiveBytes())
                .addKeyValue("durationMs", result.duration().toMillis())
                .addKeyValue("preparationMs", result.preparation().toMillis())
                .log("Restored into {}", target.describe());
        return result;
    }

    private Result restoreFromStandardInput(
            Request request, Lookup.Found pgRestore, PgTarget target, InputStream in, Tracker tracker, long started)
            throws IOException, InterruptedException {
        InputStream archive = decompressing(request.archive(), in);
        long archiveBytes = run(pgRestore, target, arguments(request, null), tracker, archive);
        Duration duration = Duration.ofNanos(System.nanoTime() - started);
        return new Result(duration, Duration.ZERO, duration, archiveBytes, 0);
    }

    /** Writes the stored object as pg_restore reads it: a file (custom format) or a directory. */
    private static long prepare(PgArchive archive, InputStream in, Path path) throws IOException {
        InputStream source = decompressing(archive, in);
        try {
            long bytes;
            if (archive.format() == Format.DIRECTORY) {
                bytes = PgDirectoryArchive.extract(source, path);
                // Read to the end: the tar's end blocks, and zstd's checksum at the end of its frame.
                source.transferTo(OutputStream.nullOutputStream());
            } else {
                try (OutputStream file = Files.newOutputStream(path)) {
                    bytes = copy(source, file);
                }
            }
            return bytes;
        } catch (PgFailure e) {
            throw e;
        } catch (IOException e) {
            throw unreadable(archive, e);
        }
    }

    /**
     * Copies in 1 MiB steps, 64 times fewer calls into zstd and to write than {@link InputStream#transferTo}'s 16 KiB:
     * decompressing a 513 MB archive to a file took 180 ms instead of 300 ms.
     */
    private static long copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[SPOOL_BUFFER];
        long total = 0;
        int read;
        while ((read = in.read(buffer)) >= 0) {
            out.write(buffer, 0, read);
            total += read;
        }
        return total;
    }

    private static InputStream decompressing(PgArchive archive, InputStream in) throws IOException {
        if (!archive.stewardCompresses()) {
            return in;
        }
        InputStream zstd = new ZstdInputStreamNoFinalizer(in);
        // zstd-jni reports a truncated or corrupt frame as a bare IOException; name what it means.
        return new FilterInputStream(zstd) {
            @Override
            public int read(byte[] bytes, int offset, int length) throws IOException {
                try {
                    return super.read(bytes, offset, length);
                } catch (PgFailure e) {
                    throw e;
                } catch (IOException e) {
                    throw unreadable(archive, e);
                }
            }
        };
    }

    private static PgFailure unreadable(PgArchive archive, IOException e) {
        return new PgFailure(
                archive.stewardCompresses()
                        ? "the stored dump cannot be decompressed (zstd: " + e.getMessage() + "): it is truncated or"
                                + " corrupt"
                        : "reading the stored dump failed: " + e.getMessage(),
                e);
    }

    private static List<String> arguments(Request request, @org.jspecify.annotations.Nullable String archive) {
        PgTarget target = PgTarget.of(request.target());
        List<String> arguments = new ArrayList<>(List.of(
                "--format=" + request.archive().formatName(),
                "--exit-on-error",
                "--verbose",
                "--no-password",
                "--dbname=" + target.dbnameArgument()));
        if (archive != null) {
            arguments.add("--jobs=" + Math.max(1, request.jobs()));
        }
        if (request.ownership() == Ownership.SKIP) {
            arguments.addAll(List.of("--no-owner", "--no-privileges"));
        }
        if (request.clean()) {
            arguments.addAll(List.of("--clean", "--if-exists"));
        }
        if (archive != null) {
            arguments.add(archive);
        }
        return arguments;
    }

    /** Runs pg_restore; with {@code stdin}, feeds it and returns the bytes fed. */
    private static long run(
            Lookup.Found pgRestore,
            PgTarget target,
            List<String> arguments,
            Tracker tracker,
            @org.jspecify.annotations.Nullable InputStream stdin)
            throws IOException, InterruptedException {
        try (PgProcess process = PgProcess.start(
                pgRestore,
                arguments,
                target,
                ProcessBuilder.Redirect.DISCARD,
                tracker::line,
                PgRestore::isWorthKeeping)) {
            CompletableFuture<Long> fed = null;
            if (stdin != null) {
                String feeding = "reading the stored dump";
                fed = process.helper("steward-pg-restore-stdin", feeding, () -> feed(stdin, process));
            } else {
                process.stdin().close();
            }
            process.awaitExit("pg_restore");
            return fed == null ? 0 : process.result(fed, "reading the stored dump");
        }
    }

    /**
     * Copies the dump to pg_restore's standard input. When pg_restore stops reading (it failed, and its exit status and
     * words say why; or it needs no more), writing fails: that is not the feed's failure.
     */
    private static long feed(InputStream in, PgProcess process) throws IOException, InterruptedException {
        byte[] buffer = new byte[BUFFER];
        long total = 0;
        OutputStream toRestore = process.stdin();
        int read;
        while ((read = in.read(buffer)) >= 0) {
            try {
                toRestore.write(buffer, 0, read);
            } catch (IOException e) {
                return stoppedReading(in, process, e, total);
            }
            total += read;
        }
        try {
            toRestore.close();
        } catch (IOException e) {
            return stoppedReading(in, process, e, total);
        }
        return total;
    }

    private static long stoppedReading(InputStream in, PgProcess process, IOException e, long total)
            throws IOException, InterruptedException {
        if (!process.exitsWithin(Duration.ofSeconds(10))) {
            throw e;
        }
        if (process.exitValue() == 0) {
            // Done before the end of the stream: still read it all, so its checksums are checked.
            return total + in.transferTo(OutputStream.nullOutputStream());
        }
        return total;
    }

    /** {@link #items} on its own thread. */
    private static CompletableFuture<Integer> listing(
            Lookup.Found pgRestore, PgTarget target, PgArchive archive, Path path) {
        CompletableFuture<Integer> listed = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("steward-pg-restore-list").start(() -> {
            try {
                listed.complete(items(pgRestore, target, archive, path));
            } catch (Exception e) {
                listed.completeExceptionally(e);
            }
        });
        return listed;
    }

    /**
     * The items counted beside a restore that succeeded; 0 when they could not be counted (pg_restore read the archive,
     * so its own success is what counts).
     */
    private static int listedItems(CompletableFuture<Integer> listed) throws InterruptedException {
        try {
            return listed.get();
        } catch (ExecutionException e) {
            log.atDebug()
                    .addKeyValue("event", "pg_restore_list_failed")
                    .addKeyValue("error", String.valueOf(e.getCause()))
                    .log("Could not count the archive's items: {}", String.valueOf(e.getCause()));
            return 0;
        }
    }

    /** The archive's items as {@code pg_restore --list} counts them; fails when the table of contents is unreadable. */
    private static int items(Lookup.Found pgRestore, PgTarget target, PgArchive archive, Path path)
            throws IOException, InterruptedException {
        try (PgProcess process = PgProcess.start(
                pgRestore, List.of("--list", "--format=" + archive.formatName(), path.toString()), target)) {
            String writing = "listing the dump";
            CompletableFuture<Integer> counted = process.helper("steward-pg-restore-list", writing, () -> {
                int items = 0;
                try (var lines = new java.io.BufferedReader(
                        new java.io.InputStreamReader(process.stdout(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        if (!line.isBlank() && !line.startsWith(";")) {
                            items++;
                        }
                    }
                }
                return items;
            });
            process.awaitExit("pg_restore --list");
            return process.result(counted, writing);
        }
    }

    /** pg_restore's own errors and warnings, not its {@code --verbose} progress lines. */
    static boolean isWorthKeeping(String line) {
        if (!line.startsWith("pg_restore: ")) {
            return true;
        }
        String rest = line.substring("pg_restore: ".length());
        return rest.startsWith("error")
                || rest.startsWith("warning")
                || rest.startsWith("detail")
                || rest.startsWith("hint")
                || rest.startsWith("FATAL");
    }

    /** Whether a {@code --verbose} line says an item was restored. */
    static boolean isItemDone(String line) {
        return line.startsWith("pg_restore: creating ")
                || line.startsWith("pg_restore: processing data for table ")
                || line.startsWith("pg_restore: executing ");
    }

    /** Keeps the counts behind {@link Progress} and tells it, at most every few MiB of input. */
    private static final class Tracker {
        private final Progress progress;
        private final OptionalLong storedBytes;
        private final AtomicLong bytesRead = new AtomicLong();
        private final AtomicInteger itemsDone = new AtomicInteger();
        private final AtomicInteger itemsTotal = new AtomicInteger();
        private long reportedAt;

        Tracker(Progress progress, OptionalLong storedBytes) {
            this.progress = progress;
            this.storedBytes = storedBytes;
        }

        void read(long bytes) {
            long total = bytesRead.addAndGet(bytes);
            boolean report;
            synchronized (this) {
                report = total - reportedAt >= PROGRESS_EVERY_BYTES;
                if (report) {
                    reportedAt = total;
                }
            }
            if (report) {
                tell();
            }
        }

        void end() {
            tell();
        }

        void line(String line) {
            if (isItemDone(line)) {
                itemsDone.incrementAndGet();
                tell();
            }
        }

        /**
         * pg_restore succeeded: every item is restored. (Counting its verbose lines is approximate: parallel workers
         * share one standard error, and their lines can run into each other.)
         */
        void finished() {
            itemsDone.set(Math.max(itemsDone.get(), itemsTotal.get()));
            tell();
        }

        void itemsTotal(int total) {
            itemsTotal.set(total);
            tell();
        }

        int itemsTotal() {
            return itemsTotal.get();
        }

        private void tell() {
            int total = itemsTotal.get();
            int done = total > 0 ? Math.min(itemsDone.get(), total) : itemsDone.get();
            try {
                progress.update(new Progress.Update(bytesRead.get(), storedBytes, done, total));
            } catch (RuntimeException e) {
                log.atDebug()
                        .addKeyValue("event", "restore_progress_failed")
                        .addKeyValue("error", e.toString())
                        .log("A restore progress listener failed: {}", e.toString());
            }
        }
    }

    /** Counts the stored object's bytes as they are read, for progress. */
    private static final class CountingInputStream extends FilterInputStream {
        private final Tracker tracker;

        CountingInputStream(InputStream in, Tracker tracker) {
            super(in);
            this.tracker = tracker;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                tracker.read(1);
            } else {
                tracker.end();
            }
            return b;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            int read = in.read(bytes, offset, length);
            if (read > 0) {
                tracker.read(read);
            } else if (read < 0) {
                tracker.end();
            }
            return read;
        }
    }
}
