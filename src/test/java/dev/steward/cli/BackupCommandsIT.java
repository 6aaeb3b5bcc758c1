package dev.steward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.access.ApiTokens;
import dev.steward.access.Role;
import dev.steward.testing.PostgresExtension;
import dev.steward.testing.TestSteward;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code steward backup} run in-process as an operator would: against a real Steward backing up a real pgbench
 * database (scale 1) to a local directory — run and follow a backup and its drill, list, show, drill again, the
 * retention dry run — and {@code restore}, which needs no Steward, over a second database: with {@code --yes}
 * (tests have no terminal) after a safety backup, and refused without it.
 */
class BackupCommandsIT {

    private static final Pattern STARTED = Pattern.compile("Backup (\\S+) of shop started\\.");
    private static final String PASSWORD = "s3cret-not-printed";

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @TempDir
    static Path directory;

    private static TestSteward steward;
    private static String token;
    private static Path catalog;
    private static Path storage;
    private static String backup;

    @BeforeAll
    static void start() throws Exception {
        sql("postgres", "create database shop", "create database shop_restore", "create database shop_untouched");
        postgres.pgbench("shop", 1);
        storage = directory.resolve("backups");
        catalog = Files.writeString(
                directory.resolve("steward.yml"), """
                backups:
                  shop:
                    source: postgres://postgres@127.0.0.1:%d/shop
                    storage:
                      - type: local
                        path: %s
                    retention: { keepLast: 5 }
                    drill:
                      checks:
                        - sql: select count(*) from pgbench_branches
                          expect: "== 1"
                  gone:
                    source: postgres://postgres@127.0.0.1:%d/no_such_database
                    storage:
                      - type: local
                        path: %s
                    drill: false
                """.formatted(postgres.port(), storage, postgres.port(), storage));
        steward = TestSteward.start(Map.of(
                "DATABASE_URL", postgres.databaseUrl(),
                "STEWARD_CONFIG", catalog.toString(),
                "STEWARD_DATA_DIR", directory.resolve("data").toString()));
        token = steward.context()
                .getBean(ApiTokens.class)
                .create("backup-cli", Role.OPERATOR, Optional.empty(), "tests")
                .secret();
        Run run = steward("backup", "run", "shop", "--wait");
        assertThat(run.status()).as(run.err()).isZero();
        Matcher started = STARTED.matcher(run.out());
        assertThat(started.find()).as(run.out()).isTrue();
        backup = started.group(1);
        assertThat(run.out())
                .contains("Following it")
                .contains("Backup " + backup + " is verified")
                .containsPattern("Drill passed: restored in \\S+ \\(RTO\\)")
                .contains("4 tables, 1 SQL check");
    }

    @AfterAll
    static void stop() {
        if (steward != null) {
            steward.close();
        }
    }

    @Test
    void listShowsTheBackupWithItsStatusAndSize() {
        Run list = steward("backup", "list", "--policy", "shop");

        assertThat(list.status()).isZero();
        assertThat(list.out().lines().toList())
                .first()
                .asString()
                .matches("ID\\s+POLICY\\s+KIND\\s+STATUS\\s+STARTED\\s+SIZE\\s+DURATION\\s+ERROR");
        assertThat(list.out())
                .containsPattern(Pattern.quote(backup) + "\\s+shop\\s+manual\\s+verified\\s+\\d{4}-"
                        + "\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\S+\\s+\\d+\\.\\d [kM]B\\s+\\S+");
    }

    @Test
    void showPrintsTheManifestTheTablesWithTheirRowsTheCopyAndTheDrill() {
        Run show = steward("backup", "show", backup);

        assertThat(show.status()).as(show.err()).isZero();
        assertThat(show.out())
                .startsWith("Backup " + backup + " of shop: verified\n")
                .containsPattern("source\\s+127\\.0\\.0\\.1:" + postgres.port() + "/shop \\(database shop\\)")
                .containsPattern("format\\s+custom, zstd")
                .containsPattern("sha256\\s+[0-9a-f]{64}")
                .contains("Tables (4, 100,011 rows at dump time):")
                .containsPattern("public\\.pgbench_accounts\\s+100,000")
                .containsPattern("public\\.pgbench_tellers\\s+10\n")
                .containsPattern("directory " + Pattern.quote(storage.toString()) + "\\s+complete")
                .containsPattern("passed\\s+.*4 tables, 1 SQL check")
                .containsPattern("passed\\s+== 1\\s+1\\s+select count\\(\\*\\) from pgbench_branches");
    }

