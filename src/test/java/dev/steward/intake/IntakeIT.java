package dev.steward.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.steward.testing.HookReceiver;
import dev.steward.testing.PostgresExtension;
import dev.steward.testing.TestSteward;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Alerts from other tools reach a real Steward over HTTP: Alertmanager's captured notifications and PagerDuty-style
 * events fire, acknowledge and resolve alerts and incidents in the database, and the catalog's channel hears of them.
 * One Steward serves every test; each test uses services and keys of its own, so the engine's memory and the
 * one-incident-per-service rule do not mix tests.
 */
class IntakeIT {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static final String TOKEN = "intake-token-for-tests-0123456789";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ALERTMANAGER = "/api/v1/integrations/alertmanager";

    private static HookReceiver hook;
    private static TestSteward steward;
    private static JdbcClient jdbc;
    private static Path catalog;

    @BeforeAll
    static void start() throws IOException {
        hook = HookReceiver.start();
        catalog = Files.createTempFile("steward-intake", ".yml");
        Files.writeString(catalog, """
                channels:
                  hook:
                    type: webhook
                    url: %s
                services: {}
                """.formatted(hook.url("/hook")));
        steward = TestSteward.start(Map.of(
                "DATABASE_URL", postgres.databaseUrl(),
                "INTAKE_TOKEN", TOKEN,
                "STEWARD_CONFIG", catalog.toString()));
        jdbc = JdbcClient.create(new DriverManagerDataSource(postgres.jdbcUrl()));
    }

    @AfterAll
    static void stop() throws IOException {
        steward.close();
        hook.close();
        Files.deleteIfExists(catalog);
    }

    // ---- Alertmanager

    @Test
    void theCapturedNotificationsFireTwoGroupsAndResolveTheOneThatResolved() {
        JsonNode errors = alertmanager(fixture("firing-high-error-rate.json"));
        JsonNode latency = alertmanager(fixture("firing-high-latency.json"));
        JsonNode resolved = alertmanager(fixture("resolved-high-error-rate.json"));

        assertThat(errors.path("status").asString()).isEqualTo("accepted");
        assertThat(errors.path("outcome").asString()).isEqualTo("fired");
        assertThat(latency.path("outcome").asString()).isEqualTo("fired");
        assertThat(latency.path("alert").asString())
                .isNotEqualTo(errors.path("alert").asString());
        assertThat(resolved.path("outcome").asString()).isEqualTo("resolved");
        assertThat(resolved.path("alert").asString())
                .isEqualTo(errors.path("alert").asString());

        assertThat(alert(errors.path("alert").asString()))
                .containsEntry("phase", "ok")
                .containsEntry("source", "alertmanager")
                .containsEntry("service", "booky-backend")
                .containsEntry("severity", "medium");
        assertThat(alert(latency.path("alert").asString()))
                .containsEntry("phase", "firing")
                .containsEntry("severity", "critical")
                .containsEntry("title", "HighLatency on booky-backend: 1 alert firing");
        // The critical group opened booky-backend's incident; the warning one (medium) is below the incident severity.
        assertThat(incidentOf(errors.path("alert").asString())).isEmpty();
        long incident = incidentOf(latency.path("alert").asString()).orElseThrow();
        assertThat(incidentStatus(incident)).isEqualTo("open");

        ObjectNode latencyResolved = fixture("firing-high-latency.json");
        latencyResolved.put("status", "resolved");
        ObjectNode only = (ObjectNode) latencyResolved.get("alerts").get(0);
        only.put("status", "resolved");
        only.put("endsAt", "2026-11-23T18:04:21Z");
        assertThat(alertmanager(latencyResolved).path("outcome").asString()).isEqualTo("resolved");
        assertThat(incidentStatus(incident)).isEqualTo("resolved");
    }

