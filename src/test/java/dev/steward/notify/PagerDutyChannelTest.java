package dev.steward.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.catalog.ChannelSpec;
import dev.steward.catalog.Severity;
import dev.steward.config.Secret;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class PagerDutyChannelTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ROUTING_KEY = "R0UT1NGKEY0123456789abcdefabcdef";

    private final Receiver receiver = new Receiver()
            .answering(
                    202,
                    Map.of("Content-Type", "application/json"),
                    "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"alert-42-1740823500\"}");
    private final Channels channels = new Channels(Optional.empty(), "steward@example.com", Messages.CLOCK);

    @AfterEach
    void stop() {
        channels.close();
        receiver.close();
    }

    private ChannelSpec.PagerDuty oncall() {
        return new ChannelSpec.PagerDuty("oncall", new Secret(ROUTING_KEY), Optional.of(receiver.url("")));
    }

    private JsonNode sent(Message message) {
        Delivery delivery = channels.send(oncall(), message);
        assertThat(delivery).isInstanceOfSatisfying(Delivery.Delivered.class, delivered -> {
            assertThat(delivered.status()).isEqualTo(202);
            assertThat(delivered.answer()).contains("Event processed");
        });
        Receiver.Request request = receiver.requests().getLast();
        assertThat(request.path()).isEqualTo("/v2/enqueue");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        return JSON.readTree(request.body());
    }

    @Test
    void triggersWithTheEventsApiV2Body() {
        JsonNode body = sent(Messages.trigger());

        assertThat(body.get("routing_key").asString()).isEqualTo(ROUTING_KEY);
        assertThat(body.get("event_action").asString()).isEqualTo("trigger");
        assertThat(body.get("dedup_key").asString()).isEqualTo("alert-42-1740823500");
        JsonNode payload = body.get("payload");
        assertThat(payload.get("summary").asString())
                .isEqualTo("booky-api/health is down: HTTP 503: [STATUS] (503) == 200");
        assertThat(payload.get("source").asString()).isEqualTo("booky-api/health");
        assertThat(payload.get("severity").asString()).isEqualTo("error");
        assertThat(payload.get("timestamp").asString()).isEqualTo("2025-03-01T10:15:00Z");
        assertThat(payload.get("component").asString()).isEqualTo("health");
        assertThat(payload.get("group").asString()).isEqualTo("booky-api");
        JsonNode details = payload.get("custom_details");
        assertThat(details.get("summary").asString()).isEqualTo("HTTP 503: [STATUS] (503) == 200");
        assertThat(details.get("since").asString()).isEqualTo("2025-03-01T10:15:00Z");
        assertThat(details.get("last_error").asString()).isEqualTo("http_status: 503 Service Unavailable");
        assertThat(details.get("steward").asString()).isEqualTo("https://steward.example.com/services/booky-api");
        assertThat(details.get("runbook").asString()).isEqualTo("https://git.example.com/booky/docs/RUNBOOK.md");
        assertThat(details.get("incident").asLong()).isEqualTo(42L);
        assertThat(body.get("links")).hasSize(2);
        assertThat(body.get("links").get(0).get("href").asString())
                .isEqualTo("https://steward.example.com/services/booky-api");
        assertThat(body.get("links").get(1).get("href").asString())
                .isEqualTo("https://git.example.com/booky/docs/RUNBOOK.md");
        assertThat(body.get("links").get(1).get("text").asString()).isEqualTo("Runbook");
        assertThat(body.get("client").asString()).isEqualTo("Steward");
        assertThat(body.get("client_url").asString()).isEqualTo("https://steward.example.com/services/booky-api");
    }

    @Test
    void repeatsAsATriggerWithTheSameDedupKey() {
        JsonNode body = sent(Messages.with(Message.Event.REPEAT, "ntf-repeat-1"));

        assertThat(body.get("event_action").asString()).isEqualTo("trigger");
        assertThat(body.get("dedup_key").asString()).isEqualTo("alert-42-1740823500");
        assertThat(body.get("payload").get("custom_details").get("event").asString())
                .isEqualTo("repeat");
    }

    @Test
    void acknowledgesAndResolvesByDedupKeyAlone() {
        JsonNode ack = sent(Messages.with(Message.Event.ACKNOWLEDGE, "ntf-ack-1"));
        JsonNode resolve = sent(Messages.with(Message.Event.RESOLVE, "ntf-resolve-1"));

        assertThat(ack.get("event_action").asString()).isEqualTo("acknowledge");
        assertThat(resolve.get("event_action").asString()).isEqualTo("resolve");
        for (JsonNode body : new JsonNode[] {ack, resolve}) {
            assertThat(body.get("dedup_key").asString()).isEqualTo("alert-42-1740823500");
            assertThat(body.get("routing_key").asString()).isEqualTo(ROUTING_KEY);
            assertThat(body.has("payload")).isFalse();
        }
    }

    @Test
    void mapsSeverities() {
        assertThat(PagerDutyChannel.severity(Severity.CRITICAL)).isEqualTo("critical");
        assertThat(PagerDutyChannel.severity(Severity.HIGH)).isEqualTo("error");
        assertThat(PagerDutyChannel.severity(Severity.MEDIUM)).isEqualTo("warning");
        assertThat(PagerDutyChannel.severity(Severity.LOW)).isEqualTo("info");
    }

    @Test
    void cutsTheSummaryAt1024Characters() {
        JsonNode body = sent(Messages.withTitle(Messages.trigger(), "booky-api/health is down", "x".repeat(3000), "e"));

        String summary = body.get("payload").get("summary").asString();
        assertThat(summary).hasSize(1024).endsWith("…");
    }

    @Test
    void marksATestSend() {
        JsonNode body = sent(Messages.asTest(Messages.trigger()));

        assertThat(body.get("payload").get("summary").asString()).startsWith("[TEST] ");
        assertThat(body.get("payload").get("custom_details").get("test").asBoolean())
                .isTrue();
    }

    @Test
    void doesNotRetryAnInvalidEvent() {
        receiver.answering(
                400,
                Map.of("Content-Type", "application/json"),
                "{\"status\":\"invalid event\",\"message\":\"Event object is invalid\",\"errors\":[\"Length of"
                        + " 'routing_key' is incorrect\"]}");

        Delivery delivery = channels.send(oncall(), Messages.trigger());

        assertThat(delivery).isInstanceOfSatisfying(Delivery.Failed.class, failed -> {
            assertThat(failed.retryable()).isFalse();
            assertThat(failed.status()).contains(400);
            assertThat(failed.error()).startsWith("HTTP 400 from 127.0.0.1:").contains("Event object is invalid");
        });
    }

    @Test
    void retriesWhenRateLimitedOrFailing() {
        receiver.answering(429, Map.of("Retry-After", "30"), "");
        Delivery limited = channels.send(oncall(), Messages.trigger());
        receiver.answering(502);
        Delivery failing = channels.send(oncall(), Messages.trigger());

        assertThat(limited).isInstanceOfSatisfying(Delivery.Failed.class, failed -> {
            assertThat(failed.retryable()).isTrue();
            assertThat(failed.retryAfter()).contains(Duration.ofSeconds(30));
        });
        assertThat(failing)
                .isInstanceOfSatisfying(
                        Delivery.Failed.class,
                        failed -> assertThat(failed.retryable()).isTrue());
    }

    @Test
    void previewMasksTheRoutingKey() {
        Rendered rendered = channels.render(
                new ChannelSpec.PagerDuty("oncall", new Secret(ROUTING_KEY), Optional.empty()), Messages.trigger());

        assertThat(rendered.target()).isEqualTo("POST https://events.pagerduty.com/v2/enqueue");
        assertThat(rendered.toString()).doesNotContain(ROUTING_KEY);
        assertThat(JSON.readTree(rendered.body()).get("routing_key").asString()).isEqualTo("******");
        assertThat(receiver.requests()).isEmpty();
    }
}
