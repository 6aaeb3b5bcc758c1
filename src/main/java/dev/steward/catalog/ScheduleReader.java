package dev.steward.catalog;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.scheduling.support.CronExpression;

/**
 * Reads the schedules and time zones of the catalog (maintenance windows, backups, drills): five cron fields or a
 * macro, checked with the parser that runs them, and an error naming the field at fault.
 */
final class ScheduleReader {

    static final ZoneId DEFAULT_ZONE = ZoneId.of("UTC");

    static final List<String> MACROS =
            List.of("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly");

    private static final List<String> FIELDS = List.of("minute", "hour", "day-of-month", "month", "day-of-week");
    private static final List<String> RANGES = List.of("0-59", "0-23", "1-31", "1-12 or JAN-DEC", "0-7 or SUN-SAT");
    private static final String SCHEDULE_HELP =
            "write minute hour day-of-month month day-of-week, e.g. \"0 3 * * SUN\", or a macro such as @daily";

    /** Where {@link #longestGap} starts looking: fixed, so that a catalog reads the same whenever it is loaded. */
    private static final ZonedDateTime GAPS_FROM = ZonedDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    /** Enough fire times to see a weekend gap even in a schedule that fires every minute on weekdays. */
    private static final int MAX_FIRES = 20_000;

    private final CatalogValues values;
    private final CatalogProblems problems;

    ScheduleReader(CatalogValues values) {
        this.values = values;
        this.problems = values.problems();
    }

    /** Five cron fields or a macro, normalised to single spaces; empty (after reporting) when it is not valid. */
    Optional<String> cron(YamlValue value) {
        return values.text(value, "a schedule such as \"0 3 * * SUN\"").flatMap(text -> {
            String cron = text.value().trim().replaceAll("\\s+", " ");
            if (cron.startsWith("@")) {
                if (MACROS.contains(cron)) {
                    return Optional.of(cron);
                }
                problems.error(
                        value.node(),
                        value.path(),
                        text.quoted() + " is not a schedule macro"
                                + Suggestions.closest(cron, MACROS)
                                        .map(suggestion -> "; did you mean `" + suggestion + "`?")
                                        .orElse("")
                                + " (one of " + String.join(", ", MACROS) + ")");
                return Optional.empty();
            }
            String[] fields = cron.isEmpty() ? new String[0] : cron.split(" ");
            if (fields.length != FIELDS.size()) {
                problems.error(
                        value.node(),
                        value.path(),
                        text.quoted() + " has " + fields.length + " field" + (fields.length == 1 ? "" : "s")
                                + "; a schedule has 5 (no seconds): " + SCHEDULE_HELP);
                return Optional.empty();
            }
            Optional<String> problem = cronProblem(cron, fields);
            if (problem.isPresent()) {
                problems.error(value.node(), value.path(), text.quoted() + " " + problem.get());
                return Optional.empty();
            }
            return Optional.of(cron);
        });
    }

    private static Optional<String> cronProblem(String cron, String[] fields) {
        try {
            if (expression(cron).next(Instant.EPOCH.atZone(ZoneOffset.UTC)) == null) {
                return Optional.of("never fires (no such date); " + SCHEDULE_HELP);
            }
            return Optional.empty();
        } catch (IllegalArgumentException whole) {
            // Spring's message speaks of its six fields; find the catalog's field at fault instead.
            for (int i = 0; i < fields.length; i++) {
                String[] alone = {"*", "*", "*", "*", "*"};
                alone[i] = fields[i];
                try {
                    expression(String.join(" ", alone));
                } catch (IllegalArgumentException field) {
                    return Optional.of("is not a valid schedule: the " + FIELDS.get(i) + " field \"" + fields[i]
                            + "\" is not " + RANGES.get(i) + " (a value, range, list or step such as */15); "
                            + SCHEDULE_HELP);
                }
            }
            return Optional.of("is not a valid schedule; " + SCHEDULE_HELP);
        }
    }

    /** A time zone ID such as {@code Europe/Berlin}, with the closest known one for a misspelt one. */
    Optional<ZoneId> zone(YamlValue value) {
        return values.text(value, "a time zone such as Europe/Berlin").flatMap(text -> {
            String written = text.value().trim();
            try {
                return Optional.of(ZoneId.of(written));
            } catch (DateTimeException e) {
                problems.error(
                        value.node(),
                        value.path(),
                        text.quoted() + " is not a time zone"
                                + (text.interpolated()
                                        ? ""
                                        : Suggestions.closest(written, ZoneId.getAvailableZoneIds())
                                                .map(suggestion -> "; did you mean `" + suggestion + "`?")
                                                .orElse(""))
                                + " (a region such as Europe/Berlin, or UTC)");
                return Optional.empty();
            }
        });
    }

    /**
     * Spring's expression for five cron fields (it wants seconds first) or a macro; throws
     * {@link IllegalArgumentException} when the schedule is not valid.
     */
    static CronExpression expression(String cron) {
        String trimmed = cron.trim();
        return CronExpression.parse(trimmed.startsWith("@") ? trimmed : "0 " + trimmed);
    }

    /**
     * The longest time between two consecutive fire times of a valid schedule over a year (at least two fires), read
     * in UTC so that daylight saving changes neither add an hour nor skip a day: a weekday schedule's weekend, a
     * monthly schedule's 31-day month.
     */
    static Duration longestGap(String cron) {
        CronExpression expression = expression(cron);
        ZonedDateTime end = GAPS_FROM.plusYears(1);
        @Nullable ZonedDateTime previous = expression.next(GAPS_FROM);
        Duration longest = Duration.ZERO;
        int fires = 1;
        while (previous != null && fires < MAX_FIRES) {
            @Nullable ZonedDateTime next = expression.next(previous);
            if (next == null) {
                break;
            }
            Duration gap = Duration.between(previous, next);
            if (gap.compareTo(longest) > 0) {
                longest = gap;
            }
            fires++;
            if (next.isAfter(end)) {
                break;
            }
            previous = next;
        }
        return longest;
    }
}
