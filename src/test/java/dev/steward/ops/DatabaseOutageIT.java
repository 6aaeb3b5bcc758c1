package dev.steward.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.steward.testing.Http;
import dev.steward.testing.PostgresExtension;
import dev.steward.testing.TestSteward;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** What an on-call engineer sees when Steward's own PostgreSQL goes away and comes back. */
class DatabaseOutageIT {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @Test
    void readinessAndHealthTurn503WhileTheDatabaseIsDownAndRecoverWithoutARestart() {
        try (TestSteward steward = TestSteward.start(Map.of("DATABASE_URL", postgres.databaseUrl()))) {
            assertThat(Http.get(steward.url("/readyz")).status()).isEqualTo(200);
            assertThat(Http.get(steward.url("/health")).json().path("checks").propertyNames())
                    .as("Redis is listed only when REDIS_URL is set")
                    .containsExactly("db");

            postgres.stop();

            await().atMost(Duration.ofSeconds(15))
                    .alias("checked in the background too, without anyone calling /readyz or /health")
                    .until(() -> Http.get(steward.url("/metrics"))
                            .body()
                            .contains("steward_dependency_up{application=\"steward\",dependency=\"db\"} 0.0"));
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> Http.get(steward.url("/readyz")).status() == 503);
            assertThat(Http.get(steward.url("/readyz")).body())
                    .isEqualTo("{\"status\":\"not_ready\",\"details\":{\"error\":\"Database connection failed\"}}");
            Http.Response health = Http.get(steward.url("/health"));
            assertThat(health.status()).isEqualTo(503);
            JsonNode body = health.json();
            assertThat(body.path("status").asString()).isEqualTo("degraded");
            assertThat(body.path("checks").path("db").path("ok").asBoolean()).isFalse();
            assertThat(body.path("checks").path("db").path("error").asString()).isEqualTo("Database connection failed");
            assertThat(body.path("checks").path("db").path("reason").asString()).isEqualTo("connection refused");
            assertThat(Http.get(steward.url("/metrics")).body())
                    .contains("steward_dependency_up{application=\"steward\",dependency=\"db\"} 0.0");
            assertThat(Http.get(steward.url("/healthz")).status())
                    .as("liveness never depends on the database")
                    .isEqualTo(200);

            postgres.start();

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> Http.get(steward.url("/readyz")).status() == 200);
            assertThat(Http.get(steward.url("/health")).status()).isEqualTo(200);
            assertThat(Http.get(steward.url("/metrics")).body())
                    .contains("steward_dependency_up{application=\"steward\",dependency=\"db\"} 1.0");
        } finally {
            postgres.start();
        }
    }
}
