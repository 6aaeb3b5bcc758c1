package dev.steward.alert;

import dev.steward.catalog.Severity;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A webhook body Prometheus Alertmanager sends (payload version 4): one group of alerts, grouped by the receiver's
 * {@code group_by} labels. Read leniently where Alertmanager's own fields allow it, strictly where Steward depends on a
 * field, and every problem is named with its JSON path.
 *
 * @param groupKey identifies the group across notifications; Steward keys its incident on it
 * @param alerts the alerts of the group, firing and resolved ones
 */
public record AlertmanagerPayload(
        String receiver,
        String groupKey,
        Map<String, String> groupLabels,
        Map<String, String> commonLabels,
        Map<String, String> commonAnnotations,
        String externalUrl,
        List<Alert> alerts) {

    public AlertmanagerPayload {
        groupLabels = Map.copyOf(groupLabels);
        commonLabels = Map.copyOf(commonLabels);
        commonAnnotations = Map.copyOf(commonAnnotations);
        alerts = List.copyOf(alerts);
    }

    /**
     * One alert of the group.
     *
     * @param endsAt empty while firing (Alertmanager sends Go's zero time then)
     */
    public record Alert(
            boolean firing,
            Map<String, String> labels,
            Map<String, String> annotations,
            Instant startsAt,
            Optional<Instant> endsAt,
            String generatorUrl,
            String fingerprint) {

        public Alert {
            labels = Map.copyOf(labels);
            annotations = Map.copyOf(annotations);
        }
    }

    /** The outcome of reading a body: the payload, or every problem found. */
    public sealed interface Reading {
        record Valid(AlertmanagerPayload payload) implements Reading {}

        record Invalid(List<String> problems) implements Reading {
            public Invalid {
                problems = List.copyOf(problems);
            }
        }
    }

    /**
     * The group is resolved only when every alert in it is: Alertmanager resends the whole group, and one alert still
     * firing keeps the group's incident open.
     */
    public boolean resolved() {
        return alerts.stream().noneMatch(Alert::firing);
    }

    /** The service the alerts are about: the {@code service} label common to the group, when there is one. */
    public Optional<String> service() {
        return Optional.ofNullable(commonLabels.get("service"))
                .or(() -> Optional.ofNullable(groupLabels.get("service")));
    }

    /**
     * The group's severity from its common {@code severity} label, in the words Prometheus rules use: {@code critical}
     * or {@code page} → critical; {@code high} or {@code error} → high; {@code warning}, {@code warn} or {@code medium}
     * → medium; {@code info}, {@code low} or {@code none} → low. Without the label, or with another word: high, so an
     * unknown alert is not ignored.
     */
    public Severity severity() {
        String label = commonLabels.getOrDefault("severity", "").trim().toLowerCase(Locale.ROOT);
        return switch (label) {
            case "critical", "page" -> Severity.CRITICAL;
            case "warning", "warn", "medium" -> Severity.MEDIUM;
            case "info", "low", "none" -> Severity.LOW;
            default -> Severity.HIGH;
        };
    }

    /** Reads a webhook body; anything Steward cannot use is a problem naming its JSON path and what was expected. */
    public static Reading read(JsonNode body) {
        List<String> problems = new ArrayList<>();
        if (!body.isObject()) {
            return new Reading.Invalid(List.of("the body must be a JSON object (Alertmanager's webhook payload)"));
        }
        String version = body.path("version").asString("");
        if (!version.equals("4")) {
            problems.add("version: \"" + version + "\" is not supported; Steward reads Alertmanager's webhook payload"
                    + " version 4");
        }
        String groupKey = text(body, "groupKey", problems);
        JsonNode alertsNode = body.path("alerts");
        List<Alert> alerts = new ArrayList<>();
        if (!alertsNode.isArray() || alertsNode.isEmpty()) {
            problems.add("alerts: must be a non-empty array of alerts");
        } else {
            for (int i = 0; i < alertsNode.size(); i++) {
                alert(alertsNode.get(i), "alerts[" + i + "]", problems).ifPresent(alerts::add);
            }
        }
        if (!problems.isEmpty()) {
            return new Reading.Invalid(problems);
        }
        return new Reading.Valid(new AlertmanagerPayload(
                body.path("receiver").asString(""),
                groupKey,
                labels(body.path("groupLabels")),
                labels(body.path("commonLabels")),
                labels(body.path("commonAnnotations")),
                body.path("externalURL").asString(""),
                alerts));
    }

    private static Optional<Alert> alert(JsonNode node, String path, List<String> problems) {
        int before = problems.size();
        String status = node.path("status").asString("");
        if (!status.equals("firing") && !status.equals("resolved")) {
            problems.add(path + ".status: \"" + status + "\" is neither firing nor resolved");
        }
        Instant startsAt = time(node, path, "startsAt", problems).orElse(Instant.EPOCH);
        Optional<Instant> endsAt = time(node, path, "endsAt", problems);
        String fingerprint = text(node, "fingerprint", problems, path);
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new Alert(
                status.equals("firing"),
                labels(node.path("labels")),
                labels(node.path("annotations")),
                startsAt,
                endsAt.filter(end -> end.isAfter(Instant.EPOCH)), // Go's zero time 0001-01-01 means "not ended"
                node.path("generatorURL").asString(""),
                fingerprint));
    }

    private static Optional<Instant> time(JsonNode node, String path, String field, List<String> problems) {
        String text = node.path(field).asString("");
        if (text.isEmpty()) {
            if (field.equals("startsAt")) {
                problems.add(path + "." + field + ": missing; Alertmanager always sends it");
            }
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            problems.add(path + "." + field + ": \"" + text + "\" is not an RFC 3339 time (2026-11-23T17:54:21Z)");
            return Optional.empty();
        }
    }

    private static String text(JsonNode node, String field, List<String> problems) {
        return text(node, field, problems, "");
    }

    private static String text(JsonNode node, String field, List<String> problems, String path) {
        String value = node.path(field).asString("");
        if (value.isEmpty()) {
            problems.add((path.isEmpty() ? "" : path + ".") + field + ": missing or empty");
        }
        return value;
    }

    private static Map<String, String> labels(JsonNode node) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (node.isObject()) {
            for (var entry : node.properties()) {
                labels.put(entry.getKey(), entry.getValue().asString(""));
            }
        }
        return labels;
    }
}
