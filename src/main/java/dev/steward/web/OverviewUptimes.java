package dev.steward.web;

import dev.steward.catalog.MonitorKey;
import dev.steward.result.MonitorStatistics;
import dev.steward.result.Window;
import dev.steward.result.WindowFigures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every monitor's 24-hour and 30-day uptime for the overview, read in the background so that a page never waits for
 * the 30-day sums: a page gets the figures computed last, and when they are older than {@link #FRESH} a refresh starts
 * for the pages after it. Figures older than {@link #STALE} (nobody looked for a while) are read again before the
 * page is rendered.
 */
final class OverviewUptimes {

    static final Duration FRESH = Duration.ofSeconds(15);
    static final Duration STALE = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(OverviewUptimes.class);

    /** Figures as of {@code at}. */
    record Snapshot(Instant at, Map<MonitorKey, WindowFigures> day, Map<MonitorKey, WindowFigures> month) {}

    private final MonitorStatistics statistics;
    private final Clock clock;
    private final ReentrantLock reading = new ReentrantLock();
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile @Nullable Snapshot current;

    OverviewUptimes(MonitorStatistics statistics, Clock clock) {
        this.statistics = statistics;
        this.clock = clock;
    }

    Snapshot get() {
        Snapshot snapshot = current;
        Instant now = clock.instant();
        if (snapshot == null || Duration.between(snapshot.at(), now).compareTo(STALE) > 0) {
            return readNow(snapshot);
        }
        if (Duration.between(snapshot.at(), now).compareTo(FRESH) > 0 && refreshing.compareAndSet(false, true)) {
            Thread.ofVirtual().name("overview-uptimes").start(this::refresh);
        }
        return snapshot;
    }

    /** Reads the figures on the caller's thread; callers arriving meanwhile wait for the same reading. */
    private Snapshot readNow(@Nullable Snapshot seen) {
        reading.lock();
        try {
            Snapshot snapshot = current;
            if (snapshot != null && snapshot != seen) {
                return snapshot;
            }
            snapshot = read();
            current = snapshot;
            return snapshot;
        } finally {
            reading.unlock();
        }
    }

    private void refresh() {
        try {
            reading.lock();
            try {
                current = read();
            } finally {
                reading.unlock();
            }
        } catch (RuntimeException e) {
            log.atWarn()
                    .addKeyValue("event", "overview_uptimes_failed")
                    .setCause(e)
                    .log("Could not read the overview's uptimes; pages show the previous ones: {}", e.toString());
        } finally {
            refreshing.set(false);
        }
    }

    private Snapshot read() {
        Instant at = clock.instant();
        // hash maps: a page looks up every monitor in them (the statistics answer sorted maps)
        return new Snapshot(
                at,
                Map.copyOf(statistics.allUptimes(Window.LAST_24_HOURS)),
                Map.copyOf(statistics.allUptimes(Window.LAST_30_DAYS)));
    }
}
