package dev.steward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.testing.LoopbackTarget;
import dev.steward.testing.LoopbackTarget.Behaviour;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code steward check}: every monitor once, a table or JSON, and an exit status a deploy script can use. */
class CheckCommandTest {

    @TempDir
    Path directory;

    private final LoopbackTarget api = LoopbackTarget.start();
    private final LoopbackTarget worker = LoopbackTarget.start();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @AfterEach
    void stop() {
        api.close();
        worker.close();
    }

    private Path catalog() throws IOException {
        return Files.writeString(directory.resolve("steward.yml"), """
                services:
                  api:
                    monitors:
                      health:
                        type: http
                        url: ${API}/health
                        conditions: ["[STATUS] == 200", "[BODY].checks.db.ok == true"]
                      paused:
                        type: http
                        url: ${API}/health
                        enabled: false
                  worker:
                    monitors:
                      health:
                        type: http
                        url: ${WORKER}/health
                """);
    }

    private int check(String... args) throws IOException {
        String[] command = new String[args.length + 3];
        command[0] = "check";
        command[1] = "-c";
        command[2] = catalog().toString();
        System.arraycopy(args, 0, command, 3, args.length);
        return StewardCommand.execute(
                Map.of("API", api.url(""), "WORKER", worker.url("")),
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                command);
    }

    @Test
    void passesWhenEveryEnabledMonitorIsUp() throws IOException {
        int status = check();

        assertThat(status).isZero();
        assertThat(out.toString().lines().toList())
                .first()
                .asString()
                .matches("SERVICE\\s+MONITOR\\s+STATUS\\s+LATENCY\\s+MESSAGE");
        assertThat(out.toString())
                .containsPattern("api\\s+health\\s+ok\\s+\\d+ ms\\s+HTTP 200")
                .containsPattern("worker\\s+health\\s+ok\\s+\\d+ ms\\s+HTTP 200")
                .doesNotContain("paused")
                .endsWith("2 monitors passed\n");
    }

    @Test
    void failsNamingTheMonitorAndWhatWasWrong() throws IOException {
        api.behave(Behaviour.WRONG_BODY);
        worker.behave(Behaviour.CLOSED);

        int status = check();

        assertThat(status).isEqualTo(1);
        assertThat(out.toString())
                .containsPattern("api\\s+health\\s+DOWN\\s+\\d+ ms\\s+.*\\[BODY\\].checks.db.ok \\(false\\) == true"
                        + " \\(condition_failed\\)")
                .containsPattern("worker\\s+health\\s+DOWN\\s+\\d+ ms\\s+connection refused \\(connection_refused\\)")
                .endsWith("2 of 2 monitors down\n");
    }

    @Test
    void checksOnlyTheNamedServiceAndRefusesAnUnknownOne() throws IOException {
        worker.behave(Behaviour.UNAVAILABLE);

        assertThat(check("--service", "api")).isZero();
        assertThat(out.toString()).doesNotContain("worker");

        assertThat(check("--service", "billing")).isEqualTo(2);
        assertThat(err.toString())
                .contains("--service billing: no such service in")
                .contains("(it has: api, worker)");
    }

    @Test
    void printsJsonForScripts() throws IOException {
        worker.behave(Behaviour.UNAVAILABLE);

        int status = check("--json");

        assertThat(status).isEqualTo(1);
        JsonNode json = JsonMapper.builder().build().readTree(out.toString());
        assertThat(json.path("passed").asBoolean()).isFalse();
        JsonNode failed = json.path("results").get(1);
        assertThat(failed.path("service").asString()).isEqualTo("worker");
        assertThat(failed.path("status").asString()).isEqualTo("down");
        assertThat(failed.path("error").asString()).isEqualTo("status_mismatch");
        assertThat(failed.path("failures").get(0).path("resolved").asString()).isEqualTo("[STATUS] (503) < 300");
    }

    @Test
    void anInvalidCatalogChecksNothingAndExitsTwo() throws IOException {
        Path file = Files.writeString(directory.resolve("broken.yml"), """
                services:
                  api:
                    monitors:
                      health: { type: http, url: "http://127.0.0.1/", interval: 5x }
                """);

        int status = StewardCommand.execute(
                Map.of(), new PrintWriter(out, true), new PrintWriter(err, true), "check", "-c", file.toString());

        assertThat(status).isEqualTo(2);
        assertThat(err.toString())
                .contains(":4:65 services.api.monitors.health.interval: \"5x\" is not a duration")
                .contains("1 error; nothing was checked");
        assertThat(out.toString()).isEmpty();
    }
}