    @Test
    void policiesPrintsTheNewestAndTheNewestVerifiedBackup() {
        Run policies = steward("backup", "policies");

        assertThat(policies.status()).isZero();
        assertThat(policies.out())
                .contains("shop: 127.0.0.1:" + postgres.port() + "/shop\n")
                .containsPattern("schedule\\s+on demand only")
                .containsPattern("newest verified\\s+" + Pattern.quote(backup) + "  ")
                .containsPattern("gone: 127\\.0\\.0\\.1:\\d+/no_such_database\n(.*\n)*  drill\\s+off")
                .containsPattern("drill\\s+after every backup")
                .containsPattern("storages\\s+directory " + Pattern.quote(storage.toString()));
    }

    @Test
    void verifyWaitsForTheDrillAndReportsItPassed() {
        Run verify = steward("backup", "verify", backup, "--wait");

        assertThat(verify.status()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out())
                .contains("Drill of backup " + backup + " (shop) started.")
                .contains("Drill of backup " + backup + " passed.")
                .containsPattern("the backup was \\S+ old \\(RPO\\)");
    }

    @Test
    void pruneDryRunSaysWhatRetentionKeepsAndWhy() {
        Run prune = steward("backup", "prune", "shop", "--dry-run");

        assertThat(prune.status()).as(prune.err()).isZero();
        assertThat(prune.out())
                .containsPattern("keep\\s+" + Pattern.quote(backup) + "\\s+.*keepLast 1 of 5")
                .contains("Dry run: retention would delete 0 of");
    }

    @Test
    void runWaitExitsWithOneAndTheErrorWhenTheBackupFails() {
        Run run = steward("backup", "run", "gone", "--wait");

        assertThat(run.status()).as(run.out()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: backup ").contains(" failed: ").contains("no_such_database");
        assertThat(steward("backup", "list", "--policy", "gone").out()).containsPattern("gone\\s+manual\\s+failed");
    }

    @Test
    void importRegistersWhatStorageHoldsAndSaysHowMuchWasNew() {
        Run run = steward("backup", "import", "shop");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out())
                .containsPattern("Found [1-9]\\d* backups? of shop in storage; added \\d+ that Steward did not know");
    }

    @Test
    void runOfAnUnknownPolicyIsRefusedWithThePolicies() {
        Run run = steward("backup", "run", "nope");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("no backup policy named nope").contains("shop");
    }

    @Test
    void restoreWithYesTakesASafetyBackupAndRestoresEveryRowKeepingWhatTheBackupLacks() throws Exception {
        sql("shop_restore", "create table notes (id int)", "insert into notes values (1)");
        List<Path> before = manifests();

        Run restore = steward("backup", "restore", backup, "--to", target("shop_restore"), "--yes");

        assertThat(restore.status()).as(restore.out() + restore.err()).isZero();
        assertThat(restore.out())
                .contains("Backup " + backup + " of policy shop (manual)")
                .contains("target    127.0.0.1:" + postgres.port() + "/shop_restore (as user postgres)")
                .contains("Safety backup ")
                .contains("steward backup restore ")
                .contains("--to 'postgres://postgres@127.0.0.1:" + postgres.port() + "/shop_restore'")
                .containsPattern("Restored " + Pattern.quote(backup) + " over \\S+ in \\S+: \\S+ \\S+ read, \\d+"
                        + " archive items restored\\.")
                .containsPattern("public\\.pgbench_accounts\\s+100,000")
                .doesNotContain(PASSWORD);
        assertThat(count("shop_restore", "pgbench_accounts")).isEqualTo(count("shop", "pgbench_accounts"));
        assertThat(count("shop_restore", "pgbench_branches")).isEqualTo(1);
        assertThat(count("shop_restore", "pgbench_tellers")).isEqualTo(10);
        assertThat(count("shop_restore", "notes"))
                .as("a table the backup lacks stays")
                .isEqualTo(1);

        List<Path> added = manifests();
        added.removeAll(before);
        assertThat(added).hasSize(1);
        String manifest = Files.readString(added.getFirst());
        assertThat(manifest)
                .contains("\"kind\" : \"safety\"")
                .contains("shop_restore")
                .contains("public.notes");
        String safety = added.getFirst().getParent().getFileName().toString();
        assertThat(restore.out()).contains("Safety backup " + safety);
    }

