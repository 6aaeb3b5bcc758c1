package dev.steward.cli;

import dev.steward.backup.BackupEngine;
import dev.steward.backup.BackupManifest;
import dev.steward.catalog.BackupPolicy;
import dev.steward.catalog.Catalog;
import dev.steward.catalog.CatalogLoad;
import dev.steward.catalog.CatalogReader;
import dev.steward.config.DatabaseUrl;
import dev.steward.config.Mode;
import dev.steward.config.SettingProblem;
import dev.steward.config.Settings;
import dev.steward.config.SettingsLoader;
import dev.steward.config.SettingsResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "restore",
        mixinStandardHelpOptions = true,
        description = {
            "Restore a backup over a database, from this machine and without a running Steward: the backup is found"
                    + " by its manifest in the storages of the catalog ($STEWARD_CONFIG); the target's current state"
                    + " is first backed up into the same storages (a safety backup); then pg_restore --clean"
                    + " --if-exists replaces every object the backup has, keeping owners and privileges.",
            "Asks to type the target database's name; without a terminal (a script), --yes is required.",
            "Exit status 0 when restored, 1 when the backup is not found, the target cannot be used, the answer was"
                    + " not the database's name, or the safety backup or the restore failed, 2 when an argument,"
                    + " the settings or the catalog are bad, or without --yes and without a terminal."
        })
final class BackupRestore implements Callable<Integer> {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");
    private static final String JDBC = "jdbc:postgresql://";

    private final Map<String, String> environment;
    private final Terminal terminal;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The backup's id, e.g. 20261124T020000Z-3f9a.")
    String id = "";

    @Option(
            names = "--to",
            paramLabel = "URL",
            required = true,
            description = "The database to restore over, e.g. postgres://postgres:secret@db.internal:5432/booky (or"
                    + " jdbc:postgresql://…); it must exist. Its password is never printed.")
    String target = "";

    @Option(names = "--yes", description = "Restore without asking (required without a terminal).")
    boolean yes;

