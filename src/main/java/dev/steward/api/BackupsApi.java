package dev.steward.api;

import dev.steward.access.Actors;
import dev.steward.backup.BackupException;
import dev.steward.backup.BackupRecord;
import dev.steward.backup.BackupService;
import dev.steward.backup.DrillRecord;
import dev.steward.backup.RetentionPlan;
import dev.steward.catalog.BackupPolicy;
import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Backups: the catalog's policies and their state, backups and their drills; run a backup, drill one, apply
 * retention (or list what it would delete), import backups from storage. Restores run from the command line
 * ({@code steward backup restore}), next to the database they overwrite.
 */
@RestController
@RequestMapping(path = "/api/v1/backups", produces = "application/json")
class BackupsApi {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;

    private final BackupService backups;
    private final JsonMapper json;

    BackupsApi(BackupService backups, JsonMapper json) {
        this.backups = backups;
        this.json = json;
    }

    @GetMapping
    Map<String, Object> list(
            @RequestParam(required = false) @Nullable String policy,
            @RequestParam(required = false) @Nullable Boolean deleted,
            @RequestParam(required = false) @Nullable Integer limit) {
        int count = limit == null ? DEFAULT_LIMIT : limit;
        if (count < 1 || count > MAX_LIMIT) {
            throw ApiProblems.badRequest("limit", "limit must be between 1 and " + MAX_LIMIT);
        }
        return Map.of(
                "backups",
                backups.list(Optional.ofNullable(policy), Boolean.TRUE.equals(deleted), count).stream()
                        .map(BackupView::of)
                        .toList());
    }

    @GetMapping("/policies")
    Map<String, Object> policies() {
        return Map.of(
                "policies", backups.policies().stream().map(PolicyView::of).toList());
    }

    @GetMapping("/{id}")
    Map<String, Object> backup(@PathVariable String id) {
        BackupService.BackupDetail detail =
                backups.find(id).orElseThrow(() -> ApiProblems.notFound("no backup with id " + id));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("backup", BackupView.of(detail.backup()));
        body.put("manifest", detail.backup().manifest().map(this::tree).orElse(null));
        body.put(
                "copies",
                detail.copies().stream()
                        .map(copy -> new CopyView(copy.storage(), copy.status(), copy.error()))
                        .toList());
        body.put("drills", detail.drills().stream().map(this::drillView).toList());
        body.put("progress", detail.progress().map(ProgressView::of).orElse(null));
        return body;
    }

    @GetMapping("/drills/{id}")
    DrillView drill(@PathVariable long id) {
        return backups.drill(id).map(this::drillView).orElseThrow(() -> ApiProblems.notFound("no drill with id " + id));
    }

    /** Starts a backup of a policy; 202 with the new backup's id, to follow at {@code /api/v1/backups/{id}}. */
    @PostMapping("/policies/{policy}/run")
    ResponseEntity<ProgressView> run(@PathVariable String policy, @Nullable Principal principal) {
        BackupService.Progress progress = call(() -> backups.run(policy, actor(principal)));
        return ResponseEntity.accepted()
                .location(URI.create("/api/v1/backups/" + progress.id()))
                .body(ProgressView.of(progress));
    }

    /** Starts a restore drill of a backup. */
    @PostMapping("/{id}/verify")
    ResponseEntity<ProgressView> verify(@PathVariable String id, @Nullable Principal principal) {
        BackupService.Progress progress = call(() -> backups.verify(id, actor(principal)));
        return ResponseEntity.accepted()
                .location(URI.create("/api/v1/backups/" + progress.id()))
                .body(ProgressView.of(progress));
    }

    /** Starts a restore drill of a policy's newest complete backup. */
    @PostMapping("/policies/{policy}/verify")
    ResponseEntity<ProgressView> verifyNewest(@PathVariable String policy, @Nullable Principal principal) {
        return verify(policy, principal);
    }

    /** Applies retention, or with {@code dryRun=true} lists what it would keep and delete, with reasons. */
    @PostMapping("/policies/{policy}/prune")
    Map<String, Object> prune(@PathVariable String policy, @RequestParam(required = false) @Nullable Boolean dryRun) {
        boolean dry = Boolean.TRUE.equals(dryRun);
        RetentionPlan plan = call(() -> backups.prune(policy, dry));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("policy", policy);
        body.put("dryRun", dry);
        body.put("keep", plan.keep().stream().map(DecisionView::of).toList());
        body.put("delete", plan.delete().stream().map(DecisionView::of).toList());
        return body;
    }

    /** Registers the backups found in a policy's storage by their manifests. */
    @PostMapping("/policies/{policy}/import")
    BackupService.ImportOutcome importFrom(@PathVariable String policy) {
        return call(() -> backups.importFrom(policy));
    }

    private static String actor(@Nullable Principal principal) {
        return principal == null ? "anonymous" : Actors.name(principal);
    }

