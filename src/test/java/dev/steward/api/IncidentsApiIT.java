package dev.steward.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.testing.Http;
import dev.steward.testing.PostgresExtension;
import dev.steward.testing.TestSteward;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The incident endpoints of a running Steward, on incidents arranged in its database as the alert engine writes them. */
class IncidentsApiIT {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    static TestSteward steward;
    static JdbcClient jdbc;

    @BeforeAll
    static void start() {
        steward = TestSteward.start(Map.of("DATABASE_URL", postgres.databaseUrl()));
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
    void listsIncidentsNewestFirstByStatusAndService() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        long old = incident("shop-api", "resolved", now.minus(Duration.ofHours(3)));
        long api = incident("shop-api", "open", now.minus(Duration.ofHours(1)));
        long db = incident("shop-db", "acknowledged", now.minus(Duration.ofMinutes(10)));

        assertThat(ids(Http.get(steward.url("/api/v1/incidents")).json())).containsExactly(db, api, old);
        assertThat(ids(Http.get(steward.url("/api/v1/incidents?status=unresolved"))
                        .json()))
                .containsExactly(db, api);
        assertThat(ids(Http.get(steward.url("/api/v1/incidents?status=resolved"))
                        .json()))
                .containsExactly(old);
        assertThat(ids(Http.get(steward.url("/api/v1/incidents?service=shop-api"))
                        .json()))
                .containsExactly(api, old);
        assertThat(ids(Http.get(steward.url("/api/v1/incidents?limit=1")).json()))
                .containsExactly(db);

        JsonNode first = Http.get(steward.url("/api/v1/incidents?service=shop-api&status=open"))
                .json()
                .path("incidents")
                .get(0);
        assertThat(first.path("id").asLong()).isEqualTo(api);
        assertThat(first.path("title").asString()).isEqualTo("shop-api/health is down");
        assertThat(first.path("severity").asString()).isEqualTo("high");
        assertThat(first.path("status").asString()).isEqualTo("open");
        assertThat(Instant.parse(first.path("openedAt").asString())).isEqualTo(now.minus(Duration.ofHours(1)));
        assertThat(first.path("acknowledgedAt").isNull()).isTrue();
        assertThat(first.path("runbook").asString()).isEqualTo("https://wiki.example.com/runbooks/shop-api");
        assertThat(first.path("alertsFiring").asInt()).isEqualTo(1);

        assertBadRequest(Http.get(steward.url("/api/v1/incidents?status=closed")), "status", "unresolved");
        assertBadRequest(Http.get(steward.url("/api/v1/incidents?limit=0")), "limit", "outside 1 to 1000");
        assertBadRequest(Http.get(steward.url("/api/v1/incidents/abc")), "id", "not a valid");
    }

    @Test
    void acknowledgesAnOpenIncidentOnceAndTellsWhoWasFirst() {
        long id = incident("shop-api", "open", Instant.now().minus(Duration.ofMinutes(5)));

        Http.Response acknowledged = ApiCalls.post(url(id, "/acknowledge"), "{\"author\": \"alice\"}");

        assertThat(acknowledged.status()).isEqualTo(200);
        JsonNode incident = acknowledged.json().path("incident");
        assertThat(incident.path("status").asString()).isEqualTo("acknowledged");
        assertThat(incident.path("acknowledgedBy").asString()).startsWith("alice via token:test-admin-");
        assertThat(Instant.parse(incident.path("acknowledgedAt").asString()))
                .isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(1, ChronoUnit.MINUTES));
        JsonNode last = lastEntry(acknowledged.json());
        assertThat(last.path("kind").asString()).isEqualTo("acknowledged");
        assertThat(last.path("author").asString()).startsWith("alice via token:test-admin-");
        assertThat(jdbc.sql("select acknowledged_by from alert where incident_id = ?")
                        .param(id)
                        .query(String.class)
                        .single())
                .as("the incident's firing alert stops repeating")
                .startsWith("alice via token:test-admin-");

        Http.Response again = ApiCalls.post(url(id, "/acknowledge"), "{\"author\": \"bob\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.header("Content-Type")).startsWith("application/problem+json");
        assertThat(again.json().path("detail").asString())
                .matches("incident " + id + " is acknowledged already \\(by alice via token:test-admin-\\d+\\)");

        Http.Response detail = Http.get(url(id, ""));
        assertThat(detail.status()).isEqualTo(200);
        assertThat(detail.json().path("incident").path("acknowledgedBy").asString())
                .startsWith("alice via token:test-admin-");
        assertThat(detail.json().path("timeline").get(0).path("kind").asString())
                .isEqualTo("opened");
    }

