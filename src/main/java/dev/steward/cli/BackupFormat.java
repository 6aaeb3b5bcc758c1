package dev.steward.cli;

import dev.steward.backup.BackupSizes;
import java.time.Duration;
import java.util.Locale;

/**
 * How the backup commands write sizes, durations and the progress of long work for people: {@code 12.3 MB},
 * {@code 2m 05s}, {@code dumping  [#######.....]  58%  312.4 MB of 540.0 MB  41s}.
 */
final class BackupFormat {

    /** The width of the progress bar between its brackets. */
    static final int BAR = 24;

    private BackupFormat() {}

    /** {@link BackupSizes#decimal}: {@code 512 B}, {@code 12.3 MB}. */
    static String size(long bytes) {
        return BackupSizes.decimal(bytes);
    }

    /**
     * A duration to the two largest units: {@code 0.4s} and {@code 8.2s} below ten seconds, then {@code 41s},
     * {@code 2m 05s}, {@code 3h 07m}, {@code 2d 04h}.
     */
    static String duration(Duration duration) {
        long millis = Math.max(0, duration.toMillis());
        if (millis < 10_000) {
            return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        long s = Math.round(millis / 1000.0);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
        }
        if (s < 86400) {
            return String.format(Locale.ROOT, "%dh %02dm", s / 3600, s % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%dd %02dh", s / 86400, s % 86400 / 3600);
    }

    /** A duration in seconds as Steward's API writes it, e.g. a drill's {@code restoreSeconds}. */
    static String seconds(double seconds) {
        return duration(Duration.ofMillis(Math.round(seconds * 1000)));
    }

    /** A count with thousands separated: {@code 1,000,000}. */
    static String count(long count) {
        return String.format(Locale.ROOT, "%,d", count);
    }

    /**
     * One line of progress for a terminal. With a known total, a bar filled to the share done and the percentage;
     * without one (a dump's size is known only at its end), a marker that moves back and forth with the time.
     *
     * @param total bytes in all, or a negative number when unknown
     */
    static String progressLine(String phase, long done, long total, Duration elapsed) {
        StringBuilder line = new StringBuilder(phase).append("  [");
        if (total > 0) {
            long clamped = Math.min(Math.max(done, 0), total);
            int filled = (int) (clamped * BAR / total);
            line.append("#".repeat(filled))
                    .append(".".repeat(BAR - filled))
                    .append("] ")
                    .append(String.format(Locale.ROOT, "%3d%%", clamped * 100 / total))
                    .append("  ")
                    .append(size(done))
                    .append(" of ")
                    .append(size(total));
        } else {
            int span = BAR - 3;
            int step = (int) (Math.max(0, elapsed.toSeconds()) % (2L * span));
            int at = step <= span ? step : 2 * span - step;
            line.append(".".repeat(at))
                    .append("<=>")
                    .append(".".repeat(span - at))
                    .append("]  ")
                    .append(size(done));
        }
        return line.append("  ").append(duration(elapsed)).toString();
    }

    /**
     * One line of progress for a log (no terminal): the phase, the bytes so far (of the total when known) and the
     * time since the start.
     */
    static String progressText(String phase, long done, long total, Duration elapsed) {
        String bytes = done <= 0 && total <= 0
                ? ""
                : " " + size(done)
                        + (total > 0
                                ? String.format(
                                        Locale.ROOT, " of %s (%d%%)", size(total), Math.min(done, total) * 100 / total)
                                : "");
        return phase + bytes + " after " + duration(elapsed);
    }

    /** The first line of a message, cut to {@code max} characters with an ellipsis. */
    static String excerpt(String message, int max) {
        String first = message.strip().lines().findFirst().orElse("");
        return first.length() <= max ? first : first.substring(0, max - 1) + "…";
    }
}
