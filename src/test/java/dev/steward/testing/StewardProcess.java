package dev.steward.testing;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The packaged {@code steward.jar} run as its own process, the way users and service managers run it: environment
 * variables in, log lines on stdout, signals and exit status out.
 */
public final class StewardProcess implements AutoCloseable {

    private final Process process;
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();
    private final Thread stdoutReader;
    private final Thread stderrReader;

    private StewardProcess(Process process) {
        this.process = process;
        // Platform threads: a pipe read blocks in native code, which would hold a virtual thread's carrier.
        this.stdoutReader = Thread.ofPlatform()
                .daemon()
                .name("steward-stdout")
                .start(() -> collect(process.getInputStream(), stdout));
        this.stderrReader = Thread.ofPlatform()
                .daemon()
                .name("steward-stderr")
                .start(() -> collect(process.getErrorStream(), stderr));
    }

    /** Runs {@code java -jar steward.jar ARGS} with only the given variables (plus PATH, HOME and LANG). */
    public static StewardProcess run(Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        for (String inherited : List.of("PATH", "HOME", "LANG")) {
            Optional.ofNullable(System.getenv(inherited))
                    .ifPresent(value -> builder.environment().put(inherited, value));
        }
        builder.environment().put("STEWARD_CONFIG", EmptyCatalog.path());
        builder.environment().putAll(environment);
        try {
            return new StewardProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines written to stdout so far. */
    public List<String> stdout() {
        return List.copyOf(stdout);
    }

    public List<String> stderr() {
        return List.copyOf(stderr);
    }

    /** Waits for a stdout line matching the condition and returns it. */
    public String awaitLine(Predicate<String> condition, Duration timeout) {
        await().atMost(timeout)
                .failFast(
                        "Steward exited (status " + exitValueOrNull() + "); output:\n" + String.join("\n", stdout),
                        () -> !process.isAlive() && stdout.stream().noneMatch(condition))
                .until(() -> stdout.stream().anyMatch(condition));
        return stdout.stream().filter(condition).findFirst().orElseThrow();
    }

    /** Sends SIGTERM, as a service manager does to stop a service. */
    public void terminate() {
        // Through the ProcessHandle: Process.destroy() would also close our end of the output pipes, and the lines
        // Steward logs while shutting down would be lost.
        process.toHandle().destroy();
    }

    /** Sends SIGINT, as Ctrl-C in a terminal does. */
    public void interrupt() {
        Signals.send(process.pid(), "INT");
    }

    /** Sends SIGKILL: the process ends at once, without running any shutdown step. */
    public void kill() {
        process.toHandle().destroyForcibly();
    }

    /** Waits for the process to end, and for its output to be read to the end, and returns the exit status. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(
                        "Steward did not exit within " + timeout + "; output:\n" + String.join("\n", stdout));
            }
            if (!stdoutReader.join(Duration.ofSeconds(10)) || !stderrReader.join(Duration.ofSeconds(10))) {
                throw new AssertionError(
                        "Steward exited but its output did not end; a child process may still hold it");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    private Integer exitValueOrNull() {
        return process.isAlive() ? null : process.exitValue();
    }

    /** Stops a process a test left running: SIGTERM first, so that an embedded PostgreSQL is stopped too. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.toHandle().destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    private static void collect(java.io.InputStream stream, List<String> lines) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the process ended; what was read is kept
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static Path jar() {
        String property = System.getProperty("steward.jar");
        Path jar = property != null ? Path.of(property) : Path.of("target", "steward.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(
                    "No Steward jar at " + jar.toAbsolutePath() + "; integration tests run after `mvn package`");
        }
        return jar;
    }
}