    @Test
    void aGroupThatPagesOpensAnIncidentAndItsResolvedNotificationResolvesIt() {
        ObjectNode firing = ofService(fixture("firing-high-error-rate.json"), "intake-pages", "critical");
        ObjectNode resolved = ofService(fixture("resolved-high-error-rate.json"), "intake-pages", "critical");

        String key = alertmanager(firing).path("alert").asString();
        long incident = incidentOf(key).orElseThrow();
        assertThat(incidentStatus(incident)).isEqualTo("open");
        assertThat(jdbc.sql("select title from incident where id = :id")
                        .param("id", incident)
                        .query(String.class)
                        .single())
                .isEqualTo("HighErrorRate on intake-pages: 1 alert firing");

        assertThat(alertmanager(resolved).path("outcome").asString()).isEqualTo("resolved");
        assertThat(incidentStatus(incident)).isEqualTo("resolved");
        assertThat(timeline(incident)).containsExactly("opened", "alert_fired", "alert_resolved", "resolved");
    }

    @Test
    void aRepeatedNotificationOfAFiringGroupChangesNothing() {
        ObjectNode firing = ofService(fixture("firing-high-latency.json"), "intake-repeat", "critical");

        String key = alertmanager(firing).path("alert").asString();
        long incident = incidentOf(key).orElseThrow();
        List<String> before = timeline(incident);
        JsonNode again = alertmanager(firing);

        assertThat(again.path("outcome").asString()).isEqualTo("unchanged");
        assertThat(again.path("alert").asString()).isEqualTo(key);
        assertThat(timeline(incident)).isEqualTo(before);
        assertThat(transitions(key)).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from incident where service = 'intake-repeat'")
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void aMissingOrWrongTokenIsRefusedWith401AndNothingIsWritten() {
        ObjectNode firing = ofService(fixture("firing-high-latency.json"), "intake-refused", "critical");

        Reply missing = post(ALERTMANAGER, firing.toString(), Map.of());
        Reply wrong = post(ALERTMANAGER, firing.toString(), Map.of("Authorization", "Bearer not-the-token-at-all"));
        Reply basic = post(ALERTMANAGER, firing.toString(), Map.of("Authorization", "Basic " + TOKEN));

        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
        assertThat(missing.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"steward\"");
        assertThat(missing.json().path("detail").asString()).contains("Authorization: Bearer <INTAKE_TOKEN>");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
        assertThat(wrong.body()).doesNotContain("not-the-token-at-all");
        assertThat(basic.status()).isEqualTo(401);
        assertThat(jdbc.sql("select count(*) from alert where service = 'intake-refused'")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void anInvalidPayloadIs400ListingEveryProblemByJsonPath() {
        Reply invalid = post(ALERTMANAGER, """
                {"version": "3", "alerts": [{"status": "burning", "startsAt": "soon"}]}""", Map.of("Authorization", "Bearer " + TOKEN));
        Reply notJson = post(ALERTMANAGER, "{\"version\": ", Map.of("Authorization", "Bearer " + TOKEN));

        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.header("Content-Type")).startsWith("application/problem+json");
        assertThat(invalid.json().path("detail").asString()).contains("5 problems");
        assertThat(invalid.json().path("problems").values().stream().map(JsonNode::asString))
                .hasSize(5)
                .anyMatch(problem -> problem.startsWith("version:"))
                .anyMatch(problem -> problem.startsWith("groupKey:"))
                .anyMatch(problem -> problem.startsWith("alerts[0].status:"))
                .anyMatch(problem -> problem.startsWith("alerts[0].startsAt:"))
                .anyMatch(problem -> problem.startsWith("alerts[0].fingerprint:"));
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.json().path("problems").get(0).asString()).startsWith("the body is not JSON (line 1");
    }

    @Test
    void withoutATokenIntakeIsOff() {
        try (TestSteward off = TestSteward.start(Map.of("DATABASE_URL", postgres.databaseUrl()))) {
            Reply alertmanager = send(
                    off.url(ALERTMANAGER),
                    fixture("firing-high-latency.json").toString(),
                    Map.of("Authorization", "Bearer " + TOKEN));
            Reply event = send(off.url("/v2/enqueue"), trigger(TOKEN, "intake-off", "critical", "x"), Map.of());

            assertThat(alertmanager.status()).isEqualTo(404);
            assertThat(alertmanager.header("Content-Type")).startsWith("application/problem+json");
            assertThat(alertmanager.json().path("detail").asString()).startsWith("intake is off: set INTAKE_TOKEN");
            assertThat(event.status()).isEqualTo(400);
            assertThat(event.json().path("status").asString()).isEqualTo("invalid event");
            assertThat(event.json().path("message").asString()).contains("intake is off; set INTAKE_TOKEN");
            assertThat(strings(event.json().path("errors"))).containsExactly("Invalid routing key");
        }
    }

    // ---- Events API v2

    @Test
    void aTriggerOpensAnIncidentAcknowledgeAcknowledgesItAndResolveResolvesIt() {
        Reply trigger = post("/v2/enqueue", trigger(TOKEN, "intake-events", "critical", "intake-it/disk"), Map.of());

        assertThat(trigger.status()).isEqualTo(202);
        assertThat(trigger.body())
                .isEqualTo("{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"intake-it/disk\"}");
        assertThat(alert("event:intake-it/disk"))
                .containsEntry("phase", "firing")
                .containsEntry("source", "event")
                .containsEntry("service", "intake-events")
                .containsEntry("severity", "critical")
                .containsEntry("title", "Disk 95% full on db-1");
        long incident = incidentOf("event:intake-it/disk").orElseThrow();
        assertThat(incidentStatus(incident)).isEqualTo("open");

        Reply acknowledge = post("/v2/enqueue", """
                {"routing_key": "%s", "event_action": "acknowledge", "dedup_key": "intake-it/disk",
                 "payload": {"summary": "looking", "source": "alice", "severity": "info"}}""".formatted(TOKEN), Map.of());
        assertThat(acknowledge.status()).isEqualTo(202);
        assertThat(acknowledge.json().path("dedup_key").asString()).isEqualTo("intake-it/disk");
        assertThat(incidentStatus(incident)).isEqualTo("acknowledged");
        assertThat(jdbc.sql("select acknowledged_by from incident where id = :id")
                        .param("id", incident)
                        .query(String.class)
                        .single())
                .isEqualTo("pagerduty:alice");

        Reply resolve = post("/v2/enqueue", """
                {"routing_key": "%s", "event_action": "resolve", "dedup_key": "intake-it/disk"}""".formatted(TOKEN), Map.of());
        assertThat(resolve.status()).isEqualTo(202);
        assertThat(alert("event:intake-it/disk")).containsEntry("phase", "ok");
        assertThat(incidentStatus(incident)).isEqualTo("resolved");
        assertThat(timeline(incident))
                .containsSubsequence("opened", "alert_fired", "acknowledged", "alert_resolved", "resolved");
    }

    @Test
    void aTriggerWithoutDedupKeyIsAnsweredWithOneAndTriggeringAgainChangesNothing() {
        String body = """
                {"routing_key": "%s", "event_action": "trigger",
                 "payload": {"summary": "Queue backlog", "source": "worker-1", "severity": "warning"}}""".formatted(TOKEN);

        Reply first = post("/v2/enqueue", body, Map.of());
        String dedup = first.json().path("dedup_key").asString();
        assertThat(first.status()).isEqualTo(202);
        assertThat(dedup).matches("[0-9a-f]{32}");
        assertThat(alert("event:" + dedup))
                .containsEntry("phase", "firing")
                .containsEntry("service", "worker-1")
                .containsEntry("severity", "medium");

        ObjectNode again = (ObjectNode) JSON.readTree(body);
        again.put("dedup_key", dedup);
        assertThat(post("/v2/enqueue", again.toString(), Map.of()).status()).isEqualTo(202);
        assertThat(transitions("event:" + dedup)).isEqualTo(1);
    }

    @Test
    void anInvalidEventIs400WithEveryErrorNamingItsField() {
        Reply invalid = post("/v2/enqueue", """
                {"routing_key": "%s", "event_action": "trigger", "payload": {"summary": "s", "severity": "fatal"}}""".formatted(TOKEN), Map.of());
        Reply notJson = post("/v2/enqueue", "routing_key=" + TOKEN, Map.of());

        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().path("status").asString()).isEqualTo("invalid event");
        assertThat(invalid.json().path("message").asString()).isEqualTo("Event object is invalid");
        assertThat(strings(invalid.json().path("errors")))
                .containsExactly(
                        "'payload.source' is missing",
                        "'payload.severity' \"fatal\" is invalid: use critical, error, warning or info");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(strings(notJson.json().path("errors")))
                .singleElement()
                .asString()
                .startsWith("the body is not JSON");
        assertThat(notJson.body()).doesNotContain(TOKEN);
    }

