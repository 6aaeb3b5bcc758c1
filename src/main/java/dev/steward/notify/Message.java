package dev.steward.notify;

import dev.steward.catalog.Severity;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;

/**
 * One notification about one alert, as every channel renders it: what is wrong, since when, the last error, and where
 * to look. Stored in the outbox as JSON, so it is rendered the same way on every retry.
 *
 * @param idempotencyKey unique per message and channel; sent with every attempt so a receiver can drop duplicates
 * @param dedupKey stable for one firing of one alert (trigger, repeats, acknowledge and resolve share it); PagerDuty's
 *     {@code dedup_key}
 * @param monitor the monitor's name when the alert is a monitor's
 * @param title one line, e.g. {@code booky-api/health is down}
 * @param summary what is wrong, e.g. {@code HTTP 503: [STATUS] (503) == 200}
 * @param since when the alert fired (for a resolve: when it had fired)
 * @param lastError the last result's error code and message, when there was one
 * @param link the service's page in Steward
 * @param runbook the service's runbook, when the catalog names one
 * @param at when the event happened (fired, resolved, acknowledged)
 * @param acknowledgedBy who acknowledged, for {@link Event#ACKNOWLEDGE}
 * @param test true for a test send: receivers should not page anyone
 */
public record Message(
        String idempotencyKey,
        Event event,
        String dedupKey,
        String service,
        Optional<String> monitor,
        String title,
        Severity severity,
        String summary,
        Instant since,
        Optional<String> lastError,
        URI link,
        Optional<URI> runbook,
        Instant at,
        Optional<Long> incidentId,
        Optional<String> acknowledgedBy,
        boolean test) {

    /** The same message under another idempotency key (one per channel and event). */
    public Message withKey(String key) {
        return new Message(
                key,
                event,
                dedupKey,
                service,
                monitor,
                title,
                severity,
                summary,
                since,
                lastError,
                link,
                runbook,
                at,
                incidentId,
                acknowledgedBy,
                test);
    }

    /**
     * A follow-up of the same firing (same dedup key, title, since and links): a reminder, an acknowledgement, or the
     * announcement of a firing whose suppression ended. The idempotency key is set per channel by the outbox.
     */
    public Message followUp(
            Event next, String nextSummary, Instant nextAt, Optional<Long> nextIncident, Optional<String> by) {
        return new Message(
                "",
                next,
                dedupKey,
                service,
                monitor,
                title,
                severity,
                nextSummary,
                since,
                lastError,
                link,
                runbook,
                nextAt,
                nextIncident,
                by,
                false);
    }

    /** What the message announces. */
    public enum Event {
        /** The alert fired. */
        TRIGGER,
        /** Still firing and nobody acknowledged: a reminder (same dedup key as the trigger). */
        REPEAT,
        /** Someone acknowledged the alert's incident. */
        ACKNOWLEDGE,
        /** The alert resolved. */
        RESOLVE;

        /** The lower-case name used in JSON bodies and the API. */
        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
