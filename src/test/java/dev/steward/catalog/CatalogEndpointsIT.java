package dev.steward.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.testing.Http;
import dev.steward.testing.PostgresExtension;
import dev.steward.testing.TestSteward;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.NestedExceptionUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The catalog's REST endpoints and start-up behaviour in a running Steward. */
class CatalogEndpointsIT {

    private static final String ONE_MONITOR = """
            services:
              api:
                monitors:
                  port:
                    type: tcp
                    host: 127.0.0.1
                    port: 9
                    enabled: false
            """;

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @TempDir
    static Path directory;

    static Path catalog;
    static TestSteward steward;

    @BeforeAll
    static void startSteward() throws IOException {
        catalog = Files.writeString(directory.resolve("steward.yml"), ONE_MONITOR);
        steward =
                TestSteward.start(Map.of("DATABASE_URL", postgres.databaseUrl(), "STEWARD_CONFIG", catalog.toString()));
    }

    @AfterAll
    static void stopSteward() {
        steward.close();
    }

    @Test
    void showsTheStatusAndKeepsTheCatalogWhenAReloadIsInvalid() throws Exception {
        Files.writeString(catalog, ONE_MONITOR);
        assertThat(post("/api/v1/catalog/reload").statusCode()).isEqualTo(200);

        JsonNode status = Http.get(steward.url("/api/v1/catalog")).json();
        assertThat(status.path("source").asString()).isEqualTo(catalog.toString());
        assertThat(status.path("services").asInt()).isEqualTo(1);
        assertThat(status.path("monitors").asInt()).isEqualTo(1);
        assertThat(status.path("checksum").asString()).hasSize(64);

        Files.writeString(catalog, ONE_MONITOR.replace("port: 9", "port: nine"));
        HttpResponse<String> rejected = post("/api/v1/catalog/reload");

        assertThat(rejected.statusCode()).isEqualTo(422);
        assertThat(rejected.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JsonMapper.builder().build().readTree(rejected.body());
        assertThat(problem.path("status").asInt()).isEqualTo(422);
        JsonNode error = problem.path("errors").get(0);
        assertThat(error.path("file").asString()).isEqualTo(CatalogReader.displayName(catalog));
        assertThat(error.path("line").asInt()).isEqualTo(7);
        assertThat(error.path("column").asInt()).isEqualTo(15);
        assertThat(error.path("path").asString()).isEqualTo("services.api.monitors.port.port");
        assertThat(error.path("message").asString()).isEqualTo("\"nine\" is not a port number (1 to 65535)");

        JsonNode afterRejection = Http.get(steward.url("/api/v1/catalog")).json();
        assertThat(afterRejection.path("monitors").asInt())
                .as("the old catalog keeps running")
                .isEqualTo(1);
        assertThat(afterRejection.path("lastRejected").path("errors").size()).isEqualTo(1);

        Files.writeString(catalog, ONE_MONITOR + """
                      cert:
                        type: tls
                        host: 127.0.0.1
                        enabled: false
                """);
        HttpResponse<String> loaded = post("/api/v1/catalog/reload");
        assertThat(loaded.statusCode()).isEqualTo(200);
        JsonNode afterFix = JsonMapper.builder().build().readTree(loaded.body());
        assertThat(afterFix.path("monitors").asInt()).isEqualTo(2);
        assertThat(afterFix.path("lastRejected").isNull()).isTrue();
    }

    @Test
    void everyReloadIsInTheAuditLogWhetherAPersonOrTheFileWatcherDidIt() throws Exception {
        Files.writeString(catalog, ONE_MONITOR);
        assertThat(post("/api/v1/catalog/reload").statusCode()).isEqualTo(200);
        assertThat(Http.get(steward.url("/api/v1/audit?action=catalog.reload"))
                        .json()
                        .valueStream())
                .anySatisfy(event -> {
                    assertThat(event.path("actor").asString()).startsWith("token:");
                    assertThat(event.path("outcome").asString()).isEqualTo("success");
                });

        Files.writeString(catalog, ONE_MONITOR.replace("port: 9", "port: nine"));
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(Http.get(steward.url("/api/v1/audit?actor=file%20watcher"))
                                .json()
                                .valueStream())
                        .anySatisfy(event -> {
                            assertThat(event.path("action").asString()).isEqualTo("catalog.reload");
                            assertThat(event.path("outcome").asString()).isEqualTo("failure");
                            assertThat(event.path("detail").asString()).contains("previous catalog keeps running");
                        }));
        Files.writeString(catalog, ONE_MONITOR);
    }

    @Test
    void servesTheJsonSchema() {
        Http.Response schema = Http.get(steward.url("/schema/steward.json"));

        assertThat(schema.status()).isEqualTo(200);
        assertThat(schema.header("Content-Type")).startsWith("application/schema+json");
        assertThat(schema.json().path("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
    }

    @Test
    void refusesToStartWithAnInvalidCatalog() throws IOException {
        Path invalid = Files.writeString(directory.resolve("invalid.yml"), "services:\n  api:\n    monitorz: {}\n");

        assertThatThrownBy(() -> TestSteward.start(
                                Map.of("DATABASE_URL", postgres.databaseUrl(), "STEWARD_CONFIG", invalid.toString()))
                        .close())
                .satisfies(failure -> assertThat(NestedExceptionUtils.getMostSpecificCause(failure))
                        .isInstanceOf(InvalidCatalogException.class)
                        .hasMessageContaining(":3:5 services.api.monitorz: unknown field; did you mean `monitors`?"));
    }

    private static HttpResponse<String> post(String path) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(
                    HttpRequest.newBuilder(URI.create(steward.url(path)))
                            .timeout(Duration.ofSeconds(10))
                            .header(
                                    "Authorization",
                                    dev.steward.testing.Http.authorization(steward.url(path))
                                            .orElseThrow())
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
