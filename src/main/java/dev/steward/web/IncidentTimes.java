package dev.steward.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How the incident, notification, silence and maintenance pages write times: UTC to the second (the same instant the
 * API and the CLI show), with how long ago for the recent ones.
 */
final class IncidentTimes {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'");

    private final Instant now;

    IncidentTimes(Clock clock) {
        this.now = clock.instant();
    }

    Instant now() {
        return now;
    }

    /** A time to show: the text, its ISO form for {@code <time datetime>}, and how long ago (or from now) it is. */
    record Shown(String text, String iso, String relative) {}

    Shown show(Instant at) {
        return new Shown(
                TIME.format(at.atOffset(ZoneOffset.UTC)),
                at.toString(),
                at.isAfter(now) ? "in " + span(Duration.between(now, at)) : span(Duration.between(at, now)) + " ago");
    }

    @Nullable
    Shown show(Optional<Instant> at) {
        return at.map(this::show).orElse(null);
    }

    /** A span of time as people say it, to the two largest units: {@code 45s}, {@code 12m 5s}, {@code 3h 20m}, {@code 2d 4h}. */
    static String span(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3_600;
        long minutes = seconds % 3_600 / 60;
        long rest = seconds % 60;
        if (days > 0) {
            return days + "d" + (hours > 0 ? " " + hours + "h" : "");
        }
        if (hours > 0) {
            return hours + "h" + (minutes > 0 ? " " + minutes + "m" : "");
        }
        if (minutes > 0) {
            return minutes + "m" + (rest > 0 ? " " + rest + "s" : "");
        }
        return rest + "s";
    }
}
