package dev.steward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.steward.testing.Http;
import dev.steward.testing.Ports;
import dev.steward.testing.PostgresExtension;
import dev.steward.testing.RedisServer;
import dev.steward.testing.StewardProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged jar as users and service managers run it: start-up on the embedded database, fail-fast configuration,
 * FATAL start-up failures, JSON logs, and SIGTERM.
 */
class StewardProcessIT {

    private static final Duration START = Duration.ofSeconds(60);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern ACTIVE_REQUESTS =
            Pattern.compile("(?m)^http_server_requests_active_seconds_gcount\\{[^}]*} ([0-9.]+)$");

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    @TempDir
    Path dataDir;

    @Test
    void startsOnTheEmbeddedDatabaseAndKeepsItsDataAcrossARestart() {
        int port = Ports.free();
        Map<String, String> environment = Map.of(
                "PORT", String.valueOf(port),
                "STEWARD_DATA_DIR", dataDir.toString(),
                "EMBEDDED_DB_PORT", String.valueOf(Ports.free()));

        try (StewardProcess first = StewardProcess.run(environment)) {
            first.awaitLine(line -> line.contains("\"event\":\"steward_started\""), START);
            assertThat(Http.get("http://127.0.0.1:" + port + "/healthz").status())
                    .isEqualTo(200);
            assertThat(Http.get("http://127.0.0.1:" + port + "/readyz").status())
                    .isEqualTo(200);
            Http.Response health =
                    Http.get("http://127.0.0.1:" + port + "/health", Map.of("X-Request-Id", "trace-me-1"));
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.header("X-Request-Id")).isEqualTo("trace-me-1");

            JsonNode accessLog = json(first.awaitLine(line -> line.contains("\"requestId\":\"trace-me-1\""), START));
            assertThat(accessLog.path("event").asString()).isEqualTo("http_request");
            assertThat(accessLog.path("path").asString()).isEqualTo("/health");
            assertThat(accessLog.path("status").asInt()).isEqualTo(200);

            first.terminate();
            assertThat(first.awaitExit(START)).isZero();
            assertEveryLineIsAJsonLogEvent(first.stdout());
            assertThat(json(first.awaitLine(line -> line.contains("embedded_database_started"), START))
                            .path("initialized")
                            .asBoolean())
                    .isTrue();
            assertThat(first.stdout())
                    .as("the embedded PostgreSQL is stopped with Steward, not left running")
                    .anyMatch(line -> line.contains("\"event\":\"embedded_database_stopped\""));
        }

        try (StewardProcess second = StewardProcess.run(environment)) {
            second.awaitLine(line -> line.contains("\"event\":\"steward_started\""), START);
            assertThat(json(second.awaitLine(line -> line.contains("embedded_database_started"), START))
                            .path("initialized")
                            .asBoolean())
                    .as("the second start reuses the data directory")
                    .isFalse();
            second.terminate();
            assertThat(second.awaitExit(START)).isZero();
        }

