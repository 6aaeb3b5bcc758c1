package dev.steward.intake;

import dev.steward.alert.AlertmanagerPayload;
import dev.steward.alert.ExternalAlert;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * Prometheus Alertmanager's webhook receiver: each notification is one group, kept as one Steward alert that fires,
 * stays firing or resolves, and is routed, silenced and turned into an incident like Steward's own alerts.
 */
@RestController
class AlertmanagerIntake {

    static final String PATH = "/api/v1/integrations/alertmanager";
    /** Alertmanager sends whole groups; thousands of alerts with annotations stay well below this. */
    static final int BODY_LIMIT = 4 * 1024 * 1024;

    private final IntakeToken token;
    private final ReceivedAlerts received;
    private final IntakeEvents events;
    private final JsonMapper json;
    private final Clock clock;

    AlertmanagerIntake(IntakeToken token, ReceivedAlerts received, IntakeEvents events, JsonMapper json, Clock clock) {
        this.token = token;
        this.received = received;
        this.events = events;
        this.json = json;
        this.clock = clock;
    }

    /**
     * @param status always {@code accepted}
     * @param alert the Steward alert's key for the group
     * @param outcome fired, resolved, or unchanged (already firing, or resolved while not firing)
     */
    record Accepted(String status, String alert, String outcome) {}

    @PostMapping(path = PATH)
    ResponseEntity<Object> receive(
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) @Nullable String authorization,
            InputStream body) {
        switch (token.check(IntakeToken.bearer(authorization))) {
            case OFF -> {
                events.refused(AlertmanagerGroup.SOURCE, "intake_off");
                return problem(
                        HttpStatus.NOT_FOUND,
                        "intake is off: set INTAKE_TOKEN (at least 16 characters) on Steward, and send it from"
                                + " Alertmanager as http_config.authorization.credentials",
                        List.of());
            }
            case MISSING -> {
                events.refused(AlertmanagerGroup.SOURCE, "token_missing");
                return unauthorized(
                        "Bearer realm=\"steward\"",
                        "send Authorization: Bearer <INTAKE_TOKEN> (Alertmanager: http_config.authorization"
                                + ".credentials)");
            }
            case WRONG -> {
                events.refused(AlertmanagerGroup.SOURCE, "token_wrong");
                return unauthorized(
                        "Bearer realm=\"steward\", error=\"invalid_token\"",
                        "the bearer token is not Steward's INTAKE_TOKEN; check http_config.authorization.credentials");
            }
            case VALID -> {}
        }
        AlertmanagerPayload payload;
        switch (JsonBody.read(body, BODY_LIMIT, json)) {
            case JsonBody.Unreadable unreadable -> {
                events.invalid(AlertmanagerGroup.SOURCE, 1);
                return invalid(List.of(unreadable.problem()));
            }
            case JsonBody.Parsed parsed -> {
                switch (AlertmanagerPayload.read(parsed.json())) {
                    case AlertmanagerPayload.Reading.Invalid invalid -> {
                        events.invalid(
                                AlertmanagerGroup.SOURCE, invalid.problems().size());
                        return invalid(invalid.problems());
                    }
                    case AlertmanagerPayload.Reading.Valid valid -> payload = valid.payload();
                }
            }
        }
        ExternalAlert alert = AlertmanagerGroup.alert(payload, clock.instant());
        return switch (received.receive(alert)) {
            case ReceivedAlerts.Receipt.Written written -> {
                String outcome = written.outcome().name().toLowerCase(Locale.ROOT);
                events.received(alert, outcome);
                yield ResponseEntity.ok(new Accepted("accepted", alert.key(), outcome));
            }
            case ReceivedAlerts.Receipt.Busy busy -> {
                events.busy(alert, busy.reason());
                yield ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                        .header(HttpHeaders.RETRY_AFTER, String.valueOf(ReceivedAlerts.TIMEOUT.toSeconds()))
                        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                        .body(problemDetail(
                                HttpStatus.SERVICE_UNAVAILABLE,
                                "Steward could not write the alert yet (" + busy.reason()
                                        + "); try again: Alertmanager retries by itself",
                                List.of()));
            }
        };
    }

    private static ResponseEntity<Object> invalid(List<String> problems) {
        return problem(
                HttpStatus.BAD_REQUEST,
                "the body is not an Alertmanager webhook payload (version 4) Steward can read: " + problems.size()
                        + (problems.size() == 1 ? " problem" : " problems") + ", listed in problems",
                problems);
    }

    private static ResponseEntity<Object> unauthorized(String challenge, String detail) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problemDetail(HttpStatus.UNAUTHORIZED, detail, List.of()));
    }

    private static ResponseEntity<Object> problem(HttpStatus status, String detail, List<String> problems) {
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problemDetail(status, detail, problems));
    }

    private static ProblemDetail problemDetail(HttpStatus status, String detail, List<String> problems) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        if (!problems.isEmpty()) {
            problem.setProperty("problems", problems);
        }
        return problem;
    }
}
