package dev.steward.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.steward.testing.Http;
import dev.steward.testing.Ports;
import dev.steward.testing.PostgresExtension;
import dev.steward.testing.StewardProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A Steward killed with SIGKILL in the middle of a backup leaves nothing that claims to be a backup: after the restart
 * the run is failed as interrupted, its partial object is gone, and the next run succeeds.
 */
class BackupCrashIT {

    private static final Duration START = Duration.ofSeconds(180);

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @TempDir
    Path directory;

    @Test
    void aBackupCutShortBySigkillIsFailedAfterTheRestartAndTheNextRunSucceeds() throws Exception {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl());
                Statement statement = connection.createStatement()) {
            statement.execute("create database shop");
        }
        postgres.pgbench("shop", 10);
        Path storage = directory.resolve("local");
        Path catalog = directory.resolve("steward.yml");
        Files.writeString(catalog, """
                backups:
                  shop:
                    source: postgres://postgres@127.0.0.1:%d/shop
                    storage: { type: local, path: %s }
                    drill: false
                """.formatted(postgres.port(), storage));
        int port = Ports.free();
        Map<String, String> environment = Map.of(
                "PORT", String.valueOf(port),
                "DATABASE_URL", postgres.databaseUrl(),
                "STEWARD_DATA_DIR", directory.resolve("data").toString(),
                "STEWARD_CONFIG", catalog.toString());
        String token;
        try (StewardProcess create =
                StewardProcess.run(environment, "token", "create", "--name", "crash", "--role", "operator")) {
            assertThat(create.awaitExit(START)).as(create.stderr().toString()).isZero();
            token = create.stdout().getFirst().strip();
        }
        Map<String, String> bearer = Map.of("Authorization", "Bearer " + token);
        String base = "http://127.0.0.1:" + port;

        String id;
        try (StewardProcess steward = StewardProcess.run(environment)) {
            steward.awaitLine(line -> line.contains("\"event\":\"steward_started\""), START);
            Http.Response run = Http.post(base + "/api/v1/backups/policies/shop/run", bearer);
            assertThat(run.status()).as(run.body()).isEqualTo(202);
            id = run.json().path("id").asString();
            // Killed as soon as the dump's partial object exists: a dump of this size takes seconds.
            await().atMost(START)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> !partials(storage).isEmpty());
            steward.kill();
            steward.awaitExit(START);
        }
        assertThat(manifests(storage)).isEmpty();

        try (StewardProcess steward = StewardProcess.run(environment)) {
            steward.awaitLine(line -> line.contains("\"event\":\"steward_started\""), START);
            JsonNode interrupted =
                    Http.get(base + "/api/v1/backups/" + id, bearer).json().path("backup");
            assertThat(interrupted.path("status").asString()).isEqualTo("failed");
            assertThat(interrupted.path("error").asString()).contains("interrupted");
            assertThat(partials(storage)).isEmpty();
            assertThat(manifests(storage)).isEmpty();

            Http.Response again = Http.post(base + "/api/v1/backups/policies/shop/run", bearer);
            assertThat(again.status()).as(again.body()).isEqualTo(202);
            String next = again.json().path("id").asString();
            await().atMost(Duration.ofMinutes(4))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(Http.get(base + "/api/v1/backups/" + next, bearer)
                                    .json()
                                    .path("backup")
                                    .path("status")
                                    .asString())
                            .isEqualTo("complete"));
            assertThat(manifests(storage)).hasSize(1);
            assertThat(Http.get(base + "/api/v1/backups?policy=shop", bearer)
                            .json()
                            .path("backups"))
                    .filteredOn(backup -> List.of("complete", "verified")
                            .contains(backup.path("status").asString()))
                    .extracting(backup -> backup.path("id").asString())
                    .containsExactly(next);
        }
    }

    private static List<Path> partials(Path storage) throws IOException {
        return files(storage).stream()
                .filter(path -> path.getFileName().toString().contains(".partial-"))
                .toList();
    }

    private static List<Path> manifests(Path storage) throws IOException {
        return files(storage).stream()
                .filter(path -> path.getFileName().toString().equals("manifest.json"))
                .toList();
    }

    private static List<Path> files(Path storage) throws IOException {
        if (!Files.isDirectory(storage)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(storage)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }
}
