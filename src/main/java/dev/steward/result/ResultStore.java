package dev.steward.result;

import dev.steward.probe.ProbeResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Takes every probe result without ever making the caller wait, and writes them to the database in batches from one
 * background thread ({@code result-writer}): every second, or as soon as {@value #BATCH_SIZE} are waiting.
 *
 * <p>Up to {@code capacity} results wait in memory, besides the batch being written. When the buffer is full the
 * oldest waiting result is dropped (counted in {@code steward_results_dropped_total{reason="overflow"}}, logged as
 * {@code results_dropped} at most once a minute). While the database fails, the writer keeps its batch and retries
 * with backoff, logging {@code results_write_failed} once per outage and {@code results_write_recovered} when a write
 * succeeds again. A batch the database refuses as data (it would never succeed) is written one result at a time and
 * only the refused results are dropped ({@code results_rejected}).
 *
 * <p>As a Spring lifecycle bean it starts before and stops after the web server and the probe scheduler, and before
 * the connection pool closes; stopping writes what is buffered, for at most {@link #SHUTDOWN_TIMEOUT}.
 */
public final class ResultStore implements SmartLifecycle {

    /** Results waiting to be written, besides the batch being written, before the oldest is dropped. */
    public static final int DEFAULT_CAPACITY = 200_000;

    static final int BATCH_SIZE = 2_000;
    static final Duration FLUSH_INTERVAL = Duration.ofSeconds(1);
    static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);
    static final Duration FIRST_RETRY = Duration.ofMillis(500);
    static final Duration LONGEST_RETRY = Duration.ofSeconds(10);
    private static final Duration DROP_WARNING_INTERVAL = Duration.ofMinutes(1);
    /** Stops after the probe scheduler and the web server (lower phases stop later), starts before them. */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private static final Logger log = LoggerFactory.getLogger(ResultStore.class);

    private final ResultBatchWriter writer;
    private final Consumer<Instant> onWritten;
    private final int capacity;

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when the writer should look again: a full batch, a flush request, stopping. */
    private final Condition wakeWriter = lock.newCondition();
    /** Signalled when results have been written or given up. */
    private final Condition progress = lock.newCondition();
    // Guarded by lock. Results are numbered in the order they are accepted; the waiting ones are contiguous, from
    // accepted - waiting.size() to accepted - 1, and the batch being written comes just before them.
    private final ArrayDeque<ProbeResult> waiting = new ArrayDeque<>();
    private long accepted;
    private long inFlightFirst = -1;
    private long flushUpTo;
    private boolean stopping;
    private long stopDeadline;
    /** Counts flush requests and the stop request: each cuts a retry's wait short. */
    private long wakeRequests;

    private @Nullable Thread writerThread;

    private final Counter written;
    private final Counter droppedOverflow;
    private final Counter droppedRejected;
    private final Counter droppedShutdown;
    private final Timer batchDuration;
    private final AtomicLong droppedSinceWarning = new AtomicLong();
    private final AtomicLong lastDropWarning = new AtomicLong(System.nanoTime() - DROP_WARNING_INTERVAL.toNanos());
    private boolean outage; // writer thread only

    ResultStore(ResultBatchWriter writer, Consumer<Instant> onWritten, int capacity, MeterRegistry meters) {
        this.writer = writer;
        this.onWritten = onWritten;
        this.capacity = capacity;
        this.written = Counter.builder("steward.results.written")
                .description("Probe results written to the database")
                .register(meters);
        this.droppedOverflow = dropped(meters, "overflow");
        this.droppedRejected = dropped(meters, "rejected");
        this.droppedShutdown = dropped(meters, "shutdown");
        this.batchDuration = Timer.builder("steward.results.write.batch")
                .description("Time to write one batch of probe results, successful or not")
                .register(meters);
        Gauge.builder("steward.results.buffered", this, ResultStore::buffered)
                .description("Probe results waiting to be written, including the batch being written")
                .register(meters);
    }

    private static Counter dropped(MeterRegistry meters, String reason) {
        return Counter.builder("steward.results.dropped")
                .description("Probe results never written: buffer full, refused by the database, or left at shutdown")
                .tag("reason", reason)
                .register(meters);
    }

    /** Buffers a result for writing; never waits for the database. */
    public void submit(ProbeResult result) {
        boolean droppedOne = false;
        lock.lock();
        try {
            if (waiting.size() >= capacity) {
                waiting.pollFirst();
                droppedOne = true;
            }
            waiting.addLast(result);
            accepted++;
            if (waiting.size() == BATCH_SIZE) {
                wakeWriter.signal();
            }
        } finally {
            lock.unlock();
        }
        if (droppedOne) {
            droppedOverflow.increment();
            warnDropped();
        }
    }

    /**
     * Writes everything submitted before this call and waits for it, for at most {@code timeout}.
     *
     * @return whether all of it was written (or dropped) in time; false while the database is unavailable
     */
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            long target = accepted;
            flushUpTo = Math.max(flushUpTo, target);
            wakeRequests++;
            wakeWriter.signal();
            while (firstUnsettled() < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                progress.awaitNanos(left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** {@link #flush(Duration)} for at most 30 seconds. */
    public boolean flush() {
        return flush(Duration.ofSeconds(30));
    }

    /** Results accepted and not yet written or dropped. */
    public long buffered() {
        lock.lock();
        try {
            return accepted - firstUnsettled();
        } finally {
            lock.unlock();
        }
    }

    /** The number of the oldest result neither written nor dropped (guarded by lock). */
    private long firstUnsettled() {
        return inFlightFirst >= 0 ? inFlightFirst : accepted - waiting.size();
    }

    @Override
    public void start() {
        lock.lock();
        try {
            if (writerThread != null) {
                return;
            }
            stopping = false;
            writerThread =
                    Thread.ofPlatform().name("result-writer").daemon(true).start(this::runWriter);
        } finally {
            lock.unlock();
        }
    }

    /** Writes what is buffered (for at most {@link #SHUTDOWN_TIMEOUT}), then stops the writer. */
    @Override
    public void stop() {
        Thread thread;
        lock.lock();
        try {
            thread = writerThread;
            if (thread == null) {
                return;
            }
            stopping = true;
            stopDeadline = System.nanoTime() + SHUTDOWN_TIMEOUT.toNanos();
            flushUpTo = accepted;
            wakeRequests++;
            wakeWriter.signal();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(SHUTDOWN_TIMEOUT.plusSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lock.lock();
        try {
            writerThread = null;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isRunning() {
        lock.lock();
        try {
            return writerThread != null;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    private void runWriter() {
        while (true) {
            List<ProbeResult> batch;
            lock.lock();
            try {
                long nextFlush = System.nanoTime() + FLUSH_INTERVAL.toNanos();
                while (!stopping
                        && waiting.size() < BATCH_SIZE
                        && accepted - waiting.size() >= flushUpTo
                        && System.nanoTime() < nextFlush) {
                    wakeWriter.awaitNanos(nextFlush - System.nanoTime());
                }
                if (stopping && (waiting.isEmpty() || System.nanoTime() - stopDeadline >= 0)) {
                    abandonWaiting();
                    return;
                }
                inFlightFirst = accepted - waiting.size();
                batch = new ArrayList<>(Math.min(BATCH_SIZE, waiting.size()));
                while (batch.size() < BATCH_SIZE && !waiting.isEmpty()) {
                    batch.add(waiting.pollFirst());
                }
            } catch (InterruptedException e) {
                log.atWarn()
                        .addKeyValue("event", "result_writer_interrupted")
                        .addKeyValue("buffered", waiting.size())
                        .log("The result writer was interrupted; results still buffered are not written");
                return;
            } finally {
                lock.unlock();
            }
            try {
                writeAll(batch);
            } catch (RuntimeException e) {
                // Nothing in writeAll should throw; if it does, the batch is lost but the writer must go on.
                droppedRejected.increment(batch.size());
                log.atError()
                        .addKeyValue("event", "results_rejected")
                        .addKeyValue("count", batch.size())
                        .setCause(e)
                        .log("Dropped {} results after an unexpected error: {}", batch.size(), e.toString());
            } finally {
                lock.lock();
                try {
                    inFlightFirst = -1;
                    progress.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /** At shutdown, when the time to write has run out: what still waits is lost (guarded by lock). */
    private void abandonWaiting() {
        if (waiting.isEmpty()) {
            return;
        }
        int lost = waiting.size();
        waiting.clear();
        droppedShutdown.increment(lost);
        progress.signalAll();
        log.atError()
                .addKeyValue("event", "results_lost_at_shutdown")
                .addKeyValue("count", lost)
                .log("Stopped with {} results not written: the database was unavailable", lost);
    }

    private void writeAll(List<ProbeResult> batch) {
        switch (writeWithRetry(batch)) {
            case WRITTEN, ABANDONED -> {}
            case REFUSED -> {
                for (ProbeResult result : batch) {
                    if (writeWithRetry(List.of(result)) == Attempt.REFUSED) {
                        droppedRejected.increment();
                        log.atError()
                                .addKeyValue("event", "results_rejected")
                                .addKeyValue("monitor", result.monitor().toString())
                                .addKeyValue("startedAt", result.startedAt().toString())
                                .log("The database refused a result of {}; it is dropped", result.monitor());
                    }
                }
            }
        }
    }

    private enum Attempt {
        WRITTEN,
        REFUSED,
        ABANDONED
    }

    private Attempt writeWithRetry(List<ProbeResult> batch) {
        Duration backoff = FIRST_RETRY;
        while (true) {
            long started = System.nanoTime();
            try {
                writer.write(batch);
                batchDuration.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                written.increment(batch.size());
                onWritten.accept(earliestStart(batch));
                if (outage) {
                    outage = false;
                    log.atInfo()
                            .addKeyValue("event", "results_write_recovered")
                            .addKeyValue("buffered", buffered())
                            .log("Writing results works again; {} results are waiting", buffered());
                }
                return Attempt.WRITTEN;
            } catch (SQLException | RuntimeException e) {
                batchDuration.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                if (refusedAsData(e)) {
                    return Attempt.REFUSED;
                }
                if (!outage) {
                    outage = true;
                    log.atWarn()
                            .addKeyValue("event", "results_write_failed")
                            .addKeyValue("reason", reason(e))
                            .addKeyValue("buffered", buffered())
                            .setCause(e)
                            .log("Writing results failed ({}); keeping them and retrying", reason(e));
                }
            }
            if (!awaitRetry(backoff)) {
                droppedShutdown.increment(batch.size());
                log.atError()
                        .addKeyValue("event", "results_lost_at_shutdown")
                        .addKeyValue("count", batch.size())
                        .log("Stopped with {} results not written: the database was unavailable", batch.size());
                return Attempt.ABANDONED;
            }
            backoff = backoff.multipliedBy(2).compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : backoff.multipliedBy(2);
        }
    }

    /**
     * Waits before the next attempt; a flush request (stopping makes one) cuts the wait short once. Returns false when
     * Steward is stopping and the time to write has run out.
     */
    private boolean awaitRetry(Duration backoff) {
        lock.lock();
        try {
            long requests = wakeRequests;
            long until = System.nanoTime() + backoff.toNanos();
            if (stopping && stopDeadline - until < 0) {
                until = stopDeadline;
            }
            while (until - System.nanoTime() > 0 && wakeRequests == requests) {
                wakeWriter.awaitNanos(until - System.nanoTime());
            }
            return !(stopping && System.nanoTime() - stopDeadline >= 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    private static Instant earliestStart(List<ProbeResult> batch) {
        Instant earliest = batch.getFirst().startedAt();
        for (ProbeResult result : batch) {
            if (result.startedAt().isBefore(earliest)) {
                earliest = result.startedAt();
            }
        }
        return earliest;
    }

    /**
     * Whether the database refused the data itself (invalid value, constraint, a limit), which no retry can fix; any
     * other failure (connection, server shutting down, pool timeout) is worth retrying.
     */
    private static boolean refusedAsData(Exception e) {
        if (!(e instanceof SQLException sql)) {
            return true;
        }
        String state = sql.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23") || state.startsWith("54"));
    }

    private static String reason(Exception e) {
        if (e instanceof SQLException sql && sql.getSQLState() != null) {
            return "SQLState " + sql.getSQLState() + " (" + e.getClass().getSimpleName() + ")";
        }
        return e.getClass().getSimpleName();
    }

    private void warnDropped() {
        long count = droppedSinceWarning.incrementAndGet();
        long last = lastDropWarning.get();
        long now = System.nanoTime();
        if (now - last >= DROP_WARNING_INTERVAL.toNanos() && lastDropWarning.compareAndSet(last, now)) {
            long dropped = droppedSinceWarning.getAndAdd(-count);
            log.atWarn()
                    .addKeyValue("event", "results_dropped")
                    .addKeyValue("dropped", dropped)
                    .addKeyValue("capacity", capacity)
                    .log(
                            "The result buffer is full ({} results); dropped the oldest {} since the last warning",
                            capacity,
                            dropped);
        }
    }
}
