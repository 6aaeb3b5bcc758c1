package dev.steward.notify;

import dev.steward.catalog.ChannelSpec;
import dev.steward.catalog.Severity;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Slack incoming webhook body that Mattermost renders the same way: a plain {@code text} fallback and one legacy
 * attachment (color, title linking to Steward, fields). Only what both render is used: hex colors, bare URLs (both
 * link them), {@code &amp; &lt; &gt;} escaping (Slack's rule; Mattermost's Markdown decodes the entities); no Block Kit,
 * no {@code <url|text>} links, no emoji.
 */
final class SlackChannel {

    /** Slack's own danger, warning and good colors, written as hex because Mattermost documents only hex. */
    static final String DANGER = "#A30200";

    static final String WARNING = "#DAA038";
    static final String GOOD = "#2EB886";

    private final JsonMapper json;
    private final HttpPost http;

    SlackChannel(JsonMapper json, HttpPost http) {
        this.json = json;
        this.http = http;
    }

    Delivery send(ChannelSpec.Slack channel, Message message) {
        Optional<URI> url = Masking.httpUrl(channel.url().value());
        Masking masking = Masking.of(
                url.map(Masking::partsOf).orElse(java.util.List.of(channel.url().value())));
        if (url.isEmpty()) {
            return new Delivery.Failed(
                    "channel " + channel.name() + ": the url is not an absolute http(s) URL with a host",
                    Optional.empty(),
                    "",
                    false,
                    Optional.empty());
        }
        return http.post(url.get(), headers(), body(message), masking);
    }

    Rendered render(ChannelSpec.Slack channel, Message message) {
        String target = Masking.httpUrl(channel.url().value())
                .map(uri -> "POST " + Masking.url(uri))
                .orElse("POST (the url is not an http(s) URL)");
        return new Rendered(channel.name(), channel.type(), target, headers(), body(message), "");
    }

    private static Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("User-Agent", "Steward");
        headers.put("Content-Type", "application/json");
        return headers;
    }

    String body(Message message) {
        String fallback = escape(Wording.headlineWithOutcome(message));
        ObjectNode root = json.createObjectNode();
        root.put("text", fallback);
        ArrayNode attachments = root.putArray("attachments");
        ObjectNode attachment = attachments.addObject();
        attachment.put("fallback", fallback);
        attachment.put("color", color(message));
        attachment.put("title", escape(Wording.oneLine(message.title())));
        attachment.put("title_link", message.link().toString());
        attachment.put("text", escape(text(message)));
        ArrayNode fields = attachment.putArray("fields");
        for (Wording.Fact fact : Wording.facts(message)) {
            if (fact.label().equals("Steward")) {
                continue; // the title links there
            }
            ObjectNode field = fields.addObject();
            field.put("title", fact.label());
            field.put("value", fact.link() ? fact.value() : escape(fact.value()));
            field.put("short", isShort(fact));
        }
        attachment.put("footer", "Steward");
        return json.writeValueAsString(root);
    }

    private static String text(Message message) {
        StringBuilder text = new StringBuilder();
        text.append(Wording.state(message));
        Wording.outcome(message)
                .ifPresent(outcome -> text.append(" (").append(outcome).append(")"));
        text.append(": ").append(message.summary());
        if (message.test()) {
            text.append("\nThis is a test notification from Steward: nothing is wrong.");
        }
        return text.toString();
    }

    private static boolean isShort(Wording.Fact fact) {
        return switch (fact.label()) {
            case "Last error", "Runbook", "Since" -> false;
            default -> true;
        };
    }

    /** Red for a firing critical or high alert, amber for a lower one or an acknowledged alert, green once resolved. */
    static String color(Message message) {
        return switch (message.event()) {
            case RESOLVE -> GOOD;
            case ACKNOWLEDGE -> WARNING;
            case TRIGGER, REPEAT -> message.severity().atLeast(Severity.HIGH) ? DANGER : WARNING;
        };
    }

    /** Slack's escaping of its three control characters. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
