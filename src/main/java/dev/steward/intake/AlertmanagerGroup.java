package dev.steward.intake;

import dev.steward.alert.AlertmanagerPayload;
import dev.steward.alert.ExternalAlert;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One Alertmanager notification as one Steward alert: the group (receiver and group key) is the alert, firing while
 * any of its alerts fires and resolved when all of them are. Alertmanager resends the whole group on every change, so
 * a group that keeps firing with one more or one fewer alert is the same firing alert.
 */
final class AlertmanagerGroup {

    static final String SOURCE = "alertmanager";
    static final int SUMMARY_LIMIT = 1_024;

    private AlertmanagerGroup() {}

    /**
     * The group's key: {@code alertmanager:} and 24 hex digits of the SHA-256 of receiver and group key. Stable across
     * notifications and restarts; group keys can be long and carry any label text, so they are hashed.
     */
    static String key(AlertmanagerPayload payload) {
        byte[] hash = IntakeToken.sha256(payload.receiver() + "\n" + payload.groupKey());
        return SOURCE + ":" + HexFormat.of().formatHex(hash, 0, 12);
    }

    /** The alert Steward keeps for the group, as of {@code now} (sender times after now are taken as now). */
    static ExternalAlert alert(AlertmanagerPayload payload, Instant now) {
        boolean firing = !payload.resolved();
        List<AlertmanagerPayload.Alert> concerned = firing
                ? payload.alerts().stream()
                        .filter(AlertmanagerPayload.Alert::firing)
                        .toList()
                : payload.alerts();
        Map<String, String> labels = new LinkedHashMap<>(payload.commonLabels());
        labels.putIfAbsent("groupKey", payload.groupKey());
        if (!payload.receiver().isEmpty()) {
            labels.putIfAbsent("receiver", payload.receiver());
        }
        return new ExternalAlert(
                key(payload),
                SOURCE,
                service(payload),
                title(payload, concerned.size(), firing),
                payload.severity(),
                firing,
                summary(concerned),
                labels,
                link(payload, concerned),
                at(concerned, firing, now));
    }

    /** The {@code service} label, else the {@code job} label, else {@code alertmanager}. */
    static String service(AlertmanagerPayload payload) {
        return payload.service().or(() -> label(payload, "job")).orElse(SOURCE);
    }

    /** {@code HighErrorRate on checkout: 2 alerts firing}, or {@code …: resolved}. */
    static String title(AlertmanagerPayload payload, int count, boolean firing) {
        String name = label(payload, "alertname").orElse("Alertmanager alerts");
        String about = payload.service().or(() -> label(payload, "job")).orElse("");
        String title = about.isEmpty() ? name : name + " on " + about;
        return title + (firing ? ": " + count + (count == 1 ? " alert" : " alerts") + " firing" : ": resolved");
    }

    /**
     * The distinct {@code summary} annotations of the alerts concerned (firing ones while the group fires), each
     * alert's {@code description} where it has no summary; cut at 1,024 characters.
     */
    static String summary(List<AlertmanagerPayload.Alert> alerts) {
        Set<String> texts = new LinkedHashSet<>();
        for (AlertmanagerPayload.Alert alert : alerts) {
            String text = alert.annotations().getOrDefault("summary", "").strip();
            if (text.isEmpty()) {
                text = alert.annotations().getOrDefault("description", "").strip();
            }
            if (!text.isEmpty()) {
                texts.add(text);
            }
        }
        String summary = texts.isEmpty()
                ? alerts.size() + (alerts.size() == 1 ? " alert" : " alerts") + " without a summary annotation"
                : String.join("; ", texts);
        return summary.length() <= SUMMARY_LIMIT ? summary : summary.substring(0, SUMMARY_LIMIT - 1) + "…";
    }

    /** The first alert's generator URL (the Prometheus expression), else Alertmanager's own URL; http(s) only. */
    static Optional<URI> link(AlertmanagerPayload payload, List<AlertmanagerPayload.Alert> alerts) {
        List<String> candidates = new ArrayList<>();
        alerts.forEach(alert -> candidates.add(alert.generatorUrl()));
        candidates.add(payload.externalUrl());
        for (String candidate : candidates) {
            Optional<URI> link = Links.http(candidate);
            if (link.isPresent()) {
                return link;
            }
        }
        return Optional.empty();
    }

    /** When the group started firing (its earliest firing alert), or ended (its last alert's end). */
    private static Instant at(List<AlertmanagerPayload.Alert> alerts, boolean firing, Instant now) {
        Optional<Instant> at = firing
                ? alerts.stream().map(AlertmanagerPayload.Alert::startsAt).min(Instant::compareTo)
                : alerts.stream()
                        .map(AlertmanagerPayload.Alert::endsAt)
                        .flatMap(Optional::stream)
                        .max(Instant::compareTo);
        return at.filter(instant -> instant.isBefore(now)).orElse(now);
    }

    private static Optional<String> label(AlertmanagerPayload payload, String name) {
        return Optional.ofNullable(payload.commonLabels().get(name))
                .or(() -> Optional.ofNullable(payload.groupLabels().get(name)))
                .filter(value -> !value.isBlank());
    }
}
