package dev.steward.catalog;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * A scheduled maintenance window: while it is on, notifications for its services are recorded as suppressed instead
 * of being sent (alerts and incidents still happen).
 *
 * @param services the services it covers; empty means every service
 * @param schedule when it is on
 * @param reason shown in the incident timeline and the API, when given
 * @param location where it is declared, e.g. {@code steward.yml:80:5}
 */
public record MaintenanceWindow(List<String> services, Schedule schedule, Optional<String> reason, String location) {

    public MaintenanceWindow {
        services = List.copyOf(services);
    }

    /** When a window is on. */
    public sealed interface Schedule {

        /**
         * Every time the cron expression fires, for {@code duration}.
         *
         * @param cron five fields (minute hour day-of-month month day-of-week) or a macro such as {@code @daily}
         */
        record Recurring(String cron, Duration duration, ZoneId zone) implements Schedule {}

        /** Once, from start to end. */
        record Once(Instant start, Instant end) implements Schedule {}
    }
}
