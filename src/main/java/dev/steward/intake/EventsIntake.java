package dev.steward.intake;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.steward.alert.ExternalAlert;
import dev.steward.catalog.Severity;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * PagerDuty's Events API v2 at Steward's address ({@code POST /v2/enqueue}), answered the way PagerDuty answers: a tool
 * that pages PagerDuty pages Steward once its base URL is Steward's and its routing key is {@code INTAKE_TOKEN}.
 */
@RestController
class EventsIntake {

    static final String PATH = "/v2/enqueue";
    /** PagerDuty's own limit for one event. */
    static final int BODY_LIMIT = 512 * 1024;

    private final IntakeToken token;
    private final ReceivedAlerts received;
    private final IntakeEvents events;
    private final JsonMapper json;
    private final Clock clock;

    EventsIntake(IntakeToken token, ReceivedAlerts received, IntakeEvents events, JsonMapper json, Clock clock) {
        this.token = token;
        this.received = received;
        this.events = events;
        this.json = json;
        this.clock = clock;
    }

    /** The 202 answer: {@code {"status":"success","message":"Event processed","dedup_key":"…"}}. */
    record EventAccepted(
            String status,
            String message,
            @JsonProperty("dedup_key") String dedupKey) {}

    /**
     * A refusal: {@code invalid event} (400) with every error naming its field, or {@code unavailable} (503, try
     * again).
     */
    record EventRejected(String status, String message, List<String> errors) {}

    @PostMapping(path = PATH)
    ResponseEntity<Object> enqueue(InputStream body) {
        JsonNode event;
        switch (JsonBody.read(body, BODY_LIMIT, json)) {
            case JsonBody.Unreadable unreadable -> {
                events.invalid(PagerDutyEvent.SOURCE, 1);
                return invalid("Event object is invalid", List.of(unreadable.problem()));
            }
            case JsonBody.Parsed parsed -> event = parsed.json();
        }
        switch (token.check(event.isObject() ? PagerDutyEvent.routingKey(event) : null)) {
            case OFF -> {
                events.refused(PagerDutyEvent.SOURCE, "intake_off");
                return invalid(
                        "Event object is invalid: intake is off; set INTAKE_TOKEN on Steward and send it as"
                                + " routing_key",
                        List.of("Invalid routing key"));
            }
            case MISSING -> {
                events.refused(PagerDutyEvent.SOURCE, "token_missing");
                return invalid("Event object is invalid", List.of("Invalid routing key"));
            }
            case WRONG -> {
                events.refused(PagerDutyEvent.SOURCE, "token_wrong");
                return invalid("Event object is invalid", List.of("Invalid routing key"));
            }
            case VALID -> {}
        }
        return switch (PagerDutyEvent.read(event)) {
            case PagerDutyEvent.Reading.Invalid invalid -> {
                events.invalid(PagerDutyEvent.SOURCE, invalid.errors().size());
                yield invalid("Event object is invalid", invalid.errors());
            }
            case PagerDutyEvent.Reading.Valid valid -> act(valid.event());
        };
    }

    private ResponseEntity<Object> act(PagerDutyEvent event) {
        String dedup =
                event.dedupKey().orElseGet(() -> UUID.randomUUID().toString().replace("-", ""));
        String key = PagerDutyEvent.key(dedup);
        return switch (event.action()) {
            case TRIGGER -> write(event.trigger(dedup, clock.instant()), dedup);
            case RESOLVE -> write(resolution(event, key), dedup);
            case ACKNOWLEDGE -> {
                switch (received.acknowledge(key, event.author())) {
                    case ReceivedAlerts.Acknowledgement.Done done ->
                        events.acknowledged(
                                PagerDutyEvent.SOURCE,
                                key,
                                "acknowledged",
                                "incident " + done.incidentId() + " acknowledged by " + event.author());
                    case ReceivedAlerts.Acknowledgement.Nothing nothing ->
                        events.acknowledged(PagerDutyEvent.SOURCE, key, "unchanged", nothing.reason());
                }
                yield accepted(dedup);
            }
        };
    }

    /** A resolve keeps the alert's stored service and title; the payload, when there is one, says how it ended. */
    private ExternalAlert resolution(PagerDutyEvent event, String key) {
        Optional<ReceivedAlerts.Stored> stored = received.stored(key);
        Optional<PagerDutyEvent.Payload> payload = event.payload();
        return new ExternalAlert(
                key,
                PagerDutyEvent.SOURCE,
                stored.map(ReceivedAlerts.Stored::service)
                        .or(() -> payload.map(PagerDutyEvent::service))
                        .orElse("events"),
                stored.map(ReceivedAlerts.Stored::title)
                        .or(() -> payload.map(PagerDutyEvent.Payload::summary))
                        .orElse(key),
                stored.map(ReceivedAlerts.Stored::severity)
                        .or(() -> payload.map(PagerDutyEvent.Payload::severity))
                        .orElse(Severity.LOW),
                false,
                payload.map(PagerDutyEvent.Payload::summary)
                        .filter(summary -> !summary.isBlank())
                        .orElse("resolved by " + event.author()),
                Map.of(),
                event.link(),
                payload.flatMap(PagerDutyEvent.Payload::timestamp)
                        .filter(at -> at.isBefore(clock.instant()))
                        .orElse(clock.instant()));
    }

    private ResponseEntity<Object> write(ExternalAlert alert, String dedup) {
        return switch (received.receive(alert)) {
            case ReceivedAlerts.Receipt.Written written -> {
                events.received(alert, written.outcome().name().toLowerCase(Locale.ROOT));
                yield accepted(dedup);
            }
            case ReceivedAlerts.Receipt.Busy busy -> {
                events.busy(alert, busy.reason());
                yield ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                        .header(HttpHeaders.RETRY_AFTER, String.valueOf(ReceivedAlerts.TIMEOUT.toSeconds()))
                        .body(new EventRejected(
                                "unavailable",
                                "Steward could not write the event yet (" + busy.reason() + "); try again",
                                List.of()));
            }
        };
    }

    private static ResponseEntity<Object> accepted(String dedup) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new EventAccepted("success", "Event processed", dedup));
    }

    private static ResponseEntity<Object> invalid(String message, List<String> errors) {
        return ResponseEntity.badRequest().body(new EventRejected("invalid event", message, errors));
    }
}
