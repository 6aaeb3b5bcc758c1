package dev.steward.probe;

import static dev.steward.probe.Monitors.monitor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.catalog.ProbeSpec;
import dev.steward.config.DatabaseUrl;
import dev.steward.testing.PostgresExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

class PostgresProberIT {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String PASSWORD = "m0nitor-pass";

    private static final PostgresProber prober =
            new PostgresProber(JsonMapper.builder().build());
    private static final ProbeRunner runner = new ProbeRunner(Clock.systemUTC());

    @BeforeAll
    static void schema() throws SQLException {
        execute(
                "create table jobs (id serial primary key, status text not null, created_at timestamptz not null)",
                "create role locked nologin",
                "create role monitor login password '" + PASSWORD + "'",
                "grant select on jobs to monitor");
        requirePasswordsFor("monitor");
    }

    @AfterAll
    static void close() {
        runner.close();
    }

    /**
     * The test server trusts every local connection; a password is only checked when pg_hba.conf asks for one. The
     * superuser rewrites it (server-side COPY) so that {@code monitor} must log in with its password over TCP.
     */
    private static void requirePasswordsFor(String role) throws SQLException {
        String rules = String.join(
                "\n",
                "local all all trust",
                "host all " + role + " 127.0.0.1/32 scram-sha-256",
                "host all " + role + " ::1/128 scram-sha-256",
                "host all all 127.0.0.1/32 trust",
                "host all all ::1/128 trust");
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl());
                Statement statement = connection.createStatement()) {
            var file = statement.executeQuery("show hba_file");
            file.next();
            String path = file.getString(1);
            statement.execute("copy (select unnest(string_to_array('" + rules + "', E'\\n'))) to '" + path + "'");
            statement.execute("select pg_reload_conf()");
        }
    }

    private static void execute(String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl());
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static DatabaseUrl url(String text) {
        return switch (DatabaseUrl.parse(text)) {
            case DatabaseUrl.Result.Valid valid -> valid.url();
            case DatabaseUrl.Result.Invalid invalid -> throw new IllegalArgumentException(invalid.problem());
        };
    }

    private static ProbeSpec.Postgres query(String sql) {
        return new ProbeSpec.Postgres(url(postgres.databaseUrl()), sql);
    }

    private static ProbeSpec.Postgres as(String userInfo, String database, String sql) {
        return new ProbeSpec.Postgres(
                url("postgres://" + userInfo + "@127.0.0.1:" + postgres.port() + "/" + database), sql);
    }

    @Test
    void runsTheQueryAndReportsItsRows() {
        Observation observation = prober.probe(query("select 1 as one"), TIMEOUT);

        assertThat(observation.error()).isEmpty();
        assertThat(observation.message()).isEqualTo("1 row");
        assertThat(observation.facts().text("CONNECTED")).contains("true");
        assertThat(observation.facts().text("ROWS")).contains("1");
        assertThat(observation.facts().text("RESULT")).contains("[{\"one\":1}]");
        assertThat(observation.facts().text("CONNECT_TIME")).isPresent();
        assertThat(observation.facts().text("QUERY_TIME")).isPresent();
        assertThat(observation.facts().text("RESPONSE_TIME")).isPresent();
    }

    @Test
    void columnsBecomeJsonValuesByType() {
        Observation observation = prober.probe(
                query("select 42::bigint as n, 2.5::numeric as d, 0.5::float8 as f, true as ok, 'x'::text as s,"
                        + " null::int as missing, date '2026-01-02' as day"),
                TIMEOUT);

        assertThat(observation.facts().json("RESULT")).hasValueSatisfying(rows -> {
            var row = rows.get(0);
            assertThat(row.get("n").isIntegralNumber()).isTrue();
            assertThat(row.get("d").decimalValue()).isEqualByComparingTo("2.5");
            assertThat(row.get("f").doubleValue()).isEqualTo(0.5);
            assertThat(row.get("ok").isBoolean()).isTrue();
            assertThat(row.get("s").asString()).isEqualTo("x");
            assertThat(row.get("missing").isNull()).isTrue();
            assertThat(row.get("day").asString()).isEqualTo("2026-01-02");
        });
    }

    @Test
    void aColumnConditionJudgesTheResult() throws SQLException {
        String stuck = "select count(*) as stuck from jobs where status = 'PENDING'"
                + " and created_at < now() - interval '10 minutes'";
        List<String> conditions = List.of("[RESULT][0].stuck == 0");

        ProbeResult healthy = runner.run(monitor(query(stuck), conditions), java.time.Instant.now());
        execute("insert into jobs (status, created_at) values ('PENDING', now() - interval '1 hour')");
        ProbeResult backedUp = runner.run(monitor(query(stuck), conditions), java.time.Instant.now());
        execute("truncate jobs");

        assertThat(healthy.status()).isEqualTo(Status.UP);
        assertThat(backedUp.status()).isEqualTo(Status.DOWN);
        assertThat(backedUp.error()).contains(ErrorCode.CONDITION_FAILED);
        assertThat(backedUp.message()).isEqualTo("1 row; expected [RESULT][0].stuck (1) == 0");
    }

    @Test
    void readsAtMostAThousandRows() {
        Observation observation = prober.probe(query("select generate_series(1, 5000) as n"), TIMEOUT);

        assertThat(observation.facts().text("ROWS")).contains("1000");
    }

    @Test
    void reportsPostgresqlsMessageForAFailedQuery() {
        Observation observation = prober.probe(query("select * from missing_table"), TIMEOUT);

        assertThat(observation.error()).contains(ErrorCode.QUERY_FAILED);
        assertThat(observation.message()).isEqualTo("relation \"missing_table\" does not exist");
        assertThat(observation.facts().text("CONNECTED")).contains("true");
    }

    @Test
    void theSessionIsReadOnly() {
        Observation observation =
                prober.probe(query("insert into jobs (status, created_at) values ('X', now())"), TIMEOUT);

        assertThat(observation.error()).contains(ErrorCode.QUERY_FAILED);
        assertThat(observation.message()).isEqualTo("cannot execute INSERT in a read-only transaction");
    }

    @Test
    void aSlowQueryTimesOutOnTheServer() {
        Observation observation = prober.probe(query("select pg_sleep(5)"), Duration.ofSeconds(1));

        assertThat(observation.error()).contains(ErrorCode.TIMEOUT);
        // The server's statement timeout and the driver's socket timeout are both the monitor's; either may end it.
        assertThat(observation.message()).matches("the query did not finish within 1s|timed out after 1s");
    }

    @Test
    void aWrongPasswordIsAnAuthenticationFailureThatNeverShowsThePassword() {
        Observation wrong = prober.probe(as("monitor:not-the-password", "postgres", "select 1"), TIMEOUT);
        Observation right = prober.probe(as("monitor:" + PASSWORD, "postgres", "select count(*) from jobs"), TIMEOUT);

        assertThat(wrong.error()).contains(ErrorCode.AUTHENTICATION_FAILED);
        assertThat(wrong.message())
                .isEqualTo("PostgreSQL refused the login: password authentication failed for user \"monitor\"")
                .doesNotContain("not-the-password");
        assertThat(right.error()).isEmpty();
    }

    @Test
    void aRoleThatMayNotLogInIsAnAuthenticationFailure() {
        Observation observation = prober.probe(as("locked", "postgres", "select 1"), TIMEOUT);

        assertThat(observation.error()).contains(ErrorCode.AUTHENTICATION_FAILED);
        assertThat(observation.message()).contains("\"locked\" is not permitted to log in");
    }

    @Test
    void anUnknownDatabaseIsAFailedQueryNamingIt() {
        Observation observation = prober.probe(as("postgres", "nope", "select 1"), TIMEOUT);

        assertThat(observation.error()).contains(ErrorCode.QUERY_FAILED);
        assertThat(observation.message()).isEqualTo("database \"nope\" does not exist");
    }

    @Test
    void reportsConnectionRefusedWhenTheServerIsStopped() {
        postgres.stop();
        try {
            Observation observation = prober.probe(query("select 1"), TIMEOUT);

            assertThat(observation.error()).contains(ErrorCode.CONNECTION_REFUSED);
            assertThat(observation.message()).isEqualTo("connection refused");
            assertThat(observation.facts().text("CONNECTED")).contains("false");
        } finally {
            postgres.start();
        }
    }
}
