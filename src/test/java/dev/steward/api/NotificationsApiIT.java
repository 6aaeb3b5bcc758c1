package dev.steward.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.steward.testing.HookReceiver;
import dev.steward.testing.Http;
import dev.steward.testing.Ports;
import dev.steward.testing.PostgresExtension;
import dev.steward.testing.TestSteward;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The outbox as the API shows it, on notifications a real alert produced: a monitor of a closed port fires at its
 * first failure, one receiver takes the trigger and one keeps answering 503, so its notification stays pending with
 * every attempt recorded. The alert and its incident show through their endpoints too.
 */
class NotificationsApiIT {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @TempDir
    static Path directory;

    static final HookReceiver hook = HookReceiver.start();
    static final HookReceiver broken = HookReceiver.start();
    static TestSteward steward;

    /** The notification of each receiver, once both were attempted. */
    static JsonNode delivered;

    static JsonNode pending;

    @BeforeAll
    static void start() throws IOException {
        broken.answer(503);
        Path catalog = Files.writeString(
                directory.resolve("steward.yml"), """
                defaults:
                  interval: 5s
                  timeout: 2s
                policies:
                  default:
                    failureThreshold: 1
                    severity: critical
                channels:
                  hook:
                    type: webhook
                    url: %s
                  broken:
                    type: webhook
                    url: %s
                routes:
                  - notify:
                      - channels: [hook, broken]
                services:
                  shop-api:
                    monitors:
                      search:
                        type: tcp
                        host: 127.0.0.1
                        port: %d
                """.formatted(hook.url("/hook"), broken.url("/hook"), Ports.free()));
        steward =
                TestSteward.start(Map.of("DATABASE_URL", postgres.databaseUrl(), "STEWARD_CONFIG", catalog.toString()));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> hook.accepted(body -> true).size() == 1
                        && broken.received().size() >= 2);
        List<JsonNode> notifications = list("/api/v1/notifications");
        delivered = notifications.stream()
                .filter(n -> n.path("channel").asString().equals("hook"))
                .findFirst()
                .orElseThrow();
        pending = notifications.stream()
                .filter(n -> n.path("channel").asString().equals("broken"))
                .findFirst()
                .orElseThrow();
    }

    @AfterAll
    static void stop() {
        steward.close();
        hook.close();
        broken.close();
    }

    @Test
    void showsEachMessageWithItsStatusAndDeliveryAttempts() {
        assertThat(delivered.path("event").asString()).isEqualTo("trigger");
        assertThat(delivered.path("channelType").asString()).isEqualTo("webhook");
        assertThat(delivered.path("service").asString()).isEqualTo("shop-api");
        assertThat(delivered.path("title").asString()).isEqualTo("shop-api/search is down");
        assertThat(delivered.path("status").asString()).isEqualTo("delivered");
        assertThat(delivered.path("deliveredAt").isString()).isTrue();
        assertThat(delivered.path("nextAttemptAt").isNull()).isTrue();
        assertThat(delivered.path("attempts").asInt()).isEqualTo(1);
        assertThat(delivered.path("idempotencyKey").asString())
                .isEqualTo(hook.received().getFirst().idempotencyKey());

        JsonNode detail = Http.get(steward.url(
                        "/api/v1/notifications/" + pending.path("id").asLong()))
                .json();
        JsonNode notification = detail.path("notification");
        assertThat(notification.path("status").asString()).isEqualTo("pending");
        assertThat(notification.path("nextAttemptAt").isString()).isTrue();
        assertThat(notification.path("lastError").asString()).contains("HTTP 503");
        JsonNode first = detail.path("attempts").get(0);
        assertThat(first.path("outcome").asString()).isEqualTo("retry");
        assertThat(first.path("statusCode").asInt()).isEqualTo(503);
        assertThat(first.path("answer").asString()).isEqualTo("ok");
        assertThat(first.path("error").asString()).contains("HTTP 503");
        assertThat(first.path("durationMs").asInt()).isNotNegative();
        assertThat(detail.path("attempts").size())
                .isLessThanOrEqualTo(notification.path("attempts").asInt());

        Http.Response missing = Http.get(steward.url("/api/v1/notifications/999999"));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().path("detail").asString())
                .isEqualTo("No notification 999999; GET /api/v1/notifications lists them");
    }

    @Test
    void filtersByStatusChannelAndAlert() {
        long alert = delivered.path("alertId").asLong();
        assertThat(pending.path("alertId").asLong()).isEqualTo(alert);

        assertThat(channels("/api/v1/notifications?status=delivered")).containsExactly("hook");
        assertThat(channels("/api/v1/notifications?channel=broken")).containsExactly("broken");
        assertThat(channels("/api/v1/notifications?alert=" + alert)).containsExactlyInAnyOrder("hook", "broken");
        assertThat(channels("/api/v1/notifications?alert=" + (alert + 1))).isEmpty();
        assertThat(channels("/api/v1/notifications?limit=1")).hasSize(1);

        IncidentsApiIT.assertBadRequest(
                Http.get(steward.url("/api/v1/notifications?status=sent")),
                "status",
                "pending, delivered, failed, suppressed, cancelled");
        IncidentsApiIT.assertBadRequest(
                Http.get(steward.url("/api/v1/notifications?alert=first")), "alert", "not a valid");
    }

    @Test
    void showsTheAlertThatSentThemAndItsIncident() {
        long alertId = delivered.path("alertId").asLong();
        JsonNode alert = list("/api/v1/alerts?phase=firing").getFirst();
        assertThat(alert.path("id").asLong()).isEqualTo(alertId);
        assertThat(alert.path("key").asString()).isEqualTo("monitor:shop-api/search");
        assertThat(alert.path("status").asString()).isEqualTo("firing");
        assertThat(alert.path("lastError").asString()).startsWith("connection_refused: connection refused");

        JsonNode detail = Http.get(steward.url("/api/v1/alerts/" + alertId)).json();
        JsonNode fired = detail.path("transitions").get(0);
        assertThat(fired.path("transition").asString()).isEqualTo("fired");
        assertThat(fired.path("to").asString()).isEqualTo("firing");
        assertThat(fired.path("cause").path("error").asString()).isEqualTo("connection_refused");

        long incident = delivered.path("incidentId").asLong();
        assertThat(alert.path("incidentId").asLong()).isEqualTo(incident);
        JsonNode opened = Http.get(steward.url("/api/v1/incidents/" + incident)).json();
        assertThat(opened.path("incident").path("severity").asString()).isEqualTo("critical");
        assertThat(opened.path("incident").path("alertsFiring").asInt()).isEqualTo(1);
    }

    private static List<String> channels(String path) {
        return list(path).stream().map(n -> n.path("channel").asString()).toList();
    }

    private static List<JsonNode> list(String path) {
        Http.Response response = Http.get(steward.url(path));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode body = response.json();
        return body.path(body.propertyNames().iterator().next()).values().stream()
                .toList();
    }
}
