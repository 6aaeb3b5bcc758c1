package dev.steward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.steward.testing.Ports;
import dev.steward.testing.PostgresExtension;
import dev.steward.testing.TestSteward;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The {@code steward} commands an operator types, against a real PostgreSQL and real HTTP servers on loopback. */
class CommandLineIT {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @TempDir
    Path dataDir;

    @Test
    void configCheckListsEveryProblemAndExitsOneWithoutPrintingTheSecret() {
        Run run = steward(
                Map.of("SESSION_TOKEN_SECRET", "tooshort42", "BASE_URL", "http://127.0.0.1:8080"), "config", "check");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out())
                .contains("Configuration has 3 problems (production rules):")
                .contains("  - BASE_URL \"http://127.0.0.1:8080\" points at this machine")
                .contains("  - DATABASE_URL is not set")
                .contains("  - SESSION_TOKEN_SECRET is 10 characters long; it must be at least 32")
                .doesNotContain("tooshort42");
    }

    @Test
    void configCheckAcceptsGoodProductionSettingsAndMasksSecrets() {
        Run run = steward(
                Map.of(
                        "SESSION_TOKEN_SECRET", "a".repeat(48),
                        "BASE_URL", "https://steward.example.com",
                        "DATABASE_URL", "postgres://steward:db-pass-123@db.internal:5432/steward",
                        "REDIS_URL", "redis://:redis-pass-456@cache.internal:6379/0"),
                "config",
                "check");

        assertThat(run.status()).isZero();
        assertThat(run.out())
                .contains("Configuration is valid (production rules).")
                .contains("db.internal:5432/steward (user steward)")
                .contains("redis://cache.internal:6379/0")
                .contains("set (48 characters)")
                .doesNotContain("db-pass-123")
                .doesNotContain("redis-pass-456")
                .doesNotContain("a".repeat(48));
    }

    @Test
    void configCheckCanApplyDevelopmentRules() {
        Run run = steward(Map.of(), "config", "check", "--mode", "development");

        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("Configuration is valid (development rules).");
    }

    @Test
    void configVariablesListsEverySettingAndWhichAreSetWithoutTheirValues() {
        Run run = steward(Map.of("PORT", "9999", "SESSION_TOKEN_SECRET", "hidden-value-123"), "config", "variables");

        assertThat(run.status()).isZero();
        assertThat(run.out())
                .containsPattern("(?m)^PORT\\s+set\\s+default 8080$")
                .containsPattern("(?m)^SESSION_TOKEN_SECRET\\s+set\\s+default")
                .containsPattern("(?m)^REDIS_URL\\s+-\\s+default \\(none\\)$")
                .contains("SHUTDOWN_DRAIN_TIMEOUT")
                .doesNotContain("9999")
                .doesNotContain("hidden-value-123");
    }

    @Test
    void dbPingReportsTheServerVersion() {
        Run run = steward(Map.of("DATABASE_URL", postgres.databaseUrl()), "db", "ping");

        assertThat(run.status()).isZero();
        assertThat(run.out()).matches("(?s)ok: localhost:\\d+/postgres answered in \\d+ ms, PostgreSQL 15\\.\\d+.*");
    }

    @Test
    void dbPingExplainsAnUnreachableDatabaseAndExitsOne() {
        Run run = steward(
                Map.of("DATABASE_URL", "postgres://steward:pw@127.0.0.1:" + Ports.free() + "/steward"), "db", "ping");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err())
                .contains("error: cannot reach the database at 127.0.0.1:")
                .contains("DATABASE_URL");
        assertThat(run.err()).doesNotContain(":pw@");
    }

    @Test
    void dbMigrateNamesTheDatabaseItCouldNotReach() {
        int port = Ports.free();
        Run run = steward(
                Map.of("DATABASE_URL", "postgres://steward:pw@127.0.0.1:" + port + "/steward"), "db", "migrate");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: the database at 127.0.0.1:" + port + "/steward: ");
    }

    @Test
    void dbPingSaysWhenTheServerAnswersButTheDatabaseDoesNotExist() {
        Run run = steward(
                Map.of("DATABASE_URL", "postgres://postgres@localhost:" + postgres.port() + "/no_such_db"),
                "db",
                "ping");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err())
                .contains("error: the server answered but the database does not exist")
                .contains("fix the database name in DATABASE_URL");
    }

    @Test
    void dbStatusTellsMigrationsOfANewerStewardAndEditedMigrationsApart() throws SQLException {
        Map<String, String> environment = Map.of("DATABASE_URL", postgres.databaseUrl());
        dropStewardSchema();
        assertThat(steward(environment, "db", "migrate").status()).isZero();
        execute("""
                insert into flyway_schema_history
                  (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success)
                values (99, '99', 'from the future', 'SQL', 'V99__from_the_future.sql', 1, 'postgres', 1, true)
                """);

        Run future = steward(environment, "db", "status");
        assertThat(future.status()).isZero();
        assertThat(future.out())
                .contains("Migrations: " + migrationCount() + " applied, 0 pending, 1 from a newer Steward")
                .contains("this Steward runs on that schema");

        execute("update flyway_schema_history set checksum = checksum + 1 where version = '1'");
        Run edited = steward(environment, "db", "status");
        assertThat(edited.status()).isEqualTo(1);
        assertThat(edited.out())
                .contains("Problems: the database's migration history differs from this Steward's:")
                .containsPattern("  - version 1: .*checksum");
        dropStewardSchema();
    }

    @Test
    void dbMigrateAppliesPendingMigrationsOnceAndStatusListsThem() throws SQLException {
        dropStewardSchema();
        Map<String, String> environment = Map.of("DATABASE_URL", postgres.databaseUrl());

        Run before = steward(environment, "db", "status");
        assertThat(before.status()).isZero();
        int count = migrationCount();
        assertThat(before.out())
                .contains("Migrations: 0 applied, " + count + " pending")
                .contains("steward db migrate");

        Run migrate = steward(environment, "db", "migrate");
        assertThat(migrate.status()).isZero();
        assertThat(migrate.out())
                .contains("Applied " + count + " migrations to localhost:")
                .contains("schema is now at version " + count + ".");

        Run again = steward(environment, "db", "migrate");
        assertThat(again.out()).contains("is up to date at version " + count + ".");

        Run after = steward(environment, "db", "status");
        assertThat(after.status()).isZero();
        assertThat(after.out())
                .contains("Migrations: " + count + " applied, 0 pending")
                .containsPattern("\\s+1\\s+Success\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ\\s+create steward run")
                .contains("Runs: 0 recorded");
    }

    @Test
    void dbStatusShowsTheStewardRunsRecordedInTheDatabase() {
        Map<String, String> environment = Map.of("DATABASE_URL", postgres.databaseUrl());
        try (TestSteward steward = TestSteward.start(environment)) {
            assertThat(steward.context().isActive()).isTrue();
            Run status = steward(environment, "db", "status");

            assertThat(status.out())
                    .containsPattern("Runs: \\d+ recorded")
                    .as("the running Steward's row has no stop time yet")
                    .containsPattern(
                            "(?m)^  \\S+\\s+\\S+\\s+" + ProcessHandle.current().pid() + "\\s+\\S+ \\S+\\s+-$");
        }
    }

    @Test
    void dbCommandsStartTheEmbeddedDatabaseForTheirDurationWhenStewardIsNotRunning() {
        Map<String, String> environment =
                Map.of("STEWARD_DATA_DIR", dataDir.toString(), "EMBEDDED_DB_PORT", String.valueOf(Ports.free()));

        Run migrate = steward(environment, "db", "migrate");

        assertThat(migrate.status()).isZero();
        assertThat(migrate.err()).contains("note: started the embedded database in " + dataDir.resolve("postgres"));
        assertThat(migrate.out()).contains("Applied " + migrationCount() + " migrations");
        Run ping = steward(environment, "db", "ping");
        assertThat(ping.status()).isZero();
        assertThat(ping.out()).contains("(embedded)");
    }

    @Test
    void dbCommandsRefuseTheEmbeddedDatabaseInProduction() {
        Run run = steward(Map.of("STEWARD_ENV", "production"), "db", "migrate");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("STEWARD_ENV is production but DATABASE_URL is not set");
    }

    @Test
    void healthcheckOfAHealthyStewardExitsZero() {
        try (TestSteward steward = TestSteward.start(Map.of("DATABASE_URL", postgres.databaseUrl()))) {
            Run run = steward(Map.of(), "healthcheck", "http://127.0.0.1:" + steward.port());

            assertThat(run.status()).isZero();
            assertThat(run.out())
                    .startsWith("healthy: http://127.0.0.1:" + steward.port())
                    .containsPattern("/healthz\\s+200\\s+ok")
                    .containsPattern("/readyz\\s+200\\s+ready");
        }
    }

    @Test
    void healthcheckOfABackendThatIsNotReadyPrintsItsReasonAndExitsOne() throws IOException {
        HttpServer backend = backend(
                "/healthz",
                200,
                "{\"status\":\"ok\"}",
                "/readyz",
                503,
                "{\"status\":\"not_ready\",\"details\":{\"error\":\"Database connection failed\"}}");
        try {
            Run run = steward(
                    Map.of(),
                    "healthcheck",
                    "http://127.0.0.1:" + backend.getAddress().getPort());

            assertThat(run.status()).isEqualTo(1);
            assertThat(run.out())
                    .startsWith("UNHEALTHY: ")
                    .containsPattern("/readyz\\s+503\\s+not_ready\\s+\\d+ ms  Database connection failed");
        } finally {
            backend.stop(0);
        }
    }

    @Test
    void healthcheckFollowsTheBackendsOwnPaths() throws IOException {
        HttpServer backend = backend("/live", 200, "{\"status\":\"ok\"}", "/api/ready", 200, "{\"status\":\"ready\"}");
        try {
            Run run = steward(
                    Map.of(),
                    "healthcheck",
                    "--live-path",
                    "/live",
                    "--ready-path",
                    "/api/ready",
                    "http://127.0.0.1:" + backend.getAddress().getPort() + "/");

            assertThat(run.status()).isZero();
            assertThat(run.out()).containsPattern("/live\\s+200\\s+ok").containsPattern("/api/ready\\s+200\\s+ready");
        } finally {
            backend.stop(0);
        }
    }

    @Test
    void healthcheckOfNothingListeningSaysConnectionRefused() {
        Run run = steward(Map.of("PORT", String.valueOf(Ports.free())), "healthcheck");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out()).startsWith("UNHEALTHY: http://127.0.0.1:").contains("connection refused");
    }

    @Test
    void healthcheckRefusesAnUnusableTimeout() {
        Run run = steward(Map.of(), "healthcheck", "--timeout", "soon");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("--timeout \"soon\" is not a duration");
    }

    private record Run(int status, String out, String err) {}

    private static Run steward(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = StewardCommand.execute(
                new HashMap<>(environment), new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(status, out.toString(), err.toString());
    }

    /** A backend on loopback answering the given paths: path, status, body, path, status, body … */
    private static HttpServer backend(Object... routes) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        for (int i = 0; i < routes.length; i += 3) {
            int status = (Integer) routes[i + 1];
            byte[] body = ((String) routes[i + 2]).getBytes(StandardCharsets.UTF_8);
            server.createContext((String) routes[i], exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
        }
        server.start();
        return server;
    }

    /** Drops everything Steward's migrations create, so the next test starts from an empty database. */
    private static void dropStewardSchema() throws SQLException {
        execute("drop schema public cascade; create schema public");
    }

    /** How many migrations this Steward ships (src/main/resources/db/migration). */
    private static int migrationCount() {
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of(
                CommandLineIT.class.getClassLoader().getResource("db/migration").toURI()))) {
            return (int) files.filter(file -> file.getFileName().toString().matches("V\\d+__.*\\.sql"))
                    .count();
        } catch (java.io.IOException | java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
