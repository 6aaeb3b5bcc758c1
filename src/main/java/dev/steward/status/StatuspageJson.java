package dev.steward.status;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The JSON of {@code /api/v2/status.json} and {@code /api/v2/summary.json}: the field names and value vocabularies of
 * hosted status pages' public API, so that widgets, chat integrations and aggregators written for those read Steward
 * unchanged. Times are UTC with milliseconds; ids are {@link PublicIds}.
 */
final class StatuspageJson {

    static final String TIME_ZONE = "Etc/UTC";

    private StatuspageJson() {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Page(String id, String name, String url, String timeZone, Instant updatedAt) {}

    /**
     * @param indicator none, minor, major or critical
     */
    record Status(String indicator, String description) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Component(
            String id,
            String name,
            String status,
            Instant createdAt,
            Instant updatedAt,
            int position,
            @Nullable String description,
            boolean showcase,
            @Nullable String startDate,
            @Nullable String groupId,
            String pageId,
            boolean group,
            boolean onlyShowIfDegraded) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record IncidentUpdate(
            String id,
            String status,
            String body,
            String incidentId,
            Instant createdAt,
            Instant updatedAt,
            Instant displayAt,
            @Nullable List<Component> affectedComponents) {}

    /**
     * @param status investigating, identified, monitoring or resolved
     * @param impact none, minor, major or critical
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Incident(
            String id,
            String name,
            String status,
            Instant createdAt,
            Instant updatedAt,
            @Nullable Instant monitoringAt,
            @Nullable Instant resolvedAt,
            String impact,
            String shortlink,
            Instant startedAt,
            String pageId,
            List<IncidentUpdate> incidentUpdates,
            List<Component> components) {}

    /**
     * @param status scheduled or in_progress
     * @param impact always maintenance
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ScheduledMaintenance(
            String id,
            String name,
            String status,
            Instant createdAt,
            Instant updatedAt,
            @Nullable Instant monitoringAt,
            @Nullable Instant resolvedAt,
            String impact,
            String shortlink,
            Instant startedAt,
            String pageId,
            List<IncidentUpdate> incidentUpdates,
            List<Component> components,
            Instant scheduledFor,
            Instant scheduledUntil) {}

    /** {@code /api/v2/status.json}. */
    record StatusDocument(Page page, Status status) {}

    /** {@code /api/v2/summary.json}: unresolved incidents, maintenance on now or coming. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Summary(
            Page page,
            List<Component> components,
            List<Incident> incidents,
            List<ScheduledMaintenance> scheduledMaintenances,
            Status status) {}

    // ---- from the model

    static StatusDocument status(StatusPageModel model) {
        return new StatusDocument(page(model), status(model.overall()));
    }

    static Summary summary(StatusPageModel model) {
        return new Summary(
                page(model),
                model.components().stream().map(c -> component(model, c)).toList(),
                model.currentIncidents().stream().map(i -> incident(model, i)).toList(),
                model.maintenance().stream().map(m -> maintenance(model, m)).toList(),
                status(model.overall()));
    }

    static Page page(StatusPageModel model) {
        return new Page(model.pageId(), model.title(), model.url(), TIME_ZONE, millis(model.updatedAt()));
    }

    /** The page's indicator and its words, from the worst component state. */
    static Status status(ComponentState worst) {
        return switch (worst) {
            case OPERATIONAL -> new Status("none", "All Systems Operational");
            case UNDER_MAINTENANCE -> new Status("none", "Service Under Maintenance");
            case DEGRADED_PERFORMANCE -> new Status("minor", "Minor Service Outage");
            case PARTIAL_OUTAGE -> new Status("major", "Partial System Outage");
            case MAJOR_OUTAGE -> new Status("critical", "Major Service Outage");
        };
    }

    static Component component(StatusPageModel model, StatusPageModel.Component component) {
        return new Component(
                component.id(),
                component.name(),
                component.state().code(),
                millis(component.createdAt()),
                millis(component.updatedAt()),
                component.position(),
                null,
                true,
                null,
                null,
                model.pageId(),
                false,
                false);
    }

    static Incident incident(StatusPageModel model, StatusPageModel.Incident incident) {
        return new Incident(
                incident.id(),
                incident.name(),
                incident.status().code(),
                millis(incident.createdAt()),
                millis(incident.updatedAt()),
                incident.monitoringAt().map(StatuspageJson::millis).orElse(null),
                incident.resolvedAt().map(StatuspageJson::millis).orElse(null),
                incident.impact(),
                model.url() + "#incident-" + incident.id(),
                millis(incident.createdAt()),
                model.pageId(),
                incident.updates().stream()
                        .map(update -> new IncidentUpdate(
                                update.id(),
                                update.status().code(),
                                update.body(),
                                incident.id(),
                                millis(update.createdAt()),
                                millis(update.createdAt()),
                                millis(update.createdAt()),
                                null))
                        .toList(),
                incident.components().stream().map(c -> component(model, c)).toList());
    }

    static ScheduledMaintenance maintenance(StatusPageModel model, StatusPageModel.Maintenance maintenance) {
        String status = maintenance.inProgress() ? "in_progress" : "scheduled";
        Instant start = millis(maintenance.start());
        IncidentUpdate announcement = new IncidentUpdate(
                PublicIds.update(maintenance.id()),
                status,
                "Scheduled maintenance of " + maintenance.names() + ".",
                maintenance.id(),
                start,
                start,
                start,
                null);
        return new ScheduledMaintenance(
                maintenance.id(),
                "Scheduled maintenance: " + maintenance.names(),
                status,
                start,
                start,
                null,
                null,
                "maintenance",
                model.url() + "#maintenance",
                start,
                model.pageId(),
                List.of(announcement),
                maintenance.components().stream().map(c -> component(model, c)).toList(),
                start,
                millis(maintenance.end()));
    }

    private static Instant millis(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }
}
