package dev.steward.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.steward.access.Role;
import dev.steward.testing.Http;
import dev.steward.testing.PostgresExtension;
import dev.steward.testing.TestSteward;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Jobs pinging a running Steward with the real {@code curl} and the very lines Healthchecks users have in their
 * crontabs, only the host changed: a failure alerts at once, a job that stops pinging alerts once its period and grace
 * have passed, a success resolves, and the ping URL survives a restart.
 */
class HeartbeatsIT {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    /** An existing Healthchecks check's UUID, kept by the catalog. */
    private static final String BACKUP_UUID = "5b2c1e0a-8f3d-4c2a-9e61-0d7f3b9a4c11";

    private static final String CURL = "curl -fsS -m 10 --retry 5 -o /dev/null";

    @TempDir
    static Path directory;

    static Path catalogFile;
    static TestSteward steward;

    @BeforeAll
    static void start() throws IOException {
        catalogFile = directory.resolve("steward.yml");
        Files.writeString(catalogFile, catalog("assigned"));
        steward = start(catalogFile);
    }

    private static TestSteward start(Path catalog) {
        return TestSteward.start(Map.of(
                "DATABASE_URL", postgres.databaseUrl(),
                "STEWARD_CONFIG", catalog.toString(),
                "BASE_URL", "https://steward.example.com"));
    }

    @AfterAll
    static void stop() {
        if (steward != null) {
            steward.close();
        }
    }

    /** The default policy needs three failures in a row: heartbeats must not wait for them. */
    private static String catalog(String assignedName) {
        return """
                policies:
                  default: { failureThreshold: 3, successThreshold: 2, severity: high }
                services:
                  jobs:
                    monitors:
                      backup:
                        type: heartbeat
                        schedule: "0 2 * * *"
                        timezone: Europe/Istanbul
                        grace: 30m
                        uuid: %s
                      %s:
                        type: heartbeat
                        schedule: 1h
                  ticks:
                    monitors:
                      fast:
                        type: heartbeat
                        schedule: 2s
                        grace: 1s
                """.formatted(BACKUP_UUID, assignedName);
    }

    // ---- the job's side

    private record Run(int exit, String output) {}

    /** Runs a shell line as cron would, with the real curl. */
    private static Run job(String line) {
        try {
            Process process = new ProcessBuilder("sh", "-c", line)
                    .redirectErrorStream(true)
                    .start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the job did not end within 60 s: " + line);
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Run(process.exitValue(), output);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + line, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void succeeds(String line) {
        Run run = job(line);
        assertThat(run.exit()).as("%s said: %s", line, run.output()).isZero();
    }

    private static String pingUrl(String uuid) {
        return steward.url("/ping/" + uuid);
    }

    // ---- Steward's side

    private static JsonNode monitor(String key) {
        Http.Response response = Http.get(steward.url("/api/v1/monitors/" + key));
        assertThat(response.status()).isEqualTo(200);
        return response.json();
    }

    private static List<JsonNode> pings(String key) {
        Http.Response response = Http.get(steward.url("/api/v1/monitors/" + key + "/pings?limit=100"));
        assertThat(response.status()).isEqualTo(200);
        return List.copyOf(response.json().path("pings").values());
    }

    private static Optional<JsonNode> alert(String key) {
        return Http.get(steward.url("/api/v1/alerts?phase=all")).json().path("alerts").values().stream()
                .filter(alert -> alert.path("key").asString().equals("monitor:" + key))
                .findFirst();
    }

    private static List<JsonNode> transitions(JsonNode alert) {
        return List.copyOf(
                Http.get(steward.url("/api/v1/alerts/" + alert.path("id").asLong()))
                        .json()
                        .path("transitions")
                        .values());
    }

    private static void reload() {
        succeeds("curl -fsS -m 10 -o /dev/null -X POST -H 'Authorization: Bearer " + steward.token(Role.OPERATOR) + "' "
                + steward.url("/api/v1/catalog/reload"));
    }

    private static String assignedUuid(String key) {
        return monitor(key).at("/heartbeat/uuid").asString();
    }

    // ---- the tests

    @Test
    void aFailurePingWithItsLogOpensAnIncidentAtOnceAndASuccessResolvesIt() {
        JsonNode before = monitor("jobs/backup");
        assertThat(before.at("/heartbeat/pingUrl").asString())
                .isEqualTo("https://steward.example.com/ping/" + BACKUP_UUID);
        assertThat(before.at("/heartbeat/schedule").asString()).isEqualTo("cron 0 2 * * * (Europe/Istanbul)");

        // From Healthchecks' docs on attaching logs: the output goes along with the failure.
        succeeds("m=$( { echo 'dumping booky'; echo 'pg_dump: error: connection to server failed' >&2; } 2>&1 ); "
                + "curl -fsS -m 10 --retry 5 --data-raw \"$m\" " + pingUrl(BACKUP_UUID) + "/fail");

        JsonNode fired = await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> alert("jobs/backup"),
                        found -> found.isPresent()
                                && found.get().path("phase").asString().equals("firing"))
                .orElseThrow();
        assertThat(fired.path("incidentId").isNull())
                .as("an incident was opened")
                .isFalse();
        assertThat(transitions(fired))
                .as("the first failure fired, although the policy asks for 3")
                .singleElement()
                .satisfies(transition -> {
                    assertThat(transition.path("transition").asString()).isEqualTo("fired");
                    assertThat(transition.at("/cause/error").asString()).isEqualTo("heartbeat_failed");
                    assertThat(transition.at("/cause/message").asString())
                            .isEqualTo("the job reported a failure; its log ends: pg_dump: error: connection to"
                                    + " server failed");
                });
        JsonNode incident = Http.get(steward.url(
                        "/api/v1/incidents/" + fired.path("incidentId").asLong()))
                .json();
        assertThat(incident.at("/incident/status").asString()).isEqualTo("open");
        JsonNode failed = pings("jobs/backup").getFirst();
        assertThat(failed.path("kind").asString()).isEqualTo("fail");
        assertThat(failed.path("method").asString()).isEqualTo("POST");
        assertThat(failed.path("log").asString())
                .isEqualTo("dumping booky\npg_dump: error: connection to server failed");
        assertThat(failed.path("client").asString()).isEqualTo("127.0.0.1");
        assertThat(failed.path("userAgent").asString()).startsWith("curl/");

        succeeds(CURL + " " + pingUrl(BACKUP_UUID));

        await().atMost(Duration.ofSeconds(20))
                .until(() -> alert("jobs/backup").orElseThrow().path("phase").asString(), "ok"::equals);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> monitor("jobs/backup").path("status").asString(), "up"::equals);
        assertThat(monitor("jobs/backup").at("/heartbeat/lastPing/kind").asString())
                .isEqualTo("success");
    }

