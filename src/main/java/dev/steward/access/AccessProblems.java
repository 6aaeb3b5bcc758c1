package dev.steward.access;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Problems of the accounts, tokens and audit API as RFC 9457 problem details naming the field at fault. */
@RestControllerAdvice(assignableTypes = {AuthApi.class, UsersApi.class, TokensApi.class, AuditApi.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
final class AccessProblems {

    @ExceptionHandler(AccessException.class)
    ResponseEntity<ProblemDetail> refused(AccessException e) {
        HttpStatus status = e.field().equals("id") ? HttpStatus.NOT_FOUND : HttpStatus.UNPROCESSABLE_CONTENT;
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        problem.setProperty("parameter", e.field());
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