    @Option(
            names = "--no-safety-backup",
            description = "Do not back up the target's current state first (when the target is empty, or when it"
                    + " cannot be dumped).")
    boolean noSafetyBackup;

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description = "The catalog file (default: $STEWARD_CONFIG, else ./steward.yml).")
    @Nullable
    Path file;

    BackupRestore(Map<String, String> environment) {
        this(environment, Terminal.system());
    }

    BackupRestore(Map<String, String> environment, Terminal terminal) {
        this.environment = environment;
        this.terminal = terminal;
    }

    /** A reason the command stops, with its exit status; printed as "error: …" on stderr. */
    static final class Stop extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        Stop(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return restore(out);
        } catch (Stop e) {
            err.println("error: " + e.getMessage());
            return e.status;
        }
    }

    private int restore(PrintWriter out) throws Stop, InterruptedException {
        DatabaseUrl to = switch (DatabaseUrl.parse(target)) {
            case DatabaseUrl.Result.Valid valid -> valid.url();
            case DatabaseUrl.Result.Invalid invalid ->
                throw new Stop(2, "--to " + invalid.problem() + " (e.g. postgres://user:password@host:5432/database)");
        };
        Settings settings = settings();
        Catalog catalog = catalog();
        try (BackupEngine engine = new BackupEngine(
                settings.dataDir().resolve("backup-work"),
                settings.database().orElse(BackupPolicy.STEWARD_DATABASE),
                settings.pgBinDir(),
                Clock.systemUTC())) {
            BackupEngine.Located located = locate(engine, catalog);
            BackupManifest manifest = located.manifest();
            String database = database(to);
            printPlan(out, located, to);
            checkTarget(to, database);
            confirm(terminal, yes, database, out);
            Optional<BackupManifest> safety = Optional.empty();
            ProgressDisplay display = new ProgressDisplay(out, terminal.interactive());
            if (!noSafetyBackup) {
                out.println();
                out.println("Taking a safety backup of " + to.describe() + " as it is now…");
                try {
                    safety = Optional.of(engine.safetyBackup(located.policy(), to, display));
                } catch (RuntimeException e) {
                    display.finish();
                    throw new Stop(
                            1,
                            "the safety backup of " + to.describe() + " failed, so nothing was restored: " + message(e)
                                    + ". Fix that, or restore without one with --no-safety-backup.");
                }
                display.finish();
                out.println("Safety backup " + safety.get().id() + " ("
                        + BackupFormat.size(safety.get().dump().bytes()) + ") is in " + storages(located.policy())
                        + ".");
                out.println("To go back to the state before this restore: steward backup restore "
                        + safety.get().id() + " --to '" + withoutPassword(to) + "'");
            }
            out.println();
            out.println("Restoring " + manifest.id() + " over " + to.describe() + "…");
            ProgressDisplay restoring = new ProgressDisplay(out, terminal.interactive());
            restoring.phase("restoring");
            BackupEngine.Restored restored;
            try {
                restored = engine.restore(located, to, restoring);
            } catch (IOException | RuntimeException e) {
                restoring.finish();
                throw new Stop(
                        1,
                        "the restore of " + manifest.id() + " over " + to.describe() + " failed: " + message(e)
                                + safety.map(made -> ". The database may be partly restored; safety backup " + made.id()
                                                + " holds its state from before")
                                        .orElse(". The database may be partly restored"));
            }
            restoring.finish();
            printRestored(out, manifest, to, restored);
            return 0;
        }
    }

    private Settings settings() throws Stop {
        return switch (SettingsLoader.load(environment, Mode.DEVELOPMENT)) {
            case SettingsResult.Invalid invalid ->
                throw new Stop(
                        2,
                        "the settings are invalid: "
                                + String.join(
                                        "; ",
                                        invalid.problems().stream()
                                                .map(SettingProblem::message)
                                                .toList()));
            case SettingsResult.Loaded loaded -> loaded.settings();
        };
    }

    private Catalog catalog() throws Stop {
        Path catalogFile = file != null ? file : CatalogFiles.configured(environment);
        String source = CatalogReader.displayName(catalogFile);
        byte[] content;
        try {
            content = Files.readAllBytes(catalogFile);
        } catch (NoSuchFileException e) {
            throw new Stop(2, source + ": no such file (name the catalog with -c FILE or STEWARD_CONFIG)");
        } catch (IOException e) {
            throw new Stop(2, source + ": cannot be read: " + e.getMessage());
        }
        return switch (CatalogReader.read(source, content, environment)) {
            case CatalogLoad.Rejected rejected ->
                throw new Stop(
                        2,
                        source + " has " + rejected.errors().size() + " error"
                                + (rejected.errors().size() == 1 ? "" : "s") + "; fix "
                                + (rejected.errors().size() == 1 ? "it" : "them") + " first (steward config"
                                + " validate lists them): " + rejected.errors().getFirst());
            case CatalogLoad.Loaded loaded -> loaded.catalog();
        };
    }

    private BackupEngine.Located locate(BackupEngine engine, Catalog catalog) throws Stop {
        if (catalog.backups().isEmpty()) {
            throw new Stop(2, "the catalog has no backups section, so Steward does not know where backups are stored");
        }
        try {
            return engine.locate(catalog, id)
                    .orElseThrow(() -> new Stop(
                            1,
                            "no backup " + id + " in the storages of the catalog's policies ("
                                    + String.join(", ", catalog.backups().keySet())
                                    + "); 'steward backup list' shows the backups Steward knows"));
        } catch (RuntimeException e) {
            throw new Stop(1, "could not look for backup " + id + " in storage: " + message(e));
        }
    }

    private void printPlan(PrintWriter out, BackupEngine.Located located, DatabaseUrl to) {
        BackupManifest manifest = located.manifest();
        long rows = manifest.rowCounts().values().stream()
                .mapToLong(Long::longValue)
                .sum();
        out.println("Backup " + manifest.id() + " of policy " + manifest.policy() + " (" + manifest.kind() + ")");
        out.printf(
                "  taken     %s (%s ago)%n",
                LOCAL.format(manifest.startedAt().atZone(ZoneId.systemDefault())),
                BackupFormat.duration(Duration.between(manifest.startedAt(), Instant.now())));
        out.printf(
                "  size      %s stored; the database was %s; %d tables, %s rows%n",
                BackupFormat.size(manifest.dump().bytes()),
                BackupFormat.size(manifest.databaseSize()),
                manifest.rowCounts().size(),
                BackupFormat.count(rows));
        out.printf(
                "  source    %s (PostgreSQL %s, pg_dump %s)%n",
                manifest.source(), manifest.serverVersion(), manifest.pgDumpVersion());
        out.printf("  from      %s%n", located.where());
        out.println("will be restored over");
        out.printf(
                "  target    %s%s%n", to.describe(), to.username() == null ? "" : " (as user " + to.username() + ")");
        out.println("What happens:");
        if (noSafetyBackup) {
            out.println("  - no safety backup (--no-safety-backup): the target's current state is not kept;");
        } else {
            out.println("  - first a safety backup of the target as it is now, into the storages of "
                    + manifest.policy() + " (kind safety);");
        }
        out.println("  - then pg_restore --clean --if-exists: each object the backup has is dropped and restored with"
                + " its owner and privileges; objects the backup does not have stay as they are.");
        if (manifest.globals().isPresent()) {
            out.println("  - roles are not restored: the backup has them (globals); restore them first if the target"
                    + " server lacks them (docs/BACKUPS.md#guided-restore).");
        }
    }

    /** The target database must exist and take connections; said with the fix when it does not. */
    private static void checkTarget(DatabaseUrl to, String database) throws Stop {
        Properties properties = new Properties();
        if (to.username() != null) {
            properties.setProperty("user", to.username());
        }
        if (to.password() != null) {
            properties.setProperty("password", to.password().value());
        }
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("ApplicationName", "steward backup restore");
        try (Connection connection = DriverManager.getConnection(to.jdbcUrl(), properties)) {
            connection.isValid(5);
        } catch (SQLException e) {
            if ("3D000".equals(e.getSQLState())) {
                String host = to.describe().substring(0, to.describe().lastIndexOf('/'));
                throw new Stop(
                        1,
                        "the target database " + database + " does not exist on " + host + "; create it first, e.g."
                                + " 'createdb -h " + hostOnly(host) + " -p " + portOnly(host)
                                + (to.username() == null ? "" : " -U " + to.username()) + " " + database
                                + "' (or CREATE DATABASE " + database + " in psql), then run this again");
            }
            throw new Stop(
                    1,
                    "cannot connect to the target " + to.describe() + ": "
                            + (e.getMessage() == null
                                    ? e.getSQLState()
                                    : e.getMessage().strip()));
        }
    }

    /**
     * Goes on with {@code --yes}; on a terminal, when the person types the target database's name; otherwise stops:
     * exit status 2 without a terminal (a script must say --yes), 1 for any other answer.
     */
    static void confirm(Terminal terminal, boolean yes, String database, PrintWriter out) throws Stop {
        if (yes) {
            return;
        }
        if (!terminal.interactive()) {
            throw new Stop(
                    2,
                    "not restoring: there is no terminal to confirm on, and a restore overwrites " + database
                            + "; run it again with --yes to restore without asking");
        }
        out.flush();
        String answer = terminal.ask("Type the target database's name (" + database + ") to restore over it: ");
        if (answer == null || !answer.strip().equals(database)) {
            throw new Stop(
                    1,
                    "not confirmed" + (answer == null ? "" : " (\"" + answer.strip() + "\" is not " + database + ")")
                            + "; nothing was changed");
        }
    }

    private static void printRestored(
            PrintWriter out, BackupManifest manifest, DatabaseUrl to, BackupEngine.Restored restored) {
        out.println("Restored " + manifest.id() + " over " + to.describe() + " in "
                + BackupFormat.duration(restored.duration()) + ": " + BackupFormat.size(restored.bytesRead())
                + " read, " + restored.items() + " archive items restored.");
        if (manifest.rowCounts().isEmpty()) {
            return;
        }
        out.println("Tables as the backup had them (rows at dump time):");
        List<String[]> rows = new ArrayList<>();
        int width = Math.max(
                "ROWS".length(),
                manifest.rowCounts().values().stream()
                        .mapToInt(count -> BackupFormat.count(count).length())
                        .max()
                        .orElse(0));
        rows.add(new String[] {"  TABLE", " ".repeat(width - "ROWS".length()) + "ROWS"});
        manifest.rowCounts().forEach((table, count) -> {
            String text = BackupFormat.count(count);
            rows.add(new String[] {"  " + table, " ".repeat(width - text.length()) + text});
        });
        TextTable.print(out, rows, -1);
    }

    private static String storages(BackupPolicy policy) {
        return String.join(
                "; ",
                policy.storage().stream().map(BackupPolicy.Storage::describe).toList());
    }

    /** The database's name: the part of {@code host:port/database} after the host and port. */
    static String database(DatabaseUrl url) {
        String described = url.describe();
        return described.substring(described.indexOf('/', described.lastIndexOf(']') + 1) + 1);
    }

    /** The target as a URL to paste, with its user but never its password. */
    static String withoutPassword(DatabaseUrl url) {
        String rest = url.jdbcUrl().substring(JDBC.length());
        return "postgres://"
                + (url.username() == null
                        ? ""
                        : java.net.URLEncoder.encode(url.username(), java.nio.charset.StandardCharsets.UTF_8) + "@")
                + rest;
    }

    private static String hostOnly(String hostAndPort) {
        return hostAndPort.substring(0, hostAndPort.lastIndexOf(':'));
    }

    private static String portOnly(String hostAndPort) {
        return hostAndPort.substring(hostAndPort.lastIndexOf(':') + 1);
    }

    private static String message(Throwable error) {
        return error.getMessage() == null
                ? error.toString()
                : error.getMessage().strip();
    }
}
