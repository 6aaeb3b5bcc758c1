package dev.steward.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.catalog.ChannelSpec;
import dev.steward.config.Secret;
import dev.steward.testing.Ports;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class WebhookChannelTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SIGNING_KEY = "whsec-3c9b1f0e8a77";

    private final Receiver receiver = new Receiver();
    private final Channels channels = new Channels(Optional.empty(), "steward@example.com", Messages.CLOCK);

    @AfterEach
    void stop() {
        channels.close();
        receiver.close();
    }

    private ChannelSpec.Webhook hook(Optional<Secret> secret, Map<String, Secret> headers) {
        return new ChannelSpec.Webhook("ops-hook", receiver.url("/hooks/steward"), secret, headers);
    }

    private ChannelSpec.Webhook hook() {
        return hook(Optional.of(new Secret(SIGNING_KEY)), Map.of());
    }

    @Test
    void postsTheDocumentedBodyWithEveryField() {
        Delivery delivery = channels.send(hook(), Messages.trigger());

        assertThat(delivery).isEqualTo(new Delivery.Delivered(200, "ok"));
        Receiver.Request request = receiver.only();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/hooks/steward");
        JsonNode body = JSON.readTree(request.body());
        assertThat(body.propertyNames())
                .containsExactly(
                        "version",
                        "id",
                        "event",
                        "test",
                        "dedupKey",
                        "service",
                        "monitor",
                        "title",
                        "severity",
                        "summary",
                        "since",
                        "lastError",
                        "link",
                        "runbook",
                        "at",
                        "incidentId",
                        "acknowledgedBy");
        assertThat(body.get("version").asInt()).isEqualTo(1);
        assertThat(body.get("id").asString()).isEqualTo("ntf-7f3a9c");
        assertThat(body.get("event").asString()).isEqualTo("trigger");
        assertThat(body.get("test").asBoolean()).isFalse();
        assertThat(body.get("dedupKey").asString()).isEqualTo("alert-42-1740823500");
        assertThat(body.get("service").asString()).isEqualTo("booky-api");
        assertThat(body.get("monitor").asString()).isEqualTo("health");
        assertThat(body.get("title").asString()).isEqualTo("booky-api/health is down");
        assertThat(body.get("severity").asString()).isEqualTo("high");
        assertThat(body.get("summary").asString()).isEqualTo("HTTP 503: [STATUS] (503) == 200");
        assertThat(body.get("since").asString()).isEqualTo("2025-03-01T10:15:00Z");
        assertThat(body.get("lastError").asString()).isEqualTo("http_status: 503 Service Unavailable");
        assertThat(body.get("link").asString()).isEqualTo("https://steward.example.com/services/booky-api");
        assertThat(body.get("runbook").asString()).isEqualTo("https://git.example.com/booky/docs/RUNBOOK.md");
        assertThat(body.get("at").asString()).isEqualTo("2025-03-01T10:15:00Z");
        assertThat(body.get("incidentId").asLong()).isEqualTo(42L);
        assertThat(body.get("acknowledgedBy").isNull()).isTrue();
    }

    @Test
    void writesAbsentValuesAsNull() {
        channels.send(hook(), Messages.bare());

        JsonNode body = JSON.readTree(receiver.only().body());
        for (String field : new String[] {"monitor", "lastError", "runbook", "incidentId", "acknowledgedBy"}) {
            assertThat(body.get(field).isNull()).as(field).isTrue();
        }
    }

    @Test
    void namesTheEventAndWhoAcknowledged() {
        channels.send(hook(), Messages.with(Message.Event.ACKNOWLEDGE, "ntf-ack-1"));

        Receiver.Request request = receiver.only();
        JsonNode body = JSON.readTree(request.body());
        assertThat(body.get("event").asString()).isEqualTo("acknowledge");
        assertThat(body.get("acknowledgedBy").asString()).isEqualTo("alice");
        assertThat(request.header("X-Steward-Event")).isEqualTo("acknowledge");
    }

    @Test
    void sendsIdempotencyEventAndTimestampHeaders() {
        channels.send(hook(), Messages.trigger());

        Receiver.Request request = receiver.only();
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("User-Agent")).isEqualTo("Steward");
        assertThat(request.header("Idempotency-Key")).isEqualTo("ntf-7f3a9c");
        assertThat(request.header("X-Steward-Event")).isEqualTo("trigger");
        assertThat(request.header("X-Steward-Timestamp")).isEqualTo(Long.toString(Messages.NOW.getEpochSecond()));
    }

    @Test
    void signsTheTimestampAndBodyWithTheSecret() throws Exception {
        channels.send(hook(), Messages.trigger());

        Receiver.Request request = receiver.only();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SIGNING_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of()
                .formatHex(mac.doFinal((request.header("X-Steward-Timestamp") + "." + request.body())
                        .getBytes(StandardCharsets.UTF_8)));
        assertThat(request.header("X-Steward-Signature")).isEqualTo("sha256=" + expected);
    }

    @Test
    void sendsNoSignatureWithoutASecret() {
        channels.send(hook(Optional.empty(), Map.of()), Messages.trigger());

        assertThat(receiver.only().header("X-Steward-Signature")).isNull();
    }

    @Test
    void addsTheChannelsHeadersButKeepsItsOwn() {
        channels.send(
                hook(
                        Optional.of(new Secret(SIGNING_KEY)),
                        Map.of(
                                "Authorization", new Secret("Bearer tok-998877"),
                                "Idempotency-Key", new Secret("mine"))),
                Messages.trigger());

        Receiver.Request request = receiver.only();
        assertThat(request.header("Authorization")).isEqualTo("Bearer tok-998877");
        assertThat(request.header("Idempotency-Key")).isEqualTo("ntf-7f3a9c");
    }

    @Test
    void refusesARestrictedHeaderWithoutSending() {
        Delivery delivery = channels.send(
                hook(Optional.empty(), Map.of("Host", new Secret("evil.example.com"))), Messages.trigger());

        assertThat(delivery).isInstanceOfSatisfying(Delivery.Failed.class, failed -> {
            assertThat(failed.retryable()).isFalse();
            assertThat(failed.error()).contains("Host").doesNotContain("evil.example.com");
        });
        assertThat(receiver.requests()).isEmpty();
    }

    @Test
    void retriesAServerError() {
        receiver.answering(500, Map.of("Content-Type", "text/html"), "<h1>oops</h1>");

        Delivery delivery = channels.send(hook(), Messages.trigger());

        assertThat(delivery)
                .isEqualTo(new Delivery.Failed(
                        "HTTP 500 from 127.0.0.1:" + receiver.port(),
                        Optional.of(500),
                        "<h1>oops</h1>",
                        true,
                        Optional.empty()));
    }

    @Test
    void doesNotRetryARejectedRequest() {
        receiver.answering(400, Map.of("Content-Type", "text/plain"), "invalid_payload");

        Delivery delivery = channels.send(hook(), Messages.trigger());

        assertThat(delivery).isInstanceOfSatisfying(Delivery.Failed.class, failed -> {
            assertThat(failed.retryable()).isFalse();
            assertThat(failed.status()).contains(400);
            assertThat(failed.error()).isEqualTo("HTTP 400 from 127.0.0.1:" + receiver.port() + ": invalid_payload");
        });
    }

    @Test
    void retriesARequestTimeout() {
        receiver.answering(408);

        assertThat(channels.send(hook(), Messages.trigger()))
                .isInstanceOfSatisfying(
                        Delivery.Failed.class,
                        failed -> assertThat(failed.retryable()).isTrue());
    }

    @Test
    void honoursRetryAfterInSeconds() {
        receiver.answering(429, Map.of("Retry-After", "120"), "");

        Delivery delivery = channels.send(hook(), Messages.trigger());

        assertThat(delivery).isInstanceOfSatisfying(Delivery.Failed.class, failed -> {
            assertThat(failed.retryable()).isTrue();
            assertThat(failed.retryAfter()).contains(Duration.ofSeconds(120));
        });
    }

    @Test
    void honoursRetryAfterAsAnHttpDate() {
        // Messages.NOW is 2025-03-01T10:27:31Z.
        receiver.answering(503, Map.of("Retry-After", "Sat, 01 Mar 2025 10:30:01 GMT"), "");

        Delivery delivery = channels.send(hook(), Messages.trigger());

        assertThat(delivery)
                .isInstanceOfSatisfying(
                        Delivery.Failed.class,
                        failed -> assertThat(failed.retryAfter()).contains(Duration.ofSeconds(150)));
    }

    @Test
    void doesNotFollowRedirects() {
        receiver.answering(301, Map.of("Location", "https://elsewhere.example.com/"), "");

        Delivery delivery = channels.send(hook(), Messages.trigger());

        assertThat(delivery).isInstanceOfSatisfying(Delivery.Failed.class, failed -> {
            assertThat(failed.retryable()).isFalse();
            assertThat(failed.error()).contains("redirects are not followed");
        });
        assertThat(receiver.requests()).hasSize(1);
    }

    @Test
    void keepsTheFirstKilobyteOfTheAnswer() {
        receiver.answering(200, Map.of(), "x".repeat(5000));

        Delivery delivery = channels.send(hook(), Messages.trigger());

        assertThat(delivery)
                .isInstanceOfSatisfying(
                        Delivery.Delivered.class,
                        delivered -> assertThat(delivered.answer()).isEqualTo("x".repeat(1024)));
    }

    @Test
    void cutsSecretsOutOfAnEchoedAnswer() {
        receiver.answering(400, Map.of("Content-Type", "application/json"), "{\"saw\":\"Bearer tok-998877\"}");

        Delivery delivery = channels.send(
                hook(Optional.empty(), Map.of("Authorization", new Secret("Bearer tok-998877"))), Messages.trigger());

        assertThat(delivery).isInstanceOfSatisfying(Delivery.Failed.class, failed -> {
            assertThat(failed.answer()).doesNotContain("tok-998877");
            assertThat(failed.error()).doesNotContain("tok-998877");
        });
    }

    @Test
    void retriesARefusedConnectionNamingTheHostButNoSecret() {
        int closed = Ports.free();
        ChannelSpec.Webhook hook = new ChannelSpec.Webhook(
                "ops-hook",
                URI.create("http://127.0.0.1:" + closed + "/hooks/T0KEN-5ecret"),
                Optional.of(new Secret(SIGNING_KEY)),
                Map.of());

        Delivery delivery = channels.send(hook, Messages.trigger());

        assertThat(delivery).isInstanceOfSatisfying(Delivery.Failed.class, failed -> {
            assertThat(failed.retryable()).isTrue();
            assertThat(failed.status()).isEmpty();
            assertThat(failed.error())
                    .isEqualTo("connection refused by 127.0.0.1:" + closed)
                    .doesNotContain("T0KEN")
                    .doesNotContain(SIGNING_KEY);
        });
    }

    @Test
    void givesUpOnAReceiverThatNeverAnswers() {
        receiver.hanging();
        try (Channels quick =
                new Channels(Optional.empty(), "steward@example.com", Duration.ofMillis(300), Messages.CLOCK)) {
            Delivery delivery = quick.send(hook(), Messages.trigger());

            assertThat(delivery).isInstanceOfSatisfying(Delivery.Failed.class, failed -> {
                assertThat(failed.retryable()).isTrue();
                assertThat(failed.error())
                        .contains("127.0.0.1:" + receiver.port())
                        .contains("within");
            });
        }
    }

    @Test
    void previewMasksTheUrlPathHeaderValuesAndSignature() {
        ChannelSpec.Webhook hook = new ChannelSpec.Webhook(
                "ops-hook",
                URI.create("https://hooks.example.com/T0KEN-5ecret?key=abc123"),
                Optional.of(new Secret(SIGNING_KEY)),
                Map.of("Authorization", new Secret("Bearer tok-998877")));

        Rendered rendered = channels.render(hook, Messages.trigger());

        assertThat(rendered.channel()).isEqualTo("ops-hook");
        assertThat(rendered.type()).isEqualTo("webhook");
        assertThat(rendered.target()).isEqualTo("POST https://hooks.example.com/…");
        assertThat(rendered.headers())
                .containsEntry("Authorization", "******")
                .containsEntry("X-Steward-Signature", "sha256=******")
                .containsEntry("Idempotency-Key", "ntf-7f3a9c");
        assertThat(rendered.toString()).doesNotContain("T0KEN", "abc123", "tok-998877", SIGNING_KEY);
        assertThat(JSON.readTree(rendered.body()).get("id").asString()).isEqualTo("ntf-7f3a9c");
        assertThat(receiver.requests()).isEmpty();
    }
}
