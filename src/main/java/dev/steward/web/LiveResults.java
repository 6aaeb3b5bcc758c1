package dev.steward.web;

import dev.steward.catalog.Catalog;
import dev.steward.catalog.Monitor;
import dev.steward.catalog.MonitorKey;
import dev.steward.catalog.MonitoredService;
import dev.steward.probe.ProbeResult;
import dev.steward.probe.Status;
import dev.steward.result.MonitorStatistics;
import dev.steward.result.StoredResult;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest {@value #KEPT} results of every monitor, in memory: the bars of the overview, the state live pages start
 * from, and what the live stream replays to a page that connects. Filled from the database once at start (and for
 * monitors a reload adds), then with every probe result as the scheduler hands it out, so rendering the overview never
 * reads results from the database.
 */
final class LiveResults {

    /** Results kept per monitor: the length of the overview's bars. */
    static final int KEPT = 30;

    private static final Logger log = LoggerFactory.getLogger(LiveResults.class);

    /**
     * One result as a bar shows it.
     *
     * @param sequence when it was kept: results kept later have higher numbers, so a page that was rendered with
     *     everything up to {@link #sequence()} asks the live stream for what came after
     */
    record Cell(Instant startedAt, Status status, Duration latency, long sequence) {}

    private final Map<MonitorKey, Ring> rings = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final String instance = java.util.UUID.randomUUID().toString();

    /**
     * Keeps a result (called on the probe's thread; never blocks for long).
     *
     * @return its sequence number
     */
    long add(ProbeResult result) {
        return ring(result.monitor()).add(micros(result.startedAt()), result.latency(), result.status(), sequence);
    }

    /**
     * Names this process's sequence numbers: a page whose live stream reconnects to another instance (or after a
     * restart, when the numbers start again) reloads its content instead of asking for results after its number.
     */
    String instance() {
        return instance;
    }

    /** The sequence number of the last result kept: a page rendered now holds everything up to it. */
    long sequence() {
        return sequence.get();
    }

    /**
     * A monitor's bar as a page shows it, read at once from the kept results.
     *
     * @param html the cells, oldest first, each run of results with one state as one element: {@code <i class="up
     *     n12"></i>} for twelve up results in a row ({@code n1} is left out); only state words go into it
     * @param label the bar in words, for screen readers: "last 30 results: 28 up, 2 down"
     * @param newest the latest result
     * @param notUp how many of the bar's results were not up
     */
    record Bar(String html, String label, Optional<Cell> newest, int notUp) {

        static final Bar EMPTY = new Bar("", "no results yet", Optional.empty(), 0);

        /** The newest result's start in ms since the epoch, 0 without one: pages ignore older live updates. */
        long lastAt() {
            return newest.map(cell -> cell.startedAt().toEpochMilli()).orElse(0L);
        }
    }

    Bar bar(MonitorKey monitor) {
        Ring ring = rings.get(monitor);
        return ring == null ? Bar.EMPTY : ring.bar();
    }

    /** The monitor's kept results with a higher sequence number than {@code sequence} (0: all), oldest first. */
    List<Cell> after(MonitorKey monitor, long sequence) {
        Ring ring = rings.get(monitor);
        return ring == null ? List.of() : ring.after(sequence);
    }

    /** The monitor's latest result, if one is kept. */
    Optional<Cell> latest(MonitorKey monitor) {
        Ring ring = rings.get(monitor);
        return ring == null ? Optional.empty() : ring.latest();
    }

    /** The status of every monitor's latest kept result. */
    Function<MonitorKey, Optional<Status>> latestStatuses() {
        return key -> latest(key).map(Cell::status);
    }

    /**
     * Reads the latest results of the monitors that have none in memory yet, one monitor at a time (a background
     * task: at start, and after a reload added monitors). Results that arrive meanwhile are merged in time order.
     */
    void fill(Collection<MonitorKey> monitors, MonitorStatistics statistics) {
        int filled = 0;
        for (MonitorKey key : monitors) {
            Ring ring = ring(key);
            if (ring.filled) {
                continue;
            }
            // oldest first, so that sequence numbers follow time as they do for live results
            for (StoredResult stored : statistics.recentResults(key, KEPT).reversed()) {
                ring.add(micros(stored.startedAt()), stored.latency(), stored.status(), sequence);
            }
            ring.filled = true;
            filled++;
        }
        log.atDebug()
                .addKeyValue("event", "live_results_filled")
                .addKeyValue("monitors", filled)
                .log("Read the latest results of {} monitors for the overview", filled);
    }

    /** Forgets monitors no longer in the catalog. */
    void retain(Catalog catalog) {
        Set<MonitorKey> keys = new java.util.HashSet<>();
        for (MonitoredService service : catalog.services().values()) {
            for (Monitor monitor : service.monitors()) {
                keys.add(monitor.key());
            }
        }
        rings.keySet().retainAll(keys);
    }

    private Ring ring(MonitorKey key) {
        return rings.computeIfAbsent(key, k -> new Ring());
    }

    private static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    /**
     * Up to {@link #KEPT} results in start order, in three arrays (a monitor's bar costs about 400 bytes, not 30
     * objects). Results nearly always arrive in order; one that does not is put in its place, and a start time already
     * kept is not kept twice (the fill from the database meeting a live result).
     */
    static final class Ring {
        private final long[] startedAt = new long[KEPT];
        private final int[] latencyMicros = new int[KEPT];
        private final byte[] status = new byte[KEPT];
        private final long[] sequences = new long[KEPT];
        private int size;
        volatile boolean filled;

        /** Keeps a result in its place; returns its new sequence number, or 0 when it was not kept. */
        synchronized long add(long at, Duration latency, Status state, AtomicLong sequence) {
            int index = size;
            while (index > 0 && startedAt[index - 1] >= at) {
                if (startedAt[index - 1] == at) {
                    return 0;
                }
                index--;
            }
            if (size == KEPT) {
                if (index == 0) {
                    return 0; // older than everything kept
                }
                shift(1, 0, index - 1);
                index--;
            } else {
                shift(index, index + 1, size - index);
                size++;
            }
            startedAt[index] = at;
            latencyMicros[index] = (int) Math.min(Integer.MAX_VALUE, latency.toNanos() / 1000);
            status[index] = (byte) state.ordinal();
            sequences[index] = sequence.incrementAndGet();
            return sequences[index];
        }

        private void shift(int from, int to, int length) {
            System.arraycopy(startedAt, from, startedAt, to, length);
            System.arraycopy(latencyMicros, from, latencyMicros, to, length);
            System.arraycopy(status, from, status, to, length);
            System.arraycopy(sequences, from, sequences, to, length);
        }

        private static final String[] CODES =
                java.util.Arrays.stream(Status.values()).map(Status::code).toArray(String[]::new);

        synchronized Bar bar() {
            if (size == 0) {
                return Bar.EMPTY;
            }
            StringBuilder html = new StringBuilder(64);
            int[] counts = new int[CODES.length];
            int run = 0;
            for (int i = 0; i < size; i++) {
                counts[status[i]]++;
                run++;
                if (i == size - 1 || status[i + 1] != status[i]) {
                    html.append("<i class=\"").append(CODES[status[i]]);
                    if (run > 1) {
                        html.append(" n").append(run);
                    }
                    html.append("\"></i>");
                    run = 0;
                }
            }
            StringBuilder label =
                    new StringBuilder("last ").append(size).append(size == 1 ? " result: " : " results: ");
            String separator = "";
            for (int state = 0; state < counts.length; state++) {
                if (counts[state] > 0) {
                    label.append(separator).append(counts[state]).append(' ').append(CODES[state]);
                    separator = ", ";
                }
            }
            return new Bar(
                    html.toString(), label.toString(), Optional.of(cell(size - 1)), size - counts[Status.UP.ordinal()]);
        }

        synchronized List<Cell> after(long sequence) {
            List<Cell> cells = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                if (sequences[i] > sequence) {
                    cells.add(cell(i));
                }
            }
            return cells;
        }

        synchronized Optional<Cell> latest() {
            return size == 0 ? Optional.empty() : Optional.of(cell(size - 1));
        }

        private Cell cell(int index) {
            return new Cell(
                    Instant.EPOCH.plus(startedAt[index], ChronoUnit.MICROS),
                    Status.values()[status[index]],
                    Duration.of(latencyMicros[index], ChronoUnit.MICROS),
                    sequences[index]);
        }
    }
}
