package dev.steward.web;

import dev.steward.alert.Alerts;
import dev.steward.catalog.CatalogService;
import dev.steward.incident.IncidentViews.Incident;
import dev.steward.incident.IncidentViews.IncidentDetail;
import dev.steward.incident.IncidentViews.TimelineEntry;
import dev.steward.incident.Incidents;
import dev.steward.status.PublicIncidentStatus;
import dev.steward.status.StatusUpdate;
import dev.steward.status.StatusUpdates;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The incident pages: the list (unresolved first, then the recently resolved, filterable by state and service) and one
 * incident with its alerts, timeline and public updates, where operators acknowledge, annotate and resolve it and
 * write what the status page says about it.
 */
@Controller
class IncidentController {

    /** The states the list filters by, as the API names them. */
    static final List<String> STATES = List.of("unresolved", "open", "acknowledged", "resolved");

    /** The longest note or closing note, as the API allows. */
    static final int TEXT_LENGTH = 10_000;

    /** The longest public update, as the API allows. */
    static final int MESSAGE_LENGTH = 5000;

    private static final int LISTED = 200;
    private static final int RECENTLY_RESOLVED = 50;
    private static final Set<String> EVERY_PHASE = Set.of("ok", "pending", "firing");
    private static final Logger log = LoggerFactory.getLogger(IncidentController.class);

    private final Incidents incidents;
    private final Alerts alerts;
    private final CatalogService catalog;
    private final StatusUpdates statusUpdates;
    private final Clock clock;

    IncidentController(
            Incidents incidents, Alerts alerts, CatalogService catalog, StatusUpdates statusUpdates, Clock clock) {
        this.incidents = incidents;
        this.alerts = alerts;
        this.catalog = catalog;
        this.statusUpdates = statusUpdates;
        this.clock = clock;
    }

    /** One incident as a row of the list and the head of its page. */
    record IncidentRow(
            long id,
            String title,
            String service,
            String severity,
            String status,
            IncidentTimes.Shown opened,
            IncidentTimes.@Nullable Shown acknowledged,
            @Nullable String acknowledgedBy,
            IncidentTimes.@Nullable Shown resolved,
            @Nullable String resolvedBy,
            int alertsFiring,
            @Nullable String runbook,
            String lasted) {

        static IncidentRow of(Incident incident, IncidentTimes times) {
            Duration lasted = java.time.Duration.between(
                    incident.openedAt(), incident.resolvedAt().orElse(times.now()));
            return new IncidentRow(
                    incident.id(),
                    incident.title(),
                    incident.service(),
                    incident.severity(),
                    incident.status(),
                    times.show(incident.openedAt()),
                    times.show(incident.acknowledgedAt()),
                    incident.acknowledgedBy().orElse(null),
                    times.show(incident.resolvedAt()),
                    incident.resolvedBy().orElse(null),
                    incident.alertsFiring(),
                    incident.runbook().map(URI::toString).orElse(null),
                    IncidentTimes.span(lasted));
        }

        public boolean open() {
            return status.equals("open");
        }

        public boolean resolvedNow() {
            return status.equals("resolved");
        }
    }

    /** One entry of the timeline. */
    record TimelineRow(
            IncidentTimes.Shown at,
            String kind,
            String label,
            @Nullable String author,
            String text) {

        static TimelineRow of(TimelineEntry entry, IncidentTimes times) {
            return new TimelineRow(
                    times.show(entry.at()),
                    entry.kind(),
                    entry.kind().replace('_', ' '),
                    entry.author().orElse(null),
                    entry.text());
        }
    }

    /** One public update, as the status page shows it (without its author, which only this page shows). */
    record UpdateRow(String status, String label, String message, String author, IncidentTimes.Shown at) {

        static UpdateRow of(StatusUpdate update, IncidentTimes times) {
            return new UpdateRow(
                    update.status().code(),
                    update.status().label(),
                    update.message(),
                    update.author(),
                    times.show(update.createdAt()));
        }
    }

    /** One alert of the incident; {@code errorCode} is its latest result's, e.g. {@code connection_refused}. */
    record AlertRow(
            long id,
            String title,
            @Nullable String monitor,
            String status,
            String severity,
            IncidentTimes.Shown since,
            @Nullable String lastMessage,
            @Nullable String errorCode) {

        static AlertRow of(Alerts.AlertView alert, IncidentTimes times) {
            return new AlertRow(
                    alert.id(),
                    alert.title(),
                    alert.monitor().orElse(null),
                    alert.status(),
                    alert.severity(),
                    times.show(alert.since()),
                    alert.lastMessage().orElse(null),
                    // The stored error starts with its code ("connection_refused: connection refused"); the message
                    // beside it says the rest.
                    alert.lastError().map(error -> error.split(":", 2)[0]).orElse(null));
        }
    }

