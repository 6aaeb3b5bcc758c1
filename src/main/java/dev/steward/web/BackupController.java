package dev.steward.web;

import dev.steward.backup.BackupException;
import dev.steward.backup.BackupRecord;
import dev.steward.backup.BackupService;
import dev.steward.backup.DrillRecord;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.json.JsonMapper;

/**
 * The backup pages: every policy of the catalog with its schedule, newest and newest verified backup, last drill and
 * what runs now, the recent backups, and one backup with its manifest, copies and drills. Operators start a backup or
 * a drill here; the forms post to the same paths as the API ({@code /backups/policies/{policy}/run},
 * {@code /backups/{id}/verify}), so the audit log names them alike ({@code backups.policies.run},
 * {@code backups.verify}).
 */
@Controller
class BackupController {

    /** How many backups the page lists. */
    static final int RECENT = 50;

    /** How many of a policy's newest stored backups are looked at for its last drill. */
    private static final int DRILL_LOOKBACK = 5;

    private static final Logger log = LoggerFactory.getLogger(BackupController.class);

    private final BackupService backups;
    private final JsonMapper json;
    private final Clock clock;

    BackupController(BackupService backups, JsonMapper json, Clock clock) {
        this.backups = backups;
        this.json = json;
        this.clock = clock;
    }

    @GetMapping("/backups")
    String backups(Model model) {
        BackupViews views = new BackupViews(new IncidentTimes(clock), json);
        List<BackupRecord> recent = backups.list(Optional.empty(), false, RECENT);
        List<BackupViews.PolicyCard> cards = new ArrayList<>();
        for (BackupService.PolicyStatus status : backups.policies()) {
            cards.add(views.card(status, lastDrill(status)));
        }
        model.addAttribute("policies", cards);
        model.addAttribute("recent", recent.stream().map(views::row).toList());
        model.addAttribute(
                "working", cards.stream().anyMatch(card -> card.running() != null || card.drilling() != null));
        return "backups";
    }

    @GetMapping("/backups/{id}")
    String backup(@PathVariable String id, Model model, HttpServletResponse response) {
        Optional<BackupService.BackupDetail> found = backups.find(id);
        if (found.isEmpty()) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            model.addAttribute("missing", id);
            return "backup";
        }
        BackupService.BackupDetail detail = found.get();
        BackupViews views = new BackupViews(new IncidentTimes(clock), json);
        List<BackupViews.DrillRow> drills =
                detail.drills().stream().map(views::drill).toList();
        BackupViews.DrillRow lastFinished = drills.stream()
                .filter(drill -> !drill.status().equals("running"))
                .findFirst()
                .orElse(null);
        BackupViews.BackupRow row = views.row(detail.backup());
        Optional<BackupViews.Running> drilling = backups.policies().stream()
                .filter(status -> status.policy().name().equals(row.policy()))
                .flatMap(status -> status.drillRunning().stream())
                .filter(progress -> progress.id().equals(id))
                .findFirst()
                .map(views::running);
        model.addAttribute("backup", row);
        model.addAttribute(
                "manifest", views.manifest(detail.backup(), lastFinished).orElse(null));
        model.addAttribute("copies", detail.copies().stream().map(views::copy).toList());
        model.addAttribute("drills", drills);
        model.addAttribute("running", detail.progress().map(views::running).orElse(null));
        model.addAttribute("drilling", drilling.orElse(null));
        model.addAttribute(
                "working",
                detail.progress().isPresent()
                        || drilling.isPresent()
                        || drills.stream().anyMatch(drill -> drill.status().equals("running")));
        return "backup";
    }

    @PostMapping("/backups/policies/{policy}/run")
    String run(
            @PathVariable String policy,
            @ModelAttribute(name = "me", binding = false) Viewer me,
            RedirectAttributes redirect) {
        IncidentController.requireOperator(me, "starting a backup");
        try {
            BackupService.Progress started = backups.run(policy, me.name());
            log.atInfo()
                    .addKeyValue("event", "backup_requested")
                    .addKeyValue("policy", policy)
                    .addKeyValue("backup", started.id())
                    .addKeyValue("author", me.name())
                    .log("backup requested in the web UI");
            redirect.addFlashAttribute("ok", "Backup " + started.id() + " of " + policy + " started.");
        } catch (BackupException e) {
            redirect.addFlashAttribute("error", message(e));
        }
        return "redirect:/backups";
    }

    @PostMapping("/backups/policies/{policy}/verify")
    String drillNewest(
            @PathVariable String policy,
            @ModelAttribute(name = "me", binding = false) Viewer me,
            RedirectAttributes redirect) {
        IncidentController.requireOperator(me, "starting a restore drill");
        startDrill(policy, me, redirect);
        return "redirect:/backups";
    }

    @PostMapping("/backups/{id}/verify")
    String drill(
            @PathVariable String id,
            @ModelAttribute(name = "me", binding = false) Viewer me,
            RedirectAttributes redirect) {
        IncidentController.requireOperator(me, "starting a restore drill");
        startDrill(id, me, redirect);
        return "redirect:/backups/{id}";
    }

    private void startDrill(String target, Viewer me, RedirectAttributes redirect) {
        try {
            BackupService.Progress started = backups.verify(target, me.name());
            log.atInfo()
                    .addKeyValue("event", "drill_requested")
                    .addKeyValue("policy", started.policy())
                    .addKeyValue("backup", started.id())
                    .addKeyValue("author", me.name())
                    .log("restore drill requested in the web UI");
            redirect.addFlashAttribute(
                    "ok", "Restore drill of backup " + started.id() + " (" + started.policy() + ") started.");
        } catch (BackupException e) {
            redirect.addFlashAttribute("error", message(e));
        }
    }

    /** The newest finished drill among the policy's newest stored backups. */
    private Optional<DrillRecord> lastDrill(BackupService.PolicyStatus status) {
        List<BackupRecord> stored = backups.list(Optional.of(status.policy().name()), false, 20).stream()
                .filter(BackupRecord::stored)
                .limit(DRILL_LOOKBACK)
                .toList();
        Optional<DrillRecord> last = Optional.empty();
        for (BackupRecord backup : stored) {
            Optional<DrillRecord> drill = backups.find(backup.id()).stream()
                    .flatMap(detail -> detail.drills().stream())
                    .filter(candidate -> !candidate.status().equals("running"))
                    .findFirst();
            if (drill.isPresent()
                    && (last.isEmpty()
                            || drill.get().startedAt().isAfter(last.get().startedAt()))) {
                last = drill;
            }
        }
        return last;
    }

    private static String message(BackupException e) {
        return e.getMessage() == null ? "the backup action failed" : e.getMessage();
    }
}
