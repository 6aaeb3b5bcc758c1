package dev.steward.alert;

import dev.steward.catalog.ThresholdRule;
import dev.steward.probe.ProbeResult;
import dev.steward.probe.Status;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Collection;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The recent results of one monitor that its threshold rules measure: start time, latency and whether the target was
 * available, kept for the longest window of the rules and no longer.
 *
 * <p>Results sit in a ring of two primitive arrays (12 bytes a result) sorted by start time, which grows by doubling up
 * to a capacity (4,096 by default) and shrinks again when a quarter full: a monitor probed every 10 s with a 1 h uptime
 * rule keeps 360 results, about 4 KB. Times are kept to the microsecond, as results are stored. Once the capacity is
 * reached the oldest results make room, so a window longer than the capacity's worth of results covers only the
 * newest.
 *
 * <p>Every figure is over the window {@code (at - over, at]}: results that started after {@code at - over} and not
 * after {@code at}. Latency figures count up and degraded results only (a down result's latency says when the probe
 * gave up, not how fast the target answers), as in docs/RESULTS.md. A window without results has no figure.
 *
 * <p>Not thread-safe: the alert engine keeps one per monitor and uses it from its single evaluator thread.
 */
final class Samples {

    /** The most results one monitor keeps, unless constructed otherwise. */
    static final int DEFAULT_CAPACITY = 4_096;

    private static final int INITIAL_LENGTH = 8;
    /** The latency recorded for a down result, which no latency figure counts. */
    private static final int DOWN = -1;

    private static final long[] NO_TIMES = {};
    private static final int[] NO_LATENCIES = {};

    private final int capacity;
    private long retentionMicros;
    /** Start times in microseconds since the epoch, ascending from {@link #head}. */
    private long[] times = NO_TIMES;
    /** Latencies in microseconds, {@link #DOWN} for down results; same positions as {@link #times}. */
    private int[] latencies = NO_LATENCIES;

    private int head;
    private int size;

    Samples(Duration retention) {
        this(retention, DEFAULT_CAPACITY);
    }

