package dev.steward.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.catalog.ChannelSpec;
import dev.steward.catalog.Severity;
import dev.steward.config.Secret;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SlackChannelTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Receiver receiver = new Receiver();
    private final Channels channels = new Channels(Optional.empty(), "steward@example.com", Messages.CLOCK);

    @AfterEach
    void stop() {
        channels.close();
        receiver.close();
    }

    private ChannelSpec.Slack slack() {
        return new ChannelSpec.Slack(
                "ops-slack",
                new Secret(receiver.url("/services/T000/B000/XXXXSECRET").toString()));
    }

    private JsonNode sent(Message message) {
        Delivery delivery = channels.send(slack(), message);
        assertThat(delivery).isInstanceOf(Delivery.Delivered.class);
        Receiver.Request request = receiver.requests().getLast();
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        return JSON.readTree(request.body());
    }

    private static Map<String, String> fields(JsonNode attachment) {
        Map<String, String> fields = new LinkedHashMap<>();
        attachment
                .get("fields")
                .forEach(field -> fields.put(
                        field.get("title").asString(), field.get("value").asString()));
        return fields;
    }

    @Test
    void postsAFallbackTextAndOneAttachmentWithTheFacts() {
        JsonNode body = sent(Messages.trigger());

        assertThat(body.get("text").asString()).isEqualTo("FIRING high: booky-api/health is down");
        assertThat(body.get("attachments")).hasSize(1);
        JsonNode attachment = body.get("attachments").get(0);
        assertThat(attachment.get("fallback").asString()).isEqualTo("FIRING high: booky-api/health is down");
        assertThat(attachment.get("color").asString()).isEqualTo(SlackChannel.DANGER);
        assertThat(attachment.get("title").asString()).isEqualTo("booky-api/health is down");
        assertThat(attachment.get("title_link").asString()).isEqualTo("https://steward.example.com/services/booky-api");
        assertThat(attachment.get("text").asString()).isEqualTo("FIRING: HTTP 503: [STATUS] (503) == 200");
        assertThat(fields(attachment))
                .containsExactly(
                        Map.entry("Service", "booky-api"),
                        Map.entry("Monitor", "health"),
                        Map.entry("Severity", "high"),
                        Map.entry("Since", "2025-03-01 10:15:00 UTC"),
                        Map.entry("Last error", "http_status: 503 Service Unavailable"),
                        Map.entry("Incident", "#42"),
                        Map.entry("Runbook", "https://git.example.com/booky/docs/RUNBOOK.md"));
    }

    @Test
    void colorsByEventAndSeverity() {
        assertThat(SlackChannel.color(Messages.trigger())).isEqualTo(SlackChannel.DANGER);
        assertThat(SlackChannel.color(Messages.withSeverity(Messages.trigger(), Severity.CRITICAL)))
                .isEqualTo(SlackChannel.DANGER);
        assertThat(SlackChannel.color(Messages.withSeverity(Messages.trigger(), Severity.MEDIUM)))
                .isEqualTo(SlackChannel.WARNING);
        assertThat(SlackChannel.color(Messages.with(Message.Event.ACKNOWLEDGE, "k")))
                .isEqualTo(SlackChannel.WARNING);
        assertThat(SlackChannel.color(Messages.with(Message.Event.RESOLVE, "k")))
                .isEqualTo(SlackChannel.GOOD);
    }

    @Test
    void saysHowLongAResolvedAlertLasted() {
        JsonNode body = sent(Messages.with(Message.Event.RESOLVE, "ntf-resolve"));

        assertThat(body.get("text").asString()).isEqualTo("RESOLVED high: booky-api/health is down (lasted 12m 30s)");
        JsonNode attachment = body.get("attachments").get(0);
        assertThat(attachment.get("color").asString()).isEqualTo(SlackChannel.GOOD);
        assertThat(fields(attachment)).containsEntry("Since", "2025-03-01 10:15:00 UTC (lasted 12m 30s)");
    }

    @Test
    void saysWhoAcknowledged() {
        JsonNode body = sent(Messages.with(Message.Event.ACKNOWLEDGE, "ntf-ack"));

        assertThat(body.get("text").asString()).isEqualTo("ACKNOWLEDGED high: booky-api/health is down (by alice)");
        assertThat(fields(body.get("attachments").get(0))).containsEntry("Acknowledged by", "alice");
    }

    @Test
    void marksATestSend() {
        JsonNode body = sent(Messages.asTest(Messages.trigger()));

        assertThat(body.get("text").asString()).startsWith("[TEST] FIRING high:");
        assertThat(body.get("attachments").get(0).get("text").asString()).contains("test notification");
    }

    @Test
    void escapesSlackControlCharacters() {
        JsonNode body = sent(
                Messages.withTitle(Messages.trigger(), "a <b> & c is down", "body <!channel> & more", "error <x>"));

        assertThat(body.get("text").asString()).isEqualTo("FIRING high: a &lt;b&gt; &amp; c is down");
        JsonNode attachment = body.get("attachments").get(0);
        assertThat(attachment.get("text").asString()).isEqualTo("FIRING: body &lt;!channel&gt; &amp; more");
        assertThat(fields(attachment)).containsEntry("Last error", "error &lt;x&gt;");
    }

    @Test
    void leavesOutAbsentFacts() {
        JsonNode body = sent(Messages.bare());

        assertThat(fields(body.get("attachments").get(0)).keySet()).containsExactly("Service", "Severity", "Since");
    }

    @Test
    void failsWithoutNamingTheTokenWhenTheUrlIsRejected() {
        receiver.answering(404, Map.of("Content-Type", "text/plain"), "no_service");

        Delivery delivery = channels.send(slack(), Messages.trigger());

        assertThat(delivery).isInstanceOfSatisfying(Delivery.Failed.class, failed -> {
            assertThat(failed.retryable()).isFalse();
            assertThat(failed.error()).isEqualTo("HTTP 404 from 127.0.0.1:" + receiver.port() + ": no_service");
        });
    }

    @Test
    void refusesAUrlThatIsNotHttpWithoutQuotingIt() {
        Delivery delivery = channels.send(
                new ChannelSpec.Slack("ops-slack", new Secret("hooks.slack.com/XXXXSECRET")), Messages.trigger());

        assertThat(delivery).isInstanceOfSatisfying(Delivery.Failed.class, failed -> {
            assertThat(failed.retryable()).isFalse();
            assertThat(failed.error()).contains("ops-slack").doesNotContain("XXXXSECRET");
        });
    }

    @Test
    void previewShowsOnlyTheHost() {
        Rendered rendered = channels.render(
                new ChannelSpec.Slack("ops-slack", new Secret("https://hooks.slack.com/services/T000/B000/XXXXSECRET")),
                Messages.trigger());

        assertThat(rendered.target()).isEqualTo("POST https://hooks.slack.com/…");
        assertThat(rendered.toString()).doesNotContain("XXXXSECRET");
        assertThat(JSON.readTree(rendered.body()).get("text").asString())
                .isEqualTo("FIRING high: booky-api/health is down");
    }
}
