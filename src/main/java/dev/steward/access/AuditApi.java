package dev.steward.access;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit log, for admins: newest first, filtered by actor, action prefix and outcome, paged by id. */
@RestController
@RequestMapping(path = "/api/v1/audit", produces = MediaType.APPLICATION_JSON_VALUE)
final class AuditApi {

    /** One recorded action. */
    record EventView(
            long id,
            String at,
            String actor,
            String action,
            @Nullable String target,
            @Nullable String sourceAddress,
            String outcome,
            @Nullable String detail) {}

    private final AuditLog audit;

    AuditApi(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping
    List<EventView> list(
            @RequestParam(required = false) Optional<String> actor,
            @RequestParam(required = false) Optional<String> action,
            @RequestParam(required = false) Optional<String> outcome,
            @RequestParam(required = false) Optional<Long> before,
            @RequestParam(required = false, defaultValue = "100") int limit) {
        if (outcome.isPresent() && !outcome.get().matches("success|failure|denied")) {
            throw new AccessException("outcome", "outcome is one of success, failure, denied");
        }
        return audit.list(new AuditLog.Filter(actor, action, outcome), before, limit).stream()
                .map(AuditApi::view)
                .toList();
    }

    static EventView view(AuditLog.Event event) {
        return new EventView(
                event.id(),
                event.at().toString(),
                event.actor(),
                event.action(),
                event.target().orElse(null),
                event.sourceAddress().orElse(null),
                event.outcome(),
                event.detail().orElse(null));
    }
}