    Samples(Duration retention, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
        }
        this.capacity = capacity;
        this.retentionMicros = micros(retention);
    }

    /** Samples kept as long as the given rules look back ({@link #retentionFor}). */
    static Samples forRules(Collection<ThresholdRule> rules) {
        return new Samples(retentionFor(rules));
    }

    /**
     * How long a monitor with these rules must keep its results: the longest {@code over} of the rules that measure
     * over a window; zero when none does (a certificate's expiry is read from the latest result alone).
     */
    static Duration retentionFor(Collection<ThresholdRule> rules) {
        return rules.stream()
                .filter(rule -> rule.measure() != ThresholdRule.Measure.CERTIFICATE_EXPIRY)
                .map(ThresholdRule::over)
                .max(Duration::compareTo)
                .orElse(Duration.ZERO);
    }

    /** How long results are kept, measured back from the newest one. */
    Duration retention() {
        return Duration.of(retentionMicros, ChronoUnit.MICROS);
    }

    /** Keeps results this long from now on (after a catalog reload changed the rules); drops those now too old. */
    void retain(Duration retention) {
        retentionMicros = micros(retention);
        if (size > 0) {
            evictOlderThan(timeAt(size - 1));
        }
    }

    /** Adds a result. Call it before measuring at the result's time, so that the window includes it. */
    void add(ProbeResult result) {
        add(result.startedAt(), result.latency(), result.status());
    }

    /** Adds a result given by its parts (e.g. a stored result, to fill the windows after a restart). */
    void add(Instant startedAt, Duration latency, Status status) {
        add(micros(startedAt), status == Status.DOWN ? DOWN : latencyMicros(latency));
    }

    private void add(long time, int latency) {
        long newest = size > 0 ? Math.max(timeAt(size - 1), time) : time;
        if (time <= minus(newest, retentionMicros)) {
            return; // too old to be in any window the rules will ask for (always so for a retention of zero)
        }
        if (size == capacity) {
            if (time < timeAt(0)) {
                return;
            }
            dropOldest();
        }
        if (size == times.length) {
            resize(Math.min(capacity, Math.max(INITIAL_LENGTH, times.length * 2)));
        }
        // Results come in start order; one that started before the newest (a timed-out probe) is slotted in place.
        int position = size;
        while (position > 0 && timeAt(position - 1) > time) {
            set(position, timeAt(position - 1), latencyAt(position - 1));
            position--;
        }
        set(position, time, latency);
        size++;
        evictOlderThan(newest);
    }

    /** The results in the window, up, degraded and down. */
    int count(Instant at, Duration over) {
        Window window = window(at, over);
        return window.last() - window.first() + 1;
    }

    /**
     * The nearest-rank percentile latency in microseconds: of the {@code n} latencies of up and degraded results in the
     * window sorted ascending, the {@code ceil(p / 100 * n)}-th (the first for p = 0). Empty when there is none.
     */
    OptionalLong percentileMicros(double percentile, Instant at, Duration over) {
        if (percentile < 0 || percentile > 100) {
            throw new IllegalArgumentException("percentile must be within 0 and 100, not " + percentile);
        }
        Window window = window(at, over);
        int[] answered = new int[window.last() - window.first() + 1];
        int n = 0;
        for (int i = window.first(); i <= window.last(); i++) {
            int latency = latencyAt(i);
            if (latency != DOWN) {
                answered[n++] = latency;
            }
        }
        if (n == 0) {
            return OptionalLong.empty();
        }
        Arrays.sort(answered, 0, n);
        // p * n first: 95 * 20 / 100 is exactly 19, while 0.95 * 20 is not.
        int rank = (int) Math.max(1, Math.ceil(percentile * n / 100.0));
        return OptionalLong.of(answered[rank - 1]);
    }

    /** The mean latency in microseconds of up and degraded results in the window. Empty when there is none. */
    OptionalDouble averageMicros(Instant at, Duration over) {
        Window window = window(at, over);
        long sum = 0;
        int n = 0;
        for (int i = window.first(); i <= window.last(); i++) {
            int latency = latencyAt(i);
            if (latency != DOWN) {
                sum += latency;
                n++;
            }
        }
        return n == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) sum / n);
    }

    /** Up and degraded results as a share of all results in the window, in percent. Empty when there is none. */
    OptionalDouble uptimePercent(Instant at, Duration over) {
        Window window = window(at, over);
        int all = 0;
        int good = 0;
        for (int i = window.first(); i <= window.last(); i++) {
            all++;
            good += latencyAt(i) == DOWN ? 0 : 1;
        }
        return all == 0 ? OptionalDouble.empty() : OptionalDouble.of(good * 100.0 / all);
    }

    /** How many results are kept. */
    int size() {
        return size;
    }

    /** How many results fit before the arrays grow (for tests of the memory use). */
    int length() {
        return times.length;
    }

    /** Positions {@code first..last} (inclusive, in start order; empty when last < first) of the window's results. */
    private record Window(int first, int last) {}

    private Window window(Instant at, Duration over) {
        long end = micros(at);
        long start = minus(end, micros(over));
        int last = size - 1;
        while (last >= 0 && timeAt(last) > end) {
            last--;
        }
        int first = last + 1;
        while (first > 0 && timeAt(first - 1) > start) {
            first--;
        }
        return new Window(first, last);
    }

    private void evictOlderThan(long newest) {
        long cutoff = minus(newest, retentionMicros);
        while (size > 0 && timeAt(0) <= cutoff) {
            dropOldest();
        }
        if (size == 0) {
            // Nothing kept (a retention of zero, or a long gap): give the memory back.
            times = NO_TIMES;
            latencies = NO_LATENCIES;
            head = 0;
        } else if (times.length > INITIAL_LENGTH && size <= times.length / 4) {
            // Halve while a quarter full or less: the slack left (at least twice the size) keeps the next results
            // from growing the arrays again at once.
            int length = times.length;
            while (length > INITIAL_LENGTH && size <= length / 4) {
                length /= 2;
            }
            resize(length);
        }
    }

    private void dropOldest() {
        head = (head + 1) % times.length;
        size--;
    }

    private void resize(int length) {
        long[] newTimes = new long[length];
        int[] newLatencies = new int[length];
        for (int i = 0; i < size; i++) {
            newTimes[i] = timeAt(i);
            newLatencies[i] = latencyAt(i);
        }
        times = newTimes;
        latencies = newLatencies;
        head = 0;
    }

    private long timeAt(int i) {
        return times[(head + i) % times.length];
    }

    private int latencyAt(int i) {
        return latencies[(head + i) % times.length];
    }

    private void set(int i, long time, int latency) {
        int slot = (head + i) % times.length;
        times[slot] = time;
        latencies[slot] = latency;
    }

    /** {@code time - micros} for a non-negative {@code micros}, at least {@link Long#MIN_VALUE}. */
    private static long minus(long time, long micros) {
        long difference = time - micros;
        return difference > time ? Long.MIN_VALUE : difference;
    }

    private static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    /** Microseconds in a duration, at most {@link Long#MAX_VALUE}; negative durations count as zero. */
    private static long micros(Duration duration) {
        if (duration.isNegative()) {
            return 0;
        }
        if (duration.getSeconds() >= Long.MAX_VALUE / 1_000_000L - 1) {
            return Long.MAX_VALUE;
        }
        return duration.getSeconds() * 1_000_000L + duration.getNano() / 1_000;
    }

    /** A latency as stored for results: whole microseconds, within 0 and {@link Integer#MAX_VALUE} (35 minutes). */
    private static int latencyMicros(Duration latency) {
        long micros = micros(latency);
        return (int) Math.min(Integer.MAX_VALUE, micros);
    }
}