        try (StewardProcess status = StewardProcess.run(environment, "db", "status")) {
            assertThat(status.awaitExit(START)).isZero();
            assertThat(status.stdout()).anyMatch(line -> line.equals("Runs: 2 recorded"));
            assertThat(status.stdout()).anyMatch(line -> line.matches("\\s+1\\s+Success\\s+.*create steward run"));
        }
    }

    @Test
    void productionRefusesUnsafeSettingsNamingEveryProblemBeforeOpeningAPort() {
        int port = Ports.free();
        String shortSecret = "0123456789";
        Map<String, String> environment = Map.of(
                "STEWARD_ENV",
                "production",
                "SESSION_TOKEN_SECRET",
                shortSecret,
                "BASE_URL",
                "http://localhost:" + port,
                "DATABASE_URL",
                postgres.databaseUrl(),
                "PORT",
                String.valueOf(port));

        try (StewardProcess steward = StewardProcess.run(environment)) {
            assertThat(steward.awaitExit(START)).isEqualTo(1);

            assertEveryLineIsAJsonLogEvent(steward.stdout());
            List<JsonNode> fatal = fatalLines(steward);
            assertThat(fatal).hasSize(1);
            assertThat(fatal.get(0).path("code").asString()).isEqualTo("config_invalid");
            assertThat(fatal.get(0).path("problems").values())
                    .extracting(JsonNode::asString)
                    .satisfiesExactlyInAnyOrder(
                            problem -> assertThat(problem).startsWith("BASE_URL "),
                            problem -> assertThat(problem).startsWith("SESSION_TOKEN_SECRET is 10 characters long"));
            assertThat(String.join("\n", steward.stdout()) + String.join("\n", steward.stderr()))
                    .doesNotContain(shortSecret)
                    .doesNotContain("Tomcat started");
        }
    }

    @Test
    void productionStartsWithGoodSettingsAndCtrlCStopsItWithStatusZero() {
        int port = Ports.free();
        Map<String, String> environment = Map.of(
                "STEWARD_ENV", "production",
                "SESSION_TOKEN_SECRET", "4f1d0c2b9e8a7d6c5b4a3f2e1d0c9b8a7f6e5d4c",
                "BASE_URL", "https://steward.example.com",
                "DATABASE_URL", postgres.databaseUrl(),
                "SHUTDOWN_DELAY", "0s",
                "PORT", String.valueOf(port));

        try (StewardProcess steward = StewardProcess.run(environment)) {
            steward.awaitLine(line -> line.contains("\"event\":\"steward_started\""), START);
            assertThat(Http.get("http://127.0.0.1:" + port + "/readyz").status())
                    .isEqualTo(200);
            steward.interrupt();
            assertThat(steward.awaitExit(START)).isZero();
            assertThat(steward.stdout()).anyMatch(line -> line.contains("\"event\":\"shutdown_started\""));
        }
    }

    @Test
    void anUnreachableDatabaseEndsStartUpWithOneFatalLineAndAStableCode() {
        Map<String, String> environment = Map.of(
                "DATABASE_URL",
                "postgres://steward:secret-password@127.0.0.1:" + Ports.free() + "/steward",
                "PORT",
                String.valueOf(Ports.free()));

        try (StewardProcess steward = StewardProcess.run(environment)) {
            assertThat(steward.awaitExit(START)).isEqualTo(1);

            assertEveryLineIsAJsonLogEvent(steward.stdout());
            List<JsonNode> fatal = fatalLines(steward);
            assertThat(fatal).hasSize(1);
            assertThat(fatal.get(0).path("code").asString()).isEqualTo("database_connection_failed");
            assertThat(fatal.get(0).path("message").asString()).contains("DATABASE_URL");
            assertThat(String.join("\n", steward.stdout())).doesNotContain("secret-password");
        }
    }

    @Test
    void aTakenPortEndsStartUpWithTheCodePortInUse() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("0.0.0.0"))) {
            Map<String, String> environment =
                    Map.of("DATABASE_URL", postgres.databaseUrl(), "PORT", String.valueOf(taken.getLocalPort()));

            try (StewardProcess steward = StewardProcess.run(environment)) {
                assertThat(steward.awaitExit(START)).isEqualTo(1);
                JsonNode fatal = json(steward.awaitLine(line -> line.contains("\"level\":\"FATAL\""), START));
                assertThat(fatal.path("code").asString()).isEqualTo("port_in_use");
                assertThat(fatal.path("message").asString()).contains(String.valueOf(taken.getLocalPort()));
            }
        }
    }

    @Test
    void prettyLogsAreTextForHumans() {
        Map<String, String> environment = Map.of("LOG_FORMAT", "pretty", "PORT", "not-a-port");

        try (StewardProcess steward = StewardProcess.run(environment)) {
            assertThat(steward.awaitExit(START)).isEqualTo(1);
            String fatal = steward.awaitLine(line -> line.contains("code=config_invalid"), START);
            assertThat(fatal)
                    .doesNotStartWith("{")
                    .contains("ERROR")
                    .contains("PORT \"not-a-port\" is not a whole number");
        }
    }

    @Test
    void sigtermTurnsReadinessOffLetsTheInFlightRequestFinishAndExitsZero() {
        int port = Ports.free();
        String base = "http://127.0.0.1:" + port;
        Map<String, String> environment = new HashMap<>(Map.of(
                "DATABASE_URL", postgres.databaseUrl(),
                "REDIS_URL", redis.url(),
                "HEALTH_CHECK_TIMEOUT", "3s",
                "SHUTDOWN_DELAY", "2s",
                "PORT", String.valueOf(port)));

        try (StewardProcess steward = StewardProcess.run(environment)) {
            steward.awaitLine(line -> line.contains("\"event\":\"steward_started\""), START);
            redis.pause(); // the deep health check now waits the full 3 s for Redis: a slow request
            try {
                CompletableFuture<Http.Response> slow = Http.getAsync(base + "/health");
                await().atMost(Duration.ofSeconds(5)).until(() -> activeRequests(base) >= 2);

                steward.terminate();

                await().atMost(Duration.ofSeconds(2))
                        .until(() -> Http.get(base + "/readyz").body().contains("Shutting down"));
                Http.Response ready = Http.get(base + "/readyz");
                assertThat(ready.status()).isEqualTo(503);
                assertThat(ready.body())
                        .isEqualTo("{\"status\":\"not_ready\",\"details\":{\"error\":\"Shutting down\"}}");

                Http.Response finished = slow.join();
                assertThat(finished.status()).isEqualTo(503);
                assertThat(finished.json()
                                .path("checks")
                                .path("redis")
                                .path("reason")
                                .asString())
                        .isEqualTo("no answer within 3000 ms");
                assertThat(steward.awaitExit(START)).isZero();
                assertThat(steward.stdout()).anyMatch(line -> line.contains("\"event\":\"shutdown_started\""));
            } finally {
                redis.resume();
            }
        }
    }

    private static List<JsonNode> fatalLines(StewardProcess steward) {
        return steward.stdout().stream()
                .map(StewardProcessIT::json)
                .filter(line -> line.path("level").asString().equals("FATAL"))
                .toList();
    }

    private static double activeRequests(String base) {
        Matcher matcher = ACTIVE_REQUESTS.matcher(Http.get(base + "/metrics").body());
        double total = 0;
        while (matcher.find()) {
            total += Double.parseDouble(matcher.group(1));
        }
        return total;
    }

    private static void assertEveryLineIsAJsonLogEvent(List<String> lines) {
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            JsonNode event = json(line);
            assertThat(event.propertyNames()).as(line).contains("timestamp", "level", "logger", "message", "thread");
        }
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (RuntimeException e) {
            throw new AssertionError("Not a JSON log line: " + line, e);
        }
    }
}
