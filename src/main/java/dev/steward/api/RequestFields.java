package dev.steward.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads the fields of a JSON request body and collects every problem with them (a missing author, a field of the
 * wrong type, a misspelt field name), so one 422 answer names them all instead of one per attempt.
 */
final class RequestFields {

    /** The longest author name: it goes into timelines, logs and notifications. */
    static final int AUTHOR_LENGTH = 100;

    /** The longest free text (a note, a reason). */
    static final int TEXT_LENGTH = 10_000;

    private final @Nullable JsonNode body;
    private final List<AlertingModel.FieldError> errors = new ArrayList<>();

    /**
     * @param body the parsed body; null when the request had none
     * @param fields the fields this request takes; any other is reported as a problem
     */
    RequestFields(@Nullable JsonNode body, List<String> fields) {
        if (body != null && !body.isObject() && !body.isNull() && !body.isMissingNode()) {
            throw ApiProblems.badRequest(
                    "body", "the request body must be a JSON object with the fields " + String.join(", ", fields));
        }
        this.body = body != null && body.isObject() ? body : null;
        if (this.body != null) {
            for (String name : this.body.propertyNames()) {
                if (!fields.contains(name)) {
                    errors.add(new AlertingModel.FieldError(
                            name, "not a field of this request, which takes " + String.join(", ", fields)));
                }
            }
        }
    }

    /** A text field; empty when absent or null, and a problem when it is not a string. */
    Optional<String> text(String field) {
        if (body == null) {
            return Optional.empty();
        }
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isString()) {
            problem(field, "must be a string, not " + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
            return Optional.empty();
        }
        return Optional.of(value.asString());
    }

    /** A text field that may be left out but not be blank or longer than {@code limit} when given. */
    Optional<String> optionalText(String field, int limit) {
        Optional<String> value = text(field);
        if (value.isPresent() && value.get().isBlank()) {
            problem(field, "blank; leave it out or write something");
            return Optional.empty();
        }
        if (value.isPresent() && value.get().length() > limit) {
            problem(field, "longer than " + limit + " characters");
        }
        return value.map(String::strip);
    }

    /** A text field that must be given and not be blank; {@code hint} says what to write. Empty text when missing. */
    String requiredText(String field, int limit, String hint) {
        Optional<String> value = text(field);
        if (value.isEmpty() || value.get().isBlank()) {
            if (!hasProblem(field)) {
                problem(field, "required; " + hint);
            }
            return "";
        }
        if (value.get().length() > limit) {
            problem(field, "longer than " + limit + " characters");
        }
        return value.get().strip();
    }

    /**
     * Who acts: the signed-in user or API token; a token may name the person it acts for in {@code author} (recorded
     * as "alice via token:chatops"). It goes into timelines, notifications and the audit log.
     */
    String actor(java.security.Principal principal) {
        Optional<String> author = optionalText("author", AUTHOR_LENGTH);
        try {
            return dev.steward.access.Actors.name(principal, author);
        } catch (dev.steward.access.AccessException e) {
            problem(e.field(), e.getMessage());
            return dev.steward.access.Actors.name(principal);
        }
    }

    boolean hasProblem(String field) {
        return errors.stream().anyMatch(error -> error.field().equals(field));
    }

    void problem(String field, String message) {
        errors.add(new AlertingModel.FieldError(field, message));
    }

    /** Throws a 422 naming every problem found so far; {@code what} names the request, e.g. "the note". */
    void check(String what) {
        if (!errors.isEmpty()) {
            throw invalid(what, errors);
        }
    }

    static ApiProblems.ApiException invalid(String what, List<AlertingModel.FieldError> errors) {
        return ApiProblems.invalidFields(
                what + " has " + (errors.size() == 1 ? "1 problem" : errors.size() + " problems") + ": "
                        + String.join(
                                "; ",
                                errors.stream()
                                        .map(error -> error.field() + ": " + error.message())
                                        .toList()),
                errors);
    }
}