    @Test
    void restoreWithoutYesAndWithoutATerminalRefusesAndLeavesTheTargetAlone() throws Exception {
        sql("shop_untouched", "create table marker (id int)", "insert into marker values (7)");
        List<Path> before = manifests();

        Run restore = steward("backup", "restore", backup, "--to", target("shop_untouched"));

        assertThat(restore.status()).isEqualTo(2);
        assertThat(restore.err())
                .contains("not restoring: there is no terminal to confirm on")
                .contains("--yes");
        assertThat(restore.out()).contains("127.0.0.1:" + postgres.port() + "/shop_untouched");
        assertThat(count("shop_untouched", "marker")).isEqualTo(1);
        assertThat(tables("shop_untouched")).containsExactly("marker");
        assertThat(manifests()).as("no safety backup was taken").isEqualTo(before);
    }

    @Test
    void restoreToADatabaseThatDoesNotExistSaysHowToCreateIt() {
        Run restore = steward("backup", "restore", backup, "--to", target("shop_missing"), "--yes");

        assertThat(restore.status()).isEqualTo(1);
        assertThat(restore.err())
                .contains("the target database shop_missing does not exist")
                .contains("createdb -h 127.0.0.1 -p " + postgres.port() + " -U postgres shop_missing")
                .doesNotContain(PASSWORD);
    }

    @Test
    void restoreOfAnUnknownBackupNamesWhereItLooked() {
        Run restore = steward("backup", "restore", "20200101T000000Z-0000", "--to", target("shop_restore"), "--yes");

        assertThat(restore.status()).isEqualTo(1);
        assertThat(restore.err()).contains("no backup 20200101T000000Z-0000 in the storages of the catalog's policies");
    }

    // ---- helpers

    private record Run(int status, String out, String err) {}

    private static Run steward(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> environment = new HashMap<>();
        environment.put("PORT", String.valueOf(steward.port()));
        environment.put("STEWARD_TOKEN", token == null ? "" : token);
        environment.put("STEWARD_CONFIG", catalog.toString());
        environment.put("STEWARD_DATA_DIR", directory.resolve("cli-data").toString());
        int status = StewardCommand.execute(environment, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(status, out.toString(), err.toString());
    }

    private static String target(String database) {
        return "postgres://postgres:" + PASSWORD + "@127.0.0.1:" + postgres.port() + "/" + database;
    }

    private static List<Path> manifests() throws IOException {
        try (Stream<Path> files = Files.walk(storage)) {
            return new java.util.ArrayList<>(
                    files.filter(path -> path.getFileName().toString().equals("manifest.json"))
                            .sorted()
                            .toList());
        }
    }

    private static void sql(String database, String... statements) throws SQLException {
        try (Connection connection = connect(database);
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static long count(String database, String table) throws SQLException {
        try (Connection connection = connect(database);
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("select count(*) from " + table)) {
            row.next();
            return row.getLong(1);
        }
    }

    private static List<String> tables(String database) throws SQLException {
        try (Connection connection = connect(database);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "select tablename from pg_tables where schemaname = 'public' order by 1")) {
            List<String> names = new java.util.ArrayList<>();
            while (rows.next()) {
                names.add(rows.getString(1));
            }
            return names;
        }
    }

    private static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/" + database + "?user=postgres");
    }
}