    @Test
    void aWrongRoutingKeyIsAnInvalidEventAndNothingIsWritten() {
        Reply wrong = post(
                "/v2/enqueue", trigger("R0UT1NGKEY0000000000000000000000", "intake-wrong", "critical", "w"), Map.of());

        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().path("status").asString()).isEqualTo("invalid event");
        assertThat(strings(wrong.json().path("errors"))).containsExactly("Invalid routing key");
        assertThat(jdbc.sql("select count(*) from alert where key = 'event:w'")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void theCatalogsChannelHearsOfAReceivedAlert() {
        post("/v2/enqueue", trigger(TOKEN, "intake-notify", "error", "intake-it/notify"), Map.of());

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(hook.accepted(
                                body -> body.contains("\"event\":\"trigger\"") && body.contains("intake-notify")))
                        .hasSize(1));
        assertThat(hook.accepted(body -> body.contains("intake-notify"))
                        .getFirst()
                        .body())
                .contains("Disk 95% full on db-1");
    }

    // ---- helpers

    private static String trigger(String routingKey, String group, String severity, String dedup) {
        return """
                {"routing_key": "%s", "event_action": "trigger", "dedup_key": "%s",
                 "payload": {"summary": "Disk 95%% full on db-1", "source": "db-1.example.com", "severity": "%s",
                             "group": "%s", "custom_details": {"free": "5%%"}},
                 "client": "IntakeIT"}""".formatted(routingKey, dedup, severity, group);
    }

