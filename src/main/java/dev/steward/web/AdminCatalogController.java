package dev.steward.web;

import dev.steward.catalog.CatalogLoad;
import dev.steward.catalog.CatalogProblem;
import dev.steward.catalog.CatalogService;
import dev.steward.catalog.CatalogStatus;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Admin → Catalog: which file Steward runs, when it was loaded, its size, checksum and warnings, and the errors of the
 * last version it rejected; "Reload now" reads the file again as {@code POST /api/v1/catalog/reload} does.
 */
@Controller
class AdminCatalogController {

    private final CatalogService catalog;
    private final Clock clock;

    AdminCatalogController(CatalogService catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    /** One error or warning: where ({@code file:line:column}), about which field, and what is wrong. */
    record ProblemRow(String location, String path, String message) {

        static ProblemRow of(CatalogProblem problem) {
            return new ProblemRow(problem.location(), problem.path(), problem.message());
        }
    }

    /** The catalog as the page shows it. */
    record StatusView(
            String source,
            IncidentTimes.Shown loaded,
            int services,
            int monitors,
            @Nullable String checksum,
            List<ProblemRow> warnings,
            IncidentTimes.@Nullable Shown rejectedAt,
            List<ProblemRow> errors) {

        static StatusView of(CatalogStatus status, IncidentTimes times) {
            return new StatusView(
                    status.source(),
                    times.show(status.loadedAt()),
                    status.services(),
                    status.monitors(),
                    status.checksum().orElse(null),
                    status.warnings().stream().map(ProblemRow::of).toList(),
                    times.show(status.lastRejected().map(CatalogStatus.RejectedAttempt::at)),
                    status.lastRejected()
                            .map(rejected -> rejected.errors().stream()
                                    .map(ProblemRow::of)
                                    .toList())
                            .orElse(List.of()));
        }
    }

    @GetMapping("/admin/catalog")
    String status(Model model) {
        return page(model);
    }

    @PostMapping("/admin/catalog/reload")
    String reload(Model model, RedirectAttributes redirect, HttpServletResponse response) {
        Optional<String> before = catalog.status().checksum();
        return switch (catalog.reload()) {
            case CatalogLoad.Loaded loaded -> {
                CatalogStatus now = catalog.status();
                redirect.addFlashAttribute(
                        "ok",
                        "Catalog reloaded: " + plural(now.services(), "service") + ", "
                                + plural(now.monitors(), "monitor")
                                + (loaded.warnings().isEmpty()
                                        ? ""
                                        : ", " + plural(loaded.warnings().size(), "warning"))
                                + (now.checksum().equals(before) ? " (the file had not changed)." : "."));
                yield "redirect:/admin/catalog";
            }
            case CatalogLoad.Rejected rejected -> {
                // Answered, not redirected, with 422: the audit log records the reload as failed, as for the API.
                model.addAttribute(
                        "error",
                        "The catalog file has " + plural(rejected.errors().size(), "error")
                                + "; the catalog loaded before keeps running. Fix them and reload again.");
                response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
                yield page(model);
            }
        };
    }

    private String page(Model model) {
        model.addAttribute("catalog", StatusView.of(catalog.status(), new IncidentTimes(clock)));
        return "admin-catalog";
    }

    private static String plural(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
