package dev.steward.heartbeat;

import dev.steward.catalog.Catalog;
import dev.steward.catalog.Monitor;
import dev.steward.catalog.MonitorKey;
import dev.steward.catalog.ProbeSpec;
import dev.steward.config.Durations;
import dev.steward.probe.ErrorCode;
import dev.steward.probe.ProbeListener;
import dev.steward.probe.ProbeResult;
import dev.steward.probe.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;

/**
 * The heartbeat monitors of the catalog: takes their jobs' pings, keeps each one's runs, and turns them into results
 * for every {@link ProbeListener} (results store, alert engine, live pages) exactly as probe results are: a success
 * ping is up, a failure ping is down at once, and a deadline that passes without a ping is down when it passes.
 *
 * <p>One platform thread ({@code heartbeat-deadlines}) looks every second for deadlines that passed; it never waits
 * for the database (what it reported is saved on another thread) nor for a monitor whose ping is being stored. A
 * ping is stored before it is answered, so an answered ping survives a restart; the state of each monitor is rebuilt
 * from its stored pings at start.
 */
public final class Heartbeats implements SmartLifecycle {

    /** With the probe scheduler: started after the results store and the alert engine, stopped before them. */
    static final int PHASE = Integer.MAX_VALUE - 1000;

    static final Duration CHECK_EVERY = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(Heartbeats.class);

    private final PingStore store;
    private final Clock clock;
    private final Supplier<Catalog> catalog;
    private final Supplier<List<ProbeListener>> listenerSource;
    private final String baseUrl;
    private final MeterRegistry meters;
    private final Map<MonitorKey, Tracked> tracked = new ConcurrentHashMap<>();
    private final Map<Ping.Kind, Counter> pings = new HashMap<>();
    private final Counter missed;
    private final Counter unfinished;
    private volatile Map<UUID, MonitorKey> byUuid = Map.of();
    private volatile List<ProbeListener> listeners = List.of();
    private volatile boolean running;
    private volatile boolean applyPending;
    private @Nullable ScheduledExecutorService checker;
    private @Nullable ExecutorService markWriter;

    /**
     * @param listeners resolved at start, as the probe scheduler's are
     * @param baseUrl Steward's public URL, for ping URLs
     */
    Heartbeats(
            PingStore store,
            Clock clock,
            Supplier<Catalog> catalog,
            Supplier<List<ProbeListener>> listeners,
            URI baseUrl,
            MeterRegistry meters) {
        this.store = store;
        this.clock = clock;
        this.catalog = catalog;
        this.listenerSource = listeners;
        this.baseUrl = baseUrl.toString().replaceAll("/+$", "");
        this.meters = meters;
        for (Ping.Kind kind : Ping.Kind.values()) {
            pings.put(
                    kind,
                    Counter.builder("steward.heartbeat.pings")
                            .description("Heartbeat pings received, by kind")
                            .tag("kind", kind.code())
                            .register(meters));
        }
        this.missed = overdue("missed");
        this.unfinished = overdue("started_not_finished");
    }

    private Counter overdue(String reason) {
        return Counter.builder("steward.heartbeat.overdue")
                .description("Heartbeat runs reported down because a deadline passed, by reason")
                .tag("reason", reason)
                .register(meters);
    }

    /** One heartbeat monitor as Steward follows it. The lock guards the state; the checker never waits for it. */
    private static final class Tracked {
        final MonitorKey key;
        final ReentrantLock lock = new ReentrantLock();
        volatile Monitor monitor;
        volatile ProbeSpec.Heartbeat spec;
        volatile UUID uuid;
        /** The UUID Steward assigned, used while the catalog names none. */
        volatile UUID assignedUuid;

        volatile boolean assigned;
        volatile HeartbeatState state;
        volatile @Nullable Ping lastPing;
        /** When to look again; null: nothing is expected. */
        volatile @Nullable Instant checkAt;

        Tracked(Monitor monitor, ProbeSpec.Heartbeat spec, UUID uuid, UUID assignedUuid, HeartbeatState state) {
            this.key = monitor.key();
            this.monitor = monitor;
            this.spec = spec;
            this.uuid = uuid;
            this.assignedUuid = assignedUuid;
            this.assigned = uuid.equals(assignedUuid);
            this.state = state;
        }

        void plan() {
            checkAt = state.nextDeadline(spec.schedule(), spec.grace()).orElse(null);
        }
    }

    // ---- lifecycle

