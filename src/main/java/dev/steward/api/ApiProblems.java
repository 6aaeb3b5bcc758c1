package dev.steward.api;

import java.io.Serial;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
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

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> apiException(ApiException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status, e.getMessage());
        if (e.parameter != null) {
            problem.setProperty("parameter", e.parameter);
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

    /** An API error with its HTTP status and, for bad input, the parameter at fault. */
    static final class ApiException extends RuntimeException {
        @Serial
        private static final long serialVersionUID = 1L;

        private final HttpStatus status;
        private final @Nullable String parameter;

        ApiException(HttpStatus status, String detail, @Nullable String parameter) {
            super(detail);
            this.status = status;
            this.parameter = parameter;
        }
    }
}