    @GetMapping("/incidents")
    String list(
            @RequestParam(required = false) @Nullable String state,
            @RequestParam(required = false) @Nullable String service,
            Model model,
            HttpServletResponse response) {
        IncidentTimes times = new IncidentTimes(clock);
        Optional<String> chosenService = Optional.ofNullable(service).filter(s -> !s.isBlank());
        Optional<String> chosenState = Optional.ofNullable(state).filter(s -> !s.isBlank() && !s.equals("all"));
        if (chosenState.isPresent() && !STATES.contains(chosenState.get())) {
            model.addAttribute(
                    "error",
                    "\"" + chosenState.get() + "\" is not an incident state; choose all, " + String.join(", ", STATES)
                            + " (open or acknowledged)");
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            chosenState = Optional.empty();
        }
        model.addAttribute("states", STATES);
        model.addAttribute("state", chosenState.orElse("all"));
        model.addAttribute("service", chosenService.orElse(""));
        List<String> services = new ArrayList<>(services());
        chosenService.filter(name -> !services.contains(name)).ifPresent(services::add);
        model.addAttribute("services", services);
        if (chosenState.isPresent()) {
            model.addAttribute("filtered", rows(incidents.list(chosenState, chosenService, LISTED), times));
        } else {
            model.addAttribute(
                    "unresolved", rows(incidents.list(Optional.of("unresolved"), chosenService, LISTED), times));
            model.addAttribute(
                    "resolved", rows(incidents.list(Optional.of("resolved"), chosenService, RECENTLY_RESOLVED), times));
        }
        return "incidents";
    }

    @GetMapping("/incidents/{id}")
    String incident(@PathVariable long id, Model model, HttpServletResponse response) {
        return page(id, model, response);
    }

    @PostMapping("/incidents/{id}/acknowledge")
    String acknowledge(
            @PathVariable long id,
            @ModelAttribute(name = "me", binding = false) Viewer me,
            RedirectAttributes redirect) {
        requireOperator(me, "acknowledging an incident");
        return done(id, "acknowledged", me, incidents.acknowledge(id, me.name()), redirect);
    }

    @PostMapping("/incidents/{id}/notes")
    String note(
            @PathVariable long id,
            @RequestParam(required = false) @Nullable String text,
            @ModelAttribute(name = "me", binding = false) Viewer me,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        requireOperator(me, "adding a note");
        String note = text == null ? "" : text.strip();
        String problem = null;
        if (note.isEmpty()) {
            problem = "required; what to add to the timeline, e.g. \"rolled back to 1.4.2\"";
        } else if (note.length() > TEXT_LENGTH) {
            problem = "longer than " + TEXT_LENGTH + " characters";
        }
        if (problem != null) {
            model.addAttribute("noteError", problem);
            model.addAttribute("noteText", text == null ? "" : text);
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return page(id, model, response);
        }
        return done(id, "noted", me, incidents.note(id, me.name(), note), redirect);
    }

    @PostMapping("/incidents/{id}/resolve")
    String resolve(
            @PathVariable long id,
            @RequestParam(required = false) @Nullable String note,
            @ModelAttribute(name = "me", binding = false) Viewer me,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        requireOperator(me, "resolving an incident");
        // A closing note is optional: an empty box means none.
        Optional<String> closing = Optional.ofNullable(note).map(String::strip).filter(s -> !s.isEmpty());
        if (closing.isPresent() && closing.get().length() > TEXT_LENGTH) {
            model.addAttribute("resolveError", "longer than " + TEXT_LENGTH + " characters");
            model.addAttribute("resolveText", note);
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return page(id, model, response);
        }
        return done(id, "resolved", me, incidents.resolve(id, me.name(), closing), redirect);
    }

