package dev.steward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.steward.testing.Http;
import dev.steward.testing.Ports;
import dev.steward.testing.StewardProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The README's quick start: {@code ./steward start} with the repository's sample {@code steward.yml} on the embedded
 * database shows Steward's own monitors as up, through the API and through {@code steward status}.
 */
class SampleCatalogIT {

    private static final Duration START = Duration.ofSeconds(90);

    @TempDir
    Path dataDir;

    @Test
    void theQuickStartShowsStewardsOwnMonitorsAsUpThroughTheApiAndTheCommandLine() {
        int port = Ports.free();
        Map<String, String> environment = Map.of(
                "PORT", String.valueOf(port),
                "STEWARD_DATA_DIR", dataDir.toString(),
                "EMBEDDED_DB_PORT", String.valueOf(Ports.free()),
                "STEWARD_CONFIG", Path.of("steward.yml").toAbsolutePath().toString());

        try (StewardProcess steward = StewardProcess.run(environment)) {
            steward.awaitLine(line -> line.contains("\"event\":\"steward_started\""), START);
            // No users yet: the log offers a one-time link to create the first admin; no default password exists.
            String setup = steward.awaitLine(line -> line.contains("\"event\":\"setup_link\""), START);
            assertThat(setup).contains("http://localhost:" + port + "/setup/");
            assertThat(Http.get("http://127.0.0.1:" + port + "/api/v1/monitors", Http.anonymous())
                            .status())
                    .isEqualTo(401);

            // An operator on the host makes a token for scripts and the command line.
            String token;
            try (StewardProcess create =
                    StewardProcess.run(environment, "token", "create", "--name", "quickstart", "--role", "viewer")) {
                assertThat(create.awaitExit(START)).isZero();
                token = create.stdout().getFirst().strip();
            }
            assertThat(token).startsWith("stw_");
            Map<String, String> bearer = Map.of("Authorization", "Bearer " + token);

            // The sample's first probes run within 5 s of the start; results are written within a second.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode monitors = Http.get("http://127.0.0.1:" + port + "/api/v1/monitors", bearer)
                        .json()
                        .path("monitors");
                assertThat(monitors).hasSize(4);
                assertThat(monitors)
                        .allSatisfy(monitor -> assertThat(monitor.path("status").asString())
                                .as(monitor.toString())
                                .isIn("up", "degraded"));
            });

            try (StewardProcess status =
                    StewardProcess.run(Map.of("STEWARD_TOKEN", token), "status", "http://127.0.0.1:" + port)) {
                assertThat(status.awaitExit(START)).isZero();
                assertThat(status.stdout().getFirst()).startsWith("SERVICE").contains("STATUS");
                assertThat(status.stdout())
                        .anyMatch(line -> line.matches("steward\\s+health\\s+(up|degraded)\\s.*"))
                        .anyMatch(line -> line.matches("steward-db\\s+postgres\\s+up\\s.*"));
            }

            JsonNode services = Http.get("http://127.0.0.1:" + port + "/api/v1/services", bearer)
                    .json()
                    .path("services");
            assertThat(services.findValuesAsString("name")).containsExactly("steward", "steward-db");
        }
    }
}
