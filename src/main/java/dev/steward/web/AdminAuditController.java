package dev.steward.web;

import dev.steward.access.AuditLog;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Admin → Audit log: what everyone did, newest first, a page at a time, narrowed by actor, action and outcome. Read
 * only: the page offers no way to change an entry, and the table refuses it anyway.
 */
@Controller
class AdminAuditController {

    /** Entries per page. */
    static final int PAGE = 100;

    /** The outcomes the filter offers, as the log writes them. */
    static final List<String> OUTCOMES = Arrays.stream(AuditLog.Outcome.values())
            .map(outcome -> outcome.name().toLowerCase(Locale.ROOT))
            .toList();

    private final AuditLog audit;
    private final Clock clock;

    AdminAuditController(AuditLog audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    /** One entry as the table shows it. */
    record EventRow(
            long id,
            IncidentTimes.Shown at,
            String actor,
            String action,
            @Nullable String target,
            @Nullable String sourceAddress,
            String outcome,
            @Nullable String detail) {

        static EventRow of(AuditLog.Event event, IncidentTimes times) {
            return new EventRow(
                    event.id(),
                    times.show(event.at()),
                    event.actor(),
                    event.action(),
                    event.target().orElse(null),
                    event.sourceAddress().orElse(null),
                    event.outcome(),
                    event.detail().orElse(null));
        }
    }

    @GetMapping("/admin/audit")
    String list(
            @RequestParam(required = false) @Nullable String actor,
            @RequestParam(required = false) @Nullable String action,
            @RequestParam(required = false) @Nullable String outcome,
            @RequestParam(required = false) @Nullable Long before,
            Model model,
            HttpServletResponse response) {
        Optional<String> chosenActor = given(actor);
        Optional<String> chosenAction = given(action);
        Optional<String> chosenOutcome = given(outcome).map(text -> text.toLowerCase(Locale.ROOT));
        if (chosenOutcome.isPresent() && !OUTCOMES.contains(chosenOutcome.get())) {
            model.addAttribute(
                    "error",
                    "\"" + chosenOutcome.get() + "\" is not an outcome; choose any, " + String.join(", ", OUTCOMES)
                            + ". Showing every outcome.");
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            chosenOutcome = Optional.empty();
        }
        AuditLog.Filter filter = new AuditLog.Filter(chosenActor, chosenAction, chosenOutcome);
        // One more than a page tells whether older entries exist.
        List<AuditLog.Event> events = audit.list(filter, Optional.ofNullable(before), PAGE + 1);
        IncidentTimes times = new IncidentTimes(clock);
        List<EventRow> rows = events.stream()
                .limit(PAGE)
                .map(event -> EventRow.of(event, times))
                .toList();
        model.addAttribute("events", rows);
        model.addAttribute("actor", chosenActor.orElse(""));
        model.addAttribute("action", chosenAction.orElse(""));
        model.addAttribute("outcome", chosenOutcome.orElse(""));
        model.addAttribute("outcomes", OUTCOMES);
        model.addAttribute(
                "filtered", chosenActor.isPresent() || chosenAction.isPresent() || chosenOutcome.isPresent());
        model.addAttribute("paged", before != null);
        model.addAttribute("newest", link(filter, Optional.empty()));
        model.addAttribute(
                "older",
                events.size() > PAGE ? link(filter, Optional.of(rows.getLast().id())) : null);
        return "admin-audit";
    }

    /** This page with {@code filter} and, when given, only the entries older than {@code before}. */
    private static String link(AuditLog.Filter filter, Optional<Long> before) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromPath("/admin/audit");
        filter.actor().ifPresent(value -> uri.queryParam("actor", value));
        filter.action().ifPresent(value -> uri.queryParam("action", value));
        filter.outcome().ifPresent(value -> uri.queryParam("outcome", value));
        before.ifPresent(value -> uri.queryParam("before", value));
        return uri.encode().build().toUriString();
    }

    private static Optional<String> given(@Nullable String text) {
        return Optional.ofNullable(text).map(String::strip).filter(value -> !value.isEmpty());
    }
}
