package dev.steward.intake;

import dev.steward.alert.AlertEngine;
import dev.steward.alert.ExternalAlert;
import dev.steward.catalog.Severity;
import dev.steward.config.Durations;
import dev.steward.incident.Incidents;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Hands received alerts to the alert engine and waits until they are written, and finds what Steward already keeps
 * under an alert's key (its service, title and incident) for acknowledge and resolve events.
 */
final class ReceivedAlerts {

    /** How long a sender waits for the engine before it is told to try again. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final AlertEngine engine;
    private final Incidents incidents;
    private final JdbcClient jdbc;
    private final Duration timeout;

    ReceivedAlerts(AlertEngine engine, Incidents incidents, DataSource dataSource, Duration timeout) {
        this.engine = engine;
        this.incidents = incidents;
        this.jdbc = JdbcClient.create(dataSource);
        this.timeout = timeout;
    }

    /** What became of a received alert. */
    sealed interface Receipt {
        /** Written: transition, notifications and incident in one transaction (or nothing to change). */
        record Written(AlertEngine.Outcome outcome) implements Receipt {}

        /** Not written in time, or not queued; the sender should send it again. */
        record Busy(String reason) implements Receipt {}
    }

    Receipt receive(ExternalAlert alert) {
        try {
            return new Receipt.Written(engine.receive(alert).get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            // Still queued: it is written later, and the sender's retry then changes nothing.
            return new Receipt.Busy("not written within " + Durations.format(timeout));
        } catch (ExecutionException e) {
            return new Receipt.Busy(
                    e.getCause() == null ? "not queued" : e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Receipt.Busy("interrupted while waiting for the alert engine");
        }
    }

    /** An alert Steward keeps, as far as intake needs it. */
    record Stored(String service, String title, Severity severity, boolean firing, Optional<Long> incidentId) {}

    Optional<Stored> stored(String key) {
        return jdbc.sql("""
                        select service, title, severity, phase, incident_id from alert where key = :key""")
                .param("key", key)
                .query((rows, n) -> new Stored(
                        rows.getString("service"),
                        rows.getString("title"),
                        Severity.valueOf(rows.getString("severity").toUpperCase(Locale.ROOT)),
                        rows.getString("phase").equals("firing"),
                        Optional.ofNullable(rows.getObject("incident_id", Long.class))))
                .optional();
    }

    /** What an acknowledge event did. */
    sealed interface Acknowledgement {
        record Done(long incidentId) implements Acknowledgement {}

        /** Nothing to acknowledge; the reason says why (unknown key, not firing, no incident, acknowledged already). */
        record Nothing(String reason) implements Acknowledgement {}
    }

    /** Acknowledges the open incident of the firing alert with this key, as {@code author}. */
    Acknowledgement acknowledge(String key, String author) {
        Optional<Stored> alert = stored(key);
        if (alert.isEmpty()) {
            return new Acknowledgement.Nothing("no alert has this key");
        }
        if (!alert.get().firing()) {
            return new Acknowledgement.Nothing("the alert is not firing");
        }
        if (alert.get().incidentId().isEmpty()) {
            return new Acknowledgement.Nothing(
                    "the alert has no incident (its severity is below the incident severity)");
        }
        long incidentId = alert.get().incidentId().get();
        return switch (incidents.acknowledge(incidentId, author)) {
            case Incidents.Change.Done done -> new Acknowledgement.Done(incidentId);
            case Incidents.Change.NotFound missing ->
                new Acknowledgement.Nothing("incident " + incidentId + " is gone");
            case Incidents.Change.Conflict conflict -> new Acknowledgement.Nothing(conflict.message());
        };
    }
}
