package dev.steward.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;

/**
 * A PostgreSQL server that Steward runs itself, with its data under {@code STEWARD_DATA_DIR/postgres} so that it
 * survives restarts. Used when no {@code DATABASE_URL} is set.
 *
 * <p>A Steward process using the data directory holds a lock on it. Steward records the pid of each postgres it
 * starts; a server it started that outlived its Steward (killed with SIGKILL) is stopped before a new one starts, while
 * a server somebody else started is left alone and reported.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    static final String DATABASE = "steward";
    static final String SUPERUSER = "postgres";
    private static final String LOCK_FILE = "epg-lock";
    private static final String OWNER_FILE = "steward-postmaster.pid";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final EmbeddedPostgres postgres;
    private final DatabaseTarget target;

    private EmbeddedDatabase(EmbeddedPostgres postgres, DatabaseTarget target) {
        this.postgres = postgres;
        this.target = target;
    }

    /** What is going on in a data directory right now. */
    public record DirectoryState(boolean lockedBySteward, Optional<RunningServer> server) {}

    /**
     * A postgres process serving the data directory.
     *
     * @param startedBySteward whether a Steward process started it (as opposed to an administrator by hand)
     */
    public record RunningServer(long pid, int port, boolean startedBySteward) {}

    /** Looks at the lock and the postmaster of a data directory without changing anything. */
    public static DirectoryState inspect(Path directory) {
        return new DirectoryState(lockHeld(directory), runningServer(directory));
    }

    /** Starts the server on the data directory, creating it (initdb) on first use. */
    public static EmbeddedDatabase start(Path directory, int port) {
        long started = System.nanoTime();
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new DatabaseStartupException(
                    "Cannot create the embedded database directory " + directory + " (" + e.getMessage()
                            + "). Set STEWARD_DATA_DIR to a writable directory.",
                    e);
        }
        DirectoryState state = inspect(directory);
        if (state.lockedBySteward()) {
            throw new DatabaseStartupException("The embedded database in " + directory + " is already in use by another"
                    + " Steward process (a running server, or `steward db serve`). Stop it first, or give this one"
                    + " its own STEWARD_DATA_DIR.");
        }
        if (state.server().isPresent()) {
            RunningServer server = state.server().get();
            if (!server.startedBySteward()) {
                throw new DatabaseStartupException("A PostgreSQL server that Steward did not start (pid " + server.pid()
                        + ", port " + server.port() + ") is running on " + directory + ". Stop it first with a fast"
                        + " shutdown, kill -INT " + server.pid() + ", and use `steward db serve` for maintenance"
                        + " (see docs/RUNBOOK.md, \"Backup and restore\").");
            }
            stopOrphanedServer(server);
        }
        requireFreePort(port);
        boolean firstStart = !Files.exists(directory.resolve("PG_VERSION"));
        Path startupLog = directory.resolveSibling("postgres-startup.log");
        long startupLogOffset = size(startupLog);
        long attemptStarted = System.currentTimeMillis();
        EmbeddedPostgres postgres;
        try {
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setOverrideWorkingDirectory(
                            directory.resolveSibling("postgres-binaries").toFile())
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("logging_collector", "on")
                    .setServerConfig("log_directory", "log")
                    .setServerConfig("log_filename", "postgresql-%a.log")
                    .setServerConfig("log_rotation_age", "1d")
                    .setServerConfig("log_truncate_on_rotation", "on")
                    .setLocaleConfig("locale", "C")
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(startupLog.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(startupLog.toFile()))
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new DatabaseStartupException(
                    "The embedded PostgreSQL in " + directory + " did not start" + (port == 0 ? "" : " on port " + port)
                            + ": " + sentence(message(NestedExceptionUtils.getMostSpecificCause(e)))
                            + " PostgreSQL said: "
                            + linesWrittenSince(directory, startupLogOffset, attemptStarted)
                            + " (logs: " + startupLog + ", " + directory.resolve("log") + ")",
                    e);
        }
        recordOwnership(directory);
        DatabaseTarget target = target(postgres.getPort());
        try {
            createDatabase(postgres.getPort());
        } catch (SQLException e) {
            stopQuietly(postgres);
            throw new DatabaseStartupException(
                    "The embedded PostgreSQL started but the steward database could not be created: " + e.getMessage(),
                    e);
        }
        log.atInfo()
                .addKeyValue("event", "embedded_database_started")
                .addKeyValue("port", postgres.getPort())
                .addKeyValue("dataDir", directory.toString())
                .addKeyValue("initialized", firstStart)
                .addKeyValue("durationMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
                .log("Embedded PostgreSQL started on port {} with data in {}", postgres.getPort(), directory);
        return new EmbeddedDatabase(postgres, target);
    }

    /** Connection details for a server on the given port. */
    public static DatabaseTarget target(int port) {
        return new DatabaseTarget(
                "jdbc:postgresql://localhost:" + port + "/" + DATABASE,
                SUPERUSER,
                null,
                "localhost:" + port + "/" + DATABASE,
                true);
    }

    /** How to connect to this server. */
    public DatabaseTarget target() {
        return target;
    }

    /** The port the server listens on (chosen by the system when EMBEDDED_DB_PORT is 0). */
    public int port() {
        return postgres.getPort();
    }

    /** Stops the server (fast shutdown: open sessions are ended, committed data is on disk). */
    @Override
    public void close() {
        try {
            postgres.close();
            log.atInfo().addKeyValue("event", "embedded_database_stopped").log("Embedded PostgreSQL stopped");
        } catch (IOException e) {
            log.atError()
                    .addKeyValue("event", "embedded_database_stop_failed")
                    .setCause(e)
                    .log("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }

    private static boolean lockHeld(Path directory) {
        Path lockFile = directory.resolve(LOCK_FILE);
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true; // held by this JVM
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<RunningServer> runningServer(Path directory) {
        List<String> pidFile = readLines(directory.resolve("postmaster.pid"));
        if (pidFile.size() < 4) {
            return Optional.empty();
        }
        long pid;
        int port;
        try {
            pid = Long.parseLong(pidFile.get(0).trim());
            port = Integer.parseInt(pidFile.get(3).trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        boolean alive = ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .map(handle -> handle.info().command().orElse("").contains("postgres"))
                .orElse(false);
        if (!alive) {
            return Optional.empty(); // a stale pid file after a crash: postgres recovers from it on start
        }
        List<String> owner = readLines(directory.resolve(OWNER_FILE));
        boolean ours = !owner.isEmpty() && owner.get(0).trim().equals(String.valueOf(pid));
        return Optional.of(new RunningServer(pid, port, ours));
    }

    /** Remembers which postgres this Steward started, so that it can be told from one started by hand. */
    private static void recordOwnership(Path directory) {
        List<String> pidFile = readLines(directory.resolve("postmaster.pid"));
        if (pidFile.isEmpty()) {
            return;
        }
        try {
            Files.writeString(directory.resolve(OWNER_FILE), pidFile.get(0).trim() + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            log.atWarn()
                    .addKeyValue("event", "embedded_database_owner_not_recorded")
                    .setCause(e)
                    .log("Could not record the embedded PostgreSQL's pid; after a crash it must be stopped by hand");
        }
    }

    /** Stops a postgres that a killed Steward left running on this data directory, so a new one can start. */
    private static void stopOrphanedServer(RunningServer server) {
        log.atWarn()
                .addKeyValue("event", "embedded_database_orphan_stopped")
                .addKeyValue("pid", server.pid())
                .log(
                        "Stopping the embedded PostgreSQL (pid {}) left running by a Steward process that ended",
                        server.pid());
        Optional<ProcessHandle> process = ProcessHandle.of(server.pid());
        if (process.isEmpty()) {
            return;
        }
        process.get().destroy();
        try {
            process.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new DatabaseStartupException("An embedded PostgreSQL (pid " + server.pid() + ") left running by an"
                    + " earlier Steward did not stop within 30 s. Stop it by hand (kill " + server.pid() + ") and"
                    + " start Steward again.");
        }
    }

    private static void requireFreePort(int port) {
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            probe.setReuseAddress(true);
        } catch (IOException e) {
            throw new DatabaseStartupException("Port " + port + " for the embedded PostgreSQL is already in use on"
                    + " 127.0.0.1 (by another PostgreSQL or program: `ss -ltnp | grep " + port + "` names it). Set"
                    + " EMBEDDED_DB_PORT to a free port, or 0 to pick one.");
        }
    }

    private static void createDatabase(int port) throws SQLException {
        String url = "jdbc:postgresql://localhost:" + port + "/postgres?user=" + SUPERUSER;
        try (Connection connection = DriverManager.getConnection(url);
                PreparedStatement exists = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet rows = exists.executeQuery()) {
                if (rows.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("create database " + DATABASE);
            }
        }
    }

    /**
     * What PostgreSQL wrote during this start attempt (its start-up output, and its own log files if they changed),
     * preferring FATAL, PANIC and ERROR lines: those say why it did not start.
     */
    static String linesWrittenSince(Path directory, long startupLogOffset, long attemptStartedMillis) {
        List<String> lines = new ArrayList<>();
        Path startupLog = directory.resolveSibling("postgres-startup.log");
        List<String> startup = readLines(startupLog);
        long skipped = 0;
        for (String line : startup) {
            skipped += line.getBytes(StandardCharsets.UTF_8).length + 1;
            if (skipped > startupLogOffset) {
                lines.add(line);
            }
        }
        try (Stream<Path> logs = Files.list(directory.resolve("log"))) {
            logs.filter(log -> modified(log) >= attemptStartedMillis - 1000)
                    .sorted(Comparator.comparing(EmbeddedDatabase::modified))
                    .forEach(log -> lines.addAll(readLines(log)));
        } catch (IOException e) {
            // no log directory before the first successful start
        }
        List<String> errors = lines.stream()
                .filter(line -> line.contains("FATAL") || line.contains("PANIC") || line.contains("ERROR"))
                .toList();
        List<String> chosen = errors.isEmpty() ? lines : errors;
        List<String> tail = chosen.subList(Math.max(0, chosen.size() - 3), chosen.size());
        return tail.isEmpty()
                ? "(nothing)"
                : String.join(" | ", tail.stream().map(String::strip).toList());
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static long modified(Path path) {
        try {
            return Files.getLastModifiedTime(path).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String message(Throwable error) {
        return error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    }

    private static String sentence(String message) {
        String trimmed = message.strip();
        return trimmed.endsWith(".") ? trimmed : trimmed + ".";
    }

    private static void stopQuietly(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException e) {
            log.atWarn()
                    .addKeyValue("event", "embedded_database_stop_failed")
                    .setCause(e)
                    .log("Could not stop PostgreSQL");
        }
    }
}
