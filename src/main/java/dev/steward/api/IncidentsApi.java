package dev.steward.api;

import dev.steward.config.Durations;
import dev.steward.incident.Incidents;
import java.net.URI;
import java.security.Principal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Incidents with their timelines; acknowledging, resolving and annotating them; response times per service. */
@RestController
@RequestMapping(path = "/api/v1/incidents", produces = "application/json")
class IncidentsApi {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    static final List<String> STATUSES = List.of("open", "acknowledged", "resolved", "unresolved");
    static final Duration LONGEST_WINDOW = Duration.ofDays(365);

    private static final Logger log = LoggerFactory.getLogger(IncidentsApi.class);

    private final Incidents incidents;

    IncidentsApi(Incidents incidents) {
        this.incidents = incidents;
    }

    @GetMapping
    Map<String, Object> incidents(
            @RequestParam(required = false) @Nullable String status,
            @RequestParam(required = false) @Nullable String service,
            @RequestParam(required = false) @Nullable Integer limit) {
        if (status != null && !STATUSES.contains(status)) {
            throw ApiProblems.badRequest(
                    "status",
                    "\"" + status + "\" is not an incident status; use " + String.join(", ", STATUSES)
                            + " (open or acknowledged)");
        }
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw ApiProblems.badRequest("limit", "limit " + size + " is outside 1 to " + MAX_LIMIT);
        }
        List<AlertingModel.Incident> list =
                incidents.list(Optional.ofNullable(status), Optional.ofNullable(service), size).stream()
                        .map(AlertingModel.Incident::of)
                        .toList();
        return Map.of("incidents", list);
    }

    @GetMapping("/{id}")
    AlertingModel.IncidentDetail incident(@PathVariable long id) {
        return incidents.find(id).map(AlertingModel.IncidentDetail::of).orElseThrow(() -> notFound(id));
    }

    @PostMapping("/{id}/acknowledge")
    AlertingModel.IncidentDetail acknowledge(
            @PathVariable long id, @RequestBody(required = false) @Nullable JsonNode body, Principal principal) {
        RequestFields fields = new RequestFields(body, List.of("author"));
        String author = fields.actor(principal);
        fields.check("the acknowledgement");
        return done(id, "acknowledged", author, incidents.acknowledge(id, author));
    }

    @PostMapping("/{id}/resolve")
    AlertingModel.IncidentDetail resolve(
            @PathVariable long id, @RequestBody(required = false) @Nullable JsonNode body, Principal principal) {
        RequestFields fields = new RequestFields(body, List.of("author", "note"));
        String author = fields.actor(principal);
        Optional<String> note = fields.optionalText("note", RequestFields.TEXT_LENGTH);
        fields.check("the resolution");
        return done(id, "resolved", author, incidents.resolve(id, author, note));
    }

    @PostMapping("/{id}/notes")
    ResponseEntity<AlertingModel.IncidentDetail> note(
            @PathVariable long id, @RequestBody(required = false) @Nullable JsonNode body, Principal principal) {
        RequestFields fields = new RequestFields(body, List.of("author", "text"));
        String author = fields.actor(principal);
        String text = fields.requiredText(
                "text", RequestFields.TEXT_LENGTH, "what to add to the timeline, e.g. \"rolled back to 1.4.2\"");
        fields.check("the note");
        AlertingModel.IncidentDetail detail = done(id, "noted", author, incidents.note(id, author, text));
        return ResponseEntity.created(URI.create("/api/v1/incidents/" + id)).body(detail);
    }

    @GetMapping("/response-times")
    Map<String, Object> responseTimes(@RequestParam(required = false) @Nullable String window) {
        String text = window == null ? "30d" : window;
        Duration span = Durations.parse(text)
                .filter(parsed -> parsed.compareTo(Duration.ofMinutes(1)) >= 0 && parsed.compareTo(LONGEST_WINDOW) <= 0)
                .orElseThrow(() -> ApiProblems.badRequest(
                        "window",
                        "window \"" + text + "\" is not a duration from 1m to 365d; use e.g. 7d, 30d or 24h"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("window", Durations.format(span));
        body.put(
                "services",
                incidents.responseTimes(span).stream()
                        .map(AlertingModel.ResponseTimes::of)
                        .toList());
        return body;
    }

    private static AlertingModel.IncidentDetail done(long id, String action, String author, Incidents.Change change) {
        return switch (change) {
            case Incidents.Change.Done done -> {
                log.atInfo()
                        .addKeyValue("event", "incident_" + action)
                        .addKeyValue("incident", id)
                        .addKeyValue("author", author)
                        .log("incident " + action + " through the API");
                yield AlertingModel.IncidentDetail.of(done.incident());
            }
            case Incidents.Change.NotFound notFound -> throw notFound(notFound.id());
            case Incidents.Change.Conflict conflict -> throw ApiProblems.conflict(conflict.message());
        };
    }

    private static ApiProblems.ApiException notFound(long id) {
        return ApiProblems.notFound("No incident " + id + "; GET /api/v1/incidents lists them");
    }
}