    @Test
    void aStartedRunIsMeasuredUntilItsSuccess() {
        succeeds(CURL + " " + pingUrl(BACKUP_UUID) + "/start && /bin/true && " + CURL + " " + pingUrl(BACKUP_UUID));

        List<JsonNode> pings = pings("jobs/backup");
        assertThat(pings.get(1).path("kind").asString()).isEqualTo("start");
        assertThat(pings.get(0).path("kind").asString()).isEqualTo("success");
        assertThat(pings.get(0).path("durationMs").isNumber())
                .as("the run's time since its start")
                .isTrue();
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(
                                monitor("jobs/backup").at("/lastResult/message").asString())
                        .startsWith("success ping; the run took "));
    }

    @Test
    void theShellsExitStatusIsTheRunsOutcome() {
        String assigned = assignedUuid("jobs/assigned");

        succeeds("/bin/false; " + CURL + " " + pingUrl(assigned) + "/$?");

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(
                                monitor("jobs/assigned").at("/lastResult/error").asString())
                        .isEqualTo("heartbeat_failed"));
        assertThat(monitor("jobs/assigned").at("/lastResult/message").asString())
                .isEqualTo("the job exited with status 1");
        assertThat(pings("jobs/assigned").getFirst().path("exitStatus").asInt()).isEqualTo(1);

        succeeds("/bin/true; " + CURL + " " + pingUrl(assigned) + "/$?");

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(
                        () -> assertThat(monitor("jobs/assigned").path("status").asString())
                                .isEqualTo("up"));
        Run tooHigh = job("curl -sS -m 10 -o /dev/null -w '%{http_code}' " + pingUrl(assigned) + "/256");
        assertThat(tooHigh.output()).isEqualTo("400");
    }

    @Test
    void headAndGetAndPostAllCount() {
        String assigned = assignedUuid("jobs/assigned");

        Run head = job("curl -fsS -m 10 --retry 5 -I " + pingUrl(assigned));

        assertThat(head.exit()).isZero();
        assertThat(head.output()).startsWith("HTTP/1.1 200").contains("text/plain");
        assertThat(pings("jobs/assigned").getFirst().path("method").asString()).isEqualTo("HEAD");
        Run get = job("curl -fsS -m 10 --retry 5 " + pingUrl(assigned));
        assertThat(get.output()).isEqualTo("OK");
    }

    @Test
    void anUnknownUuidIsNotFound() {
        Run unknown = job("curl -sS -m 10 -w ' %{http_code}' " + pingUrl("00000000-0000-4000-8000-000000000000"));
        assertThat(unknown.output()).isEqualTo("not found 404");
        Run notAUuid = job("curl -sS -m 10 -o /dev/null -w '%{http_code}' " + steward.url("/ping/nightly"));
        assertThat(notAUuid.output()).isEqualTo("404");
        Run badRid = job("curl -sS -m 10 -w ' %{http_code}' '" + pingUrl(BACKUP_UUID) + "/start?rid=first'");
        assertThat(badRid.output()).isEqualTo("rid must be a UUID 400");
    }

    @Test
    void aLogLongerThan100KbIsKeptTruncatedAndChangesNothing() throws IOException {
        Path log = directory.resolve("job.log");
        Files.writeString(log, "x".repeat(150_000) + "\n");
        String status = monitor("jobs/backup").path("status").asString();

        succeeds(CURL + " --data-binary @" + log + " " + pingUrl(BACKUP_UUID) + "/log");

        JsonNode ping = pings("jobs/backup").getFirst();
        assertThat(ping.path("kind").asString()).isEqualTo("log");
        assertThat(ping.path("log").asString()).hasSize(Ping.MAX_BODY);
        assertThat(ping.path("truncated").asBoolean()).isTrue();
        assertThat(monitor("jobs/backup").path("status").asString()).isEqualTo(status);
    }

    @Test
    void aJobThatStopsPingingAlertsOncePeriodAndGraceHavePassed() {
        String fast = assignedUuid("ticks/fast");
        assertThat(monitor("ticks/fast").at("/heartbeat/isNew").asBoolean())
                .as("nothing is expected before the first ping")
                .isTrue();

        succeeds(CURL + " " + pingUrl(fast));

        JsonNode fired = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> alert("ticks/fast"),
                        found -> found.isPresent()
                                && found.get().path("phase").asString().equals("firing"))
                .orElseThrow();
        assertThat(transitions(fired).getLast().at("/cause/error").asString()).isEqualTo("heartbeat_missed");
        assertThat(transitions(fired).getLast().at("/cause/message").asString())
                .startsWith("no ping by ")
                .contains("(every 2s, grace 1s); last ping ");

        succeeds(CURL + " " + pingUrl(fast));

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(transitions(fired).stream()
                                .map(transition -> transition.path("transition").asString()))
                        .contains("resolved"));
    }

    @Test
    void theServicePageShowsEachPingUrlWithACurlLineAndTheLatestPings() {
        succeeds("echo 'backup of booky done' | " + CURL + " --data-binary @- " + pingUrl(BACKUP_UUID) + "/0");

        Http.Response page = Http.get(steward.url("/services/jobs"), Map.of("Accept", "text/html"));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains("id=\"heartbeats\"")
                .contains("value=\"https://steward.example.com/ping/" + BACKUP_UUID + "\"")
                .contains("value=\"curl -fsS -m 10 --retry 5 -o /dev/null https://steward.example.com/ping/"
                        + BACKUP_UUID + "\"")
                .contains("Expected cron 0 2 * * * (Europe/Istanbul), grace 30m.")
                .contains("The next run must ping by ")
                .contains("backup of booky done")
                .contains("heartbeat cron 0 2 * * * (Europe/Istanbul), grace 30m, pinged by its job");
    }

    @Test
    void thePingUrlSurvivesARestartAndIsNeverGivenToAnotherMonitor() throws IOException {
        String assigned = assignedUuid("jobs/assigned");

        steward.close();
        steward = start(catalogFile);

        assertThat(assignedUuid("jobs/assigned")).isEqualTo(assigned);
        succeeds(CURL + " " + pingUrl(assigned));

        Files.writeString(catalogFile, catalog("renamed"));
        reload();

        assertThat(assignedUuid("jobs/renamed")).isNotEqualTo(assigned);
        assertThat(job("curl -sS -m 10 -o /dev/null -w '%{http_code}' " + pingUrl(assigned))
                        .output())
                .as("the removed monitor's URL answers nobody")
                .isEqualTo("404");
        Files.writeString(catalogFile, catalog("assigned"));
        reload();
        assertThat(assignedUuid("jobs/assigned"))
                .as("the monitor is back with its URL")
                .isEqualTo(assigned);
    }
}