    private static ObjectNode fixture(String name) {
        return AlertmanagerGroupTest.fixture(name);
    }

    /** The fixture for another service and severity (labels of the group and of each alert). */
    private static ObjectNode ofService(ObjectNode body, String service, String severity) {
        for (String labels : List.of("groupLabels", "commonLabels")) {
            ObjectNode node = (ObjectNode) body.get(labels);
            node.put("service", service);
            if (node.has("severity")) {
                node.put("severity", severity);
            }
        }
        body.put("groupKey", body.get("groupKey").asString().replace("booky-backend", service));
        body.get("alerts").forEach(alert -> {
            ((ObjectNode) alert.get("labels")).put("service", service);
            ((ObjectNode) alert.get("labels")).put("severity", severity);
        });
        return body;
    }

    private static JsonNode alertmanager(JsonNode body) {
        Reply reply = post(ALERTMANAGER, body.toString(), Map.of("Authorization", "Bearer " + TOKEN));
        assertThat(reply.status())
                .as("answer to %s: %s", body.path("status"), reply.body())
                .isEqualTo(200);
        return reply.json();
    }

    private static Map<String, Object> alert(String key) {
        return jdbc.sql("select source, service, title, phase, severity from alert where key = :key")
                .param("key", key)
                .query()
                .singleRow();
    }

    private static Optional<Long> incidentOf(String key) {
        return jdbc.sql("select incident_id from alert where key = :key")
                .param("key", key)
                .query((rows, n) -> Optional.ofNullable(rows.getObject(1, Long.class)))
                .single();
    }

    private static String incidentStatus(long id) {
        return jdbc.sql("select status from incident where id = :id")
                .param("id", id)
                .query(String.class)
                .single();
    }

    private static List<String> timeline(long incident) {
        return jdbc.sql("select kind from incident_event where incident_id = :id and kind <> 'notified' order by id")
                .param("id", incident)
                .query(String.class)
                .list();
    }

    private static long transitions(String key) {
        return jdbc.sql("select count(*) from alert_transition t join alert a on a.id = t.alert_id where a.key = :key")
                .param("key", key)
                .query(Long.class)
                .single();
    }

    private static List<String> strings(JsonNode array) {
        return array.values().stream().map(JsonNode::asString).toList();
    }

    record Reply(int status, HttpResponse<String> raw) {
        String body() {
            return raw.body();
        }

        JsonNode json() {
            return JSON.readTree(raw.body());
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse("");
        }
    }

    private static Reply post(String path, String body, Map<String, String> headers) {
        return send(steward.url(path), body, headers);
    }

    private static Reply send(String url, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        try (HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build()) {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
