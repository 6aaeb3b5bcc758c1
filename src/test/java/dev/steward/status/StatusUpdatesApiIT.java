package dev.steward.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.access.Role;
import dev.steward.testing.Http;
import dev.steward.testing.PostgresExtension;
import dev.steward.testing.TestSteward;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Public updates on incidents through a running Steward: the API, its answers to bad input, and the command line. */
class StatusUpdatesApiIT {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    static TestSteward steward;
    static JdbcClient jdbc;

    @BeforeAll
    static void start() {
        steward = TestSteward.start(Map.of("DATABASE_URL", postgres.databaseUrl()));
        jdbc = StatusCalls.database(postgres);
    }

    @AfterAll
    static void stop() {
        steward.close();
    }

    @Test
    void postsUpdatesAndListsThemNewestFirstWithoutTouchingTheIncident() {
        long id = StatusCalls.incident(jdbc, "shop-api", "high", Instant.now().minus(Duration.ofMinutes(20)), null);

        Http.Response first = StatusCalls.post(
                updates(id),
                "{\"status\": \"identified\", \"message\": \" A disk filled up. \", \"author\": \"alice\"}");
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.header("Location")).isEqualTo("/api/v1/incidents/" + id + "/updates");
        assertThat(first.json().path("incidentId").asLong()).isEqualTo(id);
        assertThat(first.json().path("status").asString()).isEqualTo("identified");
        assertThat(first.json().path("message").asString()).isEqualTo("A disk filled up.");
        assertThat(first.json().path("author").asString())
                .as("a token writes on someone's behalf")
                .startsWith("alice via token:");
        Http.Response second = StatusCalls.post(
                updates(id), "{\"status\": \"resolved\", \"message\": \"Fixed.\", \"author\": \"bob\"}");
        assertThat(second.status()).isEqualTo(201);

        JsonNode listed = Http.get(updates(id)).json();
        assertThat(listed.path("incidentId").asLong()).isEqualTo(id);
        assertThat(listed.path("updates")
                        .valueStream()
                        .map(update -> update.path("status").asString()))
                .containsExactly("resolved", "identified");
        assertThat(jdbc.sql("select status from incident where id = ?")
                        .param(id)
                        .query(String.class)
                        .single())
                .as("a public resolved does not resolve the incident")
                .isEqualTo("open");
    }

    @Test
    void namesEveryBadFieldAndTheFix() {
        long id = StatusCalls.incident(jdbc, "shop-web", "high", Instant.now(), null);

        Http.Response invalid =
                StatusCalls.post(updates(id), "{\"status\": \"fixed\", \"message\": \"  \", \"colour\": \"red\"}");

        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.header("Content-Type")).startsWith("application/problem+json");
        assertThat(invalid.json().path("detail").asString()).startsWith("the update has 3 problems");
        assertThat(invalid.json()
                        .path("errors")
                        .valueStream()
                        .map(error -> error.path("field").asString() + ": "
                                + error.path("message").asString()))
                .containsExactlyInAnyOrder(
                        "colour: not a field of this request, which takes status, message, author",
                        "status: \"fixed\" is not a public status; use one of investigating, identified, monitoring,"
                                + " resolved",
                        "message: required; what the public should read, e.g. \"We found the cause and are deploying a"
                                + " fix.\"");

        Http.Response notJson = StatusCalls.post(updates(id), "{status: identified");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.json().path("parameter").asString()).isEqualTo("body");

        Http.Response missing = StatusCalls.post(
                updates(424242), "{\"status\": \"identified\", \"message\": \"x\", \"author\": \"a\"}");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().path("detail").asString())
                .isEqualTo("No incident 424242; GET /api/v1/incidents lists them");
        assertThat(Http.get(updates(424242)).status()).isEqualTo(404);
        assertThat(Http.get(steward.url("/api/v1/incidents/abc/updates"))
                        .json()
                        .path("parameter")
                        .asString())
                .isEqualTo("id");
    }

    @Test
    void theCommandLinePostsAnUpdate() {
        long id = StatusCalls.incident(jdbc, "shop-db", "high", Instant.now(), null);

        StatusCalls.Run run = StatusCalls.steward(
                steward.port(),
                steward.token(Role.OPERATOR),
                "incident",
                "update",
                String.valueOf(id),
                "--status",
                "monitoring",
                "--message",
                "A fix is deployed; we are watching checkout recover.",
                "--author",
                "carol");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("Public update posted on incident " + id + " (monitoring).");
        JsonNode update = Http.get(updates(id)).json().path("updates").get(0);
        assertThat(update.path("status").asString()).isEqualTo("monitoring");
        assertThat(update.path("author").asString()).startsWith("carol via token:test-operator-");

        StatusCalls.Run refused = StatusCalls.steward(
                steward.port(),
                steward.token(Role.OPERATOR),
                "incident",
                "update",
                "999999",
                "--status",
                "identified",
                "--message",
                "x");
        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.err()).contains("No incident 999999");
    }

    @Test
    void onlyOperatorsPostUpdates() {
        long id = StatusCalls.incident(jdbc, "shop-queue", "high", Instant.now(), null);
        String body = "{\"status\": \"identified\", \"message\": \"Found it.\"}";

        assertThat(StatusCalls.post(updates(id), body, steward.token(Role.VIEWER))
                        .status())
                .isEqualTo(403);
        Http.Response operator = StatusCalls.post(updates(id), body, steward.token(Role.OPERATOR));
        assertThat(operator.status()).isEqualTo(201);
        assertThat(operator.json().path("author").asString()).startsWith("token:test-operator-");
    }

    private static String updates(long id) {
        return steward.url("/api/v1/incidents/" + id + "/updates");
    }
}
