package dev.steward.notify;

import dev.steward.catalog.ChannelSpec;
import dev.steward.config.Secret;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Steward's own webhook: a versioned JSON body (docs/NOTIFICATIONS.md), idempotency and event headers, and when the
 * channel has a secret an HMAC-SHA256 signature over {@code "<timestamp>.<body>"}.
 */
final class WebhookChannel {

    static final int VERSION = 1;

    /** Set by Steward on every request; a channel's own headers cannot replace them. */
    private static final List<String> PROTOCOL_HEADERS =
            List.of("content-type", "idempotency-key", "x-steward-event", "x-steward-timestamp", "x-steward-signature");

    private final JsonMapper json;
    private final HttpPost http;

    WebhookChannel(JsonMapper json, HttpPost http) {
        this.json = json;
        this.http = http;
    }

    Delivery send(ChannelSpec.Webhook channel, Message message, Instant now) {
        Optional<URI> url = Masking.httpUrl(channel.url().toString());
        if (url.isEmpty()) {
            return invalidUrl(channel);
        }
        String body = body(message);
        return http.post(url.get(), headers(channel, message, body, now, false), body, masking(channel));
    }

    Rendered render(ChannelSpec.Webhook channel, Message message, Instant now) {
        String body = body(message);
        String target = Masking.httpUrl(channel.url().toString())
                .map(uri -> "POST " + Masking.url(uri))
                .orElse("POST (the url is not an http(s) URL)");
        return new Rendered(
                channel.name(), channel.type(), target, headers(channel, message, body, now, true), body, "");
    }

    /** The documented body: every field always present, absent values as null, times in ISO-8601 UTC. */
    String body(Message message) {
        ObjectNode root = json.createObjectNode();
        root.put("version", VERSION);
        root.put("id", message.idempotencyKey());
        root.put("event", message.event().code());
        root.put("test", message.test());
        root.put("dedupKey", message.dedupKey());
        root.put("service", message.service());
        putOptional(root, "monitor", message.monitor());
        root.put("title", message.title());
        root.put("severity", message.severity().code());
        root.put("summary", message.summary());
        root.put("since", message.since().toString());
        putOptional(root, "lastError", message.lastError());
        root.put("link", message.link().toString());
        putOptional(root, "runbook", message.runbook().map(URI::toString));
        root.put("at", message.at().toString());
        if (message.incidentId().isPresent()) {
            root.put("incidentId", message.incidentId().get());
        } else {
            root.putNull("incidentId");
        }
        putOptional(root, "acknowledgedBy", message.acknowledgedBy());
        return json.writeValueAsString(root);
    }

    private static void putOptional(ObjectNode node, String field, Optional<String> value) {
        if (value.isPresent()) {
            node.put(field, value.get());
        } else {
            node.putNull(field);
        }
    }

    private Map<String, String> headers(
            ChannelSpec.Webhook channel, Message message, String body, Instant now, boolean masked) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("User-Agent", "Steward");
        channel.headers().forEach((name, value) -> {
            if (!PROTOCOL_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                headers.put(name, masked ? Masking.MASK : value.value());
            }
        });
        headers.put("Content-Type", "application/json");
        headers.put("Idempotency-Key", message.idempotencyKey());
        headers.put("X-Steward-Event", message.event().code());
        String timestamp = Long.toString(now.getEpochSecond());
        headers.put("X-Steward-Timestamp", timestamp);
        channel.secret()
                .ifPresent(secret -> headers.put(
                        "X-Steward-Signature",
                        masked ? "sha256=" + Masking.MASK : "sha256=" + signature(secret, timestamp, body)));
        return headers;
    }

    /** Hex HMAC-SHA256 of {@code "<timestamp>.<body>"} keyed with the secret's UTF-8 bytes. */
    static String signature(Secret secret, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.value().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            // Every Java runtime has HmacSHA256, and any byte string is a valid HMAC key.
            throw new IllegalStateException("HmacSHA256 is not available in this Java runtime", e);
        }
    }

    private static Masking masking(ChannelSpec.Webhook channel) {
        List<String> secrets = new ArrayList<>(Masking.partsOf(channel.url()));
        channel.secret().ifPresent(secret -> secrets.add(secret.value()));
        channel.headers().values().forEach(value -> secrets.add(value.value()));
        return Masking.of(secrets);
    }

    private static Delivery invalidUrl(ChannelSpec channel) {
        return new Delivery.Failed(
                "channel " + channel.name() + ": the url is not an absolute http(s) URL with a host",
                Optional.empty(),
                "",
                false,
                Optional.empty());
    }
}
