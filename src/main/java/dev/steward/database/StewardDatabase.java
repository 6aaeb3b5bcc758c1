package dev.steward.database;

import dev.steward.config.Settings;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Steward's database for this process: the external server named by {@code DATABASE_URL}, or the embedded one under
 * the data directory, started (and later stopped) by this process when no other Steward runs it.
 */
public final class StewardDatabase implements AutoCloseable {

    private final DatabaseTarget target;
    private final @Nullable EmbeddedDatabase embedded;

    private StewardDatabase(DatabaseTarget target, @Nullable EmbeddedDatabase embedded) {
        this.target = target;
        this.embedded = embedded;
    }

    /** For the server: starts the embedded database when needed, and refuses one that another Steward is running. */
    public static StewardDatabase forServer(Settings settings) {
        if (settings.database().isPresent()) {
            return new StewardDatabase(
                    DatabaseTarget.external(settings.database().get()), null);
        }
        EmbeddedDatabase embedded =
                EmbeddedDatabase.start(settings.embeddedDatabaseDir(), settings.embeddedDatabasePort());
        return new StewardDatabase(embedded.target(), embedded);
    }

    /**
     * For a command: reaches the embedded database of a running Steward when there is one, otherwise starts it for the
     * duration of the command.
     */
    public static StewardDatabase forCommand(Settings settings) {
        if (settings.database().isPresent()) {
            return new StewardDatabase(
                    DatabaseTarget.external(settings.database().get()), null);
        }
        Optional<Integer> running = EmbeddedDatabase.runningServerPort(settings.embeddedDatabaseDir());
        if (running.isPresent()) {
            return new StewardDatabase(EmbeddedDatabase.target(running.get()), null);
        }
        EmbeddedDatabase embedded =
                EmbeddedDatabase.start(settings.embeddedDatabaseDir(), settings.embeddedDatabasePort());
        return new StewardDatabase(embedded.target(), embedded);
    }

    /** How to connect. */
    public DatabaseTarget target() {
        return target;
    }

    /** Whether this process started the embedded server (and stops it on {@link #close()}). */
    public boolean startedHere() {
        return embedded != null;
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
