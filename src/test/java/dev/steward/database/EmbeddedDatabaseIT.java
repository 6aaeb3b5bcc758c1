package dev.steward.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.cli.StewardCommand;
import dev.steward.testing.Http;
import dev.steward.testing.Ports;
import dev.steward.testing.StewardProcess;
import dev.steward.testing.TestSteward;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
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

    @Test
    void aTakenEmbeddedDatabasePortIsReportedAtOnceNamingTheSetting() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Map<String, String> environment = Map.of(
                    "STEWARD_DATA_DIR", dataDir.toString(), "EMBEDDED_DB_PORT", String.valueOf(taken.getLocalPort()));

            assertThatThrownBy(() -> TestSteward.start(environment))
                    .rootCause()
                    .isInstanceOf(DatabaseStartupException.class)
                    .hasMessageContaining(
                            "Port " + taken.getLocalPort() + " for the embedded PostgreSQL is already in use")
                    .hasMessageContaining("EMBEDDED_DB_PORT");
        }
    }

    @Test
    void dbServeRunsTheEmbeddedDatabaseAloneForMaintenanceUntilStopped() throws SQLException {
        int port = Ports.free();
        Map<String, String> environment =
                Map.of("STEWARD_DATA_DIR", dataDir.toString(), "EMBEDDED_DB_PORT", String.valueOf(port));
        Duration start = Duration.ofSeconds(60);

        try (StewardProcess serve = StewardProcess.run(environment, "db", "serve")) {
            serve.awaitLine(line -> line.startsWith("Embedded PostgreSQL for maintenance"), start);
            try (Connection connection = DriverManager.getConnection(
                            "jdbc:postgresql://127.0.0.1:" + port + "/steward?user=postgres");
                    Statement statement = connection.createStatement()) {
                assertThat(statement.execute(
                                "create schema maintenance; create table maintenance.restored_by_hand (id int)"))
                        .isFalse();
            }
            assertThatThrownBy(() -> TestSteward.start(environment))
                    .as("Steward refuses a data directory that db serve is using")
                    .rootCause()
                    .hasMessageContaining("already in use by another Steward process");

            serve.terminate();
            assertThat(serve.awaitExit(start)).isZero();
        }
        assertThatThrownBy(() ->
                        DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/steward?user=postgres"))
                .as("the maintenance server stops with the command")
                .isInstanceOf(SQLException.class);
        try (TestSteward steward = TestSteward.start(environment);
                Connection connection =
                        DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/steward?user=postgres");
                Statement statement = connection.createStatement()) {
            assertThat(Http.get(steward.url("/readyz")).status()).isEqualTo(200);
            assertThat(statement
                            .executeQuery("select count(*) from maintenance.restored_by_hand")
                            .next())
                    .as("what was done during maintenance is kept")
                    .isTrue();
        }
    }

    @Test
    void aPostgresqlThatStewardDidNotStartIsLeftAloneAndReported() throws Exception {
        Map<String, String> environment = environment();
        Duration start = Duration.ofSeconds(60);
        try (StewardProcess serve = StewardProcess.run(environment, "db", "serve")) {
            serve.awaitLine(line -> line.startsWith("Embedded PostgreSQL for maintenance"), start);
            serve.kill(); // its postgres keeps running; forgetting who started it makes it a server started by hand
            serve.awaitExit(start);
        }
        Path postgresDir = dataDir.resolve("postgres");
        Files.delete(postgresDir.resolve("steward-postmaster.pid"));
        long pid = Long.parseLong(
                Files.readAllLines(postgresDir.resolve("postmaster.pid")).get(0).trim());
        try {
            assertThatThrownBy(() -> TestSteward.start(environment))
                    .rootCause()
                    .hasMessageContaining("A PostgreSQL server that Steward did not start (pid " + pid)
                    .hasMessageContaining("kill -INT " + pid)
                    .hasMessageContaining("steward db serve");
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);

            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int status = StewardCommand.execute(
                    new HashMap<>(environment), new PrintWriter(out, true), new PrintWriter(err, true), "db", "ping");
            assertThat(status).isZero();
            assertThat(err.toString()).contains("note: using a PostgreSQL started by hand on the data directory");
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
                    .as("the hand-started server still runs")
                    .contains(true);
        } finally {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        }
    }
}
