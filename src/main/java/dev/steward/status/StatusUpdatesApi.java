package dev.steward.status;

import dev.steward.access.AccessException;
import dev.steward.access.Actors;
import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The public updates of an incident: what the status page says about it, written by operators. */
@RestController
@RequestMapping(path = "/api/v1/incidents/{id}/updates", produces = "application/json")
class StatusUpdatesApi {

    /** The longest message: a status page update is a paragraph or two, not a post-mortem. */
    static final int MESSAGE_LENGTH = 5000;

    /** The longest author name, as for the other incident actions. */
    static final int AUTHOR_LENGTH = Actors.AUTHOR_LENGTH;

    private static final List<String> FIELDS = List.of("status", "message", "author");

    private static final Logger log = LoggerFactory.getLogger(StatusUpdatesApi.class);

    private final StatusUpdates updates;

    StatusUpdatesApi(StatusUpdates updates) {
        this.updates = updates;
    }

    /**
     * One update as the API shows it.
     *
     * @param author who wrote it (shown here, never on the public page)
     */
    record UpdateView(long id, long incidentId, String status, String message, String author, Instant createdAt) {

        static UpdateView of(StatusUpdate update) {
            return new UpdateView(
                    update.id(),
                    update.incidentId(),
                    update.status().code(),
                    update.message(),
                    update.author(),
                    update.createdAt());
        }
    }

    @GetMapping
    Map<String, Object> updates(@PathVariable long id) {
        List<UpdateView> list = updates.list(id).orElseThrow(() -> notFound(id)).stream()
                .map(UpdateView::of)
                .toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("incidentId", id);
        body.put("updates", list);
        return body;
    }

    /**
     * Posts an update, recorded under the signed-in user or API token (a token may name whom it writes for in {@code
     * author}). Without a principal (the access rules require an operator, so only if they are switched off) the
     * body's {@code author} names the writer.
     */
    @PostMapping
    ResponseEntity<UpdateView> post(
            @PathVariable long id,
            @RequestBody(required = false) @Nullable JsonNode body,
            @Nullable Principal principal) {
        if (body != null && !body.isObject() && !body.isNull() && !body.isMissingNode()) {
            throw StatusProblems.badRequest(
                    "body", "the request body must be a JSON object with the fields " + String.join(", ", FIELDS));
        }
        List<StatusProblems.FieldError> errors = new ArrayList<>();
        @Nullable JsonNode fields = body != null && body.isObject() ? body : null;
        if (fields != null) {
            for (String name : fields.propertyNames()) {
                if (!FIELDS.contains(name)) {
                    errors.add(new StatusProblems.FieldError(
                            name, "not a field of this request, which takes " + String.join(", ", FIELDS)));
                }
            }
        }
        Optional<PublicIncidentStatus> status = text(fields, "status", errors).flatMap(code -> {
            Optional<PublicIncidentStatus> known =
                    PublicIncidentStatus.fromCode(code.strip().toLowerCase(Locale.ROOT));
            if (known.isEmpty()) {
                errors.add(new StatusProblems.FieldError(
                        "status",
                        "\"" + code + "\" is not a public status; use one of "
                                + String.join(", ", PublicIncidentStatus.codes())));
            }
            return known;
        });
        if (status.isEmpty() && errors.stream().noneMatch(error -> error.field().equals("status"))) {
            errors.add(new StatusProblems.FieldError(
                    "status", "required; one of " + String.join(", ", PublicIncidentStatus.codes())));
        }
        String message = required(
                fields,
                "message",
                MESSAGE_LENGTH,
                "what the public should read, e.g. \"We found the cause and are deploying a fix.\"",
                errors);
        String author = principal != null
                ? actor(principal, fields, errors)
                : required(fields, "author", AUTHOR_LENGTH, "say who writes this, e.g. \"alice\"", errors);
        if (!errors.isEmpty()) {
            throw StatusProblems.invalidFields("the update", errors);
        }
        StatusUpdate update =
                updates.add(id, status.orElseThrow(), message, author).orElseThrow(() -> notFound(id));
        log.atInfo()
                .addKeyValue("event", "status_update_posted")
                .addKeyValue("incident", id)
                .addKeyValue("status", update.status().code())
                .addKeyValue("author", author)
                .log("public update posted on incident " + id);
        return ResponseEntity.created(URI.create("/api/v1/incidents/" + id + "/updates"))
                .body(UpdateView.of(update));
    }

    private static Optional<String> text(
            @Nullable JsonNode fields, String field, List<StatusProblems.FieldError> errors) {
        if (fields == null) {
            return Optional.empty();
        }
        JsonNode value = fields.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isString()) {
            errors.add(new StatusProblems.FieldError(
                    field, "must be a string, not " + value.getNodeType().name().toLowerCase(Locale.ROOT)));
            return Optional.empty();
        }
        return Optional.of(value.asString());
    }

    private static String required(
            @Nullable JsonNode fields, String field, int limit, String hint, List<StatusProblems.FieldError> errors) {
        int before = errors.size();
        Optional<String> value = text(fields, field, errors);
        if (errors.size() > before) {
            return "";
        }
        if (value.isEmpty() || value.get().isBlank()) {
            errors.add(new StatusProblems.FieldError(field, "required; " + hint));
            return "";
        }
        if (value.get().length() > limit) {
            errors.add(new StatusProblems.FieldError(field, "longer than " + limit + " characters; shorten it"));
        }
        return value.get().strip();
    }

    /**
     * The signed-in user or API token; a token may name the person it writes for in {@code author} (recorded as
     * "alice via token:chatops"), as for the other incident actions.
     */
    private static String actor(
            Principal principal, @Nullable JsonNode fields, List<StatusProblems.FieldError> errors) {
        int before = errors.size();
        Optional<String> author = text(fields, "author", errors);
        if (errors.size() > before) {
            return Actors.name(principal);
        }
        if (author.isPresent() && author.get().length() > AUTHOR_LENGTH) {
            errors.add(new StatusProblems.FieldError("author", "longer than " + AUTHOR_LENGTH + " characters"));
            return Actors.name(principal);
        }
        try {
            return Actors.name(principal, author);
        } catch (AccessException e) {
            errors.add(new StatusProblems.FieldError(e.field(), e.getMessage()));
            return Actors.name(principal);
        }
    }

    private static StatusProblems.StatusException notFound(long id) {
        return StatusProblems.notFound("No incident " + id + "; GET /api/v1/incidents lists them");
    }
}
