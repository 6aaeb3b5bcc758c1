package dev.steward.probe;

import dev.steward.catalog.Catalog;
import dev.steward.catalog.Monitor;
import dev.steward.catalog.MonitorKey;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every enabled monitor of the catalog at its interval, each probe on its own virtual thread with a hard deadline,
 * and hands every result to the listeners.
 *
 * <p>Each monitor has a stable offset within its interval, derived from its key, so that a thousand monitors with the
 * same interval spread over it instead of firing together, and the same monitor probes at the same second after every
 * restart. The first probe of a newly scheduled monitor runs within {@link #FIRST_PROBE_SPREAD} (so a fresh start or a
 * new monitor shows a state quickly); later ones on the monitor's slots.
 *
 * <p>One platform thread only keeps time: it starts probes and never waits for them. A probe that has not answered
 * when its timeout (plus {@link #DEADLINE_GRACE}) is over is reported as {@link ErrorCode#TIMEOUT} at that moment and
 * interrupted; a monitor whose probe has not ended at its next slot is not started twice (counted as skipped). So a
 * target that
 * accepts connections and never answers, or ten thousand of them, costs parked virtual threads, never another
 * monitor's punctuality.
 *
 * <p>{@link #apply(Catalog)} after a reload keeps the timers of monitors whose probe did not change. Monitors that are
 * not probed (heartbeats) get no timer.
 */
public final class ProbeScheduler implements AutoCloseable {

    /** New monitors run their first probe within this time of being scheduled, spread by their offset. */
    static final Duration FIRST_PROBE_SPREAD = Duration.ofSeconds(5);

    /** How much longer than its timeout a probe may take before the scheduler reports it and interrupts it. */
    static final Duration DEADLINE_GRACE = Duration.ofMillis(500);

    private static final Logger log = LoggerFactory.getLogger(ProbeScheduler.class);

    /** Runs one probe of a monitor; {@code ProbeRunner::run} in Steward, a stand-in in tests. */
    @FunctionalInterface
    public interface MonitorProbe {
        ProbeResult run(Monitor monitor, Instant scheduledAt);
    }

    private final MonitorProbe probe;
    private final List<Consumer<ProbeResult>> listeners;
    private final Clock clock;
    private final ScheduledThreadPoolExecutor timer;
    private final ExecutorService probes = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("probe-", 0).factory());
    private final Map<MonitorKey, ScheduledMonitor> scheduled = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Timer lateness;
    private final Counter skipped;
    private final Map<Status, Counter> completed = new HashMap<>();
    private final Counter deadlineExceeded;
    private volatile boolean closed;

    public ProbeScheduler(
            MonitorProbe probe, List<Consumer<ProbeResult>> listeners, Clock clock, MeterRegistry meters) {
        this.probe = probe;
        this.listeners = List.copyOf(listeners);
        this.clock = clock;
        this.timer = new ScheduledThreadPoolExecutor(
                1, Thread.ofPlatform().name("probe-scheduler").daemon(true).factory());
        this.timer.setRemoveOnCancelPolicy(true);
        this.timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.lateness = Timer.builder("steward.probe.lateness")
                .description("How late probes start compared with their slot")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(meters);
        this.skipped = Counter.builder("steward.probes.skipped")
                .description("Probes not started because the monitor's previous probe was still running")
                .register(meters);
        this.deadlineExceeded = Counter.builder("steward.probes.deadline.exceeded")
                .description("Probes reported as timed out by the scheduler because they outlived their deadline")
                .register(meters);
        for (Status status : Status.values()) {
            completed.put(
                    status,
                    Counter.builder("steward.probes")
                            .description("Probes completed, by result status")
                            .tag("status", status.code())
                            .register(meters));
        }
        Gauge.builder("steward.probes.in.flight", inFlight, AtomicInteger::get)
                .description("Probes running now")
                .register(meters);
        Gauge.builder("steward.monitors.scheduled", scheduled, Map::size)
                .description("Enabled monitors with a timer")
                .register(meters);
    }

    /**
     * Makes the schedule match the catalog: new and changed monitors are (re)scheduled, removed and disabled ones
     * stop, unchanged ones keep their timers.
     */
    public synchronized void apply(Catalog catalog) {
        if (closed) {
            return;
        }
        Map<MonitorKey, Monitor> wanted = new HashMap<>();
        for (Monitor monitor : catalog.monitors()) {
            // Heartbeats are not probed: their jobs ping Steward, and dev.steward.heartbeat hands on their results.
            if (monitor.enabled() && monitor.probe().probed()) {
                wanted.put(monitor.key(), monitor);
            }
        }
        int removed = 0;
        int added = 0;
        int changed = 0;
        for (var iterator = scheduled.entrySet().iterator(); iterator.hasNext(); ) {
            var entry = iterator.next();
            Monitor next = wanted.get(entry.getKey());
            if (next == null || !next.sameProbeAs(entry.getValue().monitor)) {
                entry.getValue().cancel();
                iterator.remove();
                if (next == null) {
                    removed++;
                } else {
                    changed++;
                }
            } else {
                entry.getValue().monitor = next; // same probe; the description or location may have changed
            }
        }
        long now = clock.millis();
        for (Monitor monitor : wanted.values()) {
            if (!scheduled.containsKey(monitor.key())) {
                ScheduledMonitor entry = new ScheduledMonitor(monitor);
                scheduled.put(monitor.key(), entry);
                entry.scheduleAt(firstSlot(monitor, now));
                added++;
            }
        }
        added -= changed;
        log.atInfo()
                .addKeyValue("event", "schedule_applied")
                .addKeyValue("monitors", scheduled.size())
                .addKeyValue("added", added)
                .addKeyValue("changed", changed)
                .addKeyValue("removed", removed)
                .log(
                        "Scheduling {} monitors ({} added, {} changed, {} removed)",
                        scheduled.size(),
                        added,
                        changed,
                        removed);
    }

    /** The monitors with a timer now. */
    public int scheduledCount() {
        return scheduled.size();
    }

    /** When the monitor's next probe is planned, if it is scheduled. */
    public Optional<Instant> nextProbe(MonitorKey key) {
        ScheduledMonitor entry = scheduled.get(key);
        return entry == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(entry.plannedAt));
    }

    /** Stops all timers and interrupts running probes; results of interrupted probes are not delivered. */
    @Override
    public synchronized void close() {
        closed = true;
        scheduled.values().forEach(ScheduledMonitor::cancel);
        scheduled.clear();
        timer.shutdownNow();
        probes.shutdownNow();
    }

    /**
     * The monitor's stable offset within its interval, in milliseconds: the same for the same key and interval, spread
     * evenly over [0, interval) across keys.
     */
    static long offsetMillis(MonitorKey key, Duration interval) {
        long hash = key.toString().hashCode();
        hash *= 0x9E3779B97F4A7C15L; // spreads keys that differ in one character (api-1, api-2, …)
        hash ^= hash >>> 29;
        return Math.floorMod(hash, interval.toMillis());
    }

    /** The first slot of a monitor scheduled at {@code now}: within {@link #FIRST_PROBE_SPREAD}, by its offset. */
    static long firstSlot(Monitor monitor, long now) {
        long spread = Math.min(monitor.interval().toMillis(), FIRST_PROBE_SPREAD.toMillis());
        return now + Math.floorMod(offsetMillis(monitor.key(), monitor.interval()), spread);
    }

    /** The monitor's slot after {@code previous}: the next time t with t ≡ offset (mod interval), at least half an interval on. */
    static long nextSlot(Monitor monitor, long previous) {
        long interval = monitor.interval().toMillis();
        long offset = offsetMillis(monitor.key(), monitor.interval());
        long earliest = previous + interval / 2;
        long slot = earliest - Math.floorMod(earliest - offset, interval);
        return slot <= earliest ? slot + interval : slot;
    }

    private void deliver(ProbeResult result) {
        completed.get(result.status()).increment();
        for (Consumer<ProbeResult> listener : listeners) {
            try {
                listener.accept(result);
            } catch (RuntimeException e) {
                log.atError()
                        .addKeyValue("event", "probe_listener_failed")
                        .addKeyValue("monitor", result.monitor().toString())
                        .setCause(e)
                        .log("A listener failed on the result of {}: {}", result.monitor(), e.toString());
            }
        }
    }

    /** One monitor's timer. Fields written by the timer thread; {@code monitor} also by {@link #apply}. */
    private final class ScheduledMonitor {
        volatile Monitor monitor;
        volatile long plannedAt;
        private final AtomicBoolean running = new AtomicBoolean();
        private volatile @Nullable ScheduledFuture<?> timerTask;
        private volatile boolean cancelled;
        private boolean warnedOfSkip; // timer thread only

        ScheduledMonitor(Monitor monitor) {
            this.monitor = monitor;
        }

        void scheduleAt(long slot) {
            if (cancelled || closed) {
                return;
            }
            plannedAt = slot;
            long delay = Math.max(0, slot - clock.millis());
            timerTask = timer.schedule(this::fire, delay, TimeUnit.MILLISECONDS);
        }

        void cancel() {
            cancelled = true;
            ScheduledFuture<?> task = timerTask;
            if (task != null) {
                task.cancel(false);
            }
        }

        /** On the timer thread: start the probe, plan the next one, never block. */
        private void fire() {
            long slot = plannedAt;
            Monitor current = monitor;
            try {
                if (running.compareAndSet(false, true)) {
                    start(current, slot);
                } else {
                    skipped.increment();
                    if (!warnedOfSkip) {
                        // Once per monitor: a black hole with timeout + grace beyond its interval skips every other
                        // slot, and the steward_probes_skipped_total counter says so without flooding the log.
                        warnedOfSkip = true;
                        log.atWarn()
                                .addKeyValue("event", "probe_skipped")
                                .addKeyValue("monitor", current.key().toString())
                                .log(
                                        "The previous probe of {} is still running at its next slot; skipping slots until it ends (logged once)",
                                        current.key());
                    }
                }
            } catch (RuntimeException e) {
                running.set(false);
                log.atError()
                        .addKeyValue("event", "probe_start_failed")
                        .addKeyValue("monitor", current.key().toString())
                        .setCause(e)
                        .log("Could not start the probe of {}: {}", current.key(), e.toString());
            } finally {
                scheduleAt(nextSlot(current, slot));
            }
        }

        private void start(Monitor current, long slot) {
            Instant scheduledAt = Instant.ofEpochMilli(slot);
            CompletableFuture<ProbeResult> outcome = new CompletableFuture<>();
            inFlight.incrementAndGet();
            Future<?> task = probes.submit(() -> {
                try {
                    lateness.record(Math.max(0, clock.millis() - slot), TimeUnit.MILLISECONDS);
                    outcome.complete(probe.run(current, scheduledAt));
                } catch (Throwable e) {
                    outcome.complete(failed(current, scheduledAt, e));
                    if (e instanceof Error error && !(e instanceof StackOverflowError)) {
                        throw error;
                    }
                } finally {
                    inFlight.decrementAndGet();
                }
            });
            long deadline = current.timeout().plus(DEADLINE_GRACE).toMillis();
            ScheduledFuture<?> watchdog = timer.schedule(
                    () -> {
                        if (outcome.complete(ProbeResult.timedOut(current.key(), scheduledAt, current.timeout()))) {
                            deadlineExceeded.increment();
                            task.cancel(true);
                        }
                    },
                    deadline,
                    TimeUnit.MILLISECONDS);
            outcome.thenAccept(result -> {
                watchdog.cancel(false);
                // A probe stopped at its deadline counts as ended even if its thread has not noticed the interrupt
                // yet; the next slot may start a fresh one.
                running.set(false);
                if (!cancelled && !closed) {
                    deliver(result);
                }
            });
        }

        private ProbeResult failed(Monitor current, Instant scheduledAt, Throwable e) {
            log.atError()
                    .addKeyValue("event", "probe_failed")
                    .addKeyValue("monitor", current.key().toString())
                    .setCause(e)
                    .log("The probe of {} failed inside Steward: {}", current.key(), e.toString());
            return new ProbeResult(
                    current.key(),
                    scheduledAt,
                    scheduledAt,
                    Duration.between(scheduledAt, clock.instant()),
                    Status.DOWN,
                    "Steward failed to run the probe: " + e,
                    Optional.of(ErrorCode.PROBE_ERROR),
                    List.of(),
                    Optional.empty());
        }
    }
}
