package dev.steward.notify;

import dev.steward.catalog.Severity;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/** Messages for channel tests: a firing alert with every field, and variations of it. */
final class Messages {

    static final Instant SINCE = Instant.parse("2025-03-01T10:15:00Z");
    static final Instant AT = Instant.parse("2025-03-01T10:27:30Z");
    static final Instant NOW = Instant.parse("2025-03-01T10:27:31Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private Messages() {}

    static Message trigger() {
        return new Message(
                "ntf-7f3a9c",
                Message.Event.TRIGGER,
                "alert-42-1740823500",
                "booky-api",
                Optional.of("health"),
                "booky-api/health is down",
                Severity.HIGH,
                "HTTP 503: [STATUS] (503) == 200",
                SINCE,
                Optional.of("http_status: 503 Service Unavailable"),
                URI.create("https://steward.example.com/services/booky-api"),
                Optional.of(URI.create("https://git.example.com/booky/docs/RUNBOOK.md")),
                SINCE,
                Optional.of(42L),
                Optional.empty(),
                false);
    }

    static Message bare() {
        Message m = trigger();
        return new Message(
                m.idempotencyKey(),
                m.event(),
                m.dedupKey(),
                m.service(),
                Optional.empty(),
                m.title(),
                m.severity(),
                m.summary(),
                m.since(),
                Optional.empty(),
                m.link(),
                Optional.empty(),
                m.at(),
                Optional.empty(),
                Optional.empty(),
                false);
    }

    static Message with(Message.Event event, String idempotencyKey) {
        Message m = trigger();
        return new Message(
                idempotencyKey,
                event,
                m.dedupKey(),
                m.service(),
                m.monitor(),
                m.title(),
                m.severity(),
                m.summary(),
                m.since(),
                m.lastError(),
                m.link(),
                m.runbook(),
                AT,
                m.incidentId(),
                event == Message.Event.ACKNOWLEDGE ? Optional.of("alice") : Optional.empty(),
                false);
    }

    static Message withSeverity(Message m, Severity severity) {
        return new Message(
                m.idempotencyKey(),
                m.event(),
                m.dedupKey(),
                m.service(),
                m.monitor(),
                m.title(),
                severity,
                m.summary(),
                m.since(),
                m.lastError(),
                m.link(),
                m.runbook(),
                m.at(),
                m.incidentId(),
                m.acknowledgedBy(),
                m.test());
    }

    static Message withTitle(Message m, String title, String summary, String lastError) {
        return new Message(
                m.idempotencyKey(),
                m.event(),
                m.dedupKey(),
                m.service(),
                m.monitor(),
                title,
                m.severity(),
                summary,
                m.since(),
                Optional.of(lastError),
                m.link(),
                m.runbook(),
                m.at(),
                m.incidentId(),
                m.acknowledgedBy(),
                m.test());
    }

    static Message asTest(Message m) {
        return new Message(
                m.idempotencyKey(),
                m.event(),
                m.dedupKey(),
                m.service(),
                m.monitor(),
                m.title(),
                m.severity(),
                m.summary(),
                m.since(),
                m.lastError(),
                m.link(),
                m.runbook(),
                m.at(),
                m.incidentId(),
                m.acknowledgedBy(),
                true);
    }
}
