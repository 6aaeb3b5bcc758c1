package dev.steward.catalog;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.scheduling.support.CronExpression;

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

    /** The end of the window in force at {@code now}, or empty when the window is off. */
    public Optional<Instant> activeUntil(Instant now) {
        return switch (schedule) {
            case Schedule.Once once ->
                !now.isBefore(once.start()) && now.isBefore(once.end()) ? Optional.of(once.end()) : Optional.empty();
            case Schedule.Recurring recurring -> {
                // The window in force started at the first firing after now - duration, if that is not after now.
                ZonedDateTime from = now.minus(recurring.duration()).atZone(recurring.zone());
                ZonedDateTime start = cron(recurring.cron()).next(from);
                yield start != null && !start.toInstant().isAfter(now)
                        ? Optional.of(start.toInstant().plus(recurring.duration()))
                        : Optional.empty();
            }
        };
    }

    /** When the window next starts after {@code after}, if ever. */
    public Optional<Instant> nextStart(Instant after) {
        return switch (schedule) {
            case Schedule.Once once -> once.start().isAfter(after) ? Optional.of(once.start()) : Optional.empty();
            case Schedule.Recurring recurring ->
                Optional.ofNullable(cron(recurring.cron()).next(after.atZone(recurring.zone())))
                        .map(ZonedDateTime::toInstant);
        };
    }

    /** Spring's cron takes seconds first; the catalog's five fields (and macros such as @daily) do not. */
    private static CronExpression cron(String expression) {
        String trimmed = expression.trim();
        return CronExpression.parse(trimmed.startsWith("@") ? trimmed : "0 " + trimmed);
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
