package dev.steward.backup;

import dev.steward.backup.PgTools.Lookup;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a PostgreSQL client tool: started with the target's libpq environment (the password only there), its
 * standard error read as lines into a bounded tail for the failure message, and killed with every process it started
 * ({@code pg_dump -j} and {@code pg_restore -j} fork workers) when the caller gives up.
 *
 * <p>Work that goes with the run (pumping its output to storage, feeding its input, counting rows) runs on helper
 * threads started by {@link #helper}: the first helper to fail stops the run (kills the tool, cancels the query given
 * to {@link #cancelOnStop}), and its failure, not the tool's death from the kill, is what the caller hears. So does
 * an interruption of the thread waiting in {@link #awaitExit()}.
 */
final class PgProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PgProcess.class);

    /** How long a stopped run's helpers get to end before the caller goes on without them. */
    private static final long HELPER_GRACE_SECONDS = 10;

    /** The most of a tool's standard error kept for the failure message. */
    static final int STDERR_TAIL_BYTES = 64 * 1024;

    private final Lookup.Found tool;
    private final PgTarget target;
    private final Process process;
    private final Thread stderrReader;
    private final Deque<String> tail = new ArrayDeque<>();
    private int tailBytes;
    private final List<CompletableFuture<?>> helpers = new ArrayList<>();
    private final List<Thread> helperThreads = new ArrayList<>();
    private final AtomicReference<@Nullable Helped> firstFailure = new AtomicReference<>();
    private final AtomicReference<java.sql.@Nullable Statement> cancellable = new AtomicReference<>();

    private PgProcess(
            Lookup.Found tool, PgTarget target, Process process, Consumer<String> lines, Predicate<String> keep) {
        this.tool = tool;
        this.target = target;
        this.process = process;
        this.stderrReader = Thread.ofPlatform()
                .daemon()
                .name("steward-" + tool.tool().command() + "-stderr")
                .start(() -> readStderr(lines, keep));
    }

    /**
     * Starts {@code tool} with {@code arguments}.
     *
     * @param lines sees every line of standard error as it comes (progress)
     * @param keep which lines go into the tail kept for the failure message
     */
    static PgProcess start(
            Lookup.Found tool,
            List<String> arguments,
            PgTarget target,
            ProcessBuilder.Redirect stdout,
            Consumer<String> lines,
            Predicate<String> keep)
            throws PgFailure {
        List<String> command = new ArrayList<>();
        command.add(tool.path().toString());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout);
        target.applyTo(builder.environment());
        try {
            return new PgProcess(tool, target, builder.start(), lines, keep);
        } catch (IOException e) {
            throw new PgFailure(
                    tool.tool().command() + " at " + tool.path() + " cannot be started: " + e.getMessage(), e);
        }
    }

    static PgProcess start(Lookup.Found tool, List<String> arguments, PgTarget target) throws PgFailure {
        return start(tool, arguments, target, ProcessBuilder.Redirect.PIPE, line -> {}, line -> true);
    }

    InputStream stdout() {
        return process.getInputStream();
    }

    OutputStream stdin() {
        return process.getOutputStream();
    }

    /**
     * Runs {@code work} on a helper thread; if it fails, the run is stopped. Helpers are platform threads: they block in
     * pipe reads and compress for minutes, which on a virtual thread would hold one of the few carrier threads that
     * probes and web requests share (two on a two-core machine).
     *
     * @param what the work for a failure message, e.g. {@code writing the dump of db:5432/booky}
     */
    <T> CompletableFuture<T> helper(String name, String what, Callable<T> work) {
        CompletableFuture<T> future = new CompletableFuture<>();
        helpers.add(future);
        helperThreads.add(Thread.ofPlatform().daemon().name(name).start(() -> {
            try {
                future.complete(work.call());
            } catch (Throwable e) {
                firstFailure.compareAndSet(null, new Helped(what, e));
                future.completeExceptionally(e);
                stop();
            }
        }));
        return future;
    }

    /** A query to cancel when the run is stopped (a count running beside pg_dump). */
    void cancelOnStop(java.sql.@Nullable Statement statement) {
        cancellable.set(statement);
    }

    /**
     * Waits for the tool to exit and its standard error to be read. A non-zero exit is a failure: the failure of the
     * helper that stopped the run if one did, else the tool's own. Interrupted, it stops the run and gives the
     * helpers a few seconds to end.
     */
    void awaitExit(String what) throws IOException, InterruptedException {
        int exit;
        try {
            exit = process.waitFor();
            stderrReader.join();
        } catch (InterruptedException e) {
            stop();
            // A helper blocked writing to storage that does not answer ends only when interrupted too.
            helperThreads.forEach(Thread::interrupt);
            for (CompletableFuture<?> helper : helpers) {
                try {
                    helper.get(HELPER_GRACE_SECONDS, TimeUnit.SECONDS);
                } catch (ExecutionException | TimeoutException | InterruptedException | RuntimeException ended) {
                    // Stopped above or still stuck in a write; the interruption is what the caller hears about.
                    log.atDebug()
                            .addKeyValue("event", "pg_helper_stopped")
                            .addKeyValue("tool", tool.tool().command())
                            .log(
                                    "A helper of an interrupted {} ended: {}",
                                    tool.tool().command(),
                                    ended.toString());
                }
            }
            throw e;
        }
        Helped helped = firstFailure.get();
        if (helped != null) {
            stop();
            throw helperFailure(helped);
        }
        if (exit != 0) {
            stop();
            throw failure(what, exit);
        }
    }

    /** A helper's value once the tool exited well; its failure with context otherwise. */
    <T> T result(CompletableFuture<T> helper, String what) throws IOException, InterruptedException {
        try {
            return helper.get();
        } catch (ExecutionException e) {
            stop();
            Helped helped = firstFailure.get();
            throw helperFailure(helped == null ? new Helped(what, e.getCause()) : helped);
        } catch (InterruptedException e) {
            stop();
            throw e;
        }
    }

    private PgFailure helperFailure(Helped helped) {
        if (helped.cause() instanceof PgFailure failure) {
            return failure;
        }
        return new PgFailure(
                helped.what() + " failed: "
                        + redact(String.valueOf(helped.cause().getMessage())),
                helped.cause());
    }

    /** Kills the tool and its workers and cancels the query given to {@link #cancelOnStop}. */
    void stop() {
        kill();
        java.sql.Statement statement = cancellable.getAndSet(null);
        if (statement != null) {
            try {
                statement.cancel();
            } catch (java.sql.SQLException e) {
                log.atDebug()
                        .addKeyValue("event", "pg_count_cancel_failed")
                        .addKeyValue("error", e.getMessage())
                        .log("Could not cancel the count beside {}", tool.tool().command());
            }
        }
    }

    /** Kills the tool, then every process it started (parallel workers, listed first so none escapes). */
    void kill() {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The exit status of a tool that has exited. */
    int exitValue() {
        return process.exitValue();
    }

    /** Whether the tool exits within {@code time}. */
    boolean exitsWithin(java.time.Duration time) throws InterruptedException {
        return process.waitFor(time.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The kept tail of standard error, the password removed should a tool ever print it. */
    String stderrTail() {
        String text;
        synchronized (tail) {
            text = String.join("\n", tail);
        }
        return redact(text);
    }

    /**
     * The failure for an exit status other than 0: what failed on which target, how it ended, and the tool's own words.
     */
    PgFailure failure(String what, int exit) {
        String ended = exit > 128 ? "was killed by signal " + (exit - 128) : "exited with status " + exit;
        String words = stderrTail().strip();
        return new PgFailure(
                what + " of " + target.describe() + " failed: " + tool.tool().command() + " " + ended
                        + (words.isEmpty() ? " and printed nothing" : ": " + words),
                OptionalInt.of(exit),
                null);
    }

    /** Removes the password from text a tool printed, should it ever print it. */
    String redact(String text) {
        var password = target.url().password();
        return password == null || password.value().isEmpty() ? text : text.replace(password.value(), "******");
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // The tool is gone or its standard input was closed already: nothing is lost.
        }
    }

    private void readStderr(Consumer<String> lines, Predicate<String> keep) {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.accept(line);
                if (keep.test(line)) {
                    remember(line);
                }
            }
        } catch (IOException e) {
            // The process was killed while its standard error was read: the tail so far is what there is.
            remember("(standard error unreadable: " + e.getMessage() + ")");
        } catch (UncheckedIOException e) {
            remember("(standard error unreadable: " + e.getCause().getMessage() + ")");
        }
    }

    private record Helped(String what, Throwable cause) {}

    private void remember(String line) {
        synchronized (tail) {
            tail.addLast(line);
            tailBytes += line.length() + 1;
            while (tailBytes > STDERR_TAIL_BYTES && tail.size() > 1) {
                tailBytes -= tail.removeFirst().length() + 1;
            }
        }
    }
}