    @Test
    void resolvesWithAClosingNoteAndTakesNotesAfterwards() {
        long id = incident("shop-api", "open", Instant.now().minus(Duration.ofMinutes(5)));

        Http.Response resolved =
                ApiCalls.post(url(id, "/resolve"), "{\"author\": \"bob\", \"note\": \"rolled back to 1.4.2\"}");

        assertThat(resolved.status()).isEqualTo(200);
        JsonNode incident = resolved.json().path("incident");
        assertThat(incident.path("status").asString()).isEqualTo("resolved");
        assertThat(incident.path("resolvedBy").asString()).startsWith("bob via token:test-admin-");
        assertThat(incident.path("acknowledgedBy").asString())
                .as("resolving acknowledges what nobody had")
                .startsWith("bob via token:test-admin-");
        assertThat(lastEntry(resolved.json()).path("text").asString())
                .matches("resolved by bob via token:test-admin-\\d+: rolled back to 1.4.2");

        Http.Response twice = ApiCalls.post(url(id, "/resolve"), "{\"author\": \"carol\"}");
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.json().path("detail").asString())
                .matches("incident " + id + " is resolved already \\(by bob via token:test-admin-\\d+\\)");
        assertThat(ApiCalls.post(url(id, "/acknowledge"), "{\"author\": \"carol\"}")
                        .status())
                .isEqualTo(409);

