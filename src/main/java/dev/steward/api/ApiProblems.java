package dev.steward.api;

import java.io.Serial;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Turns the API's errors into RFC 9457 problem details ({@code application/problem+json}) in one place: a title, the
 * status, a detail that says what to do, and for bad input the parameter at fault.
 */
@RestControllerAdvice(basePackageClasses = ApiProblems.class)
@Order(Ordered.HIGHEST_PRECEDENCE) // before Spring's own problem-details advice, which would drop "parameter"
class ApiProblems {

    static ApiException notFound(String detail) {
        return new ApiException(HttpStatus.NOT_FOUND, detail, null);
    }

    static ApiException badRequest(String parameter, String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, detail, parameter);
    }

    /** The action does not apply in the resource's current state, e.g. acknowledging a resolved incident. */
    static ApiException conflict(String detail) {
        return new ApiException(HttpStatus.CONFLICT, detail, null);
    }

    /** The request body is JSON but some fields are missing or wrong; {@code errors} names each. */
    static ApiException invalidFields(String detail, List<AlertingModel.FieldError> errors) {
        return new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, detail, null, List.copyOf(errors));
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> apiException(ApiException e) {
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
        return apiException(badRequest(
                e.getName(),
                e.getName() + " \"" + e.getValue() + "\" is not a valid "
                        + (e.getRequiredType() == null
                                ? "value"
                                : e.getRequiredType().getSimpleName().toLowerCase(java.util.Locale.ROOT))));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ProblemDetail> missingParameter(MissingServletRequestParameterException e) {
        return apiException(badRequest(
                e.getParameterName(),
                "the query parameter " + e.getParameterName() + " is required"
                        + (e.getParameterName().equals("author") ? ": say who does this, e.g. ?author=alice" : "")));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadableBody(HttpMessageNotReadableException e) {
        // The parser's message can quote the body, and with it a secret; the detail says what to send instead.
        return apiException(badRequest(
                "body",
                "the request body is not valid JSON; send an object such as {\"author\": \"alice\"} with"
                        + " Content-Type: application/json"));
    }

    /** An API error with its HTTP status and, for bad input, the parameter at fault. */
    static final class ApiException extends RuntimeException {
        @Serial
        private static final long serialVersionUID = 1L;

        private final HttpStatus status;
        private final @Nullable String parameter;

        @SuppressWarnings("serial") // an immutable list of records, never serialized in practice
        private final List<AlertingModel.FieldError> errors;

        ApiException(HttpStatus status, String detail, @Nullable String parameter) {
            this(status, detail, parameter, List.of());
        }

        ApiException(
                HttpStatus status, String detail, @Nullable String parameter, List<AlertingModel.FieldError> errors) {
            super(detail);
            this.status = status;
            this.parameter = parameter;
            this.errors = errors;
        }
    }
}
