package dev.steward.status;

import dev.steward.alert.Alerts;
import dev.steward.catalog.Catalog;
import dev.steward.catalog.MaintenanceWindow;
import dev.steward.catalog.MaintenanceWindow.Schedule;
import dev.steward.catalog.Monitor;
import dev.steward.catalog.MonitorKey;
import dev.steward.catalog.MonitoredService;
import dev.steward.catalog.Severity;
import dev.steward.incident.IncidentViews;
import dev.steward.incident.Incidents;
import dev.steward.result.MonitorState;
import dev.steward.result.MonitorStatistics;
import dev.steward.result.ServiceHistory;
import dev.steward.result.ServiceHistory.DayCounts;
import dev.steward.status.StatusPageModel.Component;
import dev.steward.status.StatusPageModel.Day;
import dev.steward.status.StatusPageModel.Incident;
import dev.steward.status.StatusPageModel.Maintenance;
import dev.steward.status.StatusPageModel.Update;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Computes the {@link StatusPageModel} from the running catalog and the stored state: monitor states, firing alerts,
 * incidents with their public updates, daily result counts and maintenance windows. A handful of queries whatever the
 * number of services; {@link StatusPageCache} keeps the answer for a few seconds.
 */
final class StatusPageReader implements Supplier<StatusPageModel> {

    /** The most incidents read per public service: enough for 14 days of history of any service worth listing. */
    static final int INCIDENTS_PER_SERVICE = 25;

    /** The most occurrences of one maintenance window listed (a window every hour would otherwise fill the page). */
    static final int OCCURRENCES_PER_WINDOW = 7;

    private static final int ALERTS_LIMIT = 10_000;

    private final Supplier<Catalog> catalog;
    private final MonitorStatistics statistics;
    private final Alerts alerts;
    private final Incidents incidents;
    private final StatusUpdates updates;
    private final ServiceHistory history;
    private final Clock clock;
    private final String url;
    private final String pageId;

    StatusPageReader(
            Supplier<Catalog> catalog,
            MonitorStatistics statistics,
            Alerts alerts,
            Incidents incidents,
            StatusUpdates updates,
            ServiceHistory history,
            Clock clock,
            URI baseUrl) {
        this.catalog = catalog;
        this.statistics = statistics;
        this.alerts = alerts;
        this.incidents = incidents;
        this.updates = updates;
        this.history = history;
        this.clock = clock;
        String base = baseUrl.toString().replaceAll("/+$", "");
        this.url = base + "/status";
        this.pageId = PublicIds.page(base);
    }

    @Override
    public StatusPageModel get() {
        Instant now = clock.instant();
        Catalog current = catalog.get();
        List<MonitoredService> listed = current.services().values().stream()
                .filter(service -> service.publicListing().listed())
                .toList();
        List<String> names = listed.stream().map(MonitoredService::name).toList();

        Map<MonitorKey, MonitorState> states = statistics.currentStates().stream()
                .collect(Collectors.toMap(MonitorState::monitor, Function.identity()));
        Map<String, List<Alerts.AlertView>> firing =
                alerts.list(Set.of("firing"), Optional.empty(), ALERTS_LIMIT).stream()
                        .collect(Collectors.groupingBy(Alerts.AlertView::service));
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate firstDay = today.minusDays(StatusPageModel.UPTIME_DAYS - 1);
        Map<String, List<DayCounts>> daily = history.dailyCounts(names, firstDay, today);
        Map<String, Instant> firstStored = history.firstStored(names);

        List<Component> components = new ArrayList<>();
        for (MonitoredService service : listed) {
            boolean inMaintenance = current.alerting().maintenance().stream()
                    .anyMatch(window -> window.appliesTo(service.name())
                            && window.activeUntil(now).isPresent());
            List<Alerts.AlertView> serviceAlerts = firing.getOrDefault(service.name(), List.of());
            List<ComponentStates.MonitorFacts> facts = new ArrayList<>();
            Instant updatedAt = null;
            for (Monitor monitor : service.monitors()) {
                MonitorState state = states.get(monitor.key());
                if (state != null && (updatedAt == null || state.since().isAfter(updatedAt))) {
                    updatedAt = state.since();
                }
                if (!monitor.enabled() || state == null) {
                    continue;
                }
                boolean alertFiring = serviceAlerts.stream()
                        .anyMatch(alert -> alert.source().equals("monitor")
                                && alert.monitor()
                                        .equals(Optional.of(monitor.key().monitor())));
                facts.add(new ComponentStates.MonitorFacts(
                        state.status(),
                        state.consecutive(),
                        current.policyOf(monitor).failureThreshold(),
                        alertFiring));
            }
            List<ComponentStates.FiringAlert> firingAlerts = serviceAlerts.stream()
                    .map(alert -> new ComponentStates.FiringAlert(alert.source(), severity(alert.severity())))
                    .toList();
            components.add(new Component(
                    service.name(),
                    PublicIds.component(service.name()),
                    service.publicListing().name(),
                    components.size() + 1,
                    ComponentStates.of(inMaintenance, facts, firingAlerts),
                    updatedAt == null ? now : updatedAt,
                    firstStored.getOrDefault(service.name(), now),
                    days(firstDay, daily.getOrDefault(service.name(), List.of()))));
        }

        List<Incident> open = new ArrayList<>();
        List<Incident> past = new ArrayList<>();
        incidents(components, now, open, past);
        return new StatusPageModel(
                current.statusPage().title(),
                url,
                pageId,
                now,
                components,
                open,
                past,
                maintenance(current.alerting().maintenance(), components, now));
    }

