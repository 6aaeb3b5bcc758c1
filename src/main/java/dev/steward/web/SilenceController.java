package dev.steward.web;

import dev.steward.alert.Alerts;
import dev.steward.catalog.Catalog;
import dev.steward.catalog.CatalogService;
import dev.steward.catalog.MonitoredService;
import dev.steward.catalog.Severity;
import dev.steward.notify.Silences;
import dev.steward.notify.Silences.Silence;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * The silences page: silences in force or scheduled, the recently ended ones, and for operators a form to create one
 * and a button to end one early.
 */
@Controller
class SilenceController {

    /** How many ended or expired silences the page shows. */
    static final int RECENT = 20;

    private static final Logger log = LoggerFactory.getLogger(SilenceController.class);

    private final Silences silences;
    private final Alerts alerts;
    private final CatalogService catalog;
    private final Clock clock;

    SilenceController(Silences silences, Alerts alerts, CatalogService catalog, Clock clock) {
        this.silences = silences;
        this.alerts = alerts;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** One silence as a row. */
    record SilenceRow(
            long id,
            List<String> matchers,
            String status,
            String author,
            String reason,
            IncidentTimes.Shown starts,
            IncidentTimes.Shown ends,
            IncidentTimes.@Nullable Shown expired,
            @Nullable String expiredBy) {

        static SilenceRow of(Silence silence, IncidentTimes times) {
            List<String> matchers = new ArrayList<>();
            silence.service().ifPresent(value -> matchers.add("service=" + value));
            silence.monitor().ifPresent(value -> matchers.add("monitor=" + value));
            silence.tag().ifPresent(value -> matchers.add("tag=" + value));
            silence.severity().ifPresent(value -> matchers.add("severity=" + value.code()));
            return new SilenceRow(
                    silence.id(),
                    matchers,
                    SilenceController.status(silence, times.now()),
                    silence.author(),
                    silence.reason(),
                    times.show(silence.startsAt()),
                    times.show(silence.endsAt()),
                    times.show(silence.expiredAt()),
                    silence.expiredBy().orElse(null));
        }

        /** Whether it can still be ended early. */
        public boolean expirable() {
            return status.equals("active") || status.equals("scheduled");
        }
    }

    /** active, scheduled, ended or expired (ended early by someone), as the API says. */
    static String status(Silence silence, Instant now) {
        if (silence.expiredAt().isPresent()) {
            return "expired";
        }
        if (!now.isBefore(silence.endsAt())) {
            return "ended";
        }
        return now.isBefore(silence.startsAt()) ? "scheduled" : "active";
    }

    @GetMapping("/silences")
    String silences(Model model) {
        return page(model, SilenceForm.empty(), Map.of());
    }

    @PostMapping("/silences")
    String create(
            @RequestParam(required = false) @Nullable String service,
            @RequestParam(required = false) @Nullable String monitor,
            @RequestParam(required = false) @Nullable String tag,
            @RequestParam(required = false) @Nullable String severity,
            @RequestParam(required = false) @Nullable String duration,
            @RequestParam(required = false) @Nullable String endsAt,
            @RequestParam(required = false) @Nullable String reason,
            @ModelAttribute(name = "me", binding = false) Viewer me,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        IncidentController.requireOperator(me, "creating a silence");
        SilenceForm form = SilenceForm.of(service, monitor, tag, severity, duration, endsAt, reason);
        SilenceForm.Checked checked = form.check(
                me.name(), clock.instant(), catalog.current(), alerts.services(), alerts::monitors, silences);
        return switch (checked) {
            case SilenceForm.Checked.Invalid invalid -> {
                response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
                yield page(model, form, invalid.problems());
            }
            case SilenceForm.Checked.Valid valid -> {
                Silence created = silences.create(valid.request());
                log.atInfo()
                        .addKeyValue("event", "silence_created")
                        .addKeyValue("silence", created.id())
                        .addKeyValue("author", created.author())
                        .addKeyValue("endsAt", created.endsAt())
                        .log("silence created in the web UI: " + created.describe());
                redirect.addFlashAttribute(
                        "ok",
                        "Silence " + created.id() + " created; it ends "
                                + new IncidentTimes(clock)
                                        .show(created.endsAt())
                                        .text() + ".");
                yield "redirect:/silences";
            }
        };
    }

    @PostMapping("/silences/{id}/expire")
    String expire(
            @PathVariable long id,
            @ModelAttribute(name = "me", binding = false) Viewer me,
            RedirectAttributes redirect) {
        IncidentController.requireOperator(me, "ending a silence");
        Silence before = silences.find(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No silence " + id));
        String was = status(before, clock.instant());
        if (!was.equals("active") && !was.equals("scheduled")) {
            redirect.addFlashAttribute(
                    "error",
                    "Silence " + id + " has " + (was.equals("expired") ? "been ended already" : "ended")
                            + before.expiredBy().map(by -> " (by " + by + ")").orElse("") + ".");
            return "redirect:/silences";
        }
        silences.expire(id, me.name());
        log.atInfo()
                .addKeyValue("event", "silence_expired")
                .addKeyValue("silence", id)
                .addKeyValue("author", me.name())
                .log("silence ended in the web UI");
        redirect.addFlashAttribute("ok", "Silence " + id + " ended.");
        return "redirect:/silences";
    }

    private String page(Model model, SilenceForm form, Map<String, List<String>> problems) {
        IncidentTimes times = new IncidentTimes(clock);
        List<SilenceRow> current = silences.list(false).stream()
                .map(silence -> SilenceRow.of(silence, times))
                .toList();
        List<SilenceRow> recent = silences.list(true).stream()
                .map(silence -> SilenceRow.of(silence, times))
                .filter(row -> !row.expirable())
                .limit(RECENT)
                .toList();
        Catalog now = catalog.current();
        TreeSet<String> services = new TreeSet<>(now.services().keySet());
        services.addAll(alerts.services());
        TreeSet<String> monitors = new TreeSet<>(alerts.monitors(Optional.empty()));
        TreeSet<String> tags = new TreeSet<>();
        for (MonitoredService service : now.services().values()) {
            service.monitors().forEach(monitor -> monitors.add(monitor.key().monitor()));
            tags.addAll(service.tags());
        }
        model.addAttribute("current", current);
        model.addAttribute("recent", recent);
        model.addAttribute("form", form);
        model.addAttribute("problems", problems);
        model.addAttribute("services", List.copyOf(services));
        model.addAttribute("monitors", List.copyOf(monitors));
        model.addAttribute("tags", List.copyOf(tags));
        model.addAttribute(
                "severities",
                Arrays.stream(Severity.values()).map(Severity::code).toList());
        return "silences";
    }
}
