package dev.steward.database;

import dev.steward.config.Settings;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * Steward's database for this process: the external server named by {@code DATABASE_URL}, or the embedded one under
 * the data directory, started (and later stopped) by this process when no other process runs it.
 */
public final class StewardDatabase implements AutoCloseable {

    private final DatabaseTarget target;
    private final @Nullable EmbeddedDatabase embedded;
    private final String origin;

    private StewardDatabase(DatabaseTarget target, @Nullable EmbeddedDatabase embedded, String origin) {
        this.target = target;
        this.embedded = embedded;
        this.origin = origin;
    }

    /**
     * For the server and {@code steward db serve}: starts the embedded database when needed, and refuses a data
     * directory that another process is serving.
     */
    public static StewardDatabase forServer(Settings settings) {
        if (settings.database().isPresent()) {
            return new StewardDatabase(
                    DatabaseTarget.external(settings.database().get()), null, "DATABASE_URL");
        }
        EmbeddedDatabase embedded =
                EmbeddedDatabase.start(settings.embeddedDatabaseDir(), settings.embeddedDatabasePort());
        return new StewardDatabase(embedded.target(), embedded, "started for this command");
    }

    /**
     * For a command: uses a PostgreSQL already serving the embedded data directory (a running Steward's, or one
     * started for maintenance), otherwise starts it for the duration of the command.
     */
    public static StewardDatabase forCommand(Settings settings) {
        if (settings.database().isPresent()) {
            return new StewardDatabase(
                    DatabaseTarget.external(settings.database().get()), null, "DATABASE_URL");
        }
        EmbeddedDatabase.DirectoryState state = EmbeddedDatabase.inspect(settings.embeddedDatabaseDir());
        Optional<EmbeddedDatabase.RunningServer> server = state.server();
        if (server.isPresent()) {
            String origin = state.lockedBySteward()
                    ? "the embedded database of a running Steward"
                    : server.get().startedBySteward()
                            ? "an embedded database left running by a Steward that ended"
                            : "a PostgreSQL started by hand on the data directory";
            return new StewardDatabase(EmbeddedDatabase.target(server.get().port()), null, origin);
        }
        if (state.lockedBySteward()) {
            throw new DatabaseStartupException("A Steward process holds " + settings.embeddedDatabaseDir()
                    + " but its embedded PostgreSQL is not running. Restart that Steward; PostgreSQL's own log in "
                    + settings.embeddedDatabaseDir().resolve("log") + " names the reason.");
        }
        EmbeddedDatabase embedded =
                EmbeddedDatabase.start(settings.embeddedDatabaseDir(), settings.embeddedDatabasePort());
        return new StewardDatabase(embedded.target(), embedded, "started for this command");
    }

    /** How to connect. */
    public DatabaseTarget target() {
        return target;
    }

    /** The port of the embedded server this process started, if it started one. */
    public OptionalInt embeddedPort() {
        return embedded == null ? OptionalInt.empty() : OptionalInt.of(embedded.port());
    }

    /** Whether this process started the embedded server (and stops it on {@link #close()}). */
    public boolean startedHere() {
        return embedded != null;
    }

    /** Where the connection comes from, for messages: DATABASE_URL, a running Steward's embedded database … */
    public String origin() {
        return origin;
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
