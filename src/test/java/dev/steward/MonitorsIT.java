package dev.steward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.steward.testing.Http;
import dev.steward.testing.LoopbackTarget;
import dev.steward.testing.LoopbackTarget.Behaviour;
import dev.steward.testing.PostgresExtension;
import dev.steward.testing.TestSteward;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Steward probing real loopback backends through a catalog file: failures are reported with the right error code
 * within one interval and recover, and catalog edits are applied or refused without disturbing running monitors.
 */
class MonitorsIT {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration INTERVAL = Duration.ofSeconds(5);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** One interval, the timeout of the probe in it, and the results store's one-second write. */
    private static final Duration WITHIN_ONE_INTERVAL = INTERVAL.plus(TIMEOUT).plusSeconds(2);

    @TempDir
    static Path directory;

    static final List<LoopbackTarget> targets = new ArrayList<>();
    static Path catalogFile;
    static TestSteward steward;

    @BeforeAll
    static void start() throws IOException {
        for (int i = 0; i < 4; i++) {
            targets.add(LoopbackTarget.start());
        }
        catalogFile = directory.resolve("steward.yml");
        Files.writeString(catalogFile, catalog(""));
        steward = TestSteward.start(Map.of(
                "DATABASE_URL", postgres.databaseUrl(),
                "STEWARD_CONFIG", catalogFile.toString(),
                "TARGET_0", targets.get(0).url(""),
                "TARGET_1", targets.get(1).url(""),
                "TARGET_2", targets.get(2).url(""),
                "TARGET_3", targets.get(3).url("")));
    }

    @AfterAll
    static void stop() {
        if (steward != null) {
            steward.close();
        }
        targets.forEach(LoopbackTarget::close);
    }

    private static String catalog(String extraMonitors) {
        StringBuilder yaml = new StringBuilder("""
                defaults:
                  interval: 5s
                  timeout: 2s
                services:
                  shop-api:
                    description: The shop's backend
                    runbook: https://runbooks.example/shop-api
                    monitors:
                """);
        for (int i = 0; i < 4; i++) {
            yaml.append("""
                          health-%d:
                            type: http
                            url: ${TARGET_%d}/health
                            conditions:
                              - "[STATUS] == 200"
                              - "[BODY].status == ok"
                              - "[BODY].checks.db.ok == true"
                    """.formatted(i, i));
        }
        return yaml.append(extraMonitors).toString();
    }

    @Test
    void failuresAreReportedWithTheirErrorCodeWithinOneIntervalAndRecover() {
        awaitStatus("shop-api/health-0", "up", null);
        awaitStatus("shop-api/health-3", "up", null);

        Instant switched = Instant.now();
        targets.get(0).behave(Behaviour.UNAVAILABLE);
        targets.get(1).behave(Behaviour.WRONG_BODY);
        targets.get(2).behave(Behaviour.HANG);
        targets.get(3).behave(Behaviour.CLOSED);

        awaitStatus("shop-api/health-0", "down", "status_mismatch");
        awaitStatus("shop-api/health-1", "down", "condition_failed");
        awaitStatus("shop-api/health-2", "down", "timeout");
        awaitStatus("shop-api/health-3", "down", "connection_refused");
        JsonNode wrongBody = monitor("shop-api/health-1");
        assertThat(wrongBody.at("/lastResult/message").asString()).contains("[BODY].checks.db.ok (false) == true");
        assertThat(Instant.parse(wrongBody.at("/since").asString())).isAfter(switched);

        targets.forEach(target -> target.behave(Behaviour.HEALTHY));
        for (int i = 0; i < 4; i++) {
            awaitStatus("shop-api/health-" + i, "up", null);
        }
    }

    @Test
    void anInvalidEditIsRefusedWithItsPositionAndAValidEditAddsAMonitorWithoutDisturbingTheOthers() throws Exception {
        awaitStatus("shop-api/health-0", "up", null);

        replaceCatalog(catalog("""
                      broken:
                        type: http
                        url: ${TARGET_0}/health
                        interval: 5x
                """));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode error = JSON.readTree(
                            Http.get(steward.url("/api/v1/catalog")).body())
                    .at("/lastRejected/errors/0");
            assertThat(error.path("path").asString()).isEqualTo("services.shop-api.monitors.broken.interval");
            assertThat(error.path("line").asInt()).isEqualTo(40);
            assertThat(error.path("column").asInt()).isEqualTo(19);
            assertThat(error.path("message").asString()).isEqualTo("\"5x\" is not a duration (use 30s, 5m)");
        });
        assertThat(Http.get(steward.url("/api/v1/monitors/shop-api/broken")).status())
                .isEqualTo(404);
        Instant beforeEdit = Instant.now();
        Instant plannedBeforeEdit =
                Instant.parse(monitor("shop-api/health-0").path("nextProbeAt").asString());

        replaceCatalog(catalog("""
                      ready:
                        type: tcp
                        host: 127.0.0.1
                        port: %d
                """.formatted(targets.get(0).port())));
        awaitStatus("shop-api/ready", "up", null);

        // health-0 kept its timer: the slot planned before the edit was probed, and every probe since the edit sits
        // on the same 5 s grid (a rescheduled monitor would have started over with an early first probe).
        await().atMost(WITHIN_ONE_INTERVAL)
                .untilAsserted(() -> assertThat(scheduledTimes("shop-api/health-0", beforeEdit))
                        .contains(plannedBeforeEdit));
        assertThat(scheduledTimes("shop-api/health-0", beforeEdit))
                .allSatisfy(slot -> assertThat(
                                Duration.between(plannedBeforeEdit, slot).toMillis() % INTERVAL.toMillis())
                        .isZero());
    }

    private static void replaceCatalog(String text) throws IOException {
        Path next = directory.resolve("steward.yml.next");
        Files.writeString(next, text);
        Files.move(next, catalogFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static JsonNode monitor(String key) {
        return JSON.readTree(Http.get(steward.url("/api/v1/monitors/" + key)).body());
    }

    private static List<Instant> scheduledTimes(String key, Instant after) {
        JsonNode page = JSON.readTree(Http.get(steward.url("/api/v1/monitors/" + key + "/results?from=" + after))
                .body());
        List<Instant> times = new ArrayList<>();
        for (JsonNode result : page.path("results")) {
            times.add(Instant.parse(result.path("scheduledAt").asString()));
        }
        times.sort(null);
        return times;
    }

    private static void awaitStatus(String key, String status, String error) {
        await().atMost(WITHIN_ONE_INTERVAL.multipliedBy(2)).untilAsserted(() -> {
            JsonNode monitor = monitor(key);
            assertThat(monitor.path("status").asString())
                    .as(key + " " + monitor)
                    .isEqualTo(status);
            if (error != null) {
                assertThat(monitor.at("/lastResult/error").asString()).as(key).isEqualTo(error);
            }
        });
    }
}
