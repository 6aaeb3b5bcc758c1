package dev.steward.notify;

import dev.steward.catalog.ChannelSpec;
import dev.steward.catalog.Severity;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * PagerDuty's Events API v2: {@code POST <url>/v2/enqueue}. A trigger (and a repeat, which PagerDuty folds into the
 * open incident by its {@code dedup_key}) carries the payload; acknowledge and resolve need only the key.
 */
final class PagerDutyChannel {

    static final URI DEFAULT_URL = URI.create("https://events.pagerduty.com");

    /** PagerDuty truncates longer summaries itself; Steward cuts them first so the end reads as cut. */
    static final int SUMMARY_LIMIT = 1024;

    private final JsonMapper json;
    private final HttpPost http;

    PagerDutyChannel(JsonMapper json, HttpPost http) {
        this.json = json;
        this.http = http;
    }

    Delivery send(ChannelSpec.PagerDuty channel, Message message) {
        Optional<URI> url = endpoint(channel);
        if (url.isEmpty()) {
            return new Delivery.Failed(
                    "channel " + channel.name() + ": the url is not an absolute http(s) URL with a host",
                    Optional.empty(),
                    "",
                    false,
                    Optional.empty());
        }
        List<String> secrets = new ArrayList<>(List.of(channel.routingKey().value()));
        channel.url().ifPresent(base -> secrets.addAll(Masking.partsOf(base)));
        return http.post(
                url.get(), headers(), body(message, channel.routingKey().value()), Masking.of(secrets));
    }

    Rendered render(ChannelSpec.PagerDuty channel, Message message) {
        URI base = channel.url().orElse(DEFAULT_URL);
        String target = endpoint(channel)
                .map(uri -> "POST " + Masking.url(base) + "/v2/enqueue")
                .orElse("POST (the url is not an http(s) URL)");
        return new Rendered(channel.name(), channel.type(), target, headers(), body(message, Masking.MASK), "");
    }

    /** {@code <url>/v2/enqueue}, with PagerDuty's own URL when the channel names none. */
    static Optional<URI> endpoint(ChannelSpec.PagerDuty channel) {
        URI base = channel.url().orElse(DEFAULT_URL);
        return Masking.httpUrl(base.toString()).map(uri -> {
            String text = uri.toString();
            int cut = text.length();
            while (cut > 0 && text.charAt(cut - 1) == '/') {
                cut--;
            }
            return URI.create(text.substring(0, cut) + "/v2/enqueue");
        });
    }

    private static Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("User-Agent", "Steward");
        headers.put("Content-Type", "application/json");
        return headers;
    }

    String body(Message message, String routingKey) {
        ObjectNode root = json.createObjectNode();
        root.put("routing_key", routingKey);
        root.put("event_action", action(message.event()));
        root.put("dedup_key", message.dedupKey());
        if (message.event() == Message.Event.TRIGGER || message.event() == Message.Event.REPEAT) {
            ObjectNode payload = root.putObject("payload");
            payload.put("summary", summary(message));
            payload.put("source", source(message));
            payload.put("severity", severity(message.severity()));
            payload.put("timestamp", message.at().toString());
            message.monitor().ifPresent(monitor -> payload.put("component", monitor));
            payload.put("group", message.service());
            ObjectNode details = payload.putObject("custom_details");
            details.put("summary", message.summary());
            details.put("since", message.since().toString());
            message.lastError().ifPresent(error -> details.put("last_error", error));
            details.put("steward", message.link().toString());
            message.runbook().ifPresent(runbook -> details.put("runbook", runbook.toString()));
            message.incidentId().ifPresent(id -> details.put("incident", id));
            details.put("event", message.event().code());
            if (message.test()) {
                details.put("test", true);
            }
        }
        ArrayNode links = root.putArray("links");
        ObjectNode steward = links.addObject();
        steward.put("href", message.link().toString());
        steward.put("text", "Open " + message.service() + " in Steward");
        message.runbook().ifPresent(runbook -> {
            ObjectNode link = links.addObject();
            link.put("href", runbook.toString());
            link.put("text", "Runbook");
        });
        root.put("client", "Steward");
        root.put("client_url", message.link().toString());
        return json.writeValueAsString(root);
    }

    /** A repeat triggers again: PagerDuty adds it to the open incident with the same dedup key. */
    static String action(Message.Event event) {
        return switch (event) {
            case TRIGGER, REPEAT -> "trigger";
            case ACKNOWLEDGE -> "acknowledge";
            case RESOLVE -> "resolve";
        };
    }

    static String severity(Severity severity) {
        return switch (severity) {
            case CRITICAL -> "critical";
            case HIGH -> "error";
            case MEDIUM -> "warning";
            case LOW -> "info";
        };
    }

    /** The incident's title in PagerDuty: the alert's title and what is wrong. */
    static String summary(Message message) {
        String summary = (message.test() ? "[TEST] " : "")
                + Wording.oneLine(message.title())
                + ": "
                + Wording.oneLine(message.summary());
        return Wording.truncate(summary, SUMMARY_LIMIT);
    }

    private static String source(Message message) {
        return message.monitor()
                .map(monitor -> message.service() + "/" + monitor)
                .orElse(message.service());
    }
}
