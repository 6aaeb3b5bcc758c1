package dev.steward.backup;

import dev.steward.alert.ExternalAlert;
import dev.steward.catalog.BackupPolicy;
import dev.steward.catalog.Catalog;
import dev.steward.catalog.Severity;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the catalog's backup policies: on their schedules and on demand, one run per policy at a time; drills them;
 * applies retention; alerts through the alert engine when a run or a drill fails, or when no verified backup is newer
 * than the policy's {@code maxAge}; and cleans what a crash left behind at start.
 */
public final class BackupService implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BackupService.class);

    /** A running backup or drill reports alive this often; one silent for {@link #ABANDONED_AFTER} was cut short. */
    static final Duration ALIVE_EVERY = Duration.ofSeconds(20);

    static final Duration ABANDONED_AFTER = Duration.ofMinutes(2);

    private final BackupRecords records;
    private final Supplier<Catalog> catalog;
    private final BackupEngine engine;
    private final Consumer<ExternalAlert> alerts;
    private final Clock clock;
    private final MeterRegistry meters;
    private final BackupMetrics metrics;
    /**
     * Runs and drills, on platform threads: they hash, decompress and write for minutes, which on virtual threads would
     * hold carrier threads that probes and web requests need.
     */
    private final ExecutorService work = Executors.newThreadPerTaskExecutor(
            Thread.ofPlatform().name("backup-", 0).daemon(true).factory());

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("backup-scheduler").daemon(true).factory());
    /** Policies with a backup running here, and the run's progress. */
    private final Map<String, Progress> backups = new ConcurrentHashMap<>();
    /** Policies with a drill running here, and the drill's progress. */
    private final Map<String, Progress> drills = new ConcurrentHashMap<>();
    /** Per policy: the time up to which schedule slots have been looked at. */
    private final Map<String, Instant> backupSlotsSeen = new ConcurrentHashMap<>();

    private final Map<String, Instant> drillSlotsSeen = new ConcurrentHashMap<>();
    /** Per policy: what stops its backups on this machine (missing or too old client tools), as last checked. */
    private final Map<String, List<String>> problems = new ConcurrentHashMap<>();

    private volatile boolean running;

    BackupService(
            BackupRecords records,
            Supplier<Catalog> catalog,
            BackupEngine engine,
            Consumer<ExternalAlert> alerts,
            Clock clock,
            MeterRegistry meters) {
        this.records = records;
        this.catalog = catalog;
        this.engine = engine;
        this.alerts = alerts;
        this.clock = clock;
        this.meters = meters;
        this.metrics = new BackupMetrics(records, catalog, clock, meters);
    }

    // ---- what the API, the CLI and the pages ask

    /** The catalog's policies with their schedule, newest backups and what runs now. */
    public List<PolicyStatus> policies() {
        Catalog current = catalog.get();
        Instant now = clock.instant();
        List<PolicyStatus> result = new ArrayList<>();
        for (BackupPolicy policy : current.backups().values()) {
            List<BackupRecord> recent = records.list(policy.name(), false, 200);
            result.add(new PolicyStatus(
                    policy,
                    policy.nextRun(now),
                    recent.stream()
                            .filter(BackupService::own)
                            .filter(BackupRecord::stored)
                            .findFirst(),
                    recent.stream()
                            .filter(BackupService::own)
                            .filter(record -> record.status().equals("verified"))
                            .findFirst(),
                    Optional.ofNullable(backups.get(policy.name())),
                    Optional.ofNullable(drills.get(policy.name())),
                    engine.storages(policy).stream()
                            .map(BackupStorage::describe)
                            .toList(),
                    problems.getOrDefault(policy.name(), List.of())));
        }
        return result;
    }

    public List<BackupRecord> list(Optional<String> policy, boolean includeDeleted, int limit) {
        return records.list(policy.orElse(null), includeDeleted, limit);
    }

    /** A backup with where it is stored, its drills and, while it runs, its progress. */
    public Optional<BackupDetail> find(String id) {
        return records.find(id)
                .map(record -> new BackupDetail(
                        record,
                        records.copies(id),
                        records.drills(id),
                        Optional.ofNullable(backups.get(record.policy()))
                                .filter(progress -> progress.id().equals(id))));
    }

    public Optional<DrillRecord> drill(long id) {
        return records.drill(id);
    }

    /**
     * Starts a backup of a policy now.
     *
     * @throws BackupException when there is no such policy or one of its backups is running
     */
    public Progress run(String policyName, String requestedBy) {
        BackupPolicy policy = policy(policyName);
        return startBackup(policy, "manual", null, requestedBy)
                .orElseThrow(() -> new BackupException(
                        BackupException.Reason.BUSY,
                        "a backup of " + policyName + " is already running: "
                                + backups.get(policyName).id()
                                + "; wait for it, or follow it with `steward backup show`"));
    }

    /**
     * Starts a restore drill of a backup now ({@code target} a backup id), or of the policy's newest stored backup
     * ({@code target} a policy name).
     */
    public Progress verify(String target, String requestedBy) {
        BackupRecord backup = records.find(target)
                .or(() -> Optional.ofNullable(catalog.get().backups().get(target))
                        .flatMap(policy -> records.list(policy.name(), false, 50).stream()
                                .filter(BackupService::own)
                                .filter(BackupRecord::stored)
                                .findFirst()))
                .orElseThrow(() -> new BackupException(
                        BackupException.Reason.NOT_FOUND,
                        catalog.get().backups().containsKey(target)
                                ? "policy " + target + " has no complete backup to drill yet; run one first"
                                : "no backup or policy named " + target));
        if (!backup.stored()) {
            throw new BackupException(
                    BackupException.Reason.CONFLICT,
                    "backup " + backup.id() + " is " + backup.status() + "; only a complete backup can be drilled");
        }
        BackupPolicy policy = policy(backup.policy());
        return startDrill(policy, backup, null, requestedBy)
                .orElseThrow(() -> new BackupException(
                        BackupException.Reason.BUSY,
                        "a drill of " + policy.name() + " is already running: "
                                + drills.get(policy.name()).id()));
    }

    /** What retention keeps and deletes for a policy; deletes unless {@code dryRun}. */
    public RetentionPlan prune(String policyName, boolean dryRun) {
        BackupPolicy policy = policy(policyName);
        return prune(policy, dryRun);
    }

    /** Registers the backups found in a policy's storage by their manifests (after Steward's database was lost). */
    public ImportOutcome importFrom(String policyName) {
        BackupPolicy policy = policy(policyName);
        return engine.importFrom(policy, records);
    }

    private BackupPolicy policy(String name) {
        BackupPolicy policy = catalog.get().backups().get(name);
        if (policy == null) {
            throw new BackupException(
                    BackupException.Reason.NOT_FOUND,
                    "no backup policy named " + name + " in the catalog"
                            + (catalog.get().backups().isEmpty()
                                    ? " (it has no backups section)"
                                    : "; policies: "
                                            + String.join(
                                                    ", ",
                                                    catalog.get().backups().keySet())));
        }
        return policy;
    }

    // ---- running

    /**
     * Records the run before answering, so that its id can be followed at once, then runs it on a virtual thread.
     *
     * @return empty when a backup of the policy runs here already, or another instance took this slot
     */
    private Optional<Progress> startBackup(
            BackupPolicy policy, String kind, @Nullable Instant slot, @Nullable String requestedBy) {
        Instant now = clock.instant();
        Progress progress = new Progress(BackupEngine.newId(now), policy.name(), "backup", now);
        if (backups.putIfAbsent(policy.name(), progress) != null) {
            return Optional.empty();
        }
        try {
            List<String> storages = engine.storages(policy).stream()
                    .map(BackupStorage::describe)
                    .toList();
            if (!records.start(
                    progress.id(),
                    policy.name(),
                    kind,
                    slot,
                    progress.startedAt(),
                    engine.describeSource(policy),
                    requestedBy,
                    storages)) {
                log.atInfo()
                        .addKeyValue("event", "backup_slot_taken")
                        .addKeyValue("policy", policy.name())
                        .addKeyValue("slot", slot)
                        .log("Backup of {} for {} was already run by another Steward instance", policy.name(), slot);
                backups.remove(policy.name(), progress);
                return Optional.empty();
            }
        } catch (RuntimeException e) {
            backups.remove(policy.name(), progress);
            throw e;
        }
        work.execute(() -> {
            try {
                backup(policy, kind, requestedBy, progress);
            } finally {
                backups.remove(policy.name(), progress);
            }
        });
        return Optional.of(progress);
    }

    private void backup(BackupPolicy policy, String kind, @Nullable String requestedBy, Progress progress) {
        log.atInfo()
                .addKeyValue("event", "backup_started")
                .addKeyValue("policy", policy.name())
                .addKeyValue("backup", progress.id())
                .addKeyValue("kind", kind)
                .log("Backup {} of {} started", progress.id(), policy.name());
        var alive = timer.scheduleAtFixedRate(
                () -> keepAlive(progress.id(), null),
                ALIVE_EVERY.toMillis(),
                ALIVE_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        boolean stored = false;
        try {
            BackupEngine.Stored result = engine.backup(policy, progress.id(), kind, progress);
            for (int position = 0; position < result.copies().size(); position++) {
                Copies.Outcome copy = result.copies().get(position);
                records.copyFinished(
                        progress.id(),
                        position,
                        copy.stored().isPresent(),
                        copy.failure().orElse(null));
            }
            Instant finished = clock.instant();
            records.complete(
                    progress.id(),
                    finished,
                    result.manifest().dump().bytes(),
                    result.manifest().dump().sha256(),
                    result.manifestJson());
            stored = true;
            metrics.backupFinished(policy.name(), true);
            log.atInfo()
                    .addKeyValue("event", "backup_complete")
                    .addKeyValue("policy", policy.name())
                    .addKeyValue("backup", progress.id())
                    .addKeyValue("bytes", result.manifest().dump().bytes())
                    .addKeyValue("seconds", seconds(progress.startedAt(), finished))
                    .log(
                            "Backup {} of {} complete: {} bytes in {} s",
                            progress.id(),
                            policy.name(),
                            result.manifest().dump().bytes(),
                            seconds(progress.startedAt(), finished));
            alert(policy, "run", false, "Backup of " + policy.name() + " failed", "the last backup succeeded");
            List<String> failedCopies = result.copies().stream()
                    .flatMap(copy -> copy.failure().stream())
                    .toList();
            alert(
                    policy,
                    "copy",
                    !failedCopies.isEmpty(),
                    "Backup copy of " + policy.name() + " failed",
                    failedCopies.isEmpty()
                            ? "every storage has the last backup"
                            : "backup " + progress.id() + " was not stored everywhere: "
                                    + String.join("; ", failedCopies));
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            records.fail(progress.id(), clock.instant(), message);
            metrics.backupFinished(policy.name(), false);
            log.atError()
                    .addKeyValue("event", "backup_failed")
                    .addKeyValue("policy", policy.name())
                    .addKeyValue("backup", progress.id())
                    .log("Backup {} of {} failed: {}", progress.id(), policy.name(), message);
            alert(policy, "run", true, "Backup of " + policy.name() + " failed", message);
        } finally {
            alive.cancel(false);
        }
        if (stored) {
            if (policy.drill().enabled() && policy.drill().schedule().isEmpty()) {
                records.find(progress.id()).ifPresent(record -> {
                    Progress drill = new Progress(progress.id(), policy.name(), "drill", clock.instant());
                    if (drills.putIfAbsent(policy.name(), drill) == null) {
                        try {
                            if (recordDrill(policy, record, null, requestedBy, drill)) {
                                drill(policy, record, drill);
                            }
                        } finally {
                            drills.remove(policy.name(), drill);
                        }
                    }
                });
            }
            prune(policy, false);
        }
    }

    private Optional<Progress> startDrill(
            BackupPolicy policy, BackupRecord backup, @Nullable Instant slot, @Nullable String requestedBy) {
        Progress progress = new Progress(backup.id(), policy.name(), "drill", clock.instant());
        if (drills.putIfAbsent(policy.name(), progress) != null) {
            return Optional.empty();
        }
        try {
            if (!recordDrill(policy, backup, slot, requestedBy, progress)) {
                drills.remove(policy.name(), progress);
                return Optional.empty();
            }
        } catch (RuntimeException e) {
            drills.remove(policy.name(), progress);
            throw e;
        }
        work.execute(() -> {
            try {
                drill(policy, backup, progress);
            } finally {
                drills.remove(policy.name(), progress);
            }
        });
        return Optional.of(progress);
    }

    /** Records a drill before it runs, so that it can be followed at once; false when another instance took the slot. */
    private boolean recordDrill(
            BackupPolicy policy,
            BackupRecord backup,
            @Nullable Instant slot,
            @Nullable String requestedBy,
            Progress progress) {
        Optional<Long> started =
                records.drillStarted(backup.id(), policy.name(), slot, progress.startedAt(), requestedBy);
        started.ifPresent(id -> progress.drillId = id);
        return started.isPresent();
    }

    private void drill(BackupPolicy policy, BackupRecord backup, Progress progress) {
        Long recorded = progress.drillId;
        if (recorded == null) {
            return;
        }
        long drillId = recorded;
        log.atInfo()
                .addKeyValue("event", "drill_started")
                .addKeyValue("policy", policy.name())
                .addKeyValue("backup", backup.id())
                .log("Restore drill of backup {} ({}) started", backup.id(), policy.name());
        var alive = timer.scheduleAtFixedRate(
                () -> keepAlive(backup.id(), drillId),
                ALIVE_EVERY.toMillis(),
                ALIVE_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            BackupEngine.Drilled result = engine.drill(policy, backup, records.copies(backup.id()), progress);
            Instant finished = clock.instant();
            double age = seconds(backup.startedAt(), progress.startedAt());
            records.drillFinished(
                    drillId,
                    result.passed(),
                    finished,
                    result.restoreSeconds(),
                    age,
                    result.checksJson(),
                    result.failure().orElse(null));
            records.drilled(backup.id(), result.passed());
            metrics.drillFinished(policy.name(), result.passed());
            if (result.passed()) {
                log.atInfo()
                        .addKeyValue("event", "drill_passed")
                        .addKeyValue("policy", policy.name())
                        .addKeyValue("backup", backup.id())
                        .addKeyValue("restore_seconds", result.restoreSeconds())
                        .addKeyValue("backup_age_seconds", age)
                        .log(
                                "Restore drill of backup {} passed: restored in {} s",
                                backup.id(),
                                result.restoreSeconds());
            } else {
                log.atError()
                        .addKeyValue("event", "drill_failed")
                        .addKeyValue("policy", policy.name())
                        .addKeyValue("backup", backup.id())
                        .log(
                                "Restore drill of backup {} failed: {}",
                                backup.id(),
                                result.failure().orElse(""));
            }
            alert(
                    policy,
                    "drill",
                    !result.passed(),
                    "Restore drill of " + policy.name() + " failed",
                    result.passed()
                            ? "backup " + backup.id() + " restored and verified"
                            : "backup " + backup.id() + ": " + result.failure().orElse("failed"));
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            records.drillFinished(drillId, false, clock.instant(), null, null, "[]", message);
            records.drilled(backup.id(), false);
            metrics.drillFinished(policy.name(), false);
            log.atError()
                    .addKeyValue("event", "drill_failed")
                    .addKeyValue("policy", policy.name())
                    .addKeyValue("backup", backup.id())
                    .log("Restore drill of backup {} failed: {}", backup.id(), message);
            alert(
                    policy,
                    "drill",
                    true,
                    "Restore drill of " + policy.name() + " failed",
                    "backup " + backup.id() + ": " + message);
        } finally {
            alive.cancel(false);
        }
    }

    private RetentionPlan prune(BackupPolicy policy, boolean dryRun) {
        List<RetentionPlan.Candidate> candidates = records.list(policy.name(), false, 10_000).stream()
                .filter(record -> !record.kind().equals("safety"))
                .flatMap(record -> RetentionPlan.Candidate.of(record).stream())
                .toList();
        RetentionPlan plan = RetentionPlan.of(policy.retention(), policy.zone(), candidates);
        if (!dryRun) {
            for (RetentionPlan.Decision decision : plan.delete()) {
                String id = decision.backup().id();
                try {
                    engine.delete(policy, id);
                    records.deleted(id);
                    log.atInfo()
                            .addKeyValue("event", "backup_deleted")
                            .addKeyValue("policy", policy.name())
                            .addKeyValue("backup", id)
                            .addKeyValue("reasons", decision.reasons())
                            .log("Backup {} of {} deleted by retention", id, policy.name());
                } catch (RuntimeException e) {
                    log.atWarn()
                            .addKeyValue("event", "backup_delete_failed")
                            .addKeyValue("policy", policy.name())
                            .addKeyValue("backup", id)
                            .log("Backup {} of {} could not be deleted: {}", id, policy.name(), e.getMessage());
                }
            }
        }
        return plan;
    }

    // ---- schedule, freshness, recovery

    /**
     * Checks every policy's client tools against its source server, in the background (a source that is down must
     * not hold up the start), and logs what to install. Called at start and after each catalog reload.
     */
    public void checkTools() {
        for (BackupPolicy policy : catalog.get().backups().values()) {
            work.execute(() -> {
                List<String> found = engine.check(policy);
                List<String> before = problems.put(policy.name(), found);
                if (!found.isEmpty() && !found.equals(before)) {
                    found.forEach(problem -> log.atError()
                            .addKeyValue("event", "backup_tools_problem")
                            .addKeyValue("policy", policy.name())
                            .log("Backups of {} cannot run: {}", policy.name(), problem));
                }
            });
        }
        problems.keySet().retainAll(catalog.get().backups().keySet());
    }

    private void tick() {
        try {
            Instant now = clock.instant();
            for (BackupPolicy policy : catalog.get().backups().values()) {
                due(policy::nextRun, policy.name(), backupSlotsSeen, now)
                        .ifPresent(slot -> startBackup(policy, "scheduled", slot, null));
                due(policy::nextDrill, policy.name(), drillSlotsSeen, now)
                        .ifPresent(slot -> records.list(policy.name(), false, 50).stream()
                                .filter(BackupService::own)
                                .filter(BackupRecord::stored)
                                .findFirst()
                                .ifPresent(newest -> startDrill(policy, newest, slot, null)));
            }
        } catch (RuntimeException e) {
            log.atWarn()
                    .addKeyValue("event", "backup_schedule_failed")
                    .log("Backup schedule check failed: {}", e.getMessage());
        }
    }

    /** The latest slot that fell due since the last look, if any; a first look only starts the clock. */
    private static Optional<Instant> due(
            Function<Instant, Optional<Instant>> next, String policy, Map<String, Instant> seen, Instant now) {
        Instant since = seen.put(policy, now);
        if (since == null) {
            return Optional.empty();
        }
        Optional<Instant> slot = Optional.empty();
        Optional<Instant> upcoming = next.apply(since);
        while (upcoming.isPresent() && !upcoming.get().isAfter(now)) {
            slot = upcoming;
            upcoming = next.apply(upcoming.get());
        }
        return slot;
    }

    private void freshness() {
        try {
            metrics.refresh();
            Instant now = clock.instant();
            for (BackupPolicy policy : catalog.get().backups().values()) {
                if (policy.maxAge().isEmpty()) {
                    continue;
                }
                Duration maxAge = policy.maxAge().get();
                boolean needsDrill = policy.drill().enabled();
                Optional<BackupRecord> newest = records.list(policy.name(), false, 200).stream()
                        .filter(BackupService::own)
                        .filter(record -> needsDrill ? record.status().equals("verified") : record.stored())
                        .findFirst();
                boolean stale = newest.map(
                                record -> record.startedAt().plus(maxAge).isBefore(now))
                        .orElseGet(() -> records.list(policy.name(), true, 1).stream()
                                .findFirst()
                                .map(first -> first.startedAt().plus(maxAge).isBefore(now))
                                .orElse(false));
                String what = needsDrill ? "verified backup" : "complete backup";
                alert(
                        policy,
                        "stale",
                        stale,
                        "No recent " + what + " of " + policy.name(),
                        newest.map(record -> "the newest " + what + " is " + record.id() + " from " + record.startedAt()
                                        + "; maxAge is " + maxAge)
                                .orElse("there is no " + what + " yet; maxAge is " + maxAge));
            }
        } catch (RuntimeException e) {
            log.atWarn()
                    .addKeyValue("event", "backup_freshness_failed")
                    .log("Backup freshness check failed: {}", e.getMessage());
        }
    }

    /**
     * What a crash or kill left: runs nobody reports alive on are failed (or completed when their manifest reached
     * storage), their partial objects removed, and scratch databases of interrupted drills dropped.
     */
    void recover(boolean atStart) {
        Instant now = clock.instant();
        Instant before = now.minus(ABANDONED_AFTER);
        for (BackupRecord abandoned : records.abandoned(before, atStart)) {
            Optional<BackupPolicy> policy =
                    Optional.ofNullable(catalog.get().backups().get(abandoned.policy()));
            Optional<BackupEngine.Found> found = policy.flatMap(p -> engine.findManifest(p, abandoned.id()));
            if (found.isPresent()) {
                records.complete(
                        abandoned.id(),
                        found.get().manifest().finishedAt(),
                        found.get().manifest().dump().bytes(),
                        found.get().manifest().dump().sha256(),
                        found.get().json());
                log.atInfo()
                        .addKeyValue("event", "backup_recovered")
                        .addKeyValue("backup", abandoned.id())
                        .log("Backup {} was complete in storage when Steward stopped; recorded it", abandoned.id());
            } else {
                records.fail(
                        abandoned.id(),
                        now,
                        "interrupted: Steward stopped during the backup; its partial objects were removed");
                log.atWarn()
                        .addKeyValue("event", "backup_interrupted")
                        .addKeyValue("policy", abandoned.policy())
                        .addKeyValue("backup", abandoned.id())
                        .log("Backup {} was interrupted by a stop or crash; marked failed", abandoned.id());
            }
        }
        List<String> drilled = records.failAbandonedDrills(before, atStart, now);
        drilled.forEach(id -> records.drilled(id, false));
        for (BackupPolicy policy : catalog.get().backups().values()) {
            boolean busy = !records.list(policy.name(), false, 20).stream()
                    .filter(record -> record.status().equals("running"))
                    .toList()
                    .isEmpty();
            if (!busy) {
                int removed = engine.cleanLeftovers(policy);
                if (removed > 0) {
                    log.atInfo()
                            .addKeyValue("event", "backup_leftovers_removed")
                            .addKeyValue("policy", policy.name())
                            .addKeyValue("count", removed)
                            .log("Removed {} partial objects an interrupted backup of {} left", removed, policy.name());
                }
            }
        }
        if (drills.isEmpty() && !records.drillsRunning()) {
            engine.dropScratchLeftovers(catalog.get().backups().values());
        }
    }

    private void keepAlive(String backupId, @Nullable Long drillId) {
        try {
            records.alive(backupId, drillId, clock.instant());
        } catch (RuntimeException e) {
            log.atWarn()
                    .addKeyValue("event", "backup_alive_failed")
                    .addKeyValue("backup", backupId)
                    .log("Could not record that backup {} is still running: {}", backupId, e.getMessage());
        }
    }

    private void alert(BackupPolicy policy, String what, boolean firing, String title, String summary) {
        alerts.accept(new ExternalAlert(
                "backup:" + policy.name() + ":" + what,
                "backup",
                policy.service().orElse("backup:" + policy.name()),
                title,
                what.equals("copy") ? Severity.MEDIUM : Severity.HIGH,
                firing,
                summary,
                Map.of("policy", policy.name(), "check", what),
                Optional.empty(),
                clock.instant()));
    }

    /**
     * A backup of the policy's source: not a safety backup, which is a copy of a restore's target kept in the
     * policy's storage.
     */
    private static boolean own(BackupRecord record) {
        return !record.kind().equals("safety");
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    // ---- lifecycle

    @Override
    public void start() {
        running = true;
        try {
            recover(true);
        } catch (RuntimeException e) {
            log.atWarn()
                    .addKeyValue("event", "backup_recovery_failed")
                    .log("Could not check for interrupted backups: {}", e.getMessage());
        }
        checkTools();
        timer.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
        timer.scheduleWithFixedDelay(this::freshness, 5, 60, TimeUnit.SECONDS);
        timer.scheduleWithFixedDelay(
                () -> {
                    try {
                        recover(false);
                    } catch (RuntimeException e) {
                        log.atWarn()
                                .addKeyValue("event", "backup_recovery_failed")
                                .log("Could not check for interrupted backups: {}", e.getMessage());
                    }
                },
                ABANDONED_AFTER.toSeconds(),
                ABANDONED_AFTER.toSeconds(),
                TimeUnit.SECONDS);
        metrics.register();
    }

    @Override
    public void stop() {
        running = false;
        timer.shutdownNow();
        work.shutdownNow();
        try {
            if (!work.awaitTermination(10, TimeUnit.SECONDS)) {
                log.atWarn()
                        .addKeyValue("event", "backup_stop_timeout")
                        .log("Backups still running at shutdown were cut short; the next start cleans up");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    MeterRegistry meters() {
        return meters;
    }

    /** What a run or drill is doing now. */
    public static final class Progress implements BackupEngine.Listener {
        private final String id;
        private final String policy;
        private final String kind;
        private final Instant startedAt;
        private final AtomicLong bytes = new AtomicLong();
        private volatile long total = -1;
        private volatile String phase = "starting";
        volatile @Nullable Long drillId;

        Progress(String id, String policy, String kind, Instant startedAt) {
            this.id = id;
            this.policy = policy;
            this.kind = kind;
            this.startedAt = startedAt;
        }

        /** The backup's id (for a drill: the drilled backup's). */
        public String id() {
            return id;
        }

        public String policy() {
            return policy;
        }

        /** {@code backup} or {@code drill}. */
        public String kind() {
            return kind;
        }

        public Instant startedAt() {
            return startedAt;
        }

        /** Bytes done: stored (backup) or read (drill). */
        public long bytes() {
            return bytes.get();
        }

        /** Bytes expected in all, when known. */
        public Optional<Long> total() {
            return total < 0 ? Optional.empty() : Optional.of(total);
        }

        /** e.g. dumping, storing manifest, restoring, verifying. */
        public String phase() {
            return phase;
        }

        public Optional<Long> drillId() {
            return Optional.ofNullable(drillId);
        }

        @Override
        public void phase(String phase) {
            this.phase = phase;
        }

        @Override
        public void bytes(long done, long total) {
            bytes.set(done);
            this.total = total;
        }
    }

    /** A policy as the pages and the API show it. */
    public record PolicyStatus(
            BackupPolicy policy,
            Optional<Instant> nextRun,
            Optional<BackupRecord> newest,
            Optional<BackupRecord> newestVerified,
            Optional<Progress> backupRunning,
            Optional<Progress> drillRunning,
            List<String> storages,
            List<String> problems) {}

    /** A backup with its copies, drills and progress. */
    public record BackupDetail(
            BackupRecord backup, List<BackupCopy> copies, List<DrillRecord> drills, Optional<Progress> progress) {}

    /** What an import found. */
    public record ImportOutcome(int found, int added, List<String> problems) {}
}
