package dev.steward.api;

import dev.steward.alert.Alerts;
import dev.steward.catalog.Severity;
import dev.steward.config.Durations;
import dev.steward.incident.IncidentViews;
import dev.steward.notify.Delivery;
import dev.steward.notify.Notifications;
import dev.steward.notify.Rendered;
import dev.steward.notify.Silences;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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

    /**
     * A notification channel of the catalog.
     *
     * @param target where its messages go, with secrets masked, e.g. {@code POST https://hooks.example.com/…}
     */
    record Channel(String name, String type, String target) {}

    /**
     * What a channel's receiver made of a test message.
     *
     * @param status the HTTP status (or SMTP reply code) when the receiver answered
     * @param answer the start of the receiver's answer, when it gave one
     * @param error why it was not delivered, naming the host, never a secret
     */
    record ChannelTest(
            String channel,
            boolean delivered,
            @Nullable Integer status,
            @Nullable String answer,
            @Nullable String error) {

        static ChannelTest of(String channel, Delivery delivery) {
            return switch (delivery) {
                case Delivery.Delivered delivered ->
                    new ChannelTest(channel, true, delivered.status(), blankToNull(delivered.answer()), null);
                case Delivery.Failed failed ->
                    new ChannelTest(
                            channel, false, failed.status().orElse(null), blankToNull(failed.answer()), failed.error());
            };
        }
    }

    /**
     * A message as a channel would send it; secrets masked, nothing sent.
     *
     * @param headers request headers, or for email the mail headers
     * @param body the request body, or for email the plain-text part
     * @param html the HTML part of an email; empty for other channels
     */
    record RenderedMessage(
            String channel, String type, String target, Map<String, String> headers, String body, String html) {

        static RenderedMessage of(Rendered rendered) {
            return new RenderedMessage(
                    rendered.channel(),
                    rendered.type(),
                    rendered.target(),
                    new TreeMap<>(rendered.headers()),
                    rendered.body(),
                    rendered.html());
        }
    }

    /** One alert; docs/API.md explains phase and status. */
    record Alert(
            long id,
            String key,
            String source,
            String service,
            @Nullable String monitor,
            String title,
            String phase,
            String status,
            String severity,
            String since,
            @Nullable String firedAt,
            @Nullable String resolvedAt,
            @Nullable String acknowledgedAt,
            @Nullable String acknowledgedBy,
            @Nullable String lastMessage,
            @Nullable String lastError,
            @Nullable Long incidentId) {

        static Alert of(Alerts.AlertView alert) {
            return new Alert(
                    alert.id(),
                    alert.key(),
                    alert.source(),
                    alert.service(),
                    alert.monitor().orElse(null),
                    alert.title(),
                    alert.phase(),
                    alert.status(),
                    alert.severity(),
                    alert.since().toString(),
                    ApiModel.time(alert.firedAt()),
                    ApiModel.time(alert.resolvedAt()),
                    ApiModel.time(alert.acknowledgedAt()),
                    alert.acknowledgedBy().orElse(null),
                    alert.lastMessage().orElse(null),
                    alert.lastError().orElse(null),
                    alert.incidentId().orElse(null));
        }
    }

    /**
     * One change of an alert's phase.
     *
     * @param cause the result or received alert that caused it, as stored
     */
    record AlertTransition(
            String at, String transition, String from, String to, String severity, Map<String, Object> cause) {}

    /** An alert with its latest transitions, newest first. */
    record AlertDetail(Alert alert, List<AlertTransition> transitions) {}

    /** One message to one channel in the outbox; docs/API.md explains each status. */
    record Notification(
            long id,
            String idempotencyKey,
            String channel,
            String channelType,
            String event,
            @Nullable Long alertId,
            @Nullable Long incidentId,
            String service,
            String title,
            String status,
            @Nullable String suppressedReason,
            String createdAt,
            @Nullable String nextAttemptAt,
            int attempts,
            @Nullable String lastError,
            @Nullable String deliveredAt) {

        static Notification of(Notifications.NotificationView notification) {
            return new Notification(
                    notification.id(),
                    notification.idempotencyKey(),
                    notification.channel(),
                    notification.channelType(),
                    notification.event(),
                    notification.alertId().orElse(null),
                    notification.incidentId().orElse(null),
                    notification.service(),
                    notification.title(),
                    notification.status(),
                    notification.suppressedReason().orElse(null),
                    notification.createdAt().toString(),
                    ApiModel.time(notification.nextAttemptAt()),
                    notification.attempts(),
                    notification.lastError().orElse(null),
                    ApiModel.time(notification.deliveredAt()));
        }
    }

    /** One delivery attempt of a notification. */
    record NotificationAttempt(
            String at,
            int durationMs,
            String outcome,
            @Nullable Integer statusCode,
            @Nullable String answer,
            @Nullable String error) {

        static NotificationAttempt of(Notifications.Attempt attempt) {
            return new NotificationAttempt(
                    attempt.at().toString(),
                    attempt.durationMs(),
                    attempt.outcome(),
                    attempt.statusCode().orElse(null),
                    attempt.answer().orElse(null),
                    attempt.error().orElse(null));
        }
    }

    /** A notification with every delivery attempt, oldest first. */
    record NotificationDetail(Notification notification, List<NotificationAttempt> attempts) {

        static NotificationDetail of(Notifications.NotificationDetail detail) {
            return new NotificationDetail(
                    Notification.of(detail.notification()),
                    detail.attempts().stream().map(NotificationAttempt::of).toList());
        }
    }

    /**
     * A maintenance window of the catalog, and whether it is on now.
     *
     * @param services the services it covers; empty means every service
     * @param schedule when it is on, e.g. {@code 0 3 * * SUN for 30m (Europe/Berlin)}
     * @param activeUntil the end of the occurrence in force now; null when it is off
     * @param nextStart the start of the next occurrence after now; null when there is none
     */
    record MaintenanceWindow(
            List<String> services,
            String schedule,
            @Nullable String reason,
            String location,
            boolean activeNow,
            @Nullable String activeUntil,
            @Nullable String nextStart) {

        static MaintenanceWindow of(dev.steward.catalog.MaintenanceWindow window, Instant now) {
            Optional<Instant> until = window.activeUntil(now);
            return new MaintenanceWindow(
                    window.services(),
                    switch (window.schedule()) {
                        case dev.steward.catalog.MaintenanceWindow.Schedule.Recurring recurring ->
                            recurring.cron().strip() + " for " + Durations.format(recurring.duration()) + " ("
                                    + recurring.zone().getId() + ")";
                        case dev.steward.catalog.MaintenanceWindow.Schedule.Once once ->
                            "once, " + once.start() + " to " + once.end();
                    },
                    window.reason().orElse(null),
                    window.location(),
                    until.isPresent(),
                    ApiModel.time(until),
                    ApiModel.time(window.nextStart(now)));
        }
    }

    private static @Nullable String blankToNull(String text) {
        return text.isBlank() ? null : text;
    }

    /** Seconds with millisecond precision. */
    static @Nullable Double seconds(Optional<Duration> duration) {
        return duration.map(value -> value.toMillis() / 1000.0).orElse(null);
    }
}
