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

/** The alert endpoints of a running Steward, on alerts arranged in its database as the alert engine writes them. */
class AlertsApiIT {

    private static final Instant T0 = Instant.parse("2026-11-23T21:00:00Z");

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
    void listsActiveAlertsWithWhatTheirPhaseMeansForPeople() {
        alert("shop-api", "health", "firing", 1, null, null);
        alert("shop-api", "search", "firing", 2, "alice", null);
        alert("shop-api", "ready", "firing", 3, null, "dependency");
        alert("shop-db", "postgres", "firing", 4, null, "maintenance");
        alert("shop-db", "redis", "firing", 5, null, "silence");
        alert("shop-db", "replica", "pending", 6, null, null);
        alert("shop-web", "home", "ok", 7, null, null);

        assertThat(statuses("/api/v1/alerts"))
                .as("pending and firing, the latest change first")
                .containsExactly(
                        "shop-db/replica pending",
                        "shop-db/redis silenced",
                        "shop-db/postgres suppressed_by_maintenance",
                        "shop-api/ready suppressed_by_dependency",
                        "shop-api/search acknowledged",
                        "shop-api/health firing");
        assertThat(statuses("/api/v1/alerts?phase=firing")).hasSize(5);
        assertThat(statuses("/api/v1/alerts?phase=pending")).containsExactly("shop-db/replica pending");
        assertThat(statuses("/api/v1/alerts?phase=ok")).containsExactly("shop-web/home ok");
        assertThat(statuses("/api/v1/alerts?phase=all")).hasSize(7);
        assertThat(statuses("/api/v1/alerts?service=shop-api&phase=all")).hasSize(3);
        assertThat(statuses("/api/v1/alerts?phase=all&limit=2")).hasSize(2);

        JsonNode search = Http.get(steward.url("/api/v1/alerts?service=shop-api"))
                .json()
                .path("alerts")
                .get(1);
        assertThat(search.path("key").asString()).isEqualTo("monitor:shop-api/search");
        assertThat(search.path("source").asString()).isEqualTo("monitor");
        assertThat(search.path("title").asString()).isEqualTo("shop-api/search is down");
        assertThat(search.path("phase").asString()).isEqualTo("firing");
        assertThat(search.path("severity").asString()).isEqualTo("high");
        assertThat(Instant.parse(search.path("since").asString())).isEqualTo(T0.plus(Duration.ofMinutes(2)));
        assertThat(Instant.parse(search.path("firedAt").asString())).isEqualTo(T0.plus(Duration.ofMinutes(2)));
        assertThat(search.path("resolvedAt").isNull()).isTrue();
        assertThat(search.path("acknowledgedBy").asString()).isEqualTo("alice");
        assertThat(search.path("lastMessage").asString()).isEqualTo("connection refused");
        assertThat(search.path("lastError").asString()).isEqualTo("connection_refused: connection refused");
        assertThat(search.path("incidentId").isNull()).isTrue();

        IncidentsApiIT.assertBadRequest(Http.get(steward.url("/api/v1/alerts?phase=open")), "phase", "all");
        IncidentsApiIT.assertBadRequest(Http.get(steward.url("/api/v1/alerts?limit=1001")), "limit", "1000");
    }

    @Test
    void showsAnAlertWithItsLatestHundredTransitionsAndTheirCauses() {
        long id = alert("shop-api", "health", "firing", 1, null, null);
        for (int i = 0; i < 105; i++) {
            jdbc.sql("""
                            insert into alert_transition (alert_id, at, transition, from_phase, to_phase, severity, cause)
                            values (?, ?, ?, ?, ?, 'high', ?::jsonb)""")
                    .params(
                            id,
                            Timestamp.from(T0.plusSeconds(i)),
                            i % 2 == 0 ? "pending" : "cleared",
                            i % 2 == 0 ? "ok" : "pending",
                            i % 2 == 0 ? "pending" : "ok",
                            "{\"status\": \"down\", \"latencyMs\": 12.5, \"n\": " + i
                                    + ", \"failures\": [\"[STATUS] (503) == 200\"]}")
                    .update();
        }

        Http.Response response = Http.get(steward.url("/api/v1/alerts/" + id));

        assertThat(response.status()).isEqualTo(200);
        JsonNode detail = response.json();
        assertThat(detail.path("alert").path("id").asLong()).isEqualTo(id);
        JsonNode transitions = detail.path("transitions");
        assertThat(transitions.size()).isEqualTo(100);
        JsonNode newest = transitions.get(0);
        assertThat(Instant.parse(newest.path("at").asString())).isEqualTo(T0.plusSeconds(104));
        assertThat(newest.path("transition").asString()).isEqualTo("pending");
        assertThat(newest.path("from").asString()).isEqualTo("ok");
        assertThat(newest.path("to").asString()).isEqualTo("pending");
        assertThat(newest.path("severity").asString()).isEqualTo("high");
        assertThat(newest.path("cause").path("n").asInt()).isEqualTo(104);
        assertThat(newest.path("cause").path("latencyMs").asDouble()).isEqualTo(12.5);
        assertThat(newest.path("cause").path("failures").get(0).asString()).isEqualTo("[STATUS] (503) == 200");
        assertThat(transitions.get(99).path("cause").path("n").asInt()).isEqualTo(5);

        Http.Response missing = Http.get(steward.url("/api/v1/alerts/" + (id + 1)));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().path("detail").asString())
                .isEqualTo("No alert " + (id + 1) + "; GET /api/v1/alerts?phase=all lists them");
    }

    /** An alert whose phase began {@code minutes} after T0. */
    private static long alert(
            String service,
            String monitor,
            String phase,
            int minutes,
            @Nullable String acknowledgedBy,
            @Nullable String suppressed) {
        Instant since = T0.plus(Duration.ofMinutes(minutes)).truncatedTo(ChronoUnit.MILLIS);
        return jdbc.sql("""
                        insert into alert (key, source, service, monitor, title, phase, severity, episode, since,
                            fired_at, acknowledged_at, acknowledged_by, last_message, last_error, suppressed)
                        values (:key, 'monitor', :service, :monitor, :title, :phase, 'high', 1, :since, :fired,
                            :acknowledgedAt, :acknowledgedBy, 'connection refused', 'connection_refused: connection refused',
                            :suppressed)
                        returning id""")
                .param("key", "monitor:" + service + "/" + monitor)
                .param("service", service)
                .param("monitor", monitor)
                .param("title", service + "/" + monitor + " is down")
                .param("phase", phase)
                .param("since", Timestamp.from(since))
                .param("fired", phase.equals("firing") ? Timestamp.from(since) : null)
                .param("acknowledgedAt", acknowledgedBy == null ? null : Timestamp.from(since.plusSeconds(30)))
                .param("acknowledgedBy", acknowledgedBy)
                .param("suppressed", suppressed)
                .query(Long.class)
                .single();
    }

    private static List<String> statuses(String path) {
        Http.Response response = Http.get(steward.url(path));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().path("alerts").values().stream()
                .map(alert -> alert.path("service").asString() + "/"
                        + alert.path("monitor").asString() + " "
                        + alert.path("status").asString())
                .toList();
    }
}