    @PostMapping("/incidents/{id}/updates")
    String publicUpdate(
            @PathVariable long id,
            @RequestParam(required = false) @Nullable String status,
            @RequestParam(required = false) @Nullable String message,
            @ModelAttribute(name = "me", binding = false) Viewer me,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        requireOperator(me, "posting a public update");
        String code = status == null ? "" : status.strip().toLowerCase(Locale.ROOT);
        Optional<PublicIncidentStatus> chosen = PublicIncidentStatus.fromCode(code);
        String text = message == null ? "" : message.strip();
        String statusProblem = null;
        String messageProblem = null;
        if (code.isEmpty()) {
            statusProblem = "required; one of " + String.join(", ", PublicIncidentStatus.codes());
        } else if (chosen.isEmpty()) {
            statusProblem = "\"" + status + "\" is not a public status; use one of "
                    + String.join(", ", PublicIncidentStatus.codes());
        }
        if (text.isEmpty()) {
            messageProblem =
                    "required; what the public should read, e.g. \"We found the cause and are deploying a fix.\"";
        } else if (text.length() > MESSAGE_LENGTH) {
            messageProblem = "longer than " + MESSAGE_LENGTH + " characters; shorten it";
        }
        if (statusProblem != null || messageProblem != null) {
            model.addAttribute("updateStatusError", statusProblem);
            model.addAttribute("updateError", messageProblem);
            model.addAttribute("updateStatus", code);
            model.addAttribute("updateText", message == null ? "" : message);
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return page(id, model, response);
        }
        Optional<StatusUpdate> posted = statusUpdates.add(id, chosen.orElseThrow(), text, me.name());
        if (posted.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No incident " + id);
        }
        log.atInfo()
                .addKeyValue("event", "status_update_posted")
                .addKeyValue("incident", id)
                .addKeyValue("status", posted.get().status().code())
                .addKeyValue("author", me.name())
                .log("public update posted on incident " + id + " in the web UI");
        redirect.addFlashAttribute(
                "ok", "Public update posted (" + posted.get().status().label() + "); the status page shows it.");
        return "redirect:/incidents/" + id;
    }

    private String page(long id, Model model, HttpServletResponse response) {
        Optional<IncidentDetail> found = incidents.find(id);
        if (found.isEmpty()) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            model.addAttribute("missing", id);
            return "incident";
        }
        IncidentTimes times = new IncidentTimes(clock);
        Incident incident = found.get().incident();
        model.addAttribute("incident", IncidentRow.of(incident, times));
        model.addAttribute(
                "timeline",
                found.get().timeline().stream()
                        .map(entry -> TimelineRow.of(entry, times))
                        .toList());
        model.addAttribute(
                "alerts",
                alerts.list(EVERY_PHASE, Optional.of(incident.service()), 1000).stream()
                        .filter(alert -> alert.incidentId().equals(Optional.of(id)))
                        .map(alert -> AlertRow.of(alert, times))
                        .toList());
        List<StatusUpdate> updates = statusUpdates.list(id).orElse(List.of());
        model.addAttribute(
                "updates",
                updates.stream().map(update -> UpdateRow.of(update, times)).toList());
        model.addAttribute("publicStatuses", List.of(PublicIncidentStatus.values()));
        if (!model.containsAttribute("updateStatus")) {
            // Start from where the public stands: the latest update's status, or investigating.
            model.addAttribute(
                    "updateStatus",
                    updates.isEmpty()
                            ? PublicIncidentStatus.INVESTIGATING.code()
                            : updates.getFirst().status().code());
        }
        return "incident";
    }

    private static String done(
            long id, String action, Viewer me, Incidents.Change change, RedirectAttributes redirect) {
        switch (change) {
            case Incidents.Change.Done done -> {
                log.atInfo()
                        .addKeyValue("event", "incident_" + action)
                        .addKeyValue("incident", id)
                        .addKeyValue("author", me.name())
                        .log("incident " + action + " in the web UI");
                redirect.addFlashAttribute(
                        "ok", action.equals("noted") ? "Note added." : "Incident " + id + " " + action + ".");
            }
            case Incidents.Change.NotFound notFound ->
                throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No incident " + notFound.id());
            case Incidents.Change.Conflict conflict -> redirect.addFlashAttribute("error", conflict.message());
        }
        return "redirect:/incidents/" + id;
    }

    /** Refuses a change to someone without the operator role (the page offers them none). */
    static void requireOperator(Viewer me, String what) {
        if (!me.operator()) {
            throw new ResponseStatusException(
                    HttpStatus.FORBIDDEN,
                    what + " needs the operator role; " + me.name() + " is "
                            + me.role().label());
        }
    }

    private List<IncidentRow> rows(List<Incident> list, IncidentTimes times) {
        List<IncidentRow> rows = new ArrayList<>();
        list.forEach(incident -> rows.add(IncidentRow.of(incident, times)));
        return rows;
    }

    /** The services to filter by: the catalog's and those of stored alerts (received alerts name others). */
    private List<String> services() {
        TreeSet<String> names = new TreeSet<>(catalog.current().services().keySet());
        names.addAll(alerts.services());
        return List.copyOf(names);
    }
}
