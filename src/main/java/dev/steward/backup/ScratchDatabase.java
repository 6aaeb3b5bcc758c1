package dev.steward.backup;

import dev.steward.config.DatabaseUrl;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A database a drill restores into and throws away: {@code steward_drill_<backup id>} on the drill server, created
 * from {@code template0} (empty, as pg_restore expects) and dropped when closed, even after a failed drill. A crash
 * can still leave one behind; {@link #dropLeftovers} removes them when Steward starts.
 */
final class ScratchDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ScratchDatabase.class);

    /** Every scratch database's name starts with this. */
    static final String PREFIX = "steward_drill_";

    private static final int MAX_IDENTIFIER_BYTES = 63;

    private final PgTarget server;
    private final String name;

    private ScratchDatabase(PgTarget server, String name) {
        this.server = server;
        this.name = name;
    }

    /**
     * Creates the scratch database for {@code backupId} on {@code server} (a URL of any database there, e.g.
     * {@code postgres}; its user needs CREATEDB).
     */
    static ScratchDatabase create(DatabaseUrl server, String backupId) throws PgFailure {
        PgTarget target = PgTarget.of(server);
        String name = nameFor(backupId);
        try (Connection connection = target.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + PgDump.Table.quote(name) + " TEMPLATE template0");
        } catch (SQLException e) {
            throw new PgFailure(createFailure(target, name, e), e);
        }
        log.atDebug()
                .addKeyValue("event", "scratch_database_created")
                .addKeyValue("database", name)
                .addKeyValue("server", target.describe())
                .log("Created scratch database {}", name);
        return new ScratchDatabase(target, name);
    }

    private static String createFailure(PgTarget target, String name, SQLException e) {
        String user = target.url().username() == null
                ? "the drill server's user"
                : target.url().username();
        String prefix = "cannot create the scratch database " + name + " on " + target.describe() + ": ";
        return switch (String.valueOf(e.getSQLState())) {
            case "42501" ->
                prefix + user + " may not create databases; grant it with ALTER ROLE " + user + " CREATEDB on the"
                        + " drill server, or point the policy's drill.server at a server where it may";
            case "42P04" ->
                prefix + "it exists already: a drill of this backup is running, or an earlier one was stopped; Steward"
                        + " drops leftovers when it starts";
            default -> prefix + e.getMessage();
        };
    }

    /** The scratch database's name for a backup: its id lower-cased, anything but letters, digits and _ as _. */
    static String nameFor(String backupId) {
        String sanitised = backupId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        String name = PREFIX + sanitised;
        return name.length() > MAX_IDENTIFIER_BYTES ? name.substring(0, MAX_IDENTIFIER_BYTES) : name;
    }

    String name() {
        return name;
    }

    /** A connection URL for the scratch database, with the drill server's credentials. */
    DatabaseUrl url() {
        return server.withDatabase(name);
    }

    /** Drops the scratch database, ending any session still in it; a failure is logged, not thrown. */
    @Override
    public void close() {
        try (Connection connection = server.connect()) {
            drop(connection, name);
            log.atDebug()
                    .addKeyValue("event", "scratch_database_dropped")
                    .addKeyValue("database", name)
                    .log("Dropped scratch database {}", name);
        } catch (SQLException e) {
            log.atWarn()
                    .addKeyValue("event", "scratch_database_drop_failed")
                    .addKeyValue("database", name)
                    .addKeyValue("server", server.describe())
                    .addKeyValue("error", e.getMessage())
                    .log(
                            "Could not drop the scratch database {} on {}: {}; it is dropped at the next start",
                            name,
                            server.describe(),
                            e.getMessage());
        }
    }

    /**
     * Drops every scratch database on {@code server} (left by a drill that was stopped by a crash or kill).
     *
     * @return the names dropped
     */
    static List<String> dropLeftovers(DatabaseUrl server) throws PgFailure {
        PgTarget target = PgTarget.of(server);
        List<String> dropped = new ArrayList<>();
        try (Connection connection = target.connect()) {
            List<String> names = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery(
                            "SELECT datname FROM pg_database WHERE datname LIKE 'steward\\_drill\\_%' ORDER BY 1")) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
            for (String name : names) {
                drop(connection, name);
                dropped.add(name);
                log.atInfo()
                        .addKeyValue("event", "scratch_database_leftover_dropped")
                        .addKeyValue("database", name)
                        .addKeyValue("server", target.describe())
                        .log("Dropped scratch database {} left by an interrupted drill", name);
            }
        } catch (SQLException e) {
            throw new PgFailure(
                    "cannot drop leftover scratch databases on " + target.describe() + ": " + e.getMessage(), e);
        }
        return dropped;
    }

    private static void drop(Connection connection, String name) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            int version;
            try (ResultSet row = statement.executeQuery("SELECT current_setting('server_version_num')::int")) {
                row.next();
                version = row.getInt(1);
            }
            if (version >= 130000) {
                statement.execute("DROP DATABASE IF EXISTS " + PgDump.Table.quote(name) + " WITH (FORCE)");
                return;
            }
            // Before PostgreSQL 13 there is no FORCE: end the sessions first.
            try (var terminate = connection.prepareStatement(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ?")) {
                terminate.setString(1, name);
                terminate.execute();
            }
            statement.execute("DROP DATABASE IF EXISTS " + PgDump.Table.quote(name));
        }
    }
}
