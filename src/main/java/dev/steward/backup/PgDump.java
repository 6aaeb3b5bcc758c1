package dev.steward.backup;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import dev.steward.backup.PgTools.Lookup;
import dev.steward.backup.PgTools.Tool;
import dev.steward.catalog.BackupPolicy.Codec;
import dev.steward.catalog.BackupPolicy.Compression;
import dev.steward.catalog.BackupPolicy.Format;
import dev.steward.config.DatabaseUrl;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dumps one PostgreSQL database to a stream with pg_dump, and counts its tables' rows in the very snapshot pg_dump
 * reads, so the counts a drill compares against are exact.
 *
 * <p>A JDBC connection opens a repeatable-read, read-only transaction and exports its snapshot; pg_dump is started
 * with {@code --snapshot} and the rows are counted on the JDBC connection while pg_dump runs (the counts read the same
 * tables pg_dump reads, mostly from the cache pg_dump warms, and cost little wall time). The custom format goes from
 * pg_dump's standard output to the stream without a local copy; the directory format is dumped with parallel jobs into
 * a private temporary directory under Steward's data directory and then written as one tar stream. A dump that exits
 * non-zero, is killed or writes nothing is a {@link PgFailure} with pg_dump's own words, never a success; an
 * interrupted dump kills pg_dump and its workers.
 */
final class PgDump {

    private static final Logger log = LoggerFactory.getLogger(PgDump.class);

    private static final int BUFFER = 256 * 1024;

    /**
     * The source's user tables as pg_dump dumps their data: ordinary tables, partitions included (partitioned parents
     * hold no rows of their own), not temporary ones, not the system's, not those an extension owns.
     */
    static final String USER_TABLES = """
            SELECT n.nspname, c.relname, pg_relation_size(c.oid)
              FROM pg_class c
              JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relkind = 'r'
               AND c.relpersistence <> 't'
               AND n.nspname NOT IN ('pg_catalog', 'information_schema')
               AND n.nspname NOT LIKE 'pg\\_toast%'
               AND n.nspname NOT LIKE 'pg\\_temp\\_%'
               AND NOT EXISTS (SELECT 1 FROM pg_depend d
                                WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
             ORDER BY pg_relation_size(c.oid) DESC, n.nspname, c.relname
            """;

    private final PgTools tools;
    private final Path workDirectory;

    /**
     * @param workDirectory where directory-format dumps are written before they are streamed (Steward's data
     *     directory); each gets a private subdirectory, deleted afterwards
     */
    PgDump(PgTools tools, Path workDirectory) {
        this.tools = tools;
        this.workDirectory = workDirectory;
    }

    /**
     * What to dump and how.
     *
     * @param jobs parallel jobs for the directory format
     * @param zstdWorkers threads zstd uses when Steward compresses (0: compress on the writing thread)
     * @param countLimitBytes tables larger than this (on disk, without indexes) are not counted but recorded as
     *     {@link PgDump#NOT_COUNTED}, for sources where a second read of every table costs too much; 0 counts every table
     */
    record Request(
            DatabaseUrl source,
            Format format,
            int jobs,
            Compression compression,
            int zstdWorkers,
            long countLimitBytes) {

        /** Every table counted. */
        Request(DatabaseUrl source, Format format, int jobs, Compression compression, int zstdWorkers) {
            this(source, format, jobs, compression, zstdWorkers, 0);
        }
    }

    /**
     * The row count recorded for a table larger than the request's count limit: a drill checks that it exists, not
     * how many rows it has.
     */
    static final long NOT_COUNTED = -1;

    /**
     * A finished dump.
     *
     * @param dumpBytes what pg_dump wrote (the archive before Steward's compression, if any)
     * @param writtenBytes what went to the stream
     * @param rowCounts rows per {@code schema.table}, counted in the dump's snapshot
     * @param countDuration the time the counts took, alongside pg_dump
     */
    record Result(
            PgVersion serverVersion,
            PgVersion pgDumpVersion,
            PgArchive archive,
            long databaseSize,
            Map<String, Long> rowCounts,
            long dumpBytes,
            long writtenBytes,
            Duration duration,
            Duration countDuration) {}

    /** A finished {@code pg_dumpall --globals-only}. */
    record GlobalsResult(PgVersion pgDumpallVersion, long bytes, Duration duration) {}

