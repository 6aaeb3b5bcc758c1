package dev.steward.cli;

import com.zaxxer.hikari.HikariDataSource;
import dev.steward.config.Mode;
import dev.steward.config.SettingProblem;
import dev.steward.config.Settings;
import dev.steward.config.SettingsLoader;
import dev.steward.config.SettingsResult;
import dev.steward.database.DataSources;
import dev.steward.database.DatabaseTarget;
import dev.steward.database.Migrations;
import dev.steward.database.StewardDatabase;
import java.io.PrintWriter;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.ValidateOutput;
import org.flywaydb.core.api.output.ValidateResult;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
        name = "db",
        mixinStandardHelpOptions = true,
        description = {
            "Work with Steward's own database (DATABASE_URL, or the embedded one under STEWARD_DATA_DIR).",
            "For the embedded database these commands use the PostgreSQL already serving the data directory (a"
                    + " running Steward's), or start it for the duration of the command."
        },
        subcommands = {DbCommand.Ping.class, DbCommand.Migrate.class, DbCommand.Status.class, DbCommand.Serve.class})
final class DbCommand {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    /** A failure the command explains itself; printed as is. */
    static final class CommandFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CommandFailure(String message) {
            super(message);
        }
    }

    /** Shared by the subcommands: settings, the database, and error reporting. */
    abstract static class DatabaseTask implements Callable<Integer> {

        private final Map<String, String> environment;

        @Spec
        CommandSpec spec;

        DatabaseTask(Map<String, String> environment) {
            this.environment = environment;
        }

        @Override
        public final Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Settings settings = settings(environment, err);
            if (settings == null) {
                return 1;
            }
            try (StewardDatabase database = open(settings)) {
                if (database.startedHere()) {
                    err.println("note: started the embedded database in " + settings.embeddedDatabaseDir()
                            + " for this command");
                } else if (database.target().embedded() && !database.origin().contains("running Steward")) {
                    err.println("note: using " + database.origin());
                }
                try {
                    return run(database.target(), out);
                } catch (RuntimeException e) {
                    if (e instanceof CommandFailure) {
                        throw e;
                    }
                    throw new CommandFailure(
                            "the database at " + database.target().description() + ": " + message(e));
                }
            } catch (CommandFailure e) {
                err.println("error: " + e.getMessage());
                return 1;
            } catch (RuntimeException | SQLException e) {
                err.println("error: " + message(e));
                return 1;
            }
        }

        StewardDatabase open(Settings settings) {
            return StewardDatabase.forCommand(settings);
        }

        abstract int run(DatabaseTarget target, PrintWriter out) throws SQLException;

        /** Each message in the cause chain once, joined so that every one stays readable. */
        static String message(Throwable error) {
            StringBuilder message =
                    new StringBuilder(String.valueOf(error.getMessage()).strip());
            for (Throwable cause = error.getCause();
                    cause != null && cause != cause.getCause();
                    cause = cause.getCause()) {
                String text =
                        cause.getMessage() == null ? null : cause.getMessage().strip();
                if (text != null && !message.toString().contains(text)) {
                    message.append(message.toString().endsWith(".") ? " " : ": ")
                            .append(text);
                }
            }
            return message.toString();
        }
    }

    /** Settings for a database command, or null after printing why there are none. */
    static @Nullable Settings settings(Map<String, String> environment, PrintWriter err) {
        Settings settings;
        switch (SettingsLoader.load(environment, Mode.DEVELOPMENT)) {
            case SettingsResult.Invalid invalid -> {
                err.println("error: the configuration is invalid:");
                invalid.problems().stream().map(SettingProblem::message).forEach(p -> err.println("  - " + p));
                return null;
            }
            case SettingsResult.Loaded loaded -> settings = loaded.settings();
        }
        if ("production"
                        .equalsIgnoreCase(
                                environment.getOrDefault("STEWARD_ENV", "").trim())
                && settings.database().isEmpty()) {
            err.println("error: STEWARD_ENV is production but DATABASE_URL is not set; set it to the database"
                    + " Steward uses, e.g. DATABASE_URL=postgres://steward:secret@db.internal:5432/steward");
            return null;
        }
        return settings;
    }

    @Command(
            name = "ping",
            mixinStandardHelpOptions = true,
            description = "Connect to the database, run a query, and report how long it took.")
    static final class Ping extends DatabaseTask {

        Ping(Map<String, String> environment) {
            super(environment);
        }

        @Override
        int run(DatabaseTarget target, PrintWriter out) {
            Properties properties = new Properties();
            if (target.username() != null) {
                properties.setProperty("user", target.username());
            }
            if (target.password() != null) {
                properties.setProperty("password", target.password());
            }
            properties.setProperty("connectTimeout", "5");
            properties.setProperty("ApplicationName", "steward db ping");
            long started = System.nanoTime();
            try (Connection connection = DriverManager.getConnection(target.jdbcUrl(), properties);
                    Statement statement = connection.createStatement();
                    ResultSet result = statement.executeQuery("show server_version")) {
                result.next();
                long millis = (System.nanoTime() - started) / 1_000_000;
                out.println("ok: " + target.description() + (target.embedded() ? " (embedded)" : "") + " answered in "
                        + millis + " ms, PostgreSQL " + result.getString(1));
                return 0;
            } catch (SQLException e) {
                throw new CommandFailure(explain(target, e));
            }
        }

        static String explain(DatabaseTarget target, SQLException e) {
            String state = String.valueOf(e.getSQLState());
            String cause = e.getMessage() == null
                    ? e.getClass().getSimpleName()
                    : e.getMessage().strip();
            for (Throwable inner = e; inner != null && inner.getCause() != inner; inner = inner.getCause()) {
                if (inner instanceof UnknownHostException) {
                    cause = "unknown host " + inner.getMessage();
                }
            }
            if (state.equals("28P01") || state.equals("28000")) {
                return "the database at " + target.description() + " refused the login of user " + target.username()
                        + " (" + cause + "). Check the user and password in DATABASE_URL.";
            }
            if (state.equals("3D000")) {
                return "the server answered but the database does not exist (" + cause + "). Create it, or fix the"
                        + " database name in DATABASE_URL.";
            }
            return "cannot reach the database at " + target.description() + " (" + cause + "). Check DATABASE_URL"
                    + " and that PostgreSQL is running and reachable from this host.";
        }
    }

    @Command(
            name = "migrate",
            mixinStandardHelpOptions = true,
            description = "Apply pending schema migrations (Steward also applies them when it starts).")
    static final class Migrate extends DatabaseTask {

        Migrate(Map<String, String> environment) {
            super(environment);
        }

        @Override
        int run(DatabaseTarget target, PrintWriter out) {
            try (HikariDataSource dataSource = DataSources.pool(target, 2)) {
                MigrateResult result = Migrations.migrate(dataSource);
                if (result.migrationsExecuted == 0) {
                    out.println("Schema of " + target.description() + " is up to date at version "
                            + result.initialSchemaVersion + ".");
                } else {
                    out.println("Applied " + result.migrationsExecuted + " migration"
                            + (result.migrationsExecuted == 1 ? "" : "s") + " to " + target.description()
                            + "; schema is now at version " + result.targetSchemaVersion + ".");
                }
                return 0;
            }
        }
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = {
                "List applied, pending and failed migrations, check the applied ones against this Steward's, and"
                        + " list the Steward versions that have run on this database.",
                "Exit status 1 when a migration failed or an applied one differs from this Steward's."
            })
    static final class Status extends DatabaseTask {

        Status(Map<String, String> environment) {
            super(environment);
        }

        @Override
        int run(DatabaseTarget target, PrintWriter out) {
            try (HikariDataSource dataSource = DataSources.pool(target, 2)) {
                List<MigrationInfo> migrations = Migrations.status(dataSource);
                long applied = count(migrations, MigrationState.SUCCESS);
                long future = count(migrations, MigrationState.FUTURE_SUCCESS);
                long pending = count(migrations, MigrationState.PENDING);
                long failed =
                        migrations.stream().filter(m -> m.getState().isFailed()).count();
                out.println("Database: " + target.description() + (target.embedded() ? " (embedded)" : ""));
                out.println("Migrations: " + applied + " applied, " + pending + " pending"
                        + (future > 0 ? ", " + future + " from a newer Steward" : "")
                        + (failed > 0 ? ", " + failed + " FAILED" : ""));
                out.printf("  %-8s %-14s %-22s %s%n", "VERSION", "STATE", "INSTALLED", "DESCRIPTION");
                for (MigrationInfo migration : migrations) {
                    out.printf(
                            "  %-8s %-14s %-22s %s%n",
                            migration.getVersion() == null
                                    ? ""
                                    : migration.getVersion().getVersion(),
                            migration.getState().getDisplayName(),
                            migration.getInstalledOn() == null
                                    ? "-"
                                    : TIME.format(migration.getInstalledOn().toInstant()),
                            migration.getDescription());
                }
                if (pending > 0) {
                    out.println("Pending migrations are applied by `steward db migrate` or when Steward starts.");
                }
                if (future > 0) {
                    out.println("Migrations from a newer Steward are kept; this Steward runs on that schema as long as"
                            + " those migrations only added to it.");
                }
                boolean valid = validate(dataSource, pending > 0, out);
                if (applied + future > 0) {
                    printRuns(JdbcClient.create(dataSource), out);
                }
                return failed > 0 || !valid ? 1 : 0;
            }
        }

        private static long count(List<MigrationInfo> migrations, MigrationState state) {
            return migrations.stream().filter(m -> m.getState() == state).count();
        }

        /** Reports applied migrations that differ from this Steward's (edited, renamed or missing files). */
        private static boolean validate(HikariDataSource dataSource, boolean pending, PrintWriter out) {
            ValidateResult result = Migrations.validate(dataSource);
            List<ValidateOutput> problems = result.invalidMigrations == null
                    ? List.of()
                    : result.invalidMigrations.stream()
                            .filter(problem -> !pending
                                    || !String.valueOf(problem.errorDetails.errorMessage)
                                            .contains("not applied"))
                            .toList();
            if (problems.isEmpty()) {
                return true;
            }
            out.println("Problems: the database's migration history differs from this Steward's:");
            for (ValidateOutput problem : problems) {
                out.println("  - version " + problem.version + ": "
                        + String.valueOf(problem.errorDetails.errorMessage)
                                .lines()
                                .findFirst()
                                .orElse(""));
            }
            return false;
        }

        private static void printRuns(JdbcClient jdbc, PrintWriter out) {
            List<Map<String, Object>> runs = jdbc.sql("""
                            select version, host, pid, started_at, stopped_at
                            from steward_run order by started_at desc limit 10
                            """).query().listOfRows();
            long total = jdbc.sql("select count(*) from steward_run")
                    .query(Long.class)
                    .single();
            out.println("Runs: " + total + " recorded" + (total > runs.size() ? ", latest " + runs.size() : ""));
            if (runs.isEmpty()) {
                return;
            }
            out.printf("  %-16s %-20s %-8s %-22s %s%n", "VERSION", "HOST", "PID", "STARTED", "STOPPED");
            for (Map<String, Object> run : runs) {
                out.printf(
                        "  %-16s %-20s %-8s %-22s %s%n",
                        run.get("version"),
                        run.get("host"),
                        run.get("pid"),
                        TIME.format(((Timestamp) run.get("started_at")).toInstant()),
                        run.get("stopped_at") == null
                                ? "-"
                                : TIME.format(((Timestamp) run.get("stopped_at")).toInstant()));
            }
        }
    }

    @Command(
            name = "serve",
            mixinStandardHelpOptions = true,
            description = {
                "Run only the embedded PostgreSQL, for maintenance such as restoring a backup, until stopped with"
                        + " Ctrl-C or SIGTERM.",
                "Steward must be stopped: the data directory is used by one process at a time."
            })
    static final class Serve implements Callable<Integer> {

        private final Map<String, String> environment;

        @Spec
        CommandSpec spec;

        Serve(Map<String, String> environment) {
            this.environment = environment;
        }

        @Override
        public Integer call() throws InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Settings settings = settings(environment, err);
            if (settings == null) {
                return 1;
            }
            if (settings.database().isPresent()) {
                err.println("error: DATABASE_URL is set; `db serve` runs the embedded database only. Use your"
                        + " database's own tools for "
                        + settings.database().get().describe() + ".");
                return 1;
            }
            StewardDatabase database;
            try {
                database = StewardDatabase.forServer(settings);
            } catch (RuntimeException e) {
                err.println("error: " + DatabaseTask.message(e));
                return 1;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
                database.close();
                stopped.countDown();
            }));
            TerminationSignal.exitZeroOnStopSignals();
            int port = database.embeddedPort().orElseThrow();
            out.println("Embedded PostgreSQL for maintenance: host 127.0.0.1, port " + port + ", user postgres,"
                    + " database steward, no password.");
            out.println("  psql -h 127.0.0.1 -p " + port + " -U postgres steward");
            out.println("Stop with Ctrl-C or SIGTERM.");
            stopped.await();
            return 0;
        }
    }
}
