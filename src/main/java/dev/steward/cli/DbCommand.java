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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.MigrateResult;
import org.springframework.jdbc.core.simple.JdbcClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
        name = "db",
        description = {
            "Work with Steward's own database (DATABASE_URL, or the embedded one under STEWARD_DATA_DIR).",
            "For the embedded database these commands use the server of a running Steward, or start it for the"
                    + " duration of the command."
        },
        subcommands = {DbCommand.Ping.class, DbCommand.Migrate.class, DbCommand.Status.class})
final class DbCommand {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(java.time.ZoneOffset.UTC);

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
            Settings settings;
            switch (SettingsLoader.load(environment, Mode.DEVELOPMENT)) {
                case SettingsResult.Invalid invalid -> {
                    err.println("error: the configuration is invalid:");
                    invalid.problems().stream().map(SettingProblem::message).forEach(p -> err.println("  - " + p));
                    return 1;
                }
                case SettingsResult.Loaded loaded -> settings = loaded.settings();
            }
            if ("production"
                            .equalsIgnoreCase(
                                    environment.getOrDefault("STEWARD_ENV", "").trim())
                    && settings.database().isEmpty()) {
                err.println("error: STEWARD_ENV is production but DATABASE_URL is not set; set it to the database"
                        + " Steward uses, e.g. DATABASE_URL=postgres://steward:secret@db.internal:5432/steward");
                return 1;
            }
            try (StewardDatabase database = StewardDatabase.forCommand(settings)) {
                if (database.startedHere()) {
                    err.println("note: started the embedded database in " + settings.embeddedDatabaseDir()
                            + " for this command");
                }
                return run(database.target(), out);
            } catch (RuntimeException | SQLException e) {
                err.println("error: " + message(e));
                return 1;
            }
        }

        abstract int run(DatabaseTarget target, PrintWriter out) throws SQLException;

        static String message(Throwable error) {
            StringBuilder message = new StringBuilder(String.valueOf(error.getMessage()));
            for (Throwable cause = error.getCause();
                    cause != null && cause != cause.getCause();
                    cause = cause.getCause()) {
                if (cause.getMessage() != null && !message.toString().contains(cause.getMessage())) {
                    message.append(": ").append(cause.getMessage());
                }
            }
            return message.toString();
        }
    }

    @Command(name = "ping", description = "Connect to the database, run a query, and report how long it took.")
    static final class Ping extends DatabaseTask {

        Ping(Map<String, String> environment) {
            super(environment);
        }

        @Override
        int run(DatabaseTarget target, PrintWriter out) throws SQLException {
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
                throw new SQLException(
                        "cannot reach the database at " + target.description() + ": " + e.getMessage()
                                + " Check DATABASE_URL and that PostgreSQL is running.",
                        e.getSQLState(),
                        e);
            }
        }
    }

    @Command(
            name = "migrate",
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
            description =
                    "List applied and pending migrations, and the Steward versions that have run on this database.")
    static final class Status extends DatabaseTask {

        Status(Map<String, String> environment) {
            super(environment);
        }

        @Override
        int run(DatabaseTarget target, PrintWriter out) {
            try (HikariDataSource dataSource = DataSources.pool(target, 2)) {
                List<MigrationInfo> migrations = Migrations.status(dataSource);
                long applied = migrations.stream()
                        .filter(m -> m.getState().isApplied())
                        .count();
                long pending = migrations.stream()
                        .filter(m -> m.getState() == MigrationState.PENDING)
                        .count();
                long failed =
                        migrations.stream().filter(m -> m.getState().isFailed()).count();
                out.println("Database: " + target.description() + (target.embedded() ? " (embedded)" : ""));
                out.println("Migrations: " + applied + " applied, " + pending + " pending"
                        + (failed > 0 ? ", " + failed + " FAILED" : ""));
                out.printf("  %-8s %-12s %-24s %s%n", "VERSION", "STATE", "INSTALLED", "DESCRIPTION");
                for (MigrationInfo migration : migrations) {
                    out.printf(
                            "  %-8s %-12s %-24s %s%n",
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
                if (applied > 0) {
                    printRuns(JdbcClient.create(dataSource), out);
                }
                return failed > 0 ? 1 : 0;
            }
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
            out.printf("  %-16s %-20s %-8s %-24s %s%n", "VERSION", "HOST", "PID", "STARTED", "STOPPED");
            for (Map<String, Object> run : runs) {
                out.printf(
                        "  %-16s %-20s %-8s %-24s %s%n",
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
}
