package dev.steward.catalog;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
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

    /** True when the window covers the service: it names it, or it names no services at all. */
    public boolean appliesTo(String service) {
        return services.isEmpty() || services.contains(service);
    }

    /** The end of this window's occurrence in force at {@code now} (start inclusive, end exclusive), if one is. */
    public Optional<Instant> activeUntil(Instant now) {
        return schedule.activeUntil(now);
    }

    /** The start of this window's first occurrence strictly after {@code after}, if there is one. */
    public Optional<Instant> nextStart(Instant after) {
        return schedule.nextStart(after);
    }

    /** When a window is on. */
    public sealed interface Schedule {

        /**
         * The end of the occurrence in force at {@code now}: one that started at or before {@code now} and ends after
         * it. When occurrences overlap, the end of the one that started last.
         */
        Optional<Instant> activeUntil(Instant now);

        /** The start of the first occurrence strictly after {@code after}; empty when there is none. */
        Optional<Instant> nextStart(Instant after);

        /**
         * Every time the cron expression fires, for {@code duration}. Fire times are local times of {@code zone}: a
         * time that a daylight saving change skips does not fire that day, one that it repeats fires twice; the
         * duration is elapsed time.
         *
         * @param cron five fields (minute hour day-of-month month day-of-week) or a macro such as {@code @daily}
         */
        record Recurring(String cron, Duration duration, ZoneId zone) implements Schedule {

            @Override
            public Optional<Instant> activeUntil(Instant now) {
                CronExpression expression = expression(cron);
                // The first fire after now - duration is the earliest occurrence that can still be on at now.
                @Nullable
                ZonedDateTime fire = expression.next(now.minus(duration).atZone(zone));
                if (fire == null || fire.toInstant().isAfter(now)) {
                    return Optional.empty();
                }
                @Nullable ZonedDateTime later = expression.next(fire);
                while (later != null && !later.toInstant().isAfter(now)) {
                    fire = later;
                    later = expression.next(fire);
                }
                return Optional.of(fire.toInstant().plus(duration));
            }

            @Override
            public Optional<Instant> nextStart(Instant after) {
                return Optional.ofNullable(expression(cron).next(after.atZone(zone)))
                        .map(ZonedDateTime::toInstant);
            }

            /**
             * The expression for Spring's six-field cron (seconds first); throws {@link IllegalArgumentException} when
             * it is not valid.
             */
            static CronExpression expression(String cron) {
                return ScheduleReader.expression(cron);
            }
        }

        /** Once, from start (inclusive) to end (exclusive). */
        record Once(Instant start, Instant end) implements Schedule {

            @Override
            public Optional<Instant> activeUntil(Instant now) {
                return !now.isBefore(start) && now.isBefore(end) ? Optional.of(end) : Optional.empty();
            }

            @Override
            public Optional<Instant> nextStart(Instant after) {
                return start.isAfter(after) ? Optional.of(start) : Optional.empty();
            }
        }
    }
}
