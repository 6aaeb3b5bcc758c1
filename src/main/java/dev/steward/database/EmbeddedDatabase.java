package dev.steward.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server that Steward runs itself, with its data under {@code STEWARD_DATA_DIR/postgres} so that it
 * survives restarts. Used when no {@code DATABASE_URL} is set.
 *
 * <p>The data directory is locked while a Steward process uses it. A server left running by a Steward that was
 * killed (the lock is free but {@code postmaster.pid} names a live postgres) is stopped before a new one starts.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    static final String DATABASE = "steward";
    static final String SUPERUSER = "postgres";
    private static final String LOCK_FILE = "epg-lock";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final EmbeddedPostgres postgres;
    private final DatabaseTarget target;

    private EmbeddedDatabase(EmbeddedPostgres postgres, DatabaseTarget target) {
        this.postgres = postgres;
        this.target = target;
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
        if (runningServerPort(directory).isPresent()) {
            throw new DatabaseStartupException("The embedded database in " + directory
                    + " is already in use by another Steward process. Stop it first, or give this one its own"
                    + " STEWARD_DATA_DIR.");
        }
        stopOrphanedServer(directory);
        boolean firstStart = !Files.exists(directory.resolve("PG_VERSION"));
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
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(
                            directory.resolveSibling("postgres-startup.log").toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(
                            directory.resolveSibling("postgres-startup.log").toFile()))
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new DatabaseStartupException(
                    "The embedded PostgreSQL in " + directory + " did not start"
                            + (port == 0 ? "" : " on port " + port) + ": " + rootMessage(e) + ". Last lines of "
                            + directory.resolveSibling("postgres-startup.log") + ": " + tail(directory)
                            + ". If the port is"
                            + " taken, set EMBEDDED_DB_PORT to a free one.",
                    e);
        }
        DatabaseTarget target = target(postgres.getPort());
        try {
            createDatabase(postgres.getPort());
        } catch (SQLException e) {
            closeQuietly(postgres);
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

    /**
     * The port of the embedded server that another Steward process is running on this data directory, if any. The
     * command line uses it to reach the database of a running Steward instead of starting a second server.
     */
    public static Optional<Integer> runningServerPort(Path directory) {
        Path lockFile = directory.resolve(LOCK_FILE);
        if (!Files.exists(lockFile) || !Files.exists(directory.resolve("postmaster.pid"))) {
            return Optional.empty();
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                lock.release();
                return Optional.empty();
            }
        } catch (IOException | java.nio.channels.OverlappingFileLockException e) {
            // Held in this JVM (tests) or unreadable: treat as in use.
        }
        return postmasterPid(directory).map(PostmasterPid::port);
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

    /** Stops a postgres that a killed Steward left running on this data directory, so a new one can start. */
    private static void stopOrphanedServer(Path directory) {
        Optional<PostmasterPid> pid = postmasterPid(directory);
        if (pid.isEmpty()) {
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid.get().pid())
                .filter(ProcessHandle::isAlive)
                .filter(handle -> handle.info().command().orElse("").contains("postgres"));
        if (process.isEmpty()) {
            return; // a stale pid file after a crash: postgres recovers from it on start
        }
        log.atWarn()
                .addKeyValue("event", "embedded_database_orphan_stopped")
                .addKeyValue("pid", pid.get().pid())
                .log(
                        "Stopping the embedded PostgreSQL (pid {}) left running by a Steward process that ended",
                        pid.get().pid());
        process.get().destroy();
        try {
            process.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new DatabaseStartupException(
                    "An embedded PostgreSQL (pid " + pid.get().pid() + ") left running by an"
                            + " earlier Steward did not stop within 30 s. Stop it by hand (kill "
                            + pid.get().pid() + ") and"
                            + " start Steward again.");
        }
    }

    private static Optional<PostmasterPid> postmasterPid(Path directory) {
        Path pidFile = directory.resolve("postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            if (lines.size() < 4) {
                return Optional.empty();
            }
            return Optional.of(new PostmasterPid(
                    Long.parseLong(lines.get(0).trim()),
                    Integer.parseInt(lines.get(3).trim())));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String tail(Path directory) {
        Path log = directory.resolveSibling("postgres-startup.log");
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static void closeQuietly(@Nullable EmbeddedPostgres postgres) {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            log.atWarn()
                    .addKeyValue("event", "embedded_database_stop_failed")
                    .setCause(e)
                    .log("Could not stop PostgreSQL");
        }
    }

    private record PostmasterPid(long pid, int port) {}
}