    private static Severity severity(String code) {
        try {
            return Severity.valueOf(code.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Severity.HIGH; // the alert table only holds known severities; a new one counts as below critical
        }
    }

    /** One entry per day from {@code first} to today; days without results have none. */
    private static List<Day> days(LocalDate first, List<DayCounts> counts) {
        Map<LocalDate, DayCounts> byDay = new HashMap<>();
        counts.forEach(day -> byDay.put(day.day(), day));
        List<Day> days = new ArrayList<>(StatusPageModel.UPTIME_DAYS);
        for (int i = 0; i < StatusPageModel.UPTIME_DAYS; i++) {
            LocalDate date = first.plusDays(i);
            DayCounts day = byDay.get(date);
            days.add(day == null ? new Day(date, 0, 0) : new Day(date, day.up() + day.degraded(), day.results()));
        }
        return days;
    }

    // ---- incidents

    private void incidents(List<Component> components, Instant now, List<Incident> current, List<Incident> past) {
        Instant pastSince = now.minus(Duration.ofDays(StatusPageModel.PAST_INCIDENTS_DAYS));
        List<IncidentViews.Incident> found = new ArrayList<>();
        Map<String, Component> byService = new HashMap<>();
        for (Component component : components) {
            byService.put(component.service(), component);
            incidents.list(Optional.empty(), Optional.of(component.service()), INCIDENTS_PER_SERVICE).stream()
                    .filter(incident -> incident.resolvedAt().isEmpty()
                            || incident.resolvedAt().get().isAfter(pastSince))
                    .forEach(found::add);
        }
        Map<Long, List<StatusUpdate>> written = updates.forIncidents(
                found.stream().map(IncidentViews.Incident::id).toList());
        for (IncidentViews.Incident incident : found) {
            Incident shown = incident(
                    incident, byService.get(incident.service()), written.getOrDefault(incident.id(), List.of()));
            if (shown.status() != PublicIncidentStatus.RESOLVED) {
                current.add(shown);
            } else if (shown.resolvedAt().orElseThrow().isAfter(pastSince)) {
                past.add(shown);
            }
        }
        Comparator<Incident> newestFirst =
                Comparator.comparing(Incident::createdAt).reversed().thenComparing(Incident::number);
        current.sort(newestFirst);
        past.sort(newestFirst);
    }

    /**
     * The public side of an incident: the operators' updates, with a generic {@code investigating} one while there are
     * none and a generic {@code resolved} one when Steward resolved it and nobody said so publicly.
     */
    static Incident incident(IncidentViews.Incident incident, Component component, List<StatusUpdate> written) {
        List<Update> shown = new ArrayList<>();
        boolean writtenResolved = !written.isEmpty() && written.getFirst().status() == PublicIncidentStatus.RESOLVED;
        if (incident.resolvedAt().isPresent() && !writtenResolved) {
            shown.add(new Update(
                    PublicIds.update(incident.id() + ":resolved"),
                    PublicIncidentStatus.RESOLVED,
                    "This incident has been resolved.",
                    incident.resolvedAt().get(),
                    false));
        }
        for (StatusUpdate update : written) {
            shown.add(new Update(
                    PublicIds.update(String.valueOf(update.id())),
                    update.status(),
                    update.message(),
                    update.createdAt(),
                    true));
        }
        if (written.isEmpty()) {
            shown.add(new Update(
                    PublicIds.update(incident.id() + ":opened"),
                    PublicIncidentStatus.INVESTIGATING,
                    "We are investigating a problem affecting " + component.name() + ".",
                    incident.openedAt(),
                    false));
        }
        // Newest first; an update written after Steward resolved the incident does not reopen it publicly.
        shown.sort(Comparator.comparing(Update::createdAt).reversed());
        PublicIncidentStatus status = incident.resolvedAt().isPresent()
                ? PublicIncidentStatus.RESOLVED
                : shown.getFirst().status();
        Optional<Instant> resolvedAt = status == PublicIncidentStatus.RESOLVED
                ? Optional.of(incident.resolvedAt().orElse(shown.getFirst().createdAt()))
                : Optional.empty();
        Optional<Instant> monitoringAt = shown.stream()
                .filter(update -> update.status() == PublicIncidentStatus.MONITORING)
                .map(Update::createdAt)
                .min(Comparator.naturalOrder());
        Instant updatedAt = shown.stream()
                .map(Update::createdAt)
                .max(Comparator.naturalOrder())
                .orElse(incident.openedAt());
        return new Incident(
                incident.id(),
                PublicIds.incident(incident.id()),
                "Service disruption: " + component.name(),
                status,
                impact(incident.severity()),
                incident.openedAt(),
                updatedAt,
                monitoringAt,
                resolvedAt,
                List.of(component),
                shown);
    }

    /** The Statuspage impact of an incident of this severity. */
    static String impact(String severity) {
        return switch (severity) {
            case "critical" -> "critical";
            case "high" -> "major";
            default -> "minor";
        };
    }

    // ---- maintenance

    /** Occurrences on now or starting within the next days, of windows that cover at least one public service. */
    static List<Maintenance> maintenance(List<MaintenanceWindow> windows, List<Component> components, Instant now) {
        Instant horizon = now.plus(Duration.ofDays(StatusPageModel.UPCOMING_MAINTENANCE_DAYS));
        List<Maintenance> found = new ArrayList<>();
        for (MaintenanceWindow window : windows) {
            List<Component> covered = components.stream()
                    .filter(component -> window.appliesTo(component.service()))
                    .toList();
            if (covered.isEmpty()) {
                continue;
            }
            Optional<Instant> until = window.activeUntil(now);
            until.ifPresent(end -> found.add(occurrence(window, covered, start(window.schedule(), end), end, true)));
            Instant after = until.orElse(now);
            for (int i = 0; i < OCCURRENCES_PER_WINDOW; i++) {
                Optional<Instant> next = window.nextStart(after);
                if (next.isEmpty() || !next.get().isBefore(horizon)) {
                    break;
                }
                found.add(occurrence(window, covered, next.get(), end(window.schedule(), next.get()), false));
                after = next.get();
            }
        }
        found.sort(Comparator.comparing(Maintenance::start));
        return found;
    }

    private static Maintenance occurrence(
            MaintenanceWindow window, List<Component> covered, Instant start, Instant end, boolean inProgress) {
        return new Maintenance(
                PublicIds.maintenance(window.services() + "|" + window.schedule() + "@" + start),
                covered,
                start,
                end,
                inProgress);
    }

    private static Instant start(Schedule schedule, Instant end) {
        return switch (schedule) {
            case Schedule.Recurring recurring -> end.minus(recurring.duration());
            case Schedule.Once once -> once.start();
        };
    }

    private static Instant end(Schedule schedule, Instant start) {
        return switch (schedule) {
            case Schedule.Recurring recurring -> start.plus(recurring.duration());
            case Schedule.Once once -> once.end();
        };
    }
}
