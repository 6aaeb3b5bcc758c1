package dev.steward.alert;

import dev.steward.alert.AlertMachine.Transition;
import dev.steward.alert.AlertState.Phase;
import dev.steward.catalog.AlertPolicy;
import dev.steward.catalog.Catalog;
import dev.steward.catalog.Monitor;
import dev.steward.catalog.MonitorKey;
import dev.steward.catalog.MonitoredService;
import dev.steward.catalog.PublicListing;
import dev.steward.catalog.Severity;
import dev.steward.catalog.ThresholdRule;
import dev.steward.config.Durations;
import dev.steward.incident.Incidents;
import dev.steward.notify.Message;
import dev.steward.notify.Outbox;
import dev.steward.notify.Routing;
import dev.steward.probe.ProbeListener;
import dev.steward.probe.ProbeResult;
import dev.steward.probe.Status;
import dev.steward.probe.condition.ConditionOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import tools.jackson.databind.json.JsonMapper;

/**
 * Evaluates every probe result (and every alert received from other tools) against its alert policy, on one thread
 * that owns all alert state. A transition is written in one transaction with its notifications (the outbox) and its
 * incident timeline entry; a failed transaction puts the results back and tries again, so nothing is lost or counted
 * twice while the database is away.
 */
public final class AlertEngine implements ProbeListener, SmartLifecycle {

    /** Starts before the probe scheduler and stops after it, so no result is handed to a stopped engine. */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

    static final int QUEUE_CAPACITY = 200_000;
    /** Results per transaction: small enough that an alert storm reaches the outbox in steady steps, not bursts. */
    private static final int BATCH = 100;

    private static final Duration REPEAT_SWEEP = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(AlertEngine.class);

    private final DataSource dataSource;
    private final JsonMapper json;
    private final Clock clock;
    private final Supplier<Catalog> catalog;
    private final Outbox outbox;
    private final Incidents incidents;
    private final URI baseUrl;
    private final Runnable afterCommit;
    private final BlockingDeque<Work> queue = new LinkedBlockingDeque<>(QUEUE_CAPACITY);
    private final Map<String, Tracked> tracked = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, RuleTracked> ruleAlerts = new java.util.concurrent.ConcurrentHashMap<>();
    /** Recent results of monitors with threshold rules; evaluator thread only, refilled by new results after a restart. */
    private final Map<MonitorKey, Samples> samples = new HashMap<>();

    private final Counter dropped;
    private final Counter transitions;

    private volatile boolean running;
    private @Nullable Thread thread;
    private Instant nextRepeatSweep = Instant.EPOCH;

    /**
     * @param afterCommit called after each transaction that queued notifications (wakes the dispatcher)
     */
    public AlertEngine(
            DataSource dataSource,
            JsonMapper json,
            Clock clock,
            Supplier<Catalog> catalog,
            Outbox outbox,
            Incidents incidents,
            URI baseUrl,
            Runnable afterCommit,
            MeterRegistry meters) {
        this.dataSource = dataSource;
        this.json = json;
        this.clock = clock;
        this.catalog = catalog;
        this.outbox = outbox;
        this.incidents = incidents;
        this.baseUrl = baseUrl;
        this.afterCommit = afterCommit;
        this.dropped = Counter.builder("steward_alert_results_dropped_total")
                .description("probe results the alert engine could not queue (queue full)")
                .register(meters);
        this.transitions = Counter.builder("steward_alert_transitions_total")
                .description("alert phase changes written")
                .register(meters);
        meters.gauge("steward_alert_queue_depth", queue, BlockingDeque::size);
    }

    // ---- what the engine is told

    private sealed interface Work {
        record Probe(ProbeResult result) implements Work {}

        record External(ExternalAlert alert, CompletableFuture<Outcome> done) implements Work {}

        record Sweep() implements Work {}
    }

    /** What happened to a received alert. */
    public enum Outcome {
        /** It fired (a new firing: notifications and incident as routed). */
        FIRED,
        /** It resolved. */
        RESOLVED,
        /** Nothing changed: already firing, or resolved while not firing. */
        UNCHANGED
    }

    @Override
    public void onResult(ProbeResult result) {
        if (!queue.offerLast(new Work.Probe(result))) {
            dropped.increment();
        }
    }

    /** Queues an alert received from another tool; completes once it is written. */
    public CompletableFuture<Outcome> receive(ExternalAlert alert) {
        CompletableFuture<Outcome> done = new CompletableFuture<>();
        if (!queue.offerLast(new Work.External(alert, done))) {
            done.completeExceptionally(new IllegalStateException("the alert queue is full; try again shortly"));
        }
        return done;
    }

    /** The catalog changed: alerts of monitors that are gone or disabled are resolved. */
    public void catalogChanged() {
        queue.offerLast(new Work.Sweep());
    }

    // ---- the evaluator's memory

    /**
     * One alert as the evaluator remembers it.
     *
     * @param id the alert row, 0 while the alert has none (a monitor that never failed)
     * @param failingSince when the current run of failures began (the first failure of a pending or firing alert)
     */
    record Tracked(
            long id,
            AlertState state,
            int episode,
            Severity severity,
            @Nullable Instant failingSince,
            @Nullable Long incidentId) {}

