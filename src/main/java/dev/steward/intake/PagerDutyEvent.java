package dev.steward.intake;

import dev.steward.alert.ExternalAlert;
import dev.steward.catalog.Severity;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * An event in PagerDuty's Events API v2 shape: trigger, acknowledge or resolve an alert named by its dedup key. Read
 * the way PagerDuty reads it, and every problem names its field, so a tool that pages PagerDuty can page Steward by
 * changing only its URL.
 *
 * @param dedupKey empty for a trigger without one (Steward then makes one up and answers with it)
 * @param payload present for a trigger (required) and read from acknowledge and resolve when they carry one
 */
record PagerDutyEvent(
        Action action,
        Optional<String> dedupKey,
        Optional<Payload> payload,
        Optional<URI> link,
        Optional<String> client) {

    static final String SOURCE = "event";
    static final int SUMMARY_LIMIT = 1_024;
    static final int DEDUP_KEY_LIMIT = 255;

    enum Action {
        TRIGGER,
        ACKNOWLEDGE,
        RESOLVE;

        String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * What the event says about the problem.
     *
     * @param details {@code custom_details}, each top-level field as text (objects and arrays as JSON)
     */
    record Payload(
            String summary,
            String source,
            Severity severity,
            Optional<Instant> timestamp,
            Optional<String> component,
            Optional<String> group,
            Optional<String> className,
            Map<String, String> details) {

        Payload {
            details = Map.copyOf(details);
        }
    }

    /** The outcome of reading a body: the event, or every problem found, each naming its field. */
    sealed interface Reading {
        record Valid(PagerDutyEvent event) implements Reading {}

        record Invalid(List<String> errors) implements Reading {
            public Invalid {
                errors = List.copyOf(errors);
            }
        }
    }

    /** The alert's key in Steward. */
    static String key(String dedupKey) {
        return SOURCE + ":" + dedupKey;
    }

    /** Events API severities in Steward's words: critical, error → high, warning → medium, info → low. */
    static Optional<Severity> severity(String pagerDuty) {
        return switch (pagerDuty) {
            case "critical" -> Optional.of(Severity.CRITICAL);
            case "error" -> Optional.of(Severity.HIGH);
            case "warning" -> Optional.of(Severity.MEDIUM);
            case "info" -> Optional.of(Severity.LOW);
            default -> Optional.empty();
        };
    }

    /** The service an event concerns: {@code payload.group}, else {@code payload.component}, else the source. */
    static String service(Payload payload) {
        return payload.group().or(payload::component).orElse(payload.source());
    }

    /** The routing key of a body, when it has one as text (checked before anything else is read). */
    static @Nullable String routingKey(JsonNode body) {
        JsonNode key = body.path("routing_key");
        return key.isString() ? key.asString() : null;
    }

    /** A trigger as the alert Steward keeps, as of {@code now} (a timestamp after now is taken as now). */
    ExternalAlert trigger(String dedup, Instant now) {
        Payload about = payload.orElseThrow(() -> new IllegalStateException("a trigger without payload was read"));
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("payload.source", about.source());
        about.component().ifPresent(value -> labels.put("payload.component", value));
        about.group().ifPresent(value -> labels.put("payload.group", value));
        about.className().ifPresent(value -> labels.put("payload.class", value));
        client.ifPresent(value -> labels.put("client", value));
        about.details().forEach((name, value) -> labels.put("details." + name, value));
        return new ExternalAlert(
                key(dedup),
                SOURCE,
                service(about),
                about.summary(),
                about.severity(),
                true,
                about.summary(),
                labels,
                link,
                about.timestamp().filter(at -> at.isBefore(now)).orElse(now));
    }

    /** Who acknowledges or resolves: {@code pagerduty:<payload.source>}, else the client, else the Events API. */
    String author() {
        String who = payload.map(Payload::source)
                .filter(source -> !source.isBlank())
                .or(() -> client)
                .orElse("events-api");
        return "pagerduty:" + who;
    }

    // ---- reading

    static Reading read(JsonNode body) {
        if (!body.isObject()) {
            return new Reading.Invalid(List.of("the body must be a JSON object (an Events API v2 event)"));
        }
        List<String> errors = new ArrayList<>();
        Action action = action(body.path("event_action"), errors);
        int before = errors.size();
        Optional<String> dedupKey = optionalText(body, "dedup_key", "dedup_key", errors);
        dedupKey.filter(key -> key.length() > DEDUP_KEY_LIMIT)
                .ifPresent(key -> errors.add("'dedup_key' is longer than " + DEDUP_KEY_LIMIT + " characters"));
        if (action != null && action != Action.TRIGGER && dedupKey.isEmpty() && errors.size() == before) {
            errors.add("'dedup_key' is missing: " + action.code()
                    + " names the alert by the dedup_key its trigger was answered with");
        }
        Optional<Payload> payload = Optional.empty();
        JsonNode payloadNode = body.path("payload");
        if (action == Action.TRIGGER || (action != null && payloadNode.isObject())) {
            payload = payload(payloadNode, action == Action.TRIGGER, errors);
        }
        Optional<URI> link = links(body.path("links"), errors);
        images(body.path("images"), errors);
        Optional<String> client = optionalText(body, "client", "client", errors);
        Optional<URI> clientUrl =
                optionalText(body, "client_url", "client_url", errors).flatMap(Links::http);
        if (!errors.isEmpty() || action == null) {
            return new Reading.Invalid(errors);
        }
        return new Reading.Valid(new PagerDutyEvent(action, dedupKey, payload, link.or(() -> clientUrl), client));
    }

    private static @Nullable Action action(JsonNode node, List<String> errors) {
        if (node.isMissingNode() || node.isNull()) {
            errors.add("'event_action' is missing: use trigger, acknowledge or resolve");
            return null;
        }
        String text = node.isString() ? node.asString() : node.toString();
        return switch (text) {
            case "trigger" -> Action.TRIGGER;
            case "acknowledge" -> Action.ACKNOWLEDGE;
            case "resolve" -> Action.RESOLVE;
            default -> {
                errors.add("'event_action' \"" + text + "\" is invalid: use trigger, acknowledge or resolve");
                yield null;
            }
        };
    }

    /** For acknowledge and resolve a payload is optional and only its fields that are right are used. */
    private static Optional<Payload> payload(JsonNode node, boolean required, List<String> errors) {
        List<String> problems = required ? errors : new ArrayList<>();
        if (!node.isObject()) {
            problems.add(
                    node.isMissingNode() || node.isNull()
                            ? "'payload' is missing: a trigger needs payload.summary, payload.source and payload.severity"
                            : "'payload' must be an object");
            return Optional.empty();
        }
        int before = problems.size();
        String summary = requiredText(node, "summary", problems);
        if (summary.length() > SUMMARY_LIMIT) {
            summary = summary.substring(0, SUMMARY_LIMIT); // cut like PagerDuty does, rather than refused
        }
        String source = requiredText(node, "source", problems);
        Severity severity = Severity.LOW;
        JsonNode severityNode = node.path("severity");
        if (severityNode.isMissingNode() || severityNode.isNull()) {
            problems.add("'payload.severity' is missing: use critical, error, warning or info");
        } else {
            String text = severityNode.isString() ? severityNode.asString() : severityNode.toString();
            Optional<Severity> mapped = severity(text);
            if (mapped.isEmpty()) {
                problems.add("'payload.severity' \"" + text + "\" is invalid: use critical, error, warning or info");
            } else {
                severity = mapped.get();
            }
        }
        Optional<Instant> timestamp = optionalText(node, "timestamp", "payload.timestamp", problems)
                .flatMap(text -> timestamp(text, problems));
        Optional<String> component = optionalText(node, "component", "payload.component", problems);
        Optional<String> group = optionalText(node, "group", "payload.group", problems);
        Optional<String> className = optionalText(node, "class", "payload.class", problems);
        Map<String, String> details = details(node.path("custom_details"));
        if (problems.size() > before && required) {
            return Optional.empty();
        }
        if (!required && (summary.isEmpty() && source.isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(new Payload(summary, source, severity, timestamp, component, group, className, details));
    }

    private static Optional<Instant> timestamp(String text, List<String> errors) {
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            errors.add("'payload.timestamp' \"" + text + "\" is not an ISO 8601 time (2026-11-23T17:54:21Z)");
            return Optional.empty();
        }
    }

    private static Map<String, String> details(JsonNode node) {
        Map<String, String> details = new LinkedHashMap<>();
        if (node.isObject()) {
            node.properties().forEach(entry -> details.put(entry.getKey(), text(entry.getValue())));
        } else if (!node.isMissingNode() && !node.isNull()) {
            details.put("value", text(node));
        }
        return details;
    }

    private static String text(JsonNode value) {
        return value.isValueNode() ? value.asString("") : value.toString();
    }

    private static Optional<URI> links(JsonNode node, List<String> errors) {
        if (node.isMissingNode() || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isArray()) {
            errors.add("'links' must be an array of {\"href\": \"https://…\", \"text\": \"…\"}");
            return Optional.empty();
        }
        Optional<URI> first = Optional.empty();
        for (int i = 0; i < node.size(); i++) {
            JsonNode href = node.get(i).path("href");
            if (!href.isString() || href.asString().isBlank()) {
                errors.add("'links[" + i + "].href' is missing: each link needs an href");
            } else if (first.isEmpty()) {
                first = Links.http(href.asString());
            }
        }
        return first;
    }

    private static void images(JsonNode node, List<String> errors) {
        if (node.isMissingNode() || node.isNull()) {
            return;
        }
        if (!node.isArray()) {
            errors.add("'images' must be an array of {\"src\": \"https://…\"}");
            return;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode src = node.get(i).path("src");
            if (!src.isString() || src.asString().isBlank()) {
                errors.add("'images[" + i + "].src' is missing: each image needs a src");
            }
        }
    }

    private static String requiredText(JsonNode node, String field, List<String> errors) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            errors.add("'payload." + field + "' is missing");
            return "";
        }
        if (!value.isString()) {
            errors.add("'payload." + field + "' must be text");
            return "";
        }
        if (value.asString().isBlank()) {
            errors.add("'payload." + field + "' is blank");
        }
        return value.asString().strip();
    }

    private static Optional<String> optionalText(JsonNode node, String field, String name, List<String> errors) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isString()) {
            errors.add("'" + name + "' must be text");
            return Optional.empty();
        }
        return Optional.of(value.asString().strip()).filter(text -> !text.isEmpty());
    }
}
