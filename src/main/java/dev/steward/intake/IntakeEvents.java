package dev.steward.intake;

import dev.steward.alert.ExternalAlert;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What intake tells operators: one log event per request that reached a decision, and
 * {@code steward_intake_requests_total{source, outcome}}.
 */
final class IntakeEvents {

    private static final Logger log = LoggerFactory.getLogger(IntakeEvents.class);

    private final MeterRegistry meters;

    IntakeEvents(MeterRegistry meters) {
        this.meters = meters;
    }

    void received(ExternalAlert alert, String outcome) {
        count(alert.source(), outcome);
        log.atInfo()
                .addKeyValue("event", "intake_received")
                .addKeyValue("source", alert.source())
                .addKeyValue("alert", alert.key())
                .addKeyValue("service", alert.service())
                .addKeyValue("severity", alert.severity().code())
                .addKeyValue("outcome", outcome)
                .log("alert received from another tool");
    }

    void acknowledged(String source, String key, String outcome, String detail) {
        count(source, outcome);
        log.atInfo()
                .addKeyValue("event", "intake_acknowledge")
                .addKeyValue("source", source)
                .addKeyValue("alert", key)
                .addKeyValue("outcome", outcome)
                .log(detail);
    }

    /** Refused before the body was read: intake off, or a missing or wrong token. Never logs what was presented. */
    void refused(String source, String reason) {
        count(source, reason);
        log.atInfo()
                .addKeyValue("event", "intake_refused")
                .addKeyValue("source", source)
                .addKeyValue("reason", reason)
                .log("alert from another tool refused");
    }

    void invalid(String source, int problems) {
        count(source, "invalid");
        log.atInfo()
                .addKeyValue("event", "intake_invalid")
                .addKeyValue("source", source)
                .addKeyValue("problems", problems)
                .log("alert from another tool is invalid; the sender was told every problem");
    }

    void busy(ExternalAlert alert, String reason) {
        count(alert.source(), "unavailable");
        log.atWarn()
                .addKeyValue("event", "intake_unavailable")
                .addKeyValue("source", alert.source())
                .addKeyValue("alert", alert.key())
                .addKeyValue("reason", reason)
                .log("alert from another tool not written in time; the sender was told to try again");
    }

    private void count(String source, String outcome) {
        Counter.builder("steward_intake_requests_total")
                .description("requests to the intake endpoints (Alertmanager, Events API) by outcome")
                .tag("source", source)
                .tag("outcome", outcome)
                .register(meters)
                .increment();
    }
}