    /** Dumps {@code request.source()} to {@code out}, which is flushed but not closed. */
    Result dump(Request request, OutputStream out) throws IOException, InterruptedException {
        long started = System.nanoTime();
        Lookup.Found pgDump = tools.require(Tool.PG_DUMP);
        PgTarget target = PgTarget.of(request.source());
        try (Connection connection = connect(target)) {
            Snapshot snapshot = exportSnapshot(connection, target);
            Optional<String> versionProblem = tools.dumpProblem(snapshot.serverVersion(), target.describe());
            if (versionProblem.isPresent()) {
                throw new PgFailure(versionProblem.get());
            }
            PgArchive archive = PgArchive.plan(request.format(), request.compression(), pgDump.version());
            CountingOutputStream written = new CountingOutputStream(out);
            Dumped dumped = switch (request.format()) {
                case CUSTOM -> dumpCustom(request, pgDump, target, archive, snapshot, connection, written);
                case DIRECTORY -> dumpDirectory(request, pgDump, target, archive, snapshot, connection, written);
            };
            out.flush();
            connection.commit();
            Result result = new Result(
                    snapshot.serverVersion(),
                    pgDump.version(),
                    archive,
                    snapshot.databaseSize(),
                    dumped.counts().rows(),
                    dumped.dumpBytes(),
                    written.count(),
                    Duration.ofNanos(System.nanoTime() - started),
                    dumped.counts().duration());
            log.atDebug()
                    .addKeyValue("event", "pg_dump_finished")
                    .addKeyValue("source", target.describe())
                    .addKeyValue("dumpBytes", result.dumpBytes())
                    .addKeyValue("writtenBytes", result.writtenBytes())
                    .addKeyValue("tables", result.rowCounts().size())
                    .addKeyValue("durationMs", result.duration().toMillis())
                    .addKeyValue("countMs", result.countDuration().toMillis())
                    .log("Dumped {}", target.describe());
            return result;
        } catch (SQLException e) {
            throw new PgFailure("dumping " + target.describe() + " failed: " + e.getMessage(), e);
        }
    }

