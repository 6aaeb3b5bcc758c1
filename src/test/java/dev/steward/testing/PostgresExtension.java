package dev.steward.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL server for one test class, standing in for the external database a user names in
 * {@code DATABASE_URL}. It can be stopped and started again on the same port with the same data, to test outages.
 *
 * <pre>{@code @RegisterExtension static final PostgresExtension postgres = new PostgresExtension();}</pre>
 */
public final class PostgresExtension implements BeforeAllCallback, AfterAllCallback {

    private final int port = Ports.free();
    private @Nullable Path dataDirectory;
    private @Nullable EmbeddedPostgres server;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dataDirectory = Files.createTempDirectory("steward-test-pg");
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        stop();
        if (dataDirectory != null) {
            try (Stream<Path> files = Files.walk(dataDirectory)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }

    /** {@code DATABASE_URL} for Steward, in the libpq form users write. */
    public String databaseUrl() {
        return "postgres://postgres@localhost:" + port + "/postgres";
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres";
    }

    /**
     * Fills {@code database} (which must exist) with pgbench's tables at {@code scale} (100,000 accounts per unit),
     * with the machine's {@code pgbench}.
     */
    public void pgbench(String database, int scale) throws IOException, InterruptedException {
        Process pgbench = new ProcessBuilder(
                        "pgbench",
                        "-i",
                        "-q",
                        "-s",
                        Integer.toString(scale),
                        "-h",
                        "127.0.0.1",
                        "-p",
                        Integer.toString(port),
                        "-U",
                        "postgres",
                        database)
                .redirectErrorStream(true)
                .start();
        String output = new String(pgbench.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (pgbench.waitFor() != 0) {
            throw new IllegalStateException("pgbench -i of " + database + " failed: " + output);
        }
    }

    public int port() {
        return port;
    }

    /** Stops the server (fast shutdown); connections are cut and new ones are refused. */
    public synchronized void stop() {
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server = null;
        }
    }

    /** Starts the server again on the same port and data. */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            server = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
