package dev.steward.incident;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What the incident API and CLI show: incidents, their timelines and the response times per service. */
public final class IncidentViews {

    private IncidentViews() {}

    /**
     * One incident.
     *
     * @param severity critical, high, medium or low: the highest of its alerts
     * @param status open, acknowledged or resolved
     * @param alertsFiring how many of its alerts are firing now
     */
    public record Incident(
            long id,
            String service,
            String title,
            String severity,
            String status,
            Instant openedAt,
            Optional<Instant> acknowledgedAt,
            Optional<String> acknowledgedBy,
            Optional<Instant> resolvedAt,
            Optional<String> resolvedBy,
            Optional<URI> runbook,
            int alertsFiring) {}

    /**
     * One entry of an incident's timeline.
     *
     * @param kind opened, alert_fired, alert_resolved, notified, notification_failed, suppressed, acknowledged, note,
     *     resolved, severity_raised
     * @param author who did it, for people's actions; empty for Steward's own
     */
    public record TimelineEntry(long id, Instant at, String kind, Optional<String> author, String text) {}

    /** An incident with its timeline, oldest entry first. */
    public record IncidentDetail(Incident incident, List<TimelineEntry> timeline) {

        public IncidentDetail {
            timeline = List.copyOf(timeline);
        }
    }

    /**
     * Response figures of one service over a window: mean time to acknowledge (opened → acknowledged) and to resolve
     * (opened → resolved), over the incidents opened in the window that reached that point.
     */
    public record ResponseTimes(
            String service,
            int incidents,
            int acknowledged,
            int resolved,
            Optional<Duration> mtta,
            Optional<Duration> mttr) {}
}
