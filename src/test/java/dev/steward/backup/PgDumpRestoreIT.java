package dev.steward.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import dev.steward.catalog.BackupPolicy.Codec;
import dev.steward.catalog.BackupPolicy.Compression;
import dev.steward.catalog.BackupPolicy.DrillCheck;
import dev.steward.catalog.BackupPolicy.Format;
import dev.steward.config.DatabaseUrl;
import dev.steward.testing.PostgresExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Dumps, restores and verifies a real pgbench database on a real PostgreSQL server with the machine's client tools:
 * what a backup and its drill do, without the service around them.
 */
class PgDumpRestoreIT {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static final int SCALE = 1;
    private static final String SOURCE = "shop";

    @TempDir
    static Path work;

    private static PgTools tools;

    @BeforeAll
    static void pgbenchDatabase() throws Exception {
        tools = PgTools.locate(Optional.empty());
        assertThat(tools.problems()).isEmpty();
        sql("postgres", "CREATE DATABASE " + SOURCE);
        postgres.pgbench(SOURCE, SCALE);
        // What pgbench lacks: a partitioned table, a quoted name in its own schema, a sequence, an extension's table.
        sql(SOURCE, """
                CREATE TABLE events (id bigserial, at date NOT NULL, body jsonb) PARTITION BY RANGE (at);
                CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
                CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
                INSERT INTO events (at, body)
                  SELECT date '2025-06-01' + (i % 400), jsonb_build_object('n', i) FROM generate_series(1, 1000) i;
                CREATE SCHEMA "Billing";
                CREATE TABLE "Billing"."Invoice ""Lines""\" (id serial PRIMARY KEY, amount numeric NOT NULL);
                INSERT INTO "Billing"."Invoice ""Lines""\" (amount) SELECT i FROM generate_series(1, 42) i;
                CREATE EXTENSION IF NOT EXISTS plpgsql;
                CREATE TABLE notes (id int, body text);
                INSERT INTO notes VALUES
                  (1, E'line one\nline two\r\nthree'), (2, E'tab\there'), (3, NULL), (4, E'back\\slash');
                CREATE TABLE nothing (id int);
                CREATE UNLOGGED TABLE scratchpad (id int);
                INSERT INTO scratchpad SELECT generate_series(1, 7);
                SELECT lo_from_bytea(0, E'a large object\nwith a newline');
                """);
    }

    @ParameterizedTest(name = "{0} {1} restored with {2} job(s)")
    @CsvSource({
        "CUSTOM, ZSTD, 2, steward",
        "CUSTOM, ZSTD, 1, steward",
        "CUSTOM, GZIP, 2, pg_dump",
        "CUSTOM, NONE, 1, pg_dump",
        "DIRECTORY, ZSTD, 2, steward",
        "DIRECTORY, GZIP, 2, pg_dump"
    })
    void aDumpRestoresIntoAScratchDatabaseWithTheSameRows(Format format, Codec codec, int jobs, String compressedBy)
            throws Exception {
        Path file = work.resolve("dump-" + format + "-" + codec + "-" + jobs);

        PgDump.Result dumped = dump(format, new Compression(codec, 3), file);

        assertThat(dumped.serverVersion().major()).isEqualTo("15");
        assertThat(dumped.pgDumpVersion().major()).isEqualTo("15");
        assertThat(dumped.archive().compressedByName()).isEqualTo(compressedBy);
        assertThat(dumped.archive().codecName()).isEqualTo(codec.name().toLowerCase());
        assertThat(dumped.databaseSize()).isGreaterThan(10_000_000);
        assertThat(dumped.rowCounts())
                .containsEntry("public.pgbench_accounts", 100_000L * SCALE)
                .containsEntry("public.pgbench_branches", (long) SCALE)
                .containsEntry("public.pgbench_tellers", 10L * SCALE)
                .containsEntry("public.pgbench_history", 0L)
                .containsEntry("public.events_2025", 628L)
                .containsEntry("public.events_2026", 372L)
                .containsEntry("Billing.Invoice \"Lines\"", 42L)
                .containsEntry("public.notes", 4L)
                .containsEntry("public.nothing", 0L)
                .containsEntry("public.scratchpad", 7L)
                .as("a partitioned parent holds no rows of its own; partitions are counted")
                .doesNotContainKey("public.events");
        assertThat(dumped.writtenBytes()).isEqualTo(Files.size(file));
        if (codec != Codec.NONE) {
            assertThat(dumped.writtenBytes()).isLessThan(dumped.databaseSize() / 3);
        }

        List<PgRestore.Progress.Update> updates = new CopyOnWriteArrayList<>();
        try (ScratchDatabase scratch = ScratchDatabase.create(server(), "it-" + format + "-" + codec + "-" + jobs)) {
            PgRestore.Result restored;
            try (InputStream in = Files.newInputStream(file)) {
                restored = restore(scratch, dumped.archive(), jobs, in, updates::add);
            }

            assertThat(restored.archiveBytes()).isPositive();
            assertThat(new DrillVerifier(Duration.ofMinutes(1))
                            .verify(scratch.url(), dumped.rowCounts(), 0, List.of())
                            .failures())
                    .isEmpty();
            assertThat(updates).isNotEmpty();
            PgRestore.Progress.Update last = updates.getLast();
            assertThat(last.bytesRead()).isEqualTo(Files.size(file));
            if (jobs > 1) {
                assertThat(last.itemsTotal()).isPositive();
                assertThat(last.itemsDone()).isEqualTo(last.itemsTotal());
            }
        }
        assertThat(databases()).noneMatch(name -> name.startsWith("steward_drill_"));
        assertThat(leftoverFiles()).as("temporary files are deleted").isEmpty();
    }

