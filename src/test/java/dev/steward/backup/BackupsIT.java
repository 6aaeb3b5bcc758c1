package dev.steward.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.steward.testing.Http;
import dev.steward.testing.PostgresExtension;
import dev.steward.testing.S3Server;
import dev.steward.testing.TestSteward;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import tools.jackson.databind.JsonNode;

/**
 * The acceptance of backups, end to end in a running Steward: a pgbench database (scale 10) is backed up to a local
 * directory and to a real S3-compatible server on loopback, the stored objects' checksums match the manifest, the
 * drill restores it with matching row counts, and a tampered object fails its drill with a clear error and an alert.
 */
class BackupsIT {

    private static final Duration LONG = Duration.ofMinutes(4);

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @RegisterExtension
    static final S3Server s3 = new S3Server();

    @TempDir
    static Path directory;

    private static TestSteward steward;

    @BeforeAll
    static void start() throws Exception {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl());
                Statement statement = connection.createStatement()) {
            statement.execute("create database shop");
        }
        postgres.pgbench("shop", 10);
        s3.createBucket("backups");
        Path catalog = directory.resolve("steward.yml");
        Files.writeString(catalog, """
                backups:
                  shop:
                    source: postgres://postgres@127.0.0.1:%d/shop
                    storage:
                      - type: local
                        path: %s
                      - type: s3
                        endpoint: %s
                        bucket: backups
                        prefix: nightly/
                        pathStyle: true
                        accessKey: ${S3_ACCESS_KEY}
                        secretKey: ${S3_SECRET_KEY}
                    retention: { keepLast: 5 }
                    drill:
                      checks:
                        - sql: select count(*) from pgbench_branches
                          expect: "== 10"
                  self:
                    source: steward
                    storage: { type: local, path: %s }
                    drill:
                      checks:
                        - sql: select count(*) from flyway_schema_history where success
                          expect: "> 5"
                """.formatted(
                        postgres.port(), directory.resolve("local"), s3.endpoint(), directory.resolve("self")));
        steward = TestSteward.start(Map.of(
                "DATABASE_URL", postgres.databaseUrl(),
                "STEWARD_CONFIG", catalog.toString(),
                "STEWARD_DATA_DIR", directory.resolve("data").toString(),
                "S3_ACCESS_KEY", s3.accessKey(),
                "S3_SECRET_KEY", s3.secretKey()));
    }

    @AfterAll
    static void stop() {
        if (steward != null) {
            steward.close();
        }
    }

    @Test
    void aBackupIsStoredLocallyAndInS3WithMatchingChecksumsAndItsDrillRestoresEveryRow() throws Exception {
        String id = runAndAwait("verified");
        JsonNode detail = Http.get(steward.url("/api/v1/backups/" + id)).json();
        JsonNode manifest = detail.path("manifest");
        String sha256 = manifest.path("dump").path("sha256").asString();
        long bytes = manifest.path("dump").path("bytes").asLong();
        String key = manifest.path("dump").path("key").asString();
        assertThat(manifest.path("rowCounts").path("public.pgbench_accounts").asLong())
                .isEqualTo(1_000_000);
        assertThat(manifest.path("rowCounts").path("public.pgbench_branches").asLong())
                .isEqualTo(10);
        assertThat(manifest.path("codec").asString()).isEqualTo("zstd");

        Path local = directory.resolve("local").resolve(key);
        assertThat(Files.size(local)).isEqualTo(bytes);
        assertThat(sha256(Files.newInputStream(local))).isEqualTo(sha256);
        assertThat(Files.exists(local.resolveSibling("manifest.json"))).isTrue();
        try (ResponseInputStream<GetObjectResponse> object =
                s3.client().getObject(request -> request.bucket("backups").key("nightly/" + key))) {
            assertThat(sha256(object)).isEqualTo(sha256);
        }
        assertThat(s3.client()
                        .headObject(request -> request.bucket("backups").key("nightly/shop/" + id + "/manifest.json"))
                        .contentLength())
                .isPositive();
        assertThat(detail.path("copies"))
                .extracting(copy -> copy.path("status").asString())
                .containsExactly("complete", "complete");

        JsonNode drill = detail.path("drills").get(0);
        assertThat(drill.path("status").asString()).isEqualTo("passed");
        assertThat(drill.path("restoreSeconds").asDouble()).isPositive();
        assertThat(drill.path("checks").toString()).contains("pgbench_accounts");

        String metrics = Http.get(steward.url("/metrics")).body();
        assertThat(metric(metrics, "steward_backup_last_size_bytes")).isEqualTo(bytes);
        assertThat(metric(metrics, "steward_backup_drill_last_passed")).isEqualTo(1.0);
        assertThat(metric(metrics, "steward_backup_last_verified_age_seconds")).isBetween(0.0, 600.0);
    }

    @Test
    void aTamperedObjectFailsItsDrillWithAClearErrorAndAnAlert() throws Exception {
        String id = runAndAwait("verified");
        String key = Http.get(steward.url("/api/v1/backups/" + id))
                .json()
                .path("manifest")
                .path("dump")
                .path("key")
                .asString();
        Path local = directory.resolve("local").resolve(key);
        try (RandomAccessFile file = new RandomAccessFile(local.toFile(), "rw")) {
            long middle = file.length() / 2;
            file.seek(middle);
            int original = file.read();
            file.seek(middle);
            file.write(original ^ 0x01);
        }

        // The drill that followed the backup may still be clearing up: 409 until it has.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Http.Response verify = Http.post(steward.url("/api/v1/backups/" + id + "/verify"));
            assertThat(verify.status()).as(verify.body()).isEqualTo(202);
        });

        await().atMost(LONG).untilAsserted(() -> {
            JsonNode detail = Http.get(steward.url("/api/v1/backups/" + id)).json();
            assertThat(detail.path("backup").path("status").asString()).isEqualTo("drill_failed");
            JsonNode drill = detail.path("drills").get(0);
            assertThat(drill.path("status").asString()).isEqualTo("failed");
            assertThat(drill.path("error").asString())
                    .contains("checksum mismatch")
                    .contains(key);
        });
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(Http.get(steward.url("/api/v1/alerts")).body())
                                .contains("Restore drill of shop failed"));
    }

    /** The value of a backup gauge of policy shop, as Prometheus reads it. */
    private static double metric(String metrics, String name) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile(
                        "(?m)^" + name + "\\{[^}]*policy=\"shop\"[^}]*} (\\S+)$")
                .matcher(metrics);
        assertThat(matcher.find()).as(name + " in /metrics").isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    @Test
    void stewardBacksUpItsOwnDatabaseAndProvesItRestores() {
        String id = runAndAwait("self", "verified");
        JsonNode manifest =
                Http.get(steward.url("/api/v1/backups/" + id)).json().path("manifest");

        assertThat(manifest.path("database").asString()).isEqualTo("postgres");
        assertThat(manifest.path("rowCounts").has("public.flyway_schema_history"))
                .isTrue();
        assertThat(manifest.path("rowCounts").has("public.backup")).isTrue();
    }

    private static String runAndAwait(String status) {
        return runAndAwait("shop", status);
    }

    private static String runAndAwait(String policy, String status) {
        Http.Response run = Http.post(steward.url("/api/v1/backups/policies/" + policy + "/run"));
        assertThat(run.status()).as(run.body()).isEqualTo(202);
        String id = run.json().path("id").asString();
        await().atMost(LONG).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode backup =
                    Http.get(steward.url("/api/v1/backups/" + id)).json().path("backup");
            assertThat(backup.path("status").asString()).as(backup.toString()).isEqualTo(status);
        });
        return id;
    }

    private static String sha256(InputStream in) throws IOException {
        try (in) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[65536];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
