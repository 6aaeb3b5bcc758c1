package dev.steward.api;

import dev.steward.catalog.Severity;
import dev.steward.incident.IncidentViews;
import dev.steward.notify.Silences;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The JSON shapes of the alerting API (docs/API.md): incidents, silences, channels, alerts, notifications and
 * maintenance windows. Times are ISO-8601 UTC, absent values null; a test keeps each record in step with its schema in
 * the OpenAPI document.
 */
final class AlertingModel {

    private AlertingModel() {}

    /**
     * One problem with a request body's field.
     *
     * @param field the field, as named in the body (or {@code matchers} for a silence that matches nothing)
     */
    record FieldError(String field, String message) {}

    /** One incident. */
    record Incident(
            long id,
            String service,
            String title,
            String severity,
            String status,
            String openedAt,
            @Nullable String acknowledgedAt,
            @Nullable String acknowledgedBy,
            @Nullable String resolvedAt,
            @Nullable String resolvedBy,
            @Nullable String runbook,
            int alertsFiring) {

        static Incident of(IncidentViews.Incident incident) {
            return new Incident(
                    incident.id(),
                    incident.service(),
                    incident.title(),
                    incident.severity(),
                    incident.status(),
                    incident.openedAt().toString(),
                    ApiModel.time(incident.acknowledgedAt()),
                    incident.acknowledgedBy().orElse(null),
                    ApiModel.time(incident.resolvedAt()),
                    incident.resolvedBy().orElse(null),
                    incident.runbook().map(URI::toString).orElse(null),
                    incident.alertsFiring());
        }
    }

    /** One entry of an incident's timeline; {@code author} is null for Steward's own entries. */
    record TimelineEntry(
            long id, String at, String kind, @Nullable String author, String text) {

        static TimelineEntry of(IncidentViews.TimelineEntry entry) {
            return new TimelineEntry(
                    entry.id(),
                    entry.at().toString(),
                    entry.kind(),
                    entry.author().orElse(null),
                    entry.text());
        }
    }

    /** An incident with its timeline, oldest entry first. */
    record IncidentDetail(Incident incident, List<TimelineEntry> timeline) {

        static IncidentDetail of(IncidentViews.IncidentDetail detail) {
            return new IncidentDetail(
                    Incident.of(detail.incident()),
                    detail.timeline().stream().map(TimelineEntry::of).toList());
        }
    }

    /** Mean times to acknowledge and to resolve one service's incidents; null when none got that far. */
    record ResponseTimes(
            String service,
            int incidents,
            int acknowledged,
            int resolved,
            @Nullable Double mttaSeconds,
            @Nullable Double mttrSeconds) {

        static ResponseTimes of(IncidentViews.ResponseTimes times) {
            return new ResponseTimes(
                    times.service(),
                    times.incidents(),
                    times.acknowledged(),
                    times.resolved(),
                    seconds(times.mtta()),
                    seconds(times.mttr()));
        }
    }

    /**
     * One silence.
     *
     * @param status {@code active} (in force now), {@code scheduled} (starts later), {@code ended} (its end passed) or
     *     {@code expired} (someone ended it early)
     */
    record Silence(
            long id,
            @Nullable String service,
            @Nullable String monitor,
            @Nullable String tag,
            @Nullable String severity,
            String author,
            String reason,
            String startsAt,
            String endsAt,
            String createdAt,
            @Nullable String expiredAt,
            @Nullable String expiredBy,
            String status) {

        static Silence of(Silences.Silence silence, Instant now) {
            String status;
            if (silence.expiredAt().isPresent()) {
                status = "expired";
            } else if (!now.isBefore(silence.endsAt())) {
                status = "ended";
            } else if (now.isBefore(silence.startsAt())) {
                status = "scheduled";
            } else {
                status = "active";
            }
            return new Silence(
                    silence.id(),
                    silence.service().orElse(null),
                    silence.monitor().orElse(null),
                    silence.tag().orElse(null),
                    silence.severity().map(Severity::code).orElse(null),
                    silence.author(),
                    silence.reason(),
                    silence.startsAt().toString(),
                    silence.endsAt().toString(),
                    silence.createdAt().toString(),
                    ApiModel.time(silence.expiredAt()),
                    silence.expiredBy().orElse(null),
                    status);
        }
    }

    /** Seconds with millisecond precision. */
    static @Nullable Double seconds(Optional<Duration> duration) {
        return duration.map(value -> value.toMillis() / 1000.0).orElse(null);
    }
}
