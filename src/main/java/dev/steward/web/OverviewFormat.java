package dev.steward.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/** How the overview and service pages write latencies, uptimes and times: short, and the same everywhere. */
final class OverviewFormat {

    static final String NONE = "—";

    private static final DateTimeFormatter MINUTE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern(
                    "yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private OverviewFormat() {}

    /** {@code 0.42 ms}, {@code 3.1 ms}, {@code 120 ms}, {@code 1.25 s}. */
    static String latency(Duration latency) {
        double millis = latency.toNanos() / 1_000_000.0;
        if (millis < 1) {
            return String.format(Locale.ROOT, "%.2f ms", millis);
        }
        if (millis < 10) {
            return String.format(Locale.ROOT, "%.1f ms", millis);
        }
        if (millis < 1000) {
            return String.format(Locale.ROOT, "%.0f ms", millis);
        }
        return String.format(Locale.ROOT, "%.2f s", millis / 1000);
    }

    static String latency(Optional<Duration> latency) {
        return latency.map(OverviewFormat::latency).orElse(NONE);
    }

    /**
     * {@code 100%}, {@code 99.95%}, {@code 97.2%}: two decimals below 100 % so that 99.99 % never shows as 100 %;
     * {@code —} without results.
     */
    static String uptime(OptionalDouble percent) {
        if (percent.isEmpty()) {
            return NONE;
        }
        double value = percent.getAsDouble();
        if (value >= 100) {
            return "100%";
        }
        if (value <= 0) {
            return "0%";
        }
        double floored = Math.floor(value * 100) / 100;
        return String.format(Locale.ROOT, "%.2f%%", floored);
    }

    /** The class a day's or a window's uptime gets in a bar: up from 99.9 %, degraded from 99 %, down below. */
    static String uptimeClass(OptionalDouble percent) {
        if (percent.isEmpty()) {
            return "none";
        }
        double value = percent.getAsDouble();
        return value >= 99.9 ? "up" : value >= 99 ? "degraded" : "down";
    }

    /** {@code 2026-11-23 10:04 UTC}. */
    static String time(Instant instant) {
        return MINUTE.format(instant);
    }

    /** {@code 2026-11-23 10:04:05 UTC}. */
    static String timeWithSeconds(Instant instant) {
        return SECOND.format(instant);
    }

    /**
     * {@code 2026-11-23 10:04:05 UTC} for one instant, {@code 2026-11-23 10:04:05 – 10:09:05 UTC} for two on one day,
     * both in full otherwise.
     */
    static String timeRange(Instant first, Instant last) {
        if (first.equals(last)) {
            return timeWithSeconds(first);
        }
        String from = timeWithSeconds(first);
        String to = timeWithSeconds(last);
        return from.substring(0, 10).equals(to.substring(0, 10))
                ? from.substring(0, from.length() - 4) + " – " + to.substring(11)
                : from + " – " + to;
    }

    /** {@code 12 s}, {@code 5 min}, {@code 3 h 20 min}, {@code 2 d 4 h}. */
    static String span(Duration span) {
        long seconds = Math.max(0, span.toSeconds());
        if (seconds < 60) {
            return seconds + " s";
        }
        long minutes = seconds / 60;
        if (minutes < 60) {
            return minutes + " min";
        }
        long hours = minutes / 60;
        if (hours < 24) {
            return minutes % 60 == 0 ? hours + " h" : hours + " h " + minutes % 60 + " min";
        }
        long days = hours / 24;
        return hours % 24 == 0 ? days + " d" : days + " d " + hours % 24 + " h";
    }

    /** {@code 12 s ago}, {@code 5 min ago}. */
    static String ago(Instant instant, Instant now) {
        return span(Duration.between(instant, now)) + " ago";
    }
}
