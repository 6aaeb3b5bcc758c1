package dev.steward.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.steward.testing.Http;
import dev.steward.testing.PostgresExtension;
import dev.steward.testing.TestSteward;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Creating, listing and ending silences through a running Steward, and every way a request can be wrong. */
class SilencesApiIT {

    private static final String CATALOG = """
            services:
              shop-api:
                tags: [production]
                monitors:
                  health:
                    type: tcp
                    host: 127.0.0.1
                    port: 9
                    enabled: false
              shop-db:
                monitors:
                  postgres:
                    type: tcp
                    host: 127.0.0.1
                    port: 9
                    enabled: false
            """;

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @TempDir
    static Path directory;

    static TestSteward steward;
    static JdbcClient jdbc;

    @BeforeAll
    static void start() throws IOException {
        Path catalog = Files.writeString(directory.resolve("steward.yml"), CATALOG);
        steward =
                TestSteward.start(Map.of("DATABASE_URL", postgres.databaseUrl(), "STEWARD_CONFIG", catalog.toString()));
        jdbc = ApiCalls.database(postgres);
    }

    @AfterAll
    static void stop() {
        steward.close();
    }

    @BeforeEach
    void empty() {
        ApiCalls.emptyAlertingTables(jdbc);
    }

    @Test
    void silencesForAWhileAndListsTheSilenceUntilSomeoneEndsIt() {
        Http.Response created = ApiCalls.post(silences(), """
                {"service": "shop-db", "author": "alice", "reason": "database migration, OPS-12", "duration": "2h"}
                """);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode silence = created.json();
        long id = silence.path("id").asLong();
        assertThat(created.header("Location")).isEqualTo("/api/v1/silences/" + id);
        assertThat(silence.path("service").asString()).isEqualTo("shop-db");
        assertThat(silence.path("monitor").isNull()).isTrue();
        assertThat(silence.path("author").asString()).startsWith("alice via token:test-admin-");
        assertThat(silence.path("reason").asString()).isEqualTo("database migration, OPS-12");
        assertThat(silence.path("status").asString()).isEqualTo("active");
        Instant startsAt = Instant.parse(silence.path("startsAt").asString());
        assertThat(startsAt).isCloseTo(Instant.now(), within(1, ChronoUnit.MINUTES));
        assertThat(Instant.parse(silence.path("endsAt").asString())).isEqualTo(startsAt.plus(Duration.ofHours(2)));

        Instant later = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
        JsonNode scheduled = ApiCalls.post(silences(), """
                        {"tag": "production", "severity": "low", "author": "bob", "reason": "load test",
                         "startsAt": "%s", "endsAt": "%s"}
                        """.formatted(later, later.plus(Duration.ofHours(3))))
                .json();
        assertThat(scheduled.path("status").asString()).isEqualTo("scheduled");
        assertThat(scheduled.path("severity").asString()).isEqualTo("low");
        assertThat(Instant.parse(scheduled.path("startsAt").asString())).isEqualTo(later);

        assertThat(ids(Http.get(silences()).json()))
                .as("soonest end first")
                .containsExactly(id, scheduled.path("id").asLong());

        Http.Response expired = ApiCalls.delete(silences() + "/" + id + "?author=carol");
        assertThat(expired.status()).isEqualTo(200);
        assertThat(expired.json().path("status").asString()).isEqualTo("expired");
        assertThat(expired.json().path("expiredBy").asString()).startsWith("carol via token:test-admin-");
        assertThat(ids(Http.get(silences()).json()))
                .containsExactly(scheduled.path("id").asLong());
        assertThat(ids(Http.get(silences() + "?all=true").json())).contains(id);
        assertThat(Http.get(silences() + "/" + id).json().path("status").asString())
                .isEqualTo("expired");

        Http.Response again = ApiCalls.delete(silences() + "/" + id + "?author=dave");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("expiredBy").asString())
                .as("ending it again changes nothing")
                .startsWith("carol via token:");
    }

    @Test
    void takesServicesAndMonitorsThatOnlyReceivedAlertsName() {
        jdbc.sql("""
                        insert into alert (key, source, service, monitor, title, phase, severity, since)
                        values ('alertmanager:abc', 'alertmanager', 'billing', 'HighErrorRate', 'errors', 'firing',
                            'high', now())""").update();

        Http.Response created = ApiCalls.post(silences(), """
                {"service": "billing", "monitor": "HighErrorRate", "author": "alice", "reason": "known", "duration": "30m"}
                """);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(ApiCalls.post(silences(), """
                                {"monitor": "health", "author": "alice", "reason": "flaky", "duration": "1h"}
                                """).status())
                .as("a catalog monitor of any service")
                .isEqualTo(201);
    }

    @Test
    void namesEveryProblemOfARequestAndCreatesNothing() {
        assertThat(problems("""
                        {"service": "shop-dbb", "author": "alice", "duration": "2 hours", "severty": "low"}
                        """))
                .containsExactlyInAnyOrder(
                        "severty: not a field of this request, which takes service, monitor, tag, severity, author,"
                                + " reason, startsAt, endsAt, duration",
                        "service: no service \"shop-dbb\" in the catalog or among alerts; known: shop-api, shop-db",
                        "duration: \"2 hours\" is not a duration; write e.g. 30m, 2h or 1d",
                        "reason: say why, e.g. \"database migration, ticket OPS-12\"");
        assertThat(problems("""
                        {"author": " ", "reason": "x", "duration": "31d"}
                        """))
                .containsExactlyInAnyOrder(
                        "matchers: give at least one of service, monitor, tag, severity (a silence of everything is a"
                                + " maintenance window: declare it in the catalog)",
                        "author: blank; leave it out or write something",
                        "duration: a silence lasts at most 30 days; renew it when it ends");
        assertThat(problems("""
                        {"monitor": "healthz", "tag": "prod", "severity": "urgent", "author": "alice", "reason": "x",
                         "endsAt": "2020-01-01T00:00:00Z", "duration": "1h"}
                        """))
                .containsExactlyInAnyOrder(
                        "severity: \"urgent\" is not a severity; use critical, high, medium, low",
                        "duration: give endsAt or duration, not both",
                        "monitor: no monitor \"healthz\"; known: health, postgres",
                        "tag: no service of the catalog has the tag \"prod\"; known: production");
        assertThat(problems("""
                        {"service": "shop-api", "monitor": "postgres", "author": "alice", "reason": "x",
                         "startsAt": "2019-12-31T23:00:00Z", "endsAt": "2020-01-01T01:00:00+01:00"}
                        """))
                .containsExactlyInAnyOrder(
                        "monitor: no monitor \"postgres\" in service shop-api; known: health",
                        "endsAt: is in the past; a silence must end in the future");
        assertThat(problems("""
                        {"service": "shop-api", "author": "alice", "reason": "x", "startsAt": "tomorrow"}
                        """))
                .containsExactlyInAnyOrder(
                        "startsAt: \"tomorrow\" is not a time; write it as 2026-11-23T22:00:00Z or with an offset,"
                                + " 2026-11-23T23:00:00+01:00",
                        "duration: required; say how long, e.g. \"2h\", or give endsAt");
        assertThat(jdbc.sql("select count(*) from silence").query(Long.class).single())
                .isZero();
    }

    @Test
    void answersNotFoundAndBadRequestForEndingASilence() {
        Http.Response missing = ApiCalls.delete(silences() + "/77?author=alice");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().path("detail").asString())
                .isEqualTo("No silence 77; GET /api/v1/silences?all=true lists them");
        assertThat(ApiCalls.delete(silences() + "/77").status())
                .as("the token acts under its own name when no author is given")
                .isEqualTo(404);
        IncidentsApiIT.assertBadRequest(Http.get(silences() + "?all=maybe"), "all", "not a valid boolean");
        assertThat(Http.get(silences() + "/77").status()).isEqualTo(404);
    }

    private static List<String> problems(String body) {
        Http.Response response = ApiCalls.post(silences(), body);
        assertThat(response.status()).as(response.body()).isEqualTo(422);
        assertThat(response.json().path("detail").asString()).startsWith("the silence has ");
        return response.json().path("errors").values().stream()
                .map(error -> error.path("field").asString() + ": "
                        + error.path("message").asString())
                .toList();
    }

    private static List<Long> ids(JsonNode list) {
        return list.path("silences").values().stream()
                .map(silence -> silence.path("id").asLong())
                .toList();
    }

    private static String silences() {
        return steward.url("/api/v1/silences");
    }
}