        Http.Response noted =
                ApiCalls.post(url(id, "/notes"), "{\"author\": \"carol\", \"text\": \"disk full on db-2\"}");
        assertThat(noted.status()).isEqualTo(201);
        assertThat(noted.header("Location")).isEqualTo("/api/v1/incidents/" + id);
        JsonNode note = lastEntry(noted.json());
        assertThat(note.path("kind").asString()).isEqualTo("note");
        assertThat(note.path("author").asString()).startsWith("carol via token:test-admin-");
        assertThat(note.path("text").asString()).isEqualTo("disk full on db-2");
    }

    @Test
    void namesEveryProblemWithARequest() {
        long id = incident("shop-api", "open", Instant.now());

        Http.Response missing = ApiCalls.post(url(id, "/notes"), "{\"auther\": \"alice\", \"text\": 5}");
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
        assertThat(missing.json().path("errors").values().stream()
                        .map(error -> error.path("field").asString() + ": "
                                + error.path("message").asString())
                        .toList())
                .containsExactlyInAnyOrder(
                        "auther: not a field of this request, which takes author, text",
                        "text: must be a string, not number");
        assertThat(ApiCalls.post(url(id, "/acknowledge"), "{\"author\": \"  \"}")
                        .status())
                .isEqualTo(422);
        assertBadRequest(ApiCalls.post(url(id, "/acknowledge"), "{\"author\": "), "body", "not valid JSON");
        assertBadRequest(ApiCalls.post(url(id, "/acknowledge"), "[\"alice\"]"), "body", "JSON object");

        Http.Response anonymousBody = ApiCalls.post(url(id, "/acknowledge"), null);
        assertThat(anonymousBody.status())
                .as("no body at all: the token acts under its own name")
                .isEqualTo(200);
        assertThat(anonymousBody.json().path("incident").path("acknowledgedBy").asString())
                .startsWith("token:test-admin-");

        Http.Response unknown = ApiCalls.post(url(id + 1000, "/acknowledge"), "{\"author\": \"alice\"}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("detail").asString())
                .isEqualTo("No incident " + (id + 1000) + "; GET /api/v1/incidents lists them");
        assertThat(Http.get(url(id + 1000, "")).status()).isEqualTo(404);
        assertThat(jdbc.sql("select status from incident where id = ?")
                        .param(id)
                        .query(String.class)
                        .single())
                .as("only the request without a body acknowledged it")
                .isEqualTo("acknowledged");
    }

    @Test
    void reportsMeanTimesToAcknowledgeAndResolvePerServiceOverTheWindow() {
        Instant now = Instant.now();
        respondedIncident("shop-api", now.minus(Duration.ofDays(2)), Duration.ofSeconds(60), Duration.ofSeconds(600));
        respondedIncident("shop-api", now.minus(Duration.ofDays(1)), Duration.ofSeconds(180), null);
        respondedIncident("shop-api", now.minus(Duration.ofDays(40)), Duration.ofSeconds(9), Duration.ofSeconds(9));
        incident("shop-db", "open", now.minus(Duration.ofMinutes(30)));

        JsonNode month =
                Http.get(steward.url("/api/v1/incidents/response-times")).json();

        assertThat(month.path("window").asString()).isEqualTo("30d");
        JsonNode api = month.path("services").get(0);
        assertThat(api.path("service").asString()).isEqualTo("shop-api");
        assertThat(api.path("incidents").asInt()).isEqualTo(2);
        assertThat(api.path("acknowledged").asInt()).isEqualTo(2);
        assertThat(api.path("resolved").asInt()).isEqualTo(1);
        assertThat(api.path("mttaSeconds").asDouble()).isEqualTo(120.0);
        assertThat(api.path("mttrSeconds").asDouble()).isEqualTo(600.0);
        JsonNode db = month.path("services").get(1);
        assertThat(db.path("service").asString()).isEqualTo("shop-db");
        assertThat(db.path("mttaSeconds").isNull()).isTrue();
        assertThat(db.path("mttrSeconds").isNull()).isTrue();

        JsonNode quarter = Http.get(steward.url("/api/v1/incidents/response-times?window=90d"))
                .json();
        assertThat(quarter.path("window").asString()).isEqualTo("90d");
        assertThat(quarter.path("services").get(0).path("incidents").asInt()).isEqualTo(3);
        assertThat(Http.get(steward.url("/api/v1/incidents/response-times?window=1h"))
                        .json()
                        .path("services")
                        .size())
                .isEqualTo(1);
        assertBadRequest(Http.get(steward.url("/api/v1/incidents/response-times?window=a+month")), "window", "30d");
        assertBadRequest(Http.get(steward.url("/api/v1/incidents/response-times?window=400d")), "window", "365d");
    }

    // ---- arranging incidents as the alert engine writes them

    /** An incident with its opening entries and one firing alert (unless resolved). */
    private static long incident(String service, String status, Instant openedAt) {
        boolean resolved = status.equals("resolved");
        boolean acknowledged = !status.equals("open");
        long id = jdbc.sql("""
                        insert into incident (service, title, severity, status, opened_at, acknowledged_at,
                            acknowledged_by, resolved_at, resolved_by, runbook)
                        values (:service, :title, 'high', :status, :opened, :acknowledged, :acknowledgedBy, :resolved,
                            :resolvedBy, :runbook)
                        returning id""")
                .param("service", service)
                .param("title", service + "/health is down")
                .param("status", status)
                .param("opened", Timestamp.from(openedAt))
                .param("acknowledged", acknowledged ? Timestamp.from(openedAt.plusSeconds(60)) : null)
                .param("acknowledgedBy", acknowledged ? "dave" : null)
                .param("resolved", resolved ? Timestamp.from(openedAt.plusSeconds(600)) : null)
                .param("resolvedBy", resolved ? "steward" : null)
                .param("runbook", "https://wiki.example.com/runbooks/" + service)
                .query(Long.class)
                .single();
        jdbc.sql("insert into incident_event (incident_id, at, kind, text) values (?, ?, 'opened', ?)")
                .params(id, Timestamp.from(openedAt), "incident opened: " + service + "/health is down")
                .update();
        jdbc.sql("""
                        insert into alert (key, source, service, monitor, title, phase, severity, episode, since,
                            fired_at, incident_id)
                        values (?, 'monitor', ?, 'health', ?, ?, 'high', 1, ?, ?, ?)""")
                .params(
                        "monitor:" + service + "/health#" + id,
                        service,
                        service + "/health is down",
                        resolved ? "ok" : "firing",
                        Timestamp.from(openedAt),
                        Timestamp.from(openedAt),
                        id)
                .update();
        return id;
    }

    private static void respondedIncident(
            String service, Instant openedAt, Duration toAcknowledge, @Nullable Duration toResolve) {
        jdbc.sql("""
                        insert into incident (service, title, severity, status, opened_at, acknowledged_at,
                            acknowledged_by, resolved_at, resolved_by)
                        values (?, 'down', 'critical', ?, ?, ?, 'erin', ?, ?)""")
                .params(
                        service,
                        toResolve == null ? "acknowledged" : "resolved",
                        Timestamp.from(openedAt),
                        Timestamp.from(openedAt.plus(toAcknowledge)),
                        toResolve == null ? null : Timestamp.from(openedAt.plus(toResolve)),
                        toResolve == null ? null : "erin")
                .update();
    }

    private static String url(long id, String action) {
        return steward.url("/api/v1/incidents/" + id + action);
    }

    private static List<Long> ids(JsonNode list) {
        return list.path("incidents").values().stream()
                .map(incident -> incident.path("id").asLong())
                .toList();
    }

    private static JsonNode lastEntry(JsonNode detail) {
        JsonNode timeline = detail.path("timeline");
        return timeline.get(timeline.size() - 1);
    }

    static void assertBadRequest(Http.Response response, String parameter, String detail) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().path("parameter").asString()).isEqualTo(parameter);
        assertThat(response.json().path("detail").asString()).contains(detail);
    }
}