    @Test
    void rowsCountedInPgDumpsOutputEqualRowsCountedOnTheServer() throws Exception {
        PgVersion pgDump = ((PgTools.Lookup.Found) tools.lookup(PgTools.Tool.PG_DUMP)).version();
        PgArchive stewardCompressed = PgArchive.plan(Format.CUSTOM, Compression.standard(), pgDump);
        PgArchive gzip = PgArchive.plan(Format.CUSTOM, new Compression(Codec.GZIP, 1), pgDump);
        assertThat(PgDump.countsFromArchive(stewardCompressed, pgDump)).isTrue();
        assertThat(PgDump.countsFromArchive(gzip, pgDump)).isFalse();

        PgDump.Result fromArchive = dump(Format.CUSTOM, Compression.standard(), work.resolve("archive-counted"));
        PgDump.Result onServer = dump(Format.CUSTOM, new Compression(Codec.GZIP, 1), work.resolve("server-counted"));

        assertThat(fromArchive.rowCounts()).isEqualTo(onServer.rowCounts()).hasSizeGreaterThan(8);
    }

    @Test
    void countsAreTakenInTheDumpsSnapshotWhileWritesGoOn() throws Exception {
        Path file = work.resolve("busy.dump");
        sql(SOURCE, "CREATE TABLE busy (id bigint); INSERT INTO busy SELECT generate_series(1, 50000)");
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 40; i++) {
                sqlUnchecked(SOURCE, "INSERT INTO busy SELECT generate_series(1, 1000)");
            }
        });
        PgDump.Result dumped = dump(Format.CUSTOM, Compression.standard(), file);
        writer.join();

        try (ScratchDatabase scratch = ScratchDatabase.create(server(), "busy");
                InputStream in = Files.newInputStream(file)) {
            restore(scratch, dumped.archive(), 2, in, update -> {});
            assertThat(new DrillVerifier(Duration.ofMinutes(1))
                            .verify(scratch.url(), dumped.rowCounts(), 0, List.of())
                            .passed())
                    .as("the restored rows are the rows counted, whatever was written meanwhile")
                    .isTrue();
        } finally {
            sql(SOURCE, "DROP TABLE busy");
        }
    }

    @Test
    void tablesAboveTheCountLimitAreRecordedUncountedAndOnlyCheckedForPresence() throws Exception {
        Path file = work.resolve("limited.dump");
        PgDump.Result dumped;
        try (OutputStream out = Files.newOutputStream(file)) {
            dumped = new PgDump(tools, work)
                    .dump(
                            new PgDump.Request(
                                    source(), Format.CUSTOM, 2, new Compression(Codec.GZIP, 1), 1, 1_000_000),
                            out);
        }

        assertThat(dumped.rowCounts())
                .as("counted on the server (pg_dump compresses): pgbench_accounts is about 13 MB at scale 1; the"
                        + " small tables are still counted")
                .containsEntry("public.pgbench_accounts", PgDump.NOT_COUNTED)
                .containsEntry("public.pgbench_tellers", 10L * SCALE);
        try (ScratchDatabase scratch = ScratchDatabase.create(server(), "limited");
                InputStream in = Files.newInputStream(file)) {
            restore(scratch, dumped.archive(), 2, in, update -> {});
            DrillVerifier verifier = new DrillVerifier(Duration.ofMinutes(1));
            DrillVerification verification = verifier.verify(scratch.url(), dumped.rowCounts(), 0, List.of());

            assertThat(verification.passed()).isTrue();
            assertThat(verification.tables())
                    .filteredOn(table -> table.table().equals("public.pgbench_accounts"))
                    .singleElement()
                    .satisfies(table -> assertThat(table.restored()).isEmpty());
            sql(scratch.name(), "DROP TABLE pgbench_accounts");
            assertThat(verifier.verify(scratch.url(), dumped.rowCounts(), 0, List.of())
                            .failures())
                    .containsExactly("public.pgbench_accounts: missing after the restore (not counted at dump time)");
        }
    }

    @Test
    void aTruncatedDumpFailsTheRestoreWithPgRestoresWords() throws Exception {
        Path file = work.resolve("truncated.dump");
        PgDump.Result dumped = dump(Format.CUSTOM, new Compression(Codec.NONE, 0), file);
        truncate(file, Files.size(file) / 2);

        try (ScratchDatabase scratch = ScratchDatabase.create(server(), "truncated");
                InputStream in = Files.newInputStream(file)) {
            assertThatThrownBy(() -> restore(scratch, dumped.archive(), 2, in, update -> {}))
                    .isInstanceOf(PgFailure.class)
                    .hasMessageStartingWith("pg_restore of localhost:" + postgres.port() + "/steward_drill_truncated"
                            + " failed: pg_restore exited with status 1: pg_restore: error: ")
                    .hasMessageNotContaining("processing data for table");
        }
    }

    @Test
    void aTruncatedDumpCompressedByStewardFailsBeforePgRestoreRuns() throws Exception {
        Path file = work.resolve("truncated-zstd.dump");
        PgDump.Result dumped = dump(Format.CUSTOM, Compression.standard(), file);
        truncate(file, Files.size(file) - 100);

        for (int jobs : new int[] {1, 2}) {
            try (ScratchDatabase scratch = ScratchDatabase.create(server(), "truncated-zstd-" + jobs);
                    InputStream in = Files.newInputStream(file)) {
                assertThatThrownBy(() -> restore(scratch, dumped.archive(), jobs, in, update -> {}))
                        .isInstanceOf(PgFailure.class)
                        .hasMessageStartingWith("the stored dump cannot be decompressed (zstd: ")
                        .hasMessageEndingWith("): it is truncated or corrupt");
            }
        }
    }

    @Test
    void aCountThatDiffersFromTheManifestFailsVerificationNamingBothCounts() throws Exception {
        Path file = work.resolve("tampered.dump");
        PgDump.Result dumped = dump(Format.CUSTOM, Compression.standard(), file);
        Map<String, Long> tampered = new LinkedHashMap<>(dumped.rowCounts());
        tampered.put("public.pgbench_accounts", 100_000L * SCALE + 1000);
        tampered.put("public.gone", 5L);

        try (ScratchDatabase scratch = ScratchDatabase.create(server(), "tampered");
                InputStream in = Files.newInputStream(file)) {
            restore(scratch, dumped.archive(), 2, in, update -> {});
            DrillVerifier verifier = new DrillVerifier(Duration.ofMinutes(1));
            DrillVerification verification = verifier.verify(scratch.url(), tampered, 0, List.of());

            assertThat(verification.passed()).isFalse();
            assertThat(verification.failures())
                    .containsExactly(
                            "public.gone: missing after the restore (5 rows at dump time)",
                            "public.pgbench_accounts: 101000 rows at dump time, 100000 restored");
            assertThat(verifier.verify(scratch.url(), tampered, 0.01, List.of()).failures())
                    .as("within a 1 % tolerance only the missing table fails")
                    .containsExactly("public.gone: missing after the restore (5 rows at dump time)");
        }
    }

    @Test
    void sqlChecksRunReadOnlyAndAFailingOneReportsTheValueItRead() throws Exception {
        Path file = work.resolve("checked.dump");
        PgDump.Result dumped = dump(Format.CUSTOM, Compression.standard(), file);
        List<DrillCheck> checks = List.of(
                new DrillCheck("select count(*) from pgbench_branches", "== " + SCALE),
                new DrillCheck("select 'ok'", "== 'ok'"),
                new DrillCheck("select count(*) from pgbench_history", "> 0"),
                new DrillCheck("select * from nope", "> 0"),
                new DrillCheck("delete from pgbench_branches returning 1", "== 1"));

        try (ScratchDatabase scratch = ScratchDatabase.create(server(), "checked");
                InputStream in = Files.newInputStream(file)) {
            restore(scratch, dumped.archive(), 2, in, update -> {});
            DrillVerification verification =
                    new DrillVerifier(Duration.ofMinutes(1)).verify(scratch.url(), dumped.rowCounts(), 0, checks);

            assertThat(verification.passed()).isFalse();
            assertThat(verification.checks())
                    .extracting(DrillVerification.CheckOutcome::actual)
                    .containsExactly(
                            Optional.of(Integer.toString(SCALE)),
                            Optional.of("ok"),
                            Optional.of("0"),
                            Optional.empty(),
                            Optional.empty());
            assertThat(verification.failures()).hasSize(3);
            assertThat(verification.failures().get(0))
                    .isEqualTo("select count(*) from pgbench_history returned 0, expected > 0");
            assertThat(verification.failures().get(1))
                    .startsWith("select * from nope failed: ERROR: relation \"nope\" does not exist");
            assertThat(verification.failures().get(2))
                    .as("checks read; they never change what they verify")
                    .contains("cannot execute DELETE in a read-only transaction");
            assertThat(verification.tables())
                    .allSatisfy(table -> assertThat(table.failure()).isEmpty());
        }
    }

    @Test
    void aPgDumpThatFailsIsAFailureWithItsOwnWordsAndNoPassword() throws Exception {
        // The role may read every table (so the counts work) but not a sequence, which pg_dump reads too.
        sql(SOURCE, """
                CREATE ROLE partial LOGIN PASSWORD 'Pa55-word-never-shown';
                GRANT SELECT ON ALL TABLES IN SCHEMA public, "Billing" TO partial;
                GRANT USAGE ON SCHEMA "Billing" TO partial;
                """);
        DatabaseUrl source =
                url("postgres://partial:Pa55-word-never-shown@localhost:" + postgres.port() + "/" + SOURCE);

        assertThatThrownBy(() -> new PgDump(tools, work)
                        .dump(request(source, Format.CUSTOM, Compression.standard()), OutputStream.nullOutputStream()))
                .isInstanceOf(PgFailure.class)
                .hasMessageStartingWith("pg_dump of localhost:" + postgres.port() + "/shop failed: pg_dump exited with"
                        + " status 1: pg_dump: error: ")
                .hasMessageContaining("permission denied for sequence")
                .hasMessageNotContaining("Pa55-word-never-shown");
        assertThat(leftoverFiles()).isEmpty();
    }

    @Test
    void aWrongPasswordOrAMissingDatabaseFailsWithoutThePassword() throws Exception {
        sql("postgres", "CREATE ROLE checked LOGIN PASSWORD 'right-password'");
        requirePasswordsFor("checked");
        DatabaseUrl wrong = url("postgres://checked:wrong-password@localhost:" + postgres.port() + "/" + SOURCE);
        DatabaseUrl missing = url("postgres://postgres:pw-x@localhost:" + postgres.port() + "/nosuchdb");

        assertThatThrownBy(() -> new PgDump(tools, work)
                        .dump(request(wrong, Format.CUSTOM, Compression.standard()), OutputStream.nullOutputStream()))
                .isInstanceOf(PgFailure.class)
                .hasMessageStartingWith("cannot connect to localhost:" + postgres.port() + "/shop as checked: ")
                .hasMessageContaining("password authentication failed for user \"checked\"")
                .hasMessageNotContaining("wrong-password");
        assertThatThrownBy(() -> new PgDump(tools, work)
                        .dump(request(missing, Format.CUSTOM, Compression.standard()), OutputStream.nullOutputStream()))
                .isInstanceOf(PgFailure.class)
                .hasMessageContaining("database \"nosuchdb\" does not exist")
                .hasMessageNotContaining("pw-x");
        assertThatThrownBy(() -> new PgDump(tools, work).dumpGlobals(wrong, OutputStream.nullOutputStream()))
                .isInstanceOf(PgFailure.class)
                .hasMessageStartingWith("cannot connect to localhost:" + postgres.port() + "/shop as checked: ")
                .hasMessageContaining("password authentication failed for user \"checked\"")
                .hasMessageNotContaining("wrong-password");
    }

    @Test
    void pgDumpOlderThanTheServerIsRefusedWithWhatToInstall() throws Exception {
        Path bin = Files.createDirectories(work.resolve("old-bin"));
        PgToolsTest.script(bin.resolve("pg_dump"), "pg_dump (PostgreSQL) 14.13");
        PgTools old = PgTools.locate(Optional.of(bin));

        assertThatThrownBy(() -> new PgDump(old, work)
                        .dump(
                                request(source(), Format.CUSTOM, Compression.standard()),
                                OutputStream.nullOutputStream()))
                .isInstanceOf(PgFailure.class)
                .hasMessageMatching("pg_dump 14\\.13 cannot dump PostgreSQL 15\\.\\d+ at localhost:\\d+/shop: install"
                        + " the PostgreSQL 15 client tools \\(Debian/Ubuntu: postgresql-client-15\\), or point"
                        + " PG_BIN_DIR at them");
    }

    @Test
    void theGlobalsAreDumpedForASuperuserAndRefusedWithWhatToDoOtherwise() throws Exception {
        sql("postgres", "CREATE ROLE app_reader NOLOGIN; CREATE ROLE plain LOGIN PASSWORD 'plain-pw'");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

        PgDump.GlobalsResult result = new PgDump(tools, work).dumpGlobals(source(), out);

        assertThat(result.bytes()).isEqualTo(out.size());
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("CREATE ROLE app_reader;");
        DatabaseUrl plain = url("postgres://plain:plain-pw@localhost:" + postgres.port() + "/" + SOURCE);
        assertThatThrownBy(() -> new PgDump(tools, work).dumpGlobals(plain, OutputStream.nullOutputStream()))
                .isInstanceOf(PgFailure.class)
                .hasMessageContaining("permission denied")
                .hasMessageEndingWith("Dumping roles with their passwords reads pg_authid, which only a superuser"
                        + " may: connect as a superuser (ALTER ROLE plain SUPERUSER), or set globals: false in the"
                        + " backup policy")
                .hasMessageNotContaining("plain-pw");
    }

    @Test
    void interruptingADumpKillsPgDumpAndItsWorkers() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        OutputStream stuck = new OutputStream() {
            private volatile boolean broken;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                writing.countDown();
                if (broken) {
                    throw new IOException("storage connection closed");
                }
                try {
                    new CountDownLatch(1).await(); // storage that never answers, until interrupted
                } catch (InterruptedException e) {
                    broken = true;
                    throw new java.io.InterruptedIOException("storage write interrupted");
                }
            }
        };
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread dumping = Thread.ofPlatform().start(() -> {
            try {
                new PgDump(tools, work).dump(request(source(), Format.CUSTOM, Compression.standard()), stuck);
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(e);
            }
        });
        assertThat(writing.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(pgDumpProcesses()).isNotEmpty();

        dumping.interrupt();

        assertThat(outcome.get(30, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> pgDumpProcesses().isEmpty());
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        count("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'steward-backup'") == 0);
    }

    @Test
    void scratchDatabasesNeedCreatedbAndLeftoversAreDropped() throws Exception {
        sql("postgres", "CREATE DATABASE steward_drill_crashed_one; CREATE DATABASE steward_drill_crashed_two");
        try (Connection session = DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + postgres.port() + "/steward_drill_crashed_one?user=postgres")) {
            assertThat(session.isValid(1)).isTrue();

            List<String> dropped = ScratchDatabase.dropLeftovers(server());

            assertThat(dropped).containsExactly("steward_drill_crashed_one", "steward_drill_crashed_two");
        }
        assertThat(databases()).noneMatch(name -> name.startsWith("steward_drill_"));

        sql("postgres", "CREATE ROLE nocreate LOGIN");
        DatabaseUrl weak = url("postgres://nocreate@localhost:" + postgres.port() + "/postgres");
        assertThatThrownBy(() -> ScratchDatabase.create(weak, "20261124T020000Z-3f9a"))
                .isInstanceOf(PgFailure.class)
                .hasMessage("cannot create the scratch database steward_drill_20261124t020000z_3f9a on localhost:"
                        + postgres.port() + "/postgres: nocreate may not create databases; grant it with ALTER ROLE"
                        + " nocreate CREATEDB on the drill server, or point the policy's drill.server at a server"
                        + " where it may");
    }

    @Test
    void aScratchDatabaseIsDroppedEvenWhileSomeoneIsConnected() throws Exception {
        ScratchDatabase scratch = ScratchDatabase.create(server(), "connected");
        try (Connection session = DriverManager.getConnection(scratch.url().jdbcUrl(), "postgres", "")) {
            assertThat(session.isValid(1)).isTrue();
            scratch.close();
        }
        assertThat(databases()).doesNotContain("steward_drill_connected");
    }

    // --- helpers

    private static PgDump.Result dump(Format format, Compression compression, Path file) throws Exception {
        try (OutputStream out = Files.newOutputStream(file)) {
            return new PgDump(tools, work).dump(request(source(), format, compression), out);
        }
    }

    private static PgRestore.Result restore(
            ScratchDatabase scratch, PgArchive archive, int jobs, InputStream in, PgRestore.Progress progress)
            throws Exception {
        PgArchive stored = PgArchive.ofManifest(archive.formatName(), archive.codecName(), archive.compressedByName());
        return new PgRestore(tools, work)
                .restore(
                        new PgRestore.Request(
                                scratch.url(),
                                stored,
                                PgVersion.parse("15.18"),
                                jobs,
                                PgRestore.Ownership.SKIP,
                                false,
                                OptionalLong.empty(),
                                progress),
                        in);
    }

    private static PgDump.Request request(DatabaseUrl source, Format format, Compression compression) {
        return new PgDump.Request(source, format, 2, compression, 1);
    }

    static DatabaseUrl source() {
        return url("postgres://postgres@localhost:" + postgres.port() + "/" + SOURCE);
    }

    static DatabaseUrl server() {
        return url(postgres.databaseUrl());
    }

    static DatabaseUrl url(String text) {
        return switch (DatabaseUrl.parse(text)) {
            case DatabaseUrl.Result.Valid valid -> valid.url();
            case DatabaseUrl.Result.Invalid invalid -> throw new AssertionError(invalid.problem());
        };
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }

    /** Lets only password logins in for {@code role} (the test server trusts everyone by default). */
    private static void requirePasswordsFor(String role) throws Exception {
        Path hba = Path.of(query("postgres", "SHOW hba_file"));
        String lines =
                "host all " + role + " 127.0.0.1/32 scram-sha-256\nhost all " + role + " ::1/128 scram-sha-256\n";
        Files.writeString(hba, lines + Files.readString(hba));
        query("postgres", "SELECT pg_reload_conf()::text");
    }

    private static List<ProcessHandle> pgDumpProcesses() {
        return ProcessHandle.current()
                .descendants()
                .filter(process -> process.info().command().orElse("").endsWith("pg_dump"))
                .toList();
    }

    private static List<String> leftoverFiles() throws IOException {
        try (Stream<Path> files = Files.list(work)) {
            return files.map(path -> path.getFileName().toString())
                    .filter(name -> name.startsWith("steward-"))
                    .toList();
        }
    }

    private static List<String> databases() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection connection = connect("postgres");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT datname FROM pg_database")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    private static long count(String sql) throws SQLException {
        return Long.parseLong(query("postgres", sql.replace("count(*)", "count(*)::text")));
    }

    private static String query(String database, String sql) throws SQLException {
        try (Connection connection = connect(database);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static void sql(String database, String sql) throws SQLException {
        try (Connection connection = connect(database);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void sqlUnchecked(String database, String sql) {
        try {
            sql(database, sql);
        } catch (SQLException e) {
            fail("writing while dumping failed", e);
        }
    }

    private static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + postgres.port() + "/" + database + "?user=postgres");
    }
}
