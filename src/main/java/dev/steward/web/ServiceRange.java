package dev.steward.web;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The ranges of the service page's latency chart ({@code ?range=1h|24h|7d|30d}) and their buckets. Buckets start on
 * whole multiples of their step in UTC (the chart's points do not wander as time passes, and finished buckets can be
 * kept); the last one holds now.
 */
enum ServiceRange {
    HOUR("1h", "last hour", Duration.ofMinutes(2), 30),
    DAY("24h", "last 24 hours", Duration.ofHours(1), 24),
    WEEK("7d", "last 7 days", Duration.ofHours(6), 28),
    MONTH("30d", "last 30 days", Duration.ofDays(1), 30);

    static final ServiceRange DEFAULT = DAY;

    private final String code;
    private final String label;
    private final Duration step;
    private final int buckets;

    ServiceRange(String code, String label, Duration step, int buckets) {
        this.code = code;
        this.label = label;
        this.step = step;
        this.buckets = buckets;
    }

    /** As written in the query string: {@code 1h}, {@code 24h}, {@code 7d}, {@code 30d}. */
    String code() {
        return code;
    }

    /** As a page says it: "last 24 hours". */
    String label() {
        return label;
    }

    Duration step() {
        return step;
    }

    List<Instant> bucketStarts(Instant now) {
        return aligned(now, step, buckets);
    }

    static Optional<ServiceRange> parse(String code) {
        for (ServiceRange range : values()) {
            if (range.code.equals(code)) {
                return Optional.of(range);
            }
        }
        return Optional.empty();
    }

    /** The starts of {@code count} buckets of {@code step}, aligned on multiples of the step, the last holding now. */
    static List<Instant> aligned(Instant now, Duration step, int count) {
        long stepSeconds = step.toSeconds();
        long last = Math.floorDiv(now.getEpochSecond(), stepSeconds) * stepSeconds;
        List<Instant> starts = new ArrayList<>(count);
        for (int i = count - 1; i >= 0; i--) {
            starts.add(Instant.ofEpochSecond(last - i * stepSeconds));
        }
        return starts;
    }
}
