package dev.steward.web;

import dev.steward.catalog.CatalogService;
import dev.steward.catalog.MaintenanceWindow;
import dev.steward.config.Durations;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The maintenance page: the catalog's maintenance windows, those on now first, then by their next start. */
@Controller
class MaintenanceController {

    private final CatalogService catalog;
    private final Clock clock;

    MaintenanceController(CatalogService catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    /**
     * One window.
     *
     * @param services the services it covers; empty means every service
     * @param cron the cron expression of a recurring window
     * @param schedule the rest of the schedule in words
     */
    record WindowRow(
            @Nullable String reason,
            List<String> services,
            @Nullable String cron,
            String schedule,
            String location,
            IncidentTimes.@Nullable Shown activeUntil,
            IncidentTimes.@Nullable Shown nextStart) {

        static WindowRow of(MaintenanceWindow window, IncidentTimes times) {
            Instant now = times.now();
            Optional<Instant> until = window.activeUntil(now);
            return switch (window.schedule()) {
                case MaintenanceWindow.Schedule.Recurring recurring ->
                    new WindowRow(
                            window.reason().orElse(null),
                            window.services(),
                            recurring.cron().strip(),
                            "for " + Durations.format(recurring.duration()) + ", in "
                                    + recurring.zone().getId(),
                            window.location(),
                            times.show(until),
                            times.show(window.nextStart(now)));
                case MaintenanceWindow.Schedule.Once once ->
                    new WindowRow(
                            window.reason().orElse(null),
                            window.services(),
                            null,
                            "once, from " + times.show(once.start()).text() + " to "
                                    + times.show(once.end()).text(),
                            window.location(),
                            times.show(until),
                            times.show(window.nextStart(now)));
            };
        }

        /** On now. */
        public boolean active() {
            return activeUntil != null;
        }
    }

    @GetMapping("/maintenance")
    String maintenance(Model model) {
        IncidentTimes times = new IncidentTimes(clock);
        model.addAttribute(
                "windows",
                catalog.current().alerting().maintenance().stream()
                        .map(window -> WindowRow.of(window, times))
                        .sorted(Comparator.comparing((WindowRow row) -> !row.active())
                                .thenComparing(row -> row.nextStart() == null
                                        ? "~"
                                        : row.nextStart().iso()))
                        .toList());
        return "maintenance";
    }
}
