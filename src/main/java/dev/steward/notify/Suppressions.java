package dev.steward.notify;

import dev.steward.catalog.Catalog;
import dev.steward.catalog.MaintenanceWindow;
import dev.steward.catalog.Monitor;
import dev.steward.catalog.MonitorKey;
import dev.steward.catalog.MonitoredService;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, just before a notification is sent, whether it must be held back: a maintenance window or a silence covers
 * its alert, or something the alert depends on is failing (one outage, one page). Held-back notifications are recorded
 * as suppressed with the reason; they are never dropped silently.
 */
final class Suppressions {

    /** How long a notification waits for a dependency that is failing but not firing yet to make up its mind. */
    static final Duration LONGEST_HOLD = Duration.ofMinutes(5);

    private final Silences silences;

    Suppressions(Silences silences) {
        this.silences = silences;
    }

    /** What to do with a notification now. */
    sealed interface Decision {
        record Send() implements Decision {}

        /**
         * @param reason dependency, maintenance, silence or trigger_suppressed
         * @param detail one line for people
         */
        record Suppress(String reason, String detail) implements Decision {}

        /** A dependency is failing but has not fired: ask again shortly. */
        record Hold(String detail) implements Decision {}
    }

    /** A queued notification as the decision needs it. */
    record Candidate(
            String event,
            long alertId,
            int episode,
            String channel,
            String service,
            Optional<String> monitor,
            Message message,
            Instant createdAt) {}

    Decision decide(Connection connection, Catalog catalog, Candidate candidate, Instant now) throws SQLException {
        if (candidate.event().equals("test")) {
            return new Decision.Send();
        }
        if (candidate.event().equals("resolve") || candidate.event().equals("acknowledge")) {
            Optional<String> trigger = triggerSuppression(connection, candidate);
            return trigger.<Decision>map(reason -> new Decision.Suppress(
                            "trigger_suppressed", "the trigger was not sent either (" + reason + ")"))
                    .orElseGet(Decision.Send::new);
        }
        Optional<MonitoredService> service = catalog.service(candidate.service());
        List<String> tags = service.map(MonitoredService::tags).orElse(List.of());
        for (MaintenanceWindow window : catalog.alerting().maintenance()) {
            if (!window.services().isEmpty() && !window.services().contains(candidate.service())) {
                continue;
            }
            Optional<Instant> until = window.activeUntil(now);
            if (until.isPresent()) {
                return new Decision.Suppress(
                        "maintenance",
                        "maintenance window until " + until.get()
                                + window.reason().map(reason -> ": " + reason).orElse("")
                                + " (" + window.location() + ")");
            }
        }
        Optional<Silences.Silence> silence = silences.covering(
                candidate.service(),
                candidate.monitor(),
                tags,
                candidate.message().severity());
        if (silence.isPresent()) {
            return new Decision.Suppress("silence", silence.get().describe());
        }
        return dependency(connection, catalog, candidate, now);
    }

    private Decision dependency(Connection connection, Catalog catalog, Candidate candidate, Instant now)
            throws SQLException {
        List<Parent> parents = parents(catalog, candidate.service(), candidate.monitor());
        if (parents.isEmpty()) {
            return new Decision.Send();
        }
        String[] services = parents.stream().map(Parent::service).distinct().toArray(String[]::new);
        String pending = null;
        try (PreparedStatement select = connection.prepareStatement("""
                select service, monitor, phase, title from alert
                where phase <> 'ok' and source in ('monitor', 'rule') and service = any(?)
                order by phase = 'firing' desc, service, monitor""")) {
            select.setArray(1, connection.createArrayOf("text", services));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String service = rows.getString(1);
                    String monitor = rows.getString(2);
                    boolean covered = parents.stream()
                            .anyMatch(parent -> parent.service().equals(service)
                                    && parent.monitor()
                                            .map(m -> m.equals(monitor))
                                            .orElse(true));
                    if (!covered) {
                        continue;
                    }
                    if (rows.getString(3).equals("firing")) {
                        return new Decision.Suppress(
                                "dependency",
                                "depends on " + service + ", which is failing (" + rows.getString(4) + ")");
                    }
                    if (pending == null) {
                        pending = service + "/" + monitor;
                    }
                }
            }
        }
        if (pending != null && now.isBefore(candidate.createdAt().plus(LONGEST_HOLD))) {
            return new Decision.Hold("waiting for " + pending + ", which is failing but has not fired yet");
        }
        return new Decision.Send();
    }

    /** A service or monitor something depends on. */
    record Parent(String service, Optional<String> monitor) {}

    /** The monitor's own dependencies and its service's, followed transitively through the services' dependsOn. */
    static List<Parent> parents(Catalog catalog, String service, Optional<String> monitor) {
        Set<Parent> found = new LinkedHashSet<>();
        Deque<String> services = new ArrayDeque<>();
        monitor.flatMap(name -> catalog.monitor(new MonitorKey(service, name)))
                .map(Monitor::dependsOn)
                .orElse(List.of())
                .forEach(entry -> {
                    int slash = entry.indexOf('/');
                    if (slash < 0) {
                        found.add(new Parent(entry, Optional.empty()));
                        services.add(entry);
                    } else {
                        found.add(new Parent(entry.substring(0, slash), Optional.of(entry.substring(slash + 1))));
                    }
                });
        catalog.service(service)
                .map(MonitoredService::dependsOn)
                .orElse(List.of())
                .forEach(services::add);
        Set<String> seen = new LinkedHashSet<>();
        seen.add(service);
        while (!services.isEmpty()) {
            String next = services.poll();
            if (!seen.add(next)) {
                continue;
            }
            found.add(new Parent(next, Optional.empty()));
            catalog.service(next)
                    .map(MonitoredService::dependsOn)
                    .orElse(List.of())
                    .forEach(services::add);
        }
        found.removeIf(
                parent -> parent.service().equals(service) && parent.monitor().isEmpty());
        return new ArrayList<>(found);
    }

    private static Optional<String> triggerSuppression(Connection connection, Candidate candidate) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                select suppressed_reason from notification
                where alert_id = ? and episode = ? and channel = ? and event = 'trigger' and status = 'suppressed'
                limit 1""")) {
            select.setLong(1, candidate.alertId());
            select.setInt(2, candidate.episode());
            select.setString(3, candidate.channel());
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        }
    }
}