    @Override
    public void start() {
        listeners = List.copyOf(listenerSource.get());
        apply(catalog.get());
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("heartbeat-deadlines").daemon(true).factory());
        markWriter = Executors.newSingleThreadExecutor(
                Thread.ofVirtual().name("heartbeat-marks").factory());
        thread.scheduleWithFixedDelay(
                this::checkSafely, CHECK_EVERY.toMillis(), CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        checker = thread;
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        if (checker != null) {
            checker.shutdownNow();
        }
        if (markWriter != null) {
            markWriter.shutdown();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    // ---- the catalog

    /**
     * Follows the catalog: every heartbeat monitor (enabled or not, so that its job's pings are still answered) gets
     * its ping URL's UUID, the catalog's or the one Steward assigned to it; removed ones stop answering.
     */
    public synchronized void apply(Catalog current) {
        Instant now = clock.instant();
        Map<MonitorKey, Monitor> wanted = new HashMap<>();
        Map<UUID, MonitorKey> claimed = new HashMap<>();
        for (Monitor monitor : current.monitors()) {
            if (monitor.probe() instanceof ProbeSpec.Heartbeat spec) {
                wanted.put(monitor.key(), monitor);
                spec.uuid().ifPresent(uuid -> claimed.put(uuid, monitor.key()));
            }
        }
        tracked.keySet().removeIf(key -> !wanted.containsKey(key));
        Map<UUID, MonitorKey> uuids = new HashMap<>(claimed);
        boolean failed = false;
        for (Monitor monitor : wanted.values()) {
            try {
                Tracked entry = follow(monitor, claimed, now);
                uuids.put(entry.uuid, entry.key);
            } catch (DataAccessException e) {
                failed = true;
                tracked.remove(monitor.key());
                log.atWarn()
                        .addKeyValue("event", "heartbeat_apply_failed")
                        .addKeyValue("monitor", monitor.key().toString())
                        .log(
                                "Cannot read or assign the ping URL of {}; trying again every second: {}",
                                monitor.key(),
                                e.getMostSpecificCause().getMessage());
            }
        }
        byUuid = Map.copyOf(uuids);
        applyPending = failed;
        log.atInfo()
                .addKeyValue("event", "heartbeats_applied")
                .addKeyValue("monitors", tracked.size())
                .log("Following {} heartbeat monitors", tracked.size());
    }

    private Tracked follow(Monitor monitor, Map<UUID, MonitorKey> claimed, Instant now) {
        ProbeSpec.Heartbeat spec = (ProbeSpec.Heartbeat) monitor.probe();
        Tracked existing = tracked.get(monitor.key());
        // Every heartbeat has its row, also one whose UUID the catalog names: it keeps what was reported.
        UUID assignedUuid = existing != null ? existing.assignedUuid : store.assigned(monitor.key(), now);
        MonitorKey claimant = claimed.get(assignedUuid);
        if (claimant != null && !claimant.equals(monitor.key())) {
            // The catalog gave this monitor's URL to another one: that one keeps it, this one gets a new URL.
            assignedUuid = store.reassign(monitor.key());
            log.atWarn()
                    .addKeyValue("event", "heartbeat_uuid_reassigned")
                    .addKeyValue("monitor", monitor.key().toString())
                    .addKeyValue("claimedBy", claimant.toString())
                    .log(
                            "The catalog gives {}'s ping URL to {}; {} gets a new one: /ping/{}",
                            monitor.key(),
                            claimant,
                            monitor.key(),
                            assignedUuid);
        }
        UUID uuid = spec.uuid().orElse(assignedUuid);
        Tracked entry = existing != null ? existing : restore(monitor, spec, uuid, assignedUuid);
        entry.lock.lock();
        try {
            entry.monitor = monitor;
            entry.spec = spec;
            entry.uuid = uuid;
            entry.assignedUuid = assignedUuid;
            entry.assigned = spec.uuid().isEmpty();
            entry.plan();
        } finally {
            entry.lock.unlock();
        }
        tracked.put(monitor.key(), entry);
        return entry;
    }

    /** The monitor's state rebuilt from what is stored: its pings, oldest first, and what was reported. */
    private Tracked restore(Monitor monitor, ProbeSpec.Heartbeat spec, UUID uuid, UUID assignedUuid) {
        PingStore.Marks marks = store.marks(monitor.key());
        HeartbeatState state = HeartbeatState.reported(marks.missedThrough(), marks.startReported());
        List<Ping> recent = store.recent(monitor.key(), PingStore.KEPT, 0);
        for (Ping ping : recent.reversed()) {
            state = state.after(ping.kind(), ping.at(), ping.rid());
        }
        Tracked entry = new Tracked(monitor, spec, uuid, assignedUuid, state);
        entry.lastPing = recent.isEmpty() ? null : recent.getFirst().withoutLog();
        return entry;
    }

    // ---- pings

    /** What a ping's sender is told. */
    enum Outcome {
        /** Stored (and judged). */
        OK,
        /** No heartbeat monitor has this UUID. */
        NOT_FOUND,
        /** Steward is starting or stopping, or cannot store the ping now: the sender should retry. */
        UNAVAILABLE
    }

    /** What a ping says: its kind, and the exit status when it reported one. */
    record Signal(Ping.Kind kind, OptionalInt exitStatus) {}

    /** A ping's request, as the controller read it. */
    record Request(
            byte[] body,
            boolean truncated,
            String client,
            String method,
            Optional<String> userAgent,
            Optional<UUID> rid) {}

    /**
     * Takes a ping: stores it, updates the monitor's runs, and hands the result of a finished run to the listeners (a
     * disabled monitor's pings are stored, not judged).
     */
    Outcome ping(UUID uuid, Signal signal, Request request) {
        if (!running) {
            return Outcome.UNAVAILABLE;
        }
        MonitorKey key = byUuid.get(uuid);
        Tracked entry = key == null ? null : tracked.get(key);
        if (entry == null) {
            return Outcome.NOT_FOUND;
        }
        entry.lock.lock();
        try {
            Instant now = clock.instant();
            Optional<Duration> duration = signal.kind().finishes()
                    ? entry.state.finished(now, request.rid()).duration()
                    : Optional.empty();
            Ping ping = new Ping(
                    0,
                    entry.key,
                    now,
                    signal.kind(),
                    signal.exitStatus(),
                    duration,
                    Ping.text(request.body()),
                    request.truncated(),
                    request.client(),
                    request.method(),
                    request.userAgent(),
                    request.rid());
            try {
                ping = store.insert(ping, request.body());
            } catch (DataAccessException e) {
                log.atWarn()
                        .addKeyValue("event", "heartbeat_ping_not_stored")
                        .addKeyValue("monitor", entry.key.toString())
                        .log(
                                "A {} ping of {} could not be stored and was answered 503 (the job retries): {}",
                                signal.kind().code(),
                                entry.key,
                                e.getMostSpecificCause().getMessage());
                return Outcome.UNAVAILABLE;
            }
            pings.get(signal.kind()).increment();
            entry.state = entry.state.after(signal.kind(), now, request.rid());
            entry.lastPing = ping.withoutLog();
            entry.plan();
            if (signal.kind().finishes() && entry.monitor.enabled()) {
                deliver(result(ping));
            }
            return Outcome.OK;
        } finally {
            entry.lock.unlock();
        }
    }

    private static ProbeResult result(Ping ping) {
        String run = ping.duration()
                .map(d -> "; the run took " + Durations.format(d.truncatedTo(ChronoUnit.MILLIS)))
                .orElse("");
        if (ping.kind() == Ping.Kind.SUCCESS) {
            String how = ping.exitStatus().isPresent() ? "exit status 0" : "success ping";
            return result(ping.monitor(), ping.at(), ping.duration(), Status.UP, how + run, Optional.empty());
        }
        String how = ping.exitStatus().isPresent()
                ? "the job exited with status " + ping.exitStatus().getAsInt()
                : "the job reported a failure";
        String tail = ping.lastLine().map(line -> "; its log ends: " + line).orElse("");
        return result(
                ping.monitor(),
                ping.at(),
                ping.duration(),
                Status.DOWN,
                how + run + tail,
                Optional.of(ErrorCode.HEARTBEAT_FAILED));
    }

    private static ProbeResult result(
            MonitorKey key,
            Instant at,
            Optional<Duration> latency,
            Status status,
            String message,
            Optional<ErrorCode> error) {
        return new ProbeResult(
                key, at, at, latency.orElse(Duration.ZERO), status, message, error, List.of(), Optional.empty());
    }

    private void deliver(ProbeResult result) {
        for (ProbeListener listener : listeners) {
            try {
                listener.onResult(result);
            } catch (RuntimeException e) {
                log.atError()
                        .addKeyValue("event", "probe_listener_failed")
                        .addKeyValue("monitor", result.monitor().toString())
                        .setCause(e)
                        .log("A listener failed on the result of {}: {}", result.monitor(), e.toString());
            }
        }
    }

    // ---- deadlines

    private void checkSafely() {
        try {
            check(clock.instant());
        } catch (RuntimeException e) {
            log.atError()
                    .addKeyValue("event", "heartbeat_check_failed")
                    .setCause(e)
                    .log("Looking for missed heartbeats failed; trying again in a second: {}", e.toString());
        }
    }

    /** Reports every deadline that passed by {@code now}: one result per monitor and call at most. */
    void check(Instant now) {
        if (applyPending) {
            apply(catalog.get());
        }
        for (Tracked entry : tracked.values()) {
            Instant at = entry.checkAt;
            if (at == null || now.isBefore(at) || !entry.monitor.enabled()) {
                continue;
            }
            if (!entry.lock.tryLock()) {
                continue; // a ping is being stored; look again next time
            }
            try {
                Optional<HeartbeatState.Verdict> verdict =
                        entry.state.overdue(entry.spec.schedule(), entry.spec.grace(), now);
                if (verdict.isPresent()) {
                    entry.state = verdict.get().next();
                    saveMarks(entry.key, entry.state);
                    deliver(overdueResult(entry, verdict.get().overdue(), now));
                }
                entry.plan();
            } finally {
                entry.lock.unlock();
            }
        }
    }

    private ProbeResult overdueResult(Tracked entry, HeartbeatState.Overdue overdue, Instant now) {
        ProbeSpec.Heartbeat spec = entry.spec;
        Ping last = entry.lastPing;
        String lastPing = last == null
                ? "no ping yet"
                : "last ping " + time(last.at()) + " (" + last.kind().code() + ")";
        String message;
        ErrorCode code;
        switch (overdue) {
            case HeartbeatState.Overdue.Missed missedRun -> {
                missed.increment();
                code = ErrorCode.HEARTBEAT_MISSED;
                message = "no ping by " + time(missedRun.deadline()) + ": a run was due at " + time(missedRun.due())
                        + " (" + spec.target() + "); " + lastPing;
            }
            case HeartbeatState.Overdue.StartedNotFinished started -> {
                unfinished.increment();
                code = ErrorCode.HEARTBEAT_STARTED_NOT_FINISHED;
                message = "started at " + time(started.startedAt()) + " and did not finish within the grace time of "
                        + Durations.format(spec.grace());
            }
        }
        log.atInfo()
                .addKeyValue("event", "heartbeat_overdue")
                .addKeyValue("monitor", entry.key.toString())
                .addKeyValue("error", code.code())
                .log("{}: {}", entry.key, message);
        return result(entry.key, now, Optional.empty(), Status.DOWN, message, Optional.of(code));
    }

    private void saveMarks(MonitorKey key, HeartbeatState state) {
        ExecutorService writer = markWriter;
        if (writer == null || writer.isShutdown()) {
            return;
        }
        PingStore.Marks marks = new PingStore.Marks(state.missedThrough(), state.startReported());
        writer.execute(() -> {
            try {
                store.saveMarks(key, marks);
            } catch (DataAccessException e) {
                // Only costs a repeated report of the same overdue run after a restart.
                log.atWarn()
                        .addKeyValue("event", "heartbeat_marks_not_saved")
                        .addKeyValue("monitor", key.toString())
                        .log(
                                "Cannot save what was reported for {}: {}",
                                key,
                                e.getMostSpecificCause().getMessage());
            }
        });
    }

    private static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    // ---- what users see

    /**
     * A heartbeat monitor as the API and the pages show it.
     *
     * @param assigned whether Steward chose the UUID (else the catalog names it)
     * @param schedule the schedule in words, e.g. {@code cron 0 2 * * * (Europe/Istanbul)}
     * @param runningSince the start of a run under way (a start ping not yet followed by its finish)
     * @param expectedBy when the next deadline passes without a ping: the run under way's, or the next run's
     * @param isNew whether the job never pinged a start or a finish (nothing is expected of it yet)
     */
    public record HeartbeatView(
            UUID uuid,
            boolean assigned,
            URI pingUrl,
            String schedule,
            Duration grace,
            Optional<Ping> lastPing,
            Optional<Instant> runningSince,
            Optional<Instant> expectedBy,
            boolean isNew) {}

    /** The heartbeat monitor's URL, schedule and last ping; empty when it is not a heartbeat Steward follows. */
    public Optional<HeartbeatView> view(MonitorKey key) {
        Tracked entry = tracked.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        HeartbeatState state = entry.state;
        ProbeSpec.Heartbeat spec = entry.spec;
        return Optional.of(new HeartbeatView(
                entry.uuid,
                entry.assigned,
                pingUrl(entry.uuid),
                spec.schedule().describe(),
                spec.grace(),
                Optional.ofNullable(entry.lastPing),
                state.running().map(HeartbeatState.Start::at),
                Optional.ofNullable(entry.checkAt),
                state.isNew()));
    }

    /** The monitor's latest pings with their logs, newest first (Steward keeps the last 100 of each). */
    public List<Ping> pings(MonitorKey key, int limit) {
        return store.recent(key, Math.min(limit, PingStore.KEPT));
    }

    /**
     * The monitor's latest pings, newest first, each with only the end of its log (at most {@code logBytes} bytes,
     * marked truncated when there was more).
     */
    public List<Ping> pings(MonitorKey key, int limit, int logBytes) {
        return store.recent(key, Math.min(limit, PingStore.KEPT), logBytes);
    }

    /** The URL a job pings for this UUID. */
    public URI pingUrl(UUID uuid) {
        return URI.create(baseUrl + "/ping/" + uuid);
    }
}