    private Dumped dumpCustom(
            Request request,
            Lookup.Found pgDump,
            PgTarget target,
            PgArchive archive,
            Snapshot snapshot,
            Connection connection,
            CountingOutputStream written)
            throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(archive.pgDumpArguments());
        arguments.addAll(
                List.of("--snapshot=" + snapshot.id(), "--no-password", "--dbname=" + target.dbnameArgument()));
        boolean fromArchive = countsFromArchive(archive, pgDump.version());
        try (PgProcess process = PgProcess.start(pgDump, arguments, target)) {
            String writing = "writing the dump of " + target.describe();
            CompletableFuture<PgArchiveRows.Outcome> pumped = process.helper("steward-pg-dump-stdout", writing, () -> {
                try (InputStream stdout = process.stdout();
                        OutputStream sink = compressing(archive, request.zstdWorkers(), written)) {
                    return fromArchive
                            ? PgArchiveRows.copy(stdout, sink)
                            : new PgArchiveRows.Outcome(
                                    stdout.transferTo(sink), Optional.empty(), Optional.of("pg_dump compressed it"));
                }
            });
            String counting = "counting the rows of " + target.describe();
            CompletableFuture<Counts> counted = fromArchive
                    ? CompletableFuture.completedFuture(new Counts(Map.of(), Duration.ZERO))
                    : process.helper(
                            "steward-pg-dump-count",
                            counting,
                            () -> count(connection, snapshot.tables(), request.countLimitBytes(), process));
            process.awaitExit("pg_dump");
            PgArchiveRows.Outcome copied = process.result(pumped, writing);
            Counts counts = process.result(counted, counting);
            if (copied.bytes() == 0) {
                throw new PgFailure(
                        "pg_dump of " + target.describe() + " exited 0 but wrote nothing: " + process.stderrTail());
            }
            if (fromArchive) {
                counts = fromArchive(copied, snapshot, connection, request, process, target);
            }
            return new Dumped(copied.bytes(), counts);
        }
    }

    /**
     * Whether the rows are counted in pg_dump's output rather than on the server: when the archive holds the tables'
     * data uncompressed (pg_dump compresses nothing: Steward's zstd, or no compression) in a version Steward reads.
     */
    static boolean countsFromArchive(PgArchive archive, PgVersion pgDump) {
        boolean uncompressed = archive.stewardCompresses() || archive.codec() == Codec.NONE;
        return archive.format() == Format.CUSTOM && uncompressed && pgDump.majorOrder() <= 1500;
    }

    /**
     * The rows pg_dump wrote per table; tables the archive did not account for (or all, when it could not be read)
     * are counted on the server, in the snapshot, which the transaction still holds.
     */
    private static Counts fromArchive(
            PgArchiveRows.Outcome copied,
            Snapshot snapshot,
            Connection connection,
            Request request,
            PgProcess process,
            PgTarget target)
            throws PgFailure {
        long started = System.nanoTime();
        Map<String, Long> inArchive = copied.rows().orElse(Map.of());
        List<Table> missing = snapshot.tables().stream()
                .filter(table -> !inArchive.containsKey(table.key()))
                .toList();
        if (copied.unreadable().isPresent()) {
            log.atInfo()
                    .addKeyValue("event", "pg_dump_rows_counted_on_server")
                    .addKeyValue("source", target.describe())
                    .addKeyValue("reason", copied.unreadable().get())
                    .log(
                            "Counting the rows of {} on the server: its dump could not be read ({})",
                            target.describe(),
                            copied.unreadable().get());
        }
        Map<String, Long> rows = new java.util.TreeMap<>();
        for (Table table : snapshot.tables()) {
            Long count = inArchive.get(table.key());
            if (count != null) {
                rows.put(table.key(), count);
            }
        }
        if (!missing.isEmpty()) {
            try {
                rows.putAll(count(connection, missing, request.countLimitBytes(), process)
                        .rows());
            } catch (SQLException e) {
                throw new PgFailure("counting the rows of " + target.describe() + " failed: " + e.getMessage(), e);
            }
        }
        return new Counts(new LinkedHashMap<>(rows), Duration.ofNanos(System.nanoTime() - started));
    }

    private Dumped dumpDirectory(
            Request request,
            Lookup.Found pgDump,
            PgTarget target,
            PgArchive archive,
            Snapshot snapshot,
            Connection connection,
            CountingOutputStream written)
            throws IOException, InterruptedException {
        try (PgTemporaryDirectory temporary = PgTemporaryDirectory.create(workDirectory, "steward-dump-")) {
            Path directory = temporary.path().resolve("dump");
            List<String> arguments = new ArrayList<>(archive.pgDumpArguments());
            arguments.addAll(List.of(
                    "--jobs=" + Math.max(1, request.jobs()),
                    "--file=" + directory,
                    "--snapshot=" + snapshot.id(),
                    "--no-password",
                    "--dbname=" + target.dbnameArgument()));
            Counts counts;
            try (PgProcess process = PgProcess.start(pgDump, arguments, target)) {
                String counting = "counting the rows of " + target.describe();
                CompletableFuture<Counts> counted = process.helper(
                        "steward-pg-dump-count",
                        counting,
                        () -> count(connection, snapshot.tables(), request.countLimitBytes(), process));
                process.awaitExit("pg_dump");
                counts = process.result(counted, counting);
                if (!Files.isRegularFile(directory.resolve("toc.dat"))) {
                    throw new PgFailure("pg_dump of " + target.describe() + " exited 0 but wrote no toc.dat: "
                            + process.stderrTail());
                }
            }
            long dumpBytes;
            try (OutputStream sink = compressing(archive, request.zstdWorkers(), written)) {
                dumpBytes = PgDirectoryArchive.write(directory, sink);
            }
            return new Dumped(dumpBytes, counts);
        }
    }

    /**
     * Dumps the cluster's roles and tablespaces ({@code pg_dumpall --globals-only}) as SQL to {@code out}, which is
     * flushed but not closed. Reading role passwords needs a superuser; the failure says so.
     */
    GlobalsResult dumpGlobals(DatabaseUrl source, OutputStream out) throws IOException, InterruptedException {
        long started = System.nanoTime();
        Lookup.Found pgDumpall = tools.require(Tool.PG_DUMPALL);
        PgTarget target = PgTarget.of(source);
        // pg_dumpall reports a refused connection without the server's reason; a JDBC connection first names it.
        try (Connection connection = connect(target)) {
            connection.isValid(1);
        } catch (SQLException e) {
            throw new PgFailure("connecting to " + target.describe() + " failed: " + e.getMessage(), e);
        }
        List<String> arguments = List.of("--globals-only", "--no-password", "--database=" + target.database());
        try (PgProcess process = PgProcess.start(pgDumpall, arguments, target)) {
            CountingOutputStream counting = new CountingOutputStream(out);
            String writing = "writing the globals of " + target.describe();
            CompletableFuture<Long> pumped = process.helper("steward-pg-dumpall-stdout", writing, () -> {
                try (InputStream stdout = process.stdout()) {
                    return stdout.transferTo(counting);
                }
            });
            try {
                process.awaitExit("pg_dumpall --globals-only");
            } catch (PgFailure failure) {
                if (failure.exitCode().isPresent() && failure.getMessage().contains("permission denied")) {
                    throw new PgFailure(
                            failure.getMessage() + ". Dumping roles with their passwords reads pg_authid, which only"
                                    + " a superuser may: connect as a superuser (ALTER ROLE "
                                    + (source.username() == null ? "<user>" : source.username())
                                    + " SUPERUSER), or set globals: false in the backup policy",
                            failure.exitCode(),
                            failure);
                }
                throw failure;
            }
            long bytes = process.result(pumped, writing);
            if (bytes == 0) {
                throw new PgFailure(
                        "pg_dumpall --globals-only of " + target.describe() + " exited 0 but wrote nothing");
            }
            out.flush();
            return new GlobalsResult(pgDumpall.version(), bytes, Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private static Connection connect(PgTarget target) throws PgFailure {
        try {
            return target.connect();
        } catch (SQLException e) {
            throw new PgFailure(
                    "cannot connect to " + target.describe()
                            + (target.url().username() == null
                                    ? ""
                                    : " as " + target.url().username()) + ": "
                            + e.getMessage(),
                    e);
        }
    }

    /**
     * Opens the repeatable-read transaction whose snapshot pg_dump imports, and reads what the manifest records. The
     * transaction stays open until pg_dump is done: an exported snapshot lives only as long as its transaction.
     */
    private static Snapshot exportSnapshot(Connection connection, PgTarget target) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            // pg_dump sets these for itself; the counting session needs them too (a server-wide timeout must not end
            // the transaction that holds the snapshot, and a row-level security policy must fail loudly, as it does
            // for pg_dump, instead of hiding rows from the counts).
            statement.execute("SET LOCAL statement_timeout = 0");
            statement.execute("SET LOCAL idle_in_transaction_session_timeout = 0");
            statement.execute("SET LOCAL row_security = off");
            String id;
            PgVersion version;
            long size;
            try (ResultSet row =
                    statement.executeQuery("SELECT pg_export_snapshot(), current_setting('server_version_num')::int,"
                            + " current_setting('server_version'), pg_database_size(current_database())")) {
                row.next();
                id = row.getString(1);
                version = PgVersion.ofServer(row.getInt(2), row.getString(3));
                size = row.getLong(4);
            }
            List<Table> tables = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery(USER_TABLES)) {
                while (rows.next()) {
                    tables.add(new Table(rows.getString(1), rows.getString(2), rows.getLong(3)));
                }
            }
            return new Snapshot(id, version, size, tables);
        } catch (SQLException e) {
            throw new SQLException(
                    "reading " + target.describe() + "'s tables failed: " + e.getMessage(), e.getSQLState(), e);
        }
    }

    /** Counts every table's rows on {@code connection}, in its transaction's snapshot; stopping the run cancels it. */
    static Counts count(Connection connection, List<Table> tables, long limitBytes, PgProcess run) throws SQLException {
        long started = System.nanoTime();
        Map<String, Long> rows = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement()) {
            run.cancelOnStop(statement);
            for (Table table : tables) {
                if (limitBytes > 0 && table.bytes() > limitBytes) {
                    rows.put(table.key(), NOT_COUNTED);
                    continue;
                }
                try (ResultSet result = statement.executeQuery("SELECT count(*) FROM ONLY " + table.quoted())) {
                    result.next();
                    rows.put(table.key(), result.getLong(1));
                } catch (SQLException e) {
                    throw new SQLException(
                            "counting the rows of " + table.key() + " failed: " + e.getMessage()
                                    + ("42501".equals(e.getSQLState())
                                            ? " (the backup user needs SELECT on every table, as pg_dump does)"
                                            : ""),
                            e.getSQLState(),
                            e);
                }
            }
        }
        // Sorted by name for the manifest (counted largest first, so the longest count starts earliest).
        Map<String, Long> sorted = new LinkedHashMap<>();
        rows.keySet().stream().sorted().forEach(key -> sorted.put(key, rows.get(key)));
        return new Counts(sorted, Duration.ofNanos(System.nanoTime() - started));
    }

    /** The stream pg_dump's bytes go into: zstd when Steward compresses, otherwise the stream itself. */
    private static OutputStream compressing(PgArchive archive, int workers, OutputStream out) throws IOException {
        OutputStream unclosed = new FilterOutputStream(out) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(bytes, offset, length);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
        if (!archive.stewardCompresses()) {
            return new java.io.BufferedOutputStream(unclosed, BUFFER);
        }
        ZstdOutputStreamNoFinalizer zstd = new ZstdOutputStreamNoFinalizer(unclosed, archive.level());
        zstd.setChecksum(true);
        if (workers > 0) {
            zstd.setWorkers(workers);
        }
        return zstd;
    }

    /** A table as {@code schema.table} for the manifest, and quoted for SQL; {@code bytes} without indexes. */
    record Table(String schema, String name, long bytes) {
        String key() {
            return schema + "." + name;
        }

        String quoted() {
            return quote(schema) + "." + quote(name);
        }

        static String quote(String identifier) {
            return "\"" + identifier.replace("\"", "\"\"") + "\"";
        }
    }

    record Counts(Map<String, Long> rows, Duration duration) {}

    private record Snapshot(String id, PgVersion serverVersion, long databaseSize, List<Table> tables) {}

    private record Dumped(long dumpBytes, Counts counts) {}

    /** Counts what passes through to the stream. */
    static final class CountingOutputStream extends FilterOutputStream {
        private long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            count += length;
        }

        long count() {
            return count;
        }
    }
}
