package dev.steward.status;

import java.io.Serial;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * The status package's errors as RFC 9457 problem details ({@code application/problem+json}), shaped like the rest of
 * the API's: a detail that says what to do, the parameter at fault, or {@code errors} naming each bad field.
 */
@RestControllerAdvice(basePackageClasses = StatusProblems.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class StatusProblems {

    /** One problem with one field of a request body. */
    record FieldError(String field, String message) {}

    static StatusException notFound(String detail) {
        return new StatusException(HttpStatus.NOT_FOUND, detail, null, List.of());
    }

    static StatusException badRequest(String parameter, String detail) {
        return new StatusException(HttpStatus.BAD_REQUEST, detail, parameter, List.of());
    }

    /** The body is JSON but some fields are missing or wrong; the detail and {@code errors} name each. */
    static StatusException invalidFields(String what, List<FieldError> errors) {
        String detail = what + " has " + (errors.size() == 1 ? "1 problem" : errors.size() + " problems") + ": "
                + String.join(
                        "; ",
                        errors.stream()
                                .map(error -> error.field() + ": " + error.message())
                                .toList());
        return new StatusException(HttpStatus.UNPROCESSABLE_CONTENT, detail, null, List.copyOf(errors));
    }

    @ExceptionHandler(StatusException.class)
    ResponseEntity<ProblemDetail> statusException(StatusException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status, e.getMessage());
        if (e.parameter != null) {
            problem.setProperty("parameter", e.parameter);
        }
        if (!e.errors.isEmpty()) {
            problem.setProperty("errors", e.errors);
        }
        return ResponseEntity.status(e.status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        return statusException(badRequest(
                e.getName(),
                e.getName() + " \"" + e.getValue() + "\" is not a valid "
                        + (e.getRequiredType() == null
                                ? "value"
                                : e.getRequiredType().getSimpleName().toLowerCase(Locale.ROOT))));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadableBody(HttpMessageNotReadableException e) {
        // The parser's message quotes the body; the detail says what to send instead.
        return statusException(badRequest(
                "body",
                "the request body is not valid JSON; send an object such as {\"status\": \"identified\", \"message\":"
                        + " \"…\"} with Content-Type: application/json"));
    }

    /** An error of the status package with its HTTP status and, for bad input, what is at fault. */
    static final class StatusException extends RuntimeException {
        @Serial
        private static final long serialVersionUID = 1L;

        private final HttpStatus status;
        private final @Nullable String parameter;

        @SuppressWarnings("serial") // an immutable list of records, never serialized in practice
        private final List<FieldError> errors;

        StatusException(HttpStatus status, String detail, @Nullable String parameter, List<FieldError> errors) {
            super(detail);
            this.status = status;
            this.parameter = parameter;
            this.errors = errors;
        }
    }
}