    private static <T> T call(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (BackupException e) {
            String message = e.getMessage() == null ? "backup action failed" : e.getMessage();
            throw switch (e.reason()) {
                case NOT_FOUND -> ApiProblems.notFound(message);
                case BUSY, CONFLICT -> ApiProblems.conflict(message);
                case FAILED ->
                    new ApiProblems.ApiException(
                            org.springframework.http.HttpStatus.INTERNAL_SERVER_ERROR, message, null);
            };
        }
    }

    private @Nullable JsonNode tree(String text) {
        return json.readTree(text);
    }

    private DrillView drillView(DrillRecord drill) {
        return new DrillView(
                drill.id(),
                drill.backupId(),
                drill.policy(),
                drill.status(),
                drill.startedAt(),
                drill.finishedAt(),
                drill.restoreSeconds(),
                drill.backupAgeSeconds(),
                drill.checks().map(this::tree).orElse(null),
                drill.error(),
                drill.requestedBy());
    }

    /** A backup in lists. */
    record BackupView(
            String id,
            String policy,
            String kind,
            String status,
            Optional<Instant> scheduledFor,
            Instant startedAt,
            Optional<Instant> finishedAt,
            String source,
            Optional<Long> bytes,
            Optional<String> sha256,
            Optional<String> error,
            Optional<String> requestedBy) {
        static BackupView of(BackupRecord record) {
            return new BackupView(
                    record.id(),
                    record.policy(),
                    record.kind(),
                    record.status(),
                    record.scheduledFor(),
                    record.startedAt(),
                    record.finishedAt(),
                    record.source(),
                    record.bytes(),
                    record.sha256(),
                    record.error(),
                    record.requestedBy());
        }
    }

    /** Where a backup is stored and whether that copy is complete. */
    record CopyView(String storage, String status, Optional<String> error) {}

    /** A drill: what was restored, how long it took (RTO), the backup's age (RPO) and what was checked. */
    record DrillView(
            long id,
            String backupId,
            String policy,
            String status,
            Instant startedAt,
            Optional<Instant> finishedAt,
            Optional<Double> restoreSeconds,
            Optional<Double> backupAgeSeconds,
            @Nullable JsonNode checks,
            Optional<String> error,
            Optional<String> requestedBy) {}

    /** A running backup or drill. */
    record ProgressView(
            String id,
            String policy,
            String kind,
            String phase,
            Instant startedAt,
            long bytes,
            Optional<Long> total,
            Optional<Long> drillId) {
        static ProgressView of(BackupService.Progress progress) {
            return new ProgressView(
                    progress.id(),
                    progress.policy(),
                    progress.kind(),
                    progress.phase(),
                    progress.startedAt(),
                    progress.bytes(),
                    progress.total(),
                    progress.drillId());
        }
    }

    /** A policy with its schedule and state. */
    record PolicyView(
            String name,
            String source,
            Optional<String> schedule,
            String timezone,
            String format,
            String compression,
            List<String> storage,
            BackupPolicy.Retention retention,
            boolean encrypted,
            Optional<String> maxAge,
            boolean drill,
            Optional<String> drillSchedule,
            Optional<Instant> nextRun,
            Optional<BackupView> newest,
            Optional<BackupView> newestVerified,
            Optional<ProgressView> running,
            Optional<ProgressView> drillRunning,
            List<String> problems) {
        static PolicyView of(BackupService.PolicyStatus status) {
            BackupPolicy policy = status.policy();
            return new PolicyView(
                    policy.name(),
                    policy.backsUpSteward()
                            ? "steward (Steward's own database)"
                            : policy.source().describe(),
                    policy.schedule(),
                    policy.zone().getId(),
                    policy.format().name().toLowerCase(Locale.ROOT),
                    policy.compression().codec().name().toLowerCase(Locale.ROOT)
                            + (policy.compression().codec() == BackupPolicy.Codec.NONE
                                    ? ""
                                    : ":" + policy.compression().level()),
                    status.storages(),
                    policy.retention(),
                    policy.encryption().isPresent(),
                    policy.maxAge().map(Object::toString),
                    policy.drill().enabled(),
                    policy.drill().schedule(),
                    status.nextRun(),
                    status.newest().map(BackupView::of),
                    status.newestVerified().map(BackupView::of),
                    status.backupRunning().map(ProgressView::of),
                    status.drillRunning().map(ProgressView::of),
                    status.problems());
        }
    }

    /** One backup kept or deleted by retention, and why. */
    record DecisionView(String id, Instant startedAt, String status, List<String> reasons) {
        static DecisionView of(RetentionPlan.Decision decision) {
            return new DecisionView(
                    decision.backup().id(),
                    decision.backup().startedAt(),
                    decision.backup().state().name().toLowerCase(Locale.ROOT),
                    decision.reasons());
        }
    }
}