    /** A threshold rule's alert as the evaluator remembers it; {@code id} is 0 until the rule first leaves ok. */
    record RuleTracked(
            long id, RuleState state, int episode, @Nullable Long incidentId) {}

    /** The evaluator's state saved in alert.state: recent outcomes as x (failed) and . (good). */
    record SavedState(
            String recent, int successes, @Nullable Instant failingSince) {}

    // ---- lifecycle

    @Override
    public void start() {
        load();
        running = true;
        thread = Thread.ofPlatform().name("steward-alerts").daemon(true).start(this::run);
        log.atInfo()
                .addKeyValue("event", "alert_engine_started")
                .addKeyValue("alerts", tracked.size())
                .log("alert engine started");
    }

    @Override
    public void stop() {
        running = false;
        Thread current = thread;
        if (current != null) {
            current.interrupt();
            try {
                current.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // What is still queued is evaluated by the next start from the next results; nothing is half-written.
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    private void load() {
        try (Connection connection = dataSource.getConnection()) {
            for (AlertRows.Stored stored : AlertRows.load(connection)) {
                if (stored.source().equals("rule")) {
                    RuleState state = stored.state() == null
                            ? RuleState.quiet()
                            : RuleState.restore(json.readValue(stored.state(), RuleState.Stored.class));
                    ruleAlerts.put(
                            stored.key(), new RuleTracked(stored.id(), state, stored.episode(), stored.incidentId()));
                    continue;
                }
                if (!stored.source().equals("monitor")
                        && !stored.source().equals("alertmanager")
                        && !stored.source().equals("event")) {
                    continue;
                }
                AlertState state = restore(stored);
                SavedState saved = stored.state() == null ? null : json.readValue(stored.state(), SavedState.class);
                tracked.put(
                        stored.key(),
                        new Tracked(
                                stored.id(),
                                state,
                                stored.episode(),
                                stored.severity(),
                                saved == null ? stored.since() : saved.failingSince(),
                                stored.incidentId()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read alert states: " + e.getMessage(), e);
        }
    }

    private AlertState restore(AlertRows.Stored stored) {
        Phase phase = Phase.valueOf(stored.phase().toUpperCase(java.util.Locale.ROOT));
        if (stored.state() == null) {
            return new AlertState(phase, new boolean[0], 0);
        }
        SavedState saved = json.readValue(stored.state(), SavedState.class);
        boolean[] recent = new boolean[saved.recent().length()];
        for (int i = 0; i < recent.length; i++) {
            recent[i] = saved.recent().charAt(i) == 'x';
        }
        return new AlertState(phase, recent, saved.successes());
    }

    private String save(AlertState state, @Nullable Instant failingSince) {
        StringBuilder recent = new StringBuilder();
        for (boolean failed : state.recent()) {
            recent.append(failed ? 'x' : '.');
        }
        return json.writeValueAsString(new SavedState(recent.toString(), state.successes(), failingSince));
    }

    // ---- the loop

    private void run() {
        List<Work> batch = new ArrayList<>(BATCH);
        Duration backoff = Duration.ofMillis(500);
        while (running) {
            try {
                Work first = queue.pollFirst(1, TimeUnit.SECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, BATCH - 1);
                }
                Instant now = clock.instant();
                boolean sweep = !now.isBefore(nextRepeatSweep);
                if (batch.isEmpty() && !sweep) {
                    continue;
                }
                if (process(batch, sweep)) {
                    if (sweep) {
                        nextRepeatSweep = now.plus(REPEAT_SWEEP);
                    }
                    batch.clear();
                    backoff = Duration.ofMillis(500);
                } else {
                    for (int i = batch.size() - 1; i >= 0; i--) {
                        queue.offerFirst(batch.get(i));
                    }
                    batch.clear();
                    Thread.sleep(backoff);
                    backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0
                            ? Duration.ofSeconds(30)
                            : backoff.multipliedBy(2);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.atError()
                        .addKeyValue("event", "alert_engine_failed")
                        .setCause(e)
                        .log("alert engine step failed; results of this step are dropped");
                batch.clear();
            }
        }
    }

    /** One batch in one transaction, opened only if something must be written. */
    private final class Batch implements AutoCloseable {
        final Catalog catalog = AlertEngine.this.catalog.get();
        final Instant now = clock.instant();
        final Map<String, Optional<Tracked>> originals = new HashMap<>();
        final Map<String, Tracked> dirty = new LinkedHashMap<>();
        final Map<String, Optional<RuleTracked>> ruleOriginals = new HashMap<>();
        final Map<Long, String> ruleStates = new LinkedHashMap<>();
        final List<Runnable> afterCommit = new ArrayList<>();
        boolean notified;
        int transitions;
        private @Nullable Connection connection;

        Connection connection() throws SQLException {
            if (connection == null) {
                connection = dataSource.getConnection();
                connection.setAutoCommit(false);
            }
            return connection;
        }

        void put(String key, Tracked value) {
            originals.computeIfAbsent(key, k -> Optional.ofNullable(tracked.get(k)));
            tracked.put(key, value);
        }

        void putRule(String key, RuleTracked value) {
            ruleOriginals.computeIfAbsent(key, k -> Optional.ofNullable(ruleAlerts.get(k)));
            ruleAlerts.put(key, value);
        }

        void commit() throws SQLException {
            Map<Long, String> states = new LinkedHashMap<>(ruleStates);
            dirty.values().forEach(t -> states.put(t.id(), save(t.state(), t.failingSince())));
            if (!states.isEmpty()) {
                AlertRows.saveStates(connection(), states, now);
            }
            if (connection != null) {
                connection.commit();
            }
        }

        void rollback() {
            ruleOriginals.forEach((key, original) -> {
                if (original.isPresent()) {
                    ruleAlerts.put(key, original.get());
                } else {
                    ruleAlerts.remove(key);
                }
            });
            originals.forEach((key, original) -> {
                if (original.isPresent()) {
                    tracked.put(key, original.get());
                } else {
                    tracked.remove(key);
                }
            });
            if (connection != null) {
                try {
                    connection.rollback();
                } catch (SQLException e) {
                    log.atDebug().addKeyValue("event", "alert_rollback_failed").log(e.getMessage());
                }
            }
        }

        @Override
        public void close() {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException e) {
                    log.atDebug()
                            .addKeyValue("event", "alert_connection_close_failed")
                            .log(e.getMessage());
                }
            }
        }
    }

    /** Returns false when the batch must be retried (the database refused it). */
    boolean process(List<Work> works, boolean sweepRepeats) {
        try (Batch batch = new Batch()) {
            try {
                for (Work work : works) {
                    switch (work) {
                        case Work.Probe probe -> evaluate(batch, probe.result());
                        case Work.External external -> {
                            Outcome outcome = external(batch, external.alert());
                            batch.afterCommit.add(() -> external.done().complete(outcome));
                        }
                        case Work.Sweep sweep -> sweepCatalog(batch);
                    }
                }
                if (sweepRepeats) {
                    repeats(batch);
                }
                batch.commit();
            } catch (SQLException e) {
                batch.rollback();
                log.atWarn()
                        .addKeyValue("event", "alert_write_failed")
                        .addKeyValue("results", works.size())
                        .log("cannot write alert transitions, retrying: " + e.getMessage());
                return false;
            } catch (RuntimeException e) {
                // Not the database: retrying the same batch would fail the same way and stall every alert behind it.
                batch.rollback();
                log.atError()
                        .addKeyValue("event", "alert_batch_dropped")
                        .addKeyValue("results", works.size())
                        .setCause(e)
                        .log(
                                "a batch of results could not be judged and is dropped; later results are judged as usual");
                for (Work work : works) {
                    if (work instanceof Work.External external) {
                        external.done().completeExceptionally(e);
                    }
                }
                return true;
            }
            transitions.increment(batch.transitions);
            batch.afterCommit.forEach(Runnable::run);
            if (batch.notified) {
                afterCommit.run();
            }
            return true;
        }
    }

    // ---- monitor alerts

    static String monitorKey(MonitorKey key) {
        return "monitor:" + key.service() + "/" + key.monitor();
    }

    private void evaluate(Batch batch, ProbeResult result) throws SQLException {
        Optional<Monitor> monitor = batch.catalog.monitor(result.monitor());
        if (monitor.isEmpty() || !monitor.get().enabled()) {
            return;
        }
        AlertPolicy policy = batch.catalog.policyOf(monitor.get());
        if (!policy.rules().isEmpty()) {
            evaluateRules(batch, monitor.get(), policy, result);
        } else {
            samples.remove(result.monitor());
        }
        String key = monitorKey(result.monitor());
        Tracked current = tracked.get(key);
        boolean failed = result.status() == Status.DOWN;
        if (current == null && !failed) {
            return;
        }
        AlertState before = current == null ? AlertState.quiet() : current.state();
        AlertMachine.Step step = AlertMachine.next(before, policy, failed);
        Instant at = result.startedAt();
        if (step.transition().isEmpty()) {
            if (current != null && !step.state().equals(before)) {
                // "Since" is the first failure of the run that fires: a good result while pending starts it again.
                Instant since = current.failingSince();
                if (step.state().phase() == Phase.PENDING) {
                    since = failed ? (since == null ? at : since) : null;
                }
                Tracked next = new Tracked(
                        current.id(), step.state(), current.episode(), current.severity(), since, current.incidentId());
                batch.put(key, next);
                if (next.id() != 0) {
                    batch.dirty.put(key, next);
                }
            }
            return;
        }
        MonitoredService service =
                batch.catalog.service(result.monitor().service()).orElseThrow();
        Transition transition = step.transition().get();
        long id = current == null || current.id() == 0
                ? AlertRows.insert(
                        batch.connection(),
                        key,
                        "monitor",
                        service.name(),
                        result.monitor().monitor(),
                        title(result.monitor(), true),
                        policy.severity(),
                        at)
                : current.id();
        int episode = current == null ? 0 : current.episode();
        Instant failingSince = current == null ? null : current.failingSince();
        Long incidentId = current == null ? null : current.incidentId();
        Severity severity = policy.severity();
        String cause = json.writeValueAsString(cause(result));
        String message = summary(result);
        Optional<String> error = lastError(result);
        switch (transition) {
            case PENDING, CLEARED -> {
                failingSince = transition == Transition.PENDING ? at : null;
                severity = current == null ? severity : current.severity();
                AlertRows.update(
                        batch.connection(),
                        id,
                        title(result.monitor(), true),
                        new AlertRows.Change(
                                step.state().phase().name().toLowerCase(java.util.Locale.ROOT),
                                severity,
                                episode,
                                at,
                                Optional.empty(),
                                Optional.empty(),
                                message,
                                error,
                                save(step.state(), failingSince),
                                Optional.empty(),
                                false));
            }
            case FIRED -> {
                episode++;
                if (failingSince == null) {
                    failingSince = at;
                }
                AlertRows.update(
                        batch.connection(),
                        id,
                        title(result.monitor(), true),
                        new AlertRows.Change(
                                "firing",
                                severity,
                                episode,
                                at,
                                Optional.of(at),
                                Optional.empty(),
                                message,
                                error,
                                save(step.state(), failingSince),
                                repeat(policy, at),
                                true));
                incidentId = fire(
                        batch,
                        new Firing(
                                id,
                                episode,
                                service,
                                Optional.of(result.monitor().monitor()),
                                title(result.monitor(), true),
                                severity,
                                message,
                                message,
                                failingSince,
                                error,
                                at),
                        null,
                        "trigger",
                        key);
            }
            case RESOLVED -> {
                String recovered = "recovered after " + Durations.format(lasted(failingSince, at)) + ": " + message;
                AlertRows.update(
                        batch.connection(),
                        id,
                        title(result.monitor(), true),
                        new AlertRows.Change(
                                "ok",
                                severity,
                                episode,
                                at,
                                Optional.empty(),
                                Optional.of(at),
                                message,
                                Optional.empty(),
                                save(step.state(), null),
                                Optional.empty(),
                                false));
                batch.notified |= resolve(
                        batch,
                        id,
                        episode,
                        incidentId,
                        service,
                        Optional.of(result.monitor().monitor()),
                        title(result.monitor(), false),
                        severity,
                        recovered,
                        failingSince,
                        at);
                logTransition("alert_resolved", key, severity, recovered, 0);
                failingSince = null;
            }
        }
        AlertRows.transition(
                batch.connection(),
                id,
                at,
                transition.name().toLowerCase(java.util.Locale.ROOT),
                before.phase().name().toLowerCase(java.util.Locale.ROOT),
                step.state().phase().name().toLowerCase(java.util.Locale.ROOT),
                severity,
                cause);
        batch.transitions++;
        batch.dirty.remove(key);
        batch.put(key, new Tracked(id, step.state(), episode, severity, failingSince, incidentId));
    }

    /**
     * A firing to announce.
     *
     * @param summary what the message says is wrong
     * @param detail what the incident timeline says
     * @param since when the failing began
     */
    private record Firing(
            long id,
            int episode,
            MonitoredService service,
            Optional<String> monitor,
            String title,
            Severity severity,
            String summary,
            String detail,
            @Nullable Instant since,
            Optional<String> error,
            Instant at) {}

    /**
     * Opens or joins the service's incident and queues the trigger to every channel of the severity's route, in the
     * batch's transaction.
     *
     * @param incidentId the incident the alert belongs to already, null for a new firing
     * @param suffix {@code trigger}, or e.g. {@code escalated-critical} for a rule that got worse
     * @return the incident the alert belongs to now
     */
    private @Nullable Long fire(Batch batch, Firing firing, @Nullable Long incidentId, String suffix, String key)
            throws SQLException {
        Long incident = incidents
                .alertFired(
                        batch.connection(),
                        firing.id(),
                        firing.service().name(),
                        firing.title(),
                        firing.severity(),
                        firing.service().runbook(),
                        firing.at(),
                        firing.detail())
                .orElse(incidentId);
        Message trigger = message(
                Message.Event.TRIGGER,
                firing.id(),
                firing.episode(),
                firing.service(),
                firing.monitor(),
                firing.title(),
                firing.severity(),
                firing.summary(),
                firing.since() == null ? firing.at() : firing.since(),
                firing.error(),
                firing.at(),
                incident);
        int queued = outbox.trigger(
                batch.connection(),
                new Outbox.AlertRef(firing.id(), firing.episode(), Optional.ofNullable(incident)),
                Routing.steps(batch.catalog.alerting(), subject(firing.service(), firing.severity())),
                batch.catalog.alerting(),
                trigger,
                suffix);
        batch.notified |= queued > 0;
        logTransition(
                suffix.equals("trigger") ? "alert_fired" : "alert_escalated",
                key,
                firing.severity(),
                firing.summary(),
                queued);
        return incident;
    }

    /** A service the catalog does not (or no longer) declare: no tags, group, dependencies or runbook. */
    private static MonitoredService unknownService(String name) {
        return new MonitoredService(
                name,
                "",
                Optional.empty(),
                List.of(),
                Optional.empty(),
                Map.of(),
                List.of(),
                List.of(),
                PublicListing.hidden(name));
    }

    private boolean resolve(
            Batch batch,
            long id,
            int episode,
            @Nullable Long incidentId,
            MonitoredService service,
            Optional<String> monitor,
            String title,
            Severity severity,
            String summary,
            @Nullable Instant failingSince,
            Instant at)
            throws SQLException {
        if (incidentId != null) {
            incidents.alertResolved(batch.connection(), incidentId, title, at, summary);
        }
        Message resolve = message(
                Message.Event.RESOLVE,
                id,
                episode,
                service,
                monitor,
                title,
                severity,
                summary,
                failingSince == null ? at : failingSince,
                Optional.empty(),
                at,
                incidentId);
        return !outbox.followUp(
                        batch.connection(),
                        new Outbox.AlertRef(id, episode, Optional.ofNullable(incidentId)),
                        batch.catalog.alerting(),
                        resolve,
                        "resolve",
                        true)
                .isEmpty();
    }

    private static Duration lasted(@Nullable Instant since, Instant at) {
        return since == null || since.isAfter(at) ? Duration.ZERO : Duration.between(since, at);
    }

    private static Optional<Instant> repeat(AlertPolicy policy, Instant at) {
        return policy.repeatEvery().isZero() ? Optional.empty() : Optional.of(at.plus(policy.repeatEvery()));
    }

    private static String title(MonitorKey key, boolean down) {
        return key.service() + "/" + key.monitor() + (down ? " is down" : " recovered");
    }

    private static String summary(ProbeResult result) {
        // The message often names the first failed condition already ("HTTP 503; expected [STATUS] (503) == 200").
        String failures = result.failures().stream()
                .filter(outcome -> !outcome.success())
                .map(ConditionOutcome::resolved)
                .filter(text -> !result.message().contains(text))
                .collect(Collectors.joining("; "));
        return failures.isEmpty() ? result.message() : result.message() + "; " + failures;
    }

    private static Optional<String> lastError(ProbeResult result) {
        return result.error().map(code -> code.code() + ": " + result.message());
    }

    private static Map<String, Object> cause(ProbeResult result) {
        Map<String, Object> cause = new LinkedHashMap<>();
        cause.put("startedAt", result.startedAt().toString());
        cause.put("status", result.status().code());
        cause.put("latencyMs", result.latency().toNanos() / 1_000_000.0);
        cause.put("message", result.message());
        result.error().ifPresent(code -> cause.put("error", code.code()));
        List<String> failures = result.failures().stream()
                .filter(outcome -> !outcome.success())
                .map(ConditionOutcome::resolved)
                .toList();
        if (!failures.isEmpty()) {
            cause.put("failures", failures);
        }
        return cause;
    }

    static Routing.Subject subject(MonitoredService service, Severity severity) {
        return new Routing.Subject(service.name(), service.group(), service.tags(), severity);
    }

    private Message message(
            Message.Event event,
            long id,
            int episode,
            MonitoredService service,
            Optional<String> monitor,
            String title,
            Severity severity,
            String summary,
            Instant since,
            Optional<String> error,
            Instant at,
            @Nullable Long incidentId) {
        return new Message(
                "",
                event,
                "steward-" + id + "-" + episode,
                service.name(),
                monitor,
                title,
                severity,
                summary,
                since,
                error,
                serviceLink(service.name()),
                service.runbook(),
                at,
                Optional.ofNullable(incidentId),
                Optional.empty(),
                false);
    }

    private URI serviceLink(String service) {
        String base = baseUrl.toString().replaceAll("/+$", "");
        return URI.create(base + "/services/" + URLEncoder.encode(service, StandardCharsets.UTF_8));
    }

    private void logTransition(String event, String key, Severity severity, String message, int queued) {
        log.atInfo()
                .addKeyValue("event", event)
                .addKeyValue("alert", key)
                .addKeyValue("severity", severity.code())
                .addKeyValue("notifications", queued)
                .log(message);
    }

    // ---- threshold rules

    static String ruleKey(MonitorKey key, ThresholdRule rule) {
        return "rule:" + key.service() + "/" + key.monitor() + "/" + rule.name();
    }

    private void evaluateRules(Batch batch, Monitor monitor, AlertPolicy policy, ProbeResult result)
            throws SQLException {
        Samples recent = samples.computeIfAbsent(monitor.key(), k -> Samples.forRules(policy.rules()));
        Duration retention = Samples.retentionFor(policy.rules());
        if (!retention.equals(recent.retention())) {
            recent.retain(retention);
        }
        recent.add(result);
        MonitoredService service =
                batch.catalog.service(monitor.key().service()).orElseThrow();
        Instant at = result.startedAt();
        for (ThresholdRule rule : policy.rules()) {
            String key = ruleKey(monitor.key(), rule);
            RuleTracked current = ruleAlerts.get(key);
            RuleState before = current == null ? RuleState.quiet() : current.state();
            RuleMachine.Step step = RuleMachine.next(before, rule, Measurements.measure(rule, recent, result), at);
            if (step.state().equals(before)) {
                continue;
            }
            long id = current == null ? 0 : current.id();
            int episode = current == null ? 0 : current.episode();
            Long incidentId = current == null ? null : current.incidentId();
            String title = monitor.key() + " " + rule.name();
            if (id == 0) {
                // The row is made when the rule first leaves ok, so a running `for` survives a restart.
                id = AlertRows.insert(
                        batch.connection(),
                        key,
                        "rule",
                        service.name(),
                        monitor.key().monitor(),
                        title,
                        rule.warningSeverity(),
                        at);
            }
            String state = json.writeValueAsString(step.state().stored());
            if (step.transition().isEmpty()) {
                batch.ruleStates.put(id, state);
                batch.putRule(key, new RuleTracked(id, step.state(), episode, incidentId));
                continue;
            }
            RuleTransition transition = step.transition().get();
            Severity severity = transition.severity(rule);
            String summary = ruleSummary(rule, transition);
            String shownTitle = title + " "
                    + (transition.kind() == RuleTransition.Kind.RESOLVED
                            ? "back to normal"
                            : transition.to().code() + " (" + level(rule, transition.to()) + ")");
            if (transition.kind() == RuleTransition.Kind.FIRED) {
                episode++;
            }
            Firing firing = new Firing(
                    id,
                    episode,
                    service,
                    Optional.of(monitor.key().monitor()),
                    shownTitle,
                    severity,
                    summary,
                    summary,
                    transition.heldSince(),
                    Optional.empty(),
                    at);
            switch (transition.kind()) {
                case FIRED -> {
                    AlertRows.update(
                            batch.connection(),
                            id,
                            title,
                            new AlertRows.Change(
                                    "firing",
                                    severity,
                                    episode,
                                    at,
                                    Optional.of(at),
                                    Optional.empty(),
                                    summary,
                                    Optional.empty(),
                                    state,
                                    repeat(policy, at),
                                    true));
                    incidentId = fire(batch, firing, null, "trigger", key);
                }
                case CHANGED -> {
                    AlertRows.update(
                            batch.connection(),
                            id,
                            title,
                            new AlertRows.Change(
                                    "firing",
                                    severity,
                                    episode,
                                    at,
                                    Optional.empty(),
                                    Optional.empty(),
                                    summary,
                                    Optional.empty(),
                                    state,
                                    repeat(policy, at),
                                    false));
                    if (transition.to().compareTo(transition.from()) > 0) {
                        // Worse: the new severity's route is told (critical may page where warning only posted).
                        incidentId = fire(
                                batch,
                                firing,
                                incidentId,
                                "escalated-" + transition.to().code(),
                                key);
                    } else {
                        logTransition("alert_eased", key, severity, summary, 0);
                    }
                }
                case RESOLVED -> {
                    AlertRows.update(
                            batch.connection(),
                            id,
                            title,
                            new AlertRows.Change(
                                    "ok",
                                    severity,
                                    episode,
                                    at,
                                    Optional.empty(),
                                    Optional.of(at),
                                    summary,
                                    Optional.empty(),
                                    state,
                                    Optional.empty(),
                                    false));
                    batch.notified |= resolve(
                            batch,
                            id,
                            episode,
                            incidentId,
                            service,
                            Optional.of(monitor.key().monitor()),
                            shownTitle,
                            severity,
                            summary,
                            transition.heldSince(),
                            at);
                    logTransition("alert_resolved", key, severity, summary, 0);
                }
            }
            Map<String, Object> cause = new LinkedHashMap<>();
            cause.put("measure", rule.name());
            cause.put("value", transition.value());
            cause.put("level", transition.to().code());
            cause.put("heldSince", transition.heldSince().toString());
            AlertRows.transition(
                    batch.connection(),
                    id,
                    at,
                    transition.kind() == RuleTransition.Kind.CHANGED
                            ? "escalated"
                            : transition.kind().code(),
                    phase(before),
                    phase(step.state()),
                    severity,
                    json.writeValueAsString(cause));
            batch.transitions++;
            batch.ruleStates.remove(id);
            batch.putRule(key, new RuleTracked(id, step.state(), episode, incidentId));
        }
    }

    private static String phase(RuleState state) {
        return state.firing() ? "firing" : state.pending() ? "pending" : "ok";
    }

    private static String level(ThresholdRule rule, RuleState.Level level) {
        return switch (level) {
            case CRITICAL -> rule.critical().map(ThresholdRule.Threshold::text).orElse("");
            case WARNING -> rule.warning().map(ThresholdRule.Threshold::text).orElse("");
            case OK -> "";
        };
    }

    /** E.g. {@code latency.p95 over 5m is 1,204 ms, critical (> 1s) since 10:15:10Z}. */
    static String ruleSummary(ThresholdRule rule, RuleTransition transition) {
        String value = formatMeasure(rule, transition.value());
        String window = rule.measure() == ThresholdRule.Measure.CERTIFICATE_EXPIRY
                ? "certificate expires in"
                : rule.name() + " over " + Durations.format(rule.over()) + " is";
        if (transition.kind() == RuleTransition.Kind.RESOLVED) {
            return window + " " + value + ", back within limits since " + transition.heldSince();
        }
        return window + " " + value + ", " + transition.to().code() + " (" + level(rule, transition.to()) + ") since "
                + transition.heldSince();
    }

    static String formatMeasure(ThresholdRule rule, double value) {
        if (rule.measure().unit() == ThresholdRule.Unit.PERCENT) {
            return String.format(java.util.Locale.ROOT, "%.2f %%", value);
        }
        if (Math.abs(value) >= Duration.ofHours(1).toMillis()) {
            return Durations.format(Duration.ofMillis(Math.round(value)));
        }
        return String.format(java.util.Locale.ROOT, "%,.0f ms", value);
    }

    // ---- alerts from other tools

    private Outcome external(Batch batch, ExternalAlert alert) throws SQLException {
        Tracked current = tracked.get(alert.key());
        boolean firing = current != null && current.state().phase() == Phase.FIRING;
        if (alert.firing() == firing) {
            return Outcome.UNCHANGED;
        }
        MonitoredService service =
                batch.catalog.service(alert.service()).orElseGet(() -> unknownService(alert.service()));
        long id = current == null || current.id() == 0
                ? AlertRows.insert(
                        batch.connection(),
                        alert.key(),
                        alert.source(),
                        service.name(),
                        null,
                        alert.title(),
                        alert.severity(),
                        alert.at())
                : current.id();
        int episode = current == null ? 0 : current.episode();
        Long incidentId = current == null ? null : current.incidentId();
        Instant since = current == null || current.failingSince() == null ? alert.at() : current.failingSince();
        Map<String, Object> cause = new LinkedHashMap<>(alert.labels());
        cause.put("summary", alert.summary());
        cause.put("source", alert.source());
        Phase phase;
        if (alert.firing()) {
            episode++;
            since = alert.at();
            phase = Phase.FIRING;
            AlertRows.update(
                    batch.connection(),
                    id,
                    alert.title(),
                    new AlertRows.Change(
                            "firing",
                            alert.severity(),
                            episode,
                            alert.at(),
                            Optional.of(alert.at()),
                            Optional.empty(),
                            alert.summary(),
                            Optional.empty(),
                            null,
                            Optional.empty(),
                            true));
            incidentId = fire(
                    batch,
                    new Firing(
                            id,
                            episode,
                            service,
                            Optional.empty(),
                            alert.title(),
                            alert.severity(),
                            alert.summary(),
                            alert.summary() + " (from " + alert.source() + ")",
                            alert.at(),
                            Optional.empty(),
                            alert.at()),
                    null,
                    "trigger",
                    alert.key());
        } else {
            phase = Phase.OK;
            AlertRows.update(
                    batch.connection(),
                    id,
                    alert.title(),
                    new AlertRows.Change(
                            "ok",
                            alert.severity(),
                            episode,
                            alert.at(),
                            Optional.empty(),
                            Optional.of(alert.at()),
                            alert.summary(),
                            Optional.empty(),
                            null,
                            Optional.empty(),
                            false));
            batch.notified |= resolve(
                    batch,
                    id,
                    episode,
                    incidentId,
                    service,
                    Optional.empty(),
                    alert.title(),
                    alert.severity(),
                    "resolved after " + Durations.format(lasted(since, alert.at())) + ": " + alert.summary(),
                    since,
                    alert.at());
            logTransition("alert_resolved", alert.key(), alert.severity(), alert.summary(), 0);
        }
        AlertRows.transition(
                batch.connection(),
                id,
                alert.at(),
                alert.firing() ? "fired" : "resolved",
                firing ? "firing" : "ok",
                alert.firing() ? "firing" : "ok",
                alert.severity(),
                json.writeValueAsString(cause));
        batch.transitions++;
        batch.put(
                alert.key(),
                new Tracked(
                        id,
                        new AlertState(phase, new boolean[0], 0),
                        episode,
                        alert.severity(),
                        alert.firing() ? since : null,
                        incidentId));
        return alert.firing() ? Outcome.FIRED : Outcome.RESOLVED;
    }

    // ---- housekeeping

    /** Alerts of monitors removed from the catalog or disabled resolve: nobody can fix what is not watched. */
    private void sweepCatalog(Batch batch) throws SQLException {
        sweepRules(batch);
        for (Map.Entry<String, Tracked> entry : List.copyOf(tracked.entrySet())) {
            String key = entry.getKey();
            Tracked alert = entry.getValue();
            if (!key.startsWith("monitor:") || alert.state().phase() == Phase.OK || alert.id() == 0) {
                continue;
            }
            MonitorKey monitorKey = MonitorKey.parse(key.substring("monitor:".length()));
            Optional<Monitor> monitor = batch.catalog.monitor(monitorKey);
            if (monitor.isPresent() && monitor.get().enabled()) {
                continue;
            }
            String why = monitor.isPresent() ? "the monitor was disabled" : "the monitor was removed from the catalog";
            Instant at = batch.now;
            boolean wasFiring = alert.state().phase() == Phase.FIRING;
            AlertRows.update(
                    batch.connection(),
                    alert.id(),
                    title(monitorKey, false),
                    new AlertRows.Change(
                            "ok",
                            alert.severity(),
                            alert.episode(),
                            at,
                            Optional.empty(),
                            wasFiring ? Optional.of(at) : Optional.empty(),
                            why,
                            Optional.empty(),
                            null,
                            Optional.empty(),
                            false));
            if (wasFiring) {
                MonitoredService service = batch.catalog
                        .service(monitorKey.service())
                        .orElseGet(() -> unknownService(monitorKey.service()));
                batch.notified |= resolve(
                        batch,
                        alert.id(),
                        alert.episode(),
                        alert.incidentId(),
                        service,
                        Optional.of(monitorKey.monitor()),
                        monitorKey.service() + "/" + monitorKey.monitor() + " no longer watched",
                        alert.severity(),
                        why,
                        alert.failingSince(),
                        at);
            }
            AlertRows.transition(
                    batch.connection(),
                    alert.id(),
                    at,
                    wasFiring ? "resolved" : "cleared",
                    alert.state().phase().name().toLowerCase(java.util.Locale.ROOT),
                    "ok",
                    alert.severity(),
                    json.writeValueAsString(Map.of("reason", why)));
            batch.transitions++;
            batch.put(key, new Tracked(alert.id(), AlertState.quiet(), alert.episode(), alert.severity(), null, null));
        }
    }

    /** Rule alerts whose monitor is gone or disabled, or whose policy no longer has the rule, resolve too. */
    private void sweepRules(Batch batch) throws SQLException {
        for (Map.Entry<String, RuleTracked> entry : List.copyOf(ruleAlerts.entrySet())) {
            RuleTracked alert = entry.getValue();
            if (alert.id() == 0 || !alert.state().firing() && !alert.state().pending()) {
                continue;
            }
            String path = entry.getKey().substring("rule:".length());
            int slash = path.lastIndexOf('/');
            MonitorKey monitorKey = MonitorKey.parse(path.substring(0, slash));
            String rule = path.substring(slash + 1);
            Optional<Monitor> monitor = batch.catalog.monitor(monitorKey);
            String why;
            if (monitor.isEmpty()) {
                why = "the monitor was removed from the catalog";
            } else if (!monitor.get().enabled()) {
                why = "the monitor was disabled";
            } else if (batch.catalog.policyOf(monitor.get()).rules().stream()
                    .noneMatch(r -> r.name().equals(rule))) {
                why = "the rule was removed from the monitor's policy";
            } else {
                continue;
            }
            Instant at = batch.now;
            boolean wasFiring = alert.state().firing();
            Severity severity = alert.state().level() == RuleState.Level.CRITICAL ? Severity.CRITICAL : Severity.MEDIUM;
            String title = monitorKey + " " + rule;
            AlertRows.update(
                    batch.connection(),
                    alert.id(),
                    title,
                    new AlertRows.Change(
                            "ok",
                            severity,
                            alert.episode(),
                            at,
                            Optional.empty(),
                            wasFiring ? Optional.of(at) : Optional.empty(),
                            why,
                            Optional.empty(),
                            null,
                            Optional.empty(),
                            false));
            if (wasFiring) {
                batch.notified |= resolve(
                        batch,
                        alert.id(),
                        alert.episode(),
                        alert.incidentId(),
                        batch.catalog
                                .service(monitorKey.service())
                                .orElseGet(() -> unknownService(monitorKey.service())),
                        Optional.of(monitorKey.monitor()),
                        title + " no longer watched",
                        severity,
                        why,
                        null,
                        at);
            }
            AlertRows.transition(
                    batch.connection(),
                    alert.id(),
                    at,
                    wasFiring ? "resolved" : "cleared",
                    wasFiring ? "firing" : "pending",
                    "ok",
                    severity,
                    json.writeValueAsString(Map.of("reason", why)));
            batch.transitions++;
            batch.putRule(entry.getKey(), new RuleTracked(alert.id(), RuleState.quiet(), alert.episode(), null));
        }
    }

    /** Firing alerts nobody acknowledged are announced again every repeatEvery, to the channels of their trigger. */
    private void repeats(Batch batch) throws SQLException {
        List<AlertRows.Due> due = AlertRows.dueRepeats(batch.connection(), batch.now);
        for (AlertRows.Due alert : due) {
            Optional<Message> trigger = outbox.firstTrigger(batch.connection(), alert.id(), alert.episode());
            Duration every = repeatEvery(batch.catalog, alert.id());
            AlertRows.nextRepeat(batch.connection(), alert.id(), every.isZero() ? null : batch.now.plus(every));
            if (trigger.isEmpty()) {
                continue;
            }
            Message template = trigger.get();
            Message repeat = template.followUp(
                    Message.Event.REPEAT,
                    template.summary() + " (still firing, not acknowledged)",
                    batch.now,
                    template.incidentId(),
                    Optional.empty());
            batch.notified |= !outbox.followUp(
                            batch.connection(),
                            new Outbox.AlertRef(alert.id(), alert.episode(), Optional.ofNullable(alert.incidentId())),
                            batch.catalog.alerting(),
                            repeat,
                            "repeat-" + batch.now.getEpochSecond(),
                            false)
                    .isEmpty();
        }
    }

    private Duration repeatEvery(Catalog catalog, long alertId) {
        for (Map.Entry<String, RuleTracked> entry : ruleAlerts.entrySet()) {
            if (entry.getValue().id() == alertId) {
                String path = entry.getKey().substring("rule:".length());
                MonitorKey key = MonitorKey.parse(path.substring(0, path.lastIndexOf('/')));
                return catalog.monitor(key)
                        .map(m -> catalog.policyOf(m).repeatEvery())
                        .orElse(Duration.ZERO);
            }
        }
        for (Map.Entry<String, Tracked> entry : tracked.entrySet()) {
            if (entry.getValue().id() == alertId && entry.getKey().startsWith("monitor:")) {
                MonitorKey key = MonitorKey.parse(entry.getKey().substring("monitor:".length()));
                return catalog.monitor(key)
                        .map(m -> catalog.policyOf(m).repeatEvery())
                        .orElse(Duration.ZERO);
            }
        }
        return Duration.ZERO;
    }

    /** The current phase of a monitor's alert as the engine knows it (for tests and the API). */
    public Optional<Phase> phase(MonitorKey key) {
        return Optional.ofNullable(tracked.get(monitorKey(key)))
                .map(t -> t.state().phase());
    }
}
