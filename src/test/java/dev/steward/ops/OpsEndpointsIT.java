package dev.steward.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.steward.testing.Http;
import dev.steward.testing.PostgresExtension;
import dev.steward.testing.RedisServer;
import dev.steward.testing.TestSteward;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** Steward's own endpoints against a real PostgreSQL and a real redis-server. */
class OpsEndpointsIT {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    static TestSteward steward;

    @BeforeAll
    static void startSteward() {
        steward = TestSteward.start(Map.of(
                "DATABASE_URL", postgres.databaseUrl(),
                "REDIS_URL", redis.url(),
                "CORS_ALLOWED_ORIGINS", "https://app.example.com"));
    }

    @AfterAll
    static void stopSteward() {
        steward.close();
    }

    @Test
    void livenessAnswersOkAndNamesTheService() {
        Http.Response response = Http.get(steward.url("/healthz"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"status\":\"ok\",\"service\":\"steward\"}");
        assertThat(response.header("Content-Type")).startsWith("application/json");
    }

    @Test
    void readinessIsReadyOnBothPaths() {
        for (String path : new String[] {"/readyz", "/ready"}) {
            // On a busy machine the first dependency checks after start-up can outlast HEALTH_CHECK_TIMEOUT.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Http.Response response = Http.get(steward.url(path));
                assertThat(response.status()).as(path).isEqualTo(200);
                assertThat(response.body()).as(path).isEqualTo("{\"status\":\"ready\"}");
            });
        }
    }

    @Test
    void deepHealthReportsDatabaseAndRedisWithLatencyUptimeAndVersion() {
        for (String path : new String[] {"/health", "/api/health"}) {
            Http.Response response = Http.get(steward.url(path));

            assertThat(response.status()).as(path).isEqualTo(200);
            JsonNode body = response.json();
            assertThat(body.path("status").asString()).isEqualTo("ok");
            assertThat(body.path("checks").propertyNames()).containsExactly("db", "redis");
            assertThat(body.path("checks").path("db").path("ok").asBoolean()).isTrue();
            assertThat(body.path("checks").path("db").path("latencyMs").isNumber())
                    .isTrue();
            assertThat(body.path("checks").path("redis").path("ok").asBoolean()).isTrue();
            assertThat(body.path("checks").path("db").has("error")).isFalse();
            assertThat(body.path("checks").path("db").path("latencyMs").asDouble())
                    .as("latency is the check's own, not the time until the response")
                    .isLessThan(1000);
            assertThat(Instant.parse(body.path("timestamp").asString()))
                    .isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1));
            assertThat(body.path("uptime").asDouble()).isPositive();
            assertThat(body.path("version").asString()).isNotBlank().isNotEqualTo("unknown");
        }
    }

    @Test
    void redisOutageMakesReadinessAndHealthFailNamingRedisUntilItIsBack() {
        redis.stop();
        try {
            Http.Response ready = Http.get(steward.url("/readyz"));
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.body())
                    .isEqualTo("{\"status\":\"not_ready\",\"details\":{\"error\":\"Redis connection failed\"}}");

            Http.Response health = Http.get(steward.url("/health"));
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.json().path("status").asString()).isEqualTo("degraded");
            assertThat(health.json().path("checks").path("db").path("ok").asBoolean())
                    .isTrue();
            JsonNode redisCheck = health.json().path("checks").path("redis");
            assertThat(redisCheck.path("ok").asBoolean()).isFalse();
            assertThat(redisCheck.path("error").asString()).isEqualTo("Redis connection failed");
            assertThat(redisCheck.path("reason").asString()).isEqualTo("connection refused");
            assertThat(Http.get(steward.url("/healthz")).status()).isEqualTo(200);
        } finally {
            redis.start();
        }
        await().atMost(Duration.ofSeconds(5))
                .until(() -> Http.get(steward.url("/readyz")).status() == 200);
        assertThat(Http.get(steward.url("/health")).status()).isEqualTo(200);
    }

    @Test
    void aHungRedisTimesOutInsteadOfHangingTheHealthEndpoint() {
        redis.pause();
        try {
            Http.Response health = Http.get(steward.url("/health"));

            assertThat(health.status()).isEqualTo(503);
            JsonNode redisCheck = health.json().path("checks").path("redis");
            assertThat(redisCheck.path("ok").asBoolean()).isFalse();
            assertThat(redisCheck.path("reason").asString()).isIn("no answer within 1000 ms", "timed out");
            assertThat(health.json().path("checks").path("db").path("ok").asBoolean())
                    .isTrue();

            Http.Response ready = Http.get(steward.url("/readyz"));
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.json().path("details").path("error").asString()).isEqualTo("Redis connection failed");
        } finally {
            redis.resume();
        }
        await().atMost(Duration.ofSeconds(5))
                .until(() -> Http.get(steward.url("/readyz")).status() == 200);
    }

    @Test
    void metricsArePrometheusTextWithRequestHistogramJvmProcessPoolAndUptime() {
        Http.get(steward.url("/healthz"));

        Http.Response metrics = Http.get(steward.url("/metrics"));

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.header("Content-Type")).startsWith("text/plain");
        assertThat(metrics.body())
                .contains("# TYPE http_server_requests_seconds histogram")
                .containsPattern("http_server_requests_seconds_bucket\\{.*uri=\"/healthz\".*le=\"\\+Inf\"")
                .contains("jvm_memory_used_bytes{")
                .contains("process_cpu_usage")
                .contains("hikaricp_connections_active{")
                .containsPattern("(?m)^process_uptime_seconds\\{application=\"steward\"} [0-9.E]+$");
    }

    @Test
    void everyResponseCarriesARequestIdAndAnIncomingOneIsKept() {
        Http.Response generated = Http.get(steward.url("/healthz"));
        assertThat(UUID.fromString(generated.header("X-Request-Id"))).isNotNull();

        Http.Response kept = Http.get(steward.url("/health"), Map.of("X-Request-Id", "deploy-42.check"));
        assertThat(kept.header("X-Request-Id")).isEqualTo("deploy-42.check");

        Http.Response unsafe = Http.get(steward.url("/healthz"), Map.of("X-Request-Id", "x".repeat(300)));
        assertThat(unsafe.header("X-Request-Id")).hasSize(36);

        Http.Response notFound = Http.get(steward.url("/no-such-page"), Map.of("X-Request-Id", "lost-1"));
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.header("X-Request-Id")).isEqualTo("lost-1");
    }

    @Test
    void browsersFromAnAllowedOriginMayCallTheApiAndOthersMayNot() {
        Map<String, String> allowed =
                Map.of("Origin", "https://app.example.com", "Access-Control-Request-Method", "GET");
        Http.Response preflight = Http.options(steward.url("/api/health"), allowed);
        assertThat(preflight.status()).isEqualTo(200);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");

        Map<String, String> foreign =
                Map.of("Origin", "https://evil.example.net", "Access-Control-Request-Method", "GET");
        Http.Response refused = Http.options(steward.url("/api/health"), foreign);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("Access-Control-Allow-Origin")).isNull();
    }
}
