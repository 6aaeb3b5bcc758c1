package dev.steward.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.cli.StewardCommand;
import dev.steward.testing.Http;
import dev.steward.testing.Ports;
import dev.steward.testing.StewardProcess;
import dev.steward.testing.TestSteward;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded PostgreSQL's data directory is used by one Steward at a time, and survives a killed Steward. */
class EmbeddedDatabaseIT {

    @TempDir
    Path dataDir;

    private Map<String, String> environment() {
        return Map.of("STEWARD_DATA_DIR", dataDir.toString(), "EMBEDDED_DB_PORT", String.valueOf(Ports.free()));
    }

    @Test
    void aSecondStewardOnTheSameDataDirectoryIsRefusedWithTheReason() {
        Map<String, String> environment = environment();
        try (TestSteward first = TestSteward.start(environment)) {
            assertThat(Http.get(first.url("/readyz")).status()).isEqualTo(200);

            assertThatThrownBy(() -> TestSteward.start(environment))
                    .hasRootCauseInstanceOf(DatabaseStartupException.class)
                    .rootCause()
                    .hasMessageContaining("is already in use by another Steward process")
                    .hasMessageContaining("STEWARD_DATA_DIR");

            assertThat(Http.get(first.url("/readyz")).status())
                    .as("the running Steward is not disturbed")
                    .isEqualTo(200);
        }
    }

    @Test
    void databaseCommandsUseTheEmbeddedServerOfARunningSteward() {
        Map<String, String> environment = environment();
        try (TestSteward steward = TestSteward.start(environment)) {
            assertThat(steward.context().isActive()).isTrue();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();

            int status = StewardCommand.execute(
                    new HashMap<>(environment), new PrintWriter(out, true), new PrintWriter(err, true), "db", "status");

            assertThat(status).isZero();
            assertThat(out.toString()).contains("(embedded)").contains("Runs: 1 recorded");
            assertThat(err.toString()).doesNotContain("started the embedded database");
        }
    }

    @Test
    void aStewardKilledWithSigkillLeavesNothingThatBlocksTheNextStart() {
        int port = Ports.free();
        Map<String, String> environment = new HashMap<>(environment());
        environment.put("PORT", String.valueOf(port));
        Duration start = Duration.ofSeconds(60);

        try (StewardProcess killed = StewardProcess.run(environment)) {
            killed.awaitLine(line -> line.contains("\"event\":\"steward_started\""), start);
            killed.kill();
            killed.awaitExit(start);
        }

        try (StewardProcess next = StewardProcess.run(environment)) {
            next.awaitLine(line -> line.contains("\"event\":\"embedded_database_orphan_stopped\""), start);
            next.awaitLine(line -> line.contains("\"event\":\"steward_started\""), start);
            assertThat(Http.get("http://127.0.0.1:" + port + "/readyz").status())
                    .isEqualTo(200);
            next.terminate();
            assertThat(next.awaitExit(start)).isZero();
        }
    }
}
