package dev.steward.backup;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The {@code backup}, {@code backup_copy} and {@code backup_drill} tables: what ran, where it is, what was proven. */
final class BackupRecords {

    private static final String COLUMNS = """
            id, policy, kind, status, scheduled_for, started_at, finished_at, source, bytes, sha256,
            manifest::text as manifest, error, requested_by""";

    private final JdbcClient jdbc;
    private final String runner;

    /** @param runner this Steward: its host and data directory */
    BackupRecords(DataSource dataSource, String runner) {
        this.jdbc = JdbcClient.create(dataSource);
        this.runner = runner;
    }

    /**
     * Records a run that starts now.
     *
     * @param scheduledFor the cron slot of a scheduled run, else null
     * @return false when this slot of the policy already ran (another instance took it)
     */
    boolean start(
            String id,
            String policy,
            String kind,
            @Nullable Instant scheduledFor,
            Instant now,
            String source,
            @Nullable String requestedBy,
            List<String> storages) {
        int inserted = jdbc.sql("""
                        insert into backup (id, policy, kind, status, scheduled_for, started_at, alive_at, runner, source,
                                            requested_by)
                        values (:id, :policy, :kind, 'running', :slot, :now, :now, :runner, :source, :by)
                        on conflict (policy, scheduled_for) do nothing""")
                .param("id", id)
                .param("policy", policy)
                .param("kind", kind)
                .param("slot", time(scheduledFor))
                .param("now", time(now))
                .param("source", source)
                .param("by", requestedBy)
                .param("runner", runner)
                .update();
        if (inserted == 0) {
            return false;
        }
        for (int position = 0; position < storages.size(); position++) {
            jdbc.sql("""
                            insert into backup_copy (backup_id, storage, position, status)
                            values (:id, :storage, :position, 'running')""")
                    .param("id", id)
                    .param("storage", storages.get(position))
                    .param("position", position)
                    .update();
        }
        return true;
    }

    /** Marks a running backup or drill as still being worked on, so that a restart does not take it for a crash. */
    void alive(String backupId, @Nullable Long drillId, Instant now) {
        if (drillId == null) {
            jdbc.sql("update backup set alive_at = :now where id = :id and status = 'running'")
                    .param("now", time(now))
                    .param("id", backupId)
                    .update();
        } else {
            jdbc.sql("update backup_drill set alive_at = :now where id = :id and status = 'running'")
                    .param("now", time(now))
                    .param("id", drillId)
                    .update();
        }
    }

    void copyFinished(String backupId, int position, boolean complete, @Nullable String error) {
        jdbc.sql("update backup_copy set status = :status, error = :error where backup_id = :id and position = :p")
                .param("status", complete ? "complete" : "failed")
                .param("error", error)
                .param("id", backupId)
                .param("p", position)
                .update();
    }

    /** The run ended with every object complete and its manifest stored. */
    void complete(String backupId, Instant finishedAt, long bytes, String sha256, String manifestJson) {
        jdbc.sql("""
                        update backup set status = 'complete', finished_at = :at, bytes = :bytes, sha256 = :sha,
                                          manifest = cast(:manifest as jsonb), error = null
                        where id = :id""")
                .param("at", time(finishedAt))
                .param("bytes", bytes)
                .param("sha", sha256)
                .param("manifest", manifestJson)
                .param("id", backupId)
                .update();
    }

    /** The run failed: nothing of it may be used. */
    void fail(String backupId, Instant finishedAt, String error) {
        jdbc.sql("update backup set status = 'failed', finished_at = :at, error = :error where id = :id")
                .param("at", time(finishedAt))
                .param("error", error)
                .param("id", backupId)
                .update();
        jdbc.sql("update backup_copy set status = 'failed' where backup_id = :id and status = 'running'")
                .param("id", backupId)
                .update();
    }

    /**
     * Running backups left by a crash or kill: silent since {@code before}, or (at start, {@code mine}) started by this
     * Steward before it stopped.
     */
    List<BackupRecord> abandoned(Instant before, boolean mine) {
        return jdbc.sql("select " + COLUMNS + """
                         from backup
                        where status = 'running' and (alive_at < :before or (:mine and runner = :runner))""")
                .param("before", time(before))
                .param("mine", mine)
                .param("runner", runner)
                .query((row, n) -> record(row))
                .list();
    }

    /** Running drills left by a crash or kill (as for backups), marked failed; returns their backups. */
    List<String> failAbandonedDrills(Instant before, boolean mine, Instant now) {
        return jdbc.sql("""
                        update backup_drill set status = 'failed', finished_at = :now,
                               error = 'interrupted: Steward stopped during the drill'
                        where status = 'running' and (alive_at < :before or (:mine and runner = :runner))
                        returning backup_id""")
                .param("before", time(before))
                .param("mine", mine)
                .param("runner", runner)
                .param("now", time(now))
                .query(String.class)
                .list();
    }

    Optional<BackupRecord> find(String id) {
        return jdbc.sql("select " + COLUMNS + " from backup where id = :id")
                .param("id", id)
                .query((row, n) -> record(row))
                .optional();
    }

    /**
     * Backups, newest first.
     *
     * @param policy only this policy's, when given
     * @param includeDeleted whether backups removed by retention are listed
     */
    List<BackupRecord> list(@Nullable String policy, boolean includeDeleted, int limit) {
        return jdbc.sql("select " + COLUMNS + """
                         from backup
                        where (cast(:policy as text) is null or policy = :policy)
                          and (:deleted or status <> 'deleted')
                        order by started_at desc, id desc
                        limit :limit""")
                .param("policy", policy)
                .param("deleted", includeDeleted)
                .param("limit", limit)
                .query((row, n) -> record(row))
                .list();
    }

    List<BackupCopy> copies(String backupId) {
        return jdbc.sql("""
                        select storage, position, status, error from backup_copy
                        where backup_id = :id order by position""")
                .param("id", backupId)
                .query((row, n) -> new BackupCopy(
                        row.getString("storage"),
                        row.getInt("position"),
                        row.getString("status"),
                        Optional.ofNullable(row.getString("error"))))
                .list();
    }

    /** Marks a complete backup verified or drill_failed after a drill; a deleted one stays deleted. */
    void drilled(String backupId, boolean passed) {
        jdbc.sql(
                        "update backup set status = :status where id = :id and status in ('complete', 'verified', 'drill_failed')")
                .param("status", passed ? "verified" : "drill_failed")
                .param("id", backupId)
                .update();
    }

    void deleted(String backupId) {
        jdbc.sql("update backup set status = 'deleted' where id = :id")
                .param("id", backupId)
                .update();
        jdbc.sql("update backup_copy set status = 'deleted' where backup_id = :id")
                .param("id", backupId)
                .update();
    }

    /**
     * Registers a backup found in storage (by its manifest).
     *
     * @return false when Steward already knows it
     */
    boolean imported(BackupManifest manifest, String manifestJson, String storage) {
        int inserted = jdbc.sql("""
                        insert into backup (id, policy, kind, status, started_at, finished_at, alive_at, runner, source,
                                            bytes, sha256, manifest)
                        values (:id, :policy, :kind, 'complete', :started, :finished, :finished, :runner, :source,
                                :bytes, :sha, cast(:manifest as jsonb))
                        on conflict (id) do nothing""")
                .param("id", manifest.id())
                .param("policy", manifest.policy())
                .param("kind", manifest.kind().equals("safety") ? "safety" : "imported")
                .param("runner", runner)
                .param("started", time(manifest.startedAt()))
                .param("finished", time(manifest.finishedAt()))
                .param("source", manifest.source())
                .param("bytes", manifest.dump().bytes())
                .param("sha", manifest.dump().sha256())
                .param("manifest", manifestJson)
                .update();
        if (inserted == 0) {
            return false;
        }
        jdbc.sql("""
                        insert into backup_copy (backup_id, storage, position, status)
                        values (:id, :storage, 0, 'complete')""").param("id", manifest.id()).param("storage", storage).update();
        return true;
    }

    // ---- drills

    /**
     * Records a drill that starts now.
     *
     * @return its id, or empty when this slot of the policy was already drilled (by another instance)
     */
    Optional<Long> drillStarted(
            String backupId, String policy, @Nullable Instant scheduledFor, Instant now, @Nullable String by) {
        return jdbc.sql("""
                        insert into backup_drill (backup_id, policy, status, started_at, alive_at, runner, scheduled_for,
                                                  requested_by)
                        values (:backup, :policy, 'running', :now, :now, :runner, :slot, :by)
                        on conflict (policy, scheduled_for) do nothing
                        returning id""")
                .param("backup", backupId)
                .param("policy", policy)
                .param("now", time(now))
                .param("slot", time(scheduledFor))
                .param("by", by)
                .param("runner", runner)
                .query(Long.class)
                .optional();
    }

    void drillFinished(
            long drillId,
            boolean passed,
            Instant finishedAt,
            @Nullable Double restoreSeconds,
            @Nullable Double backupAgeSeconds,
            String checksJson,
            @Nullable String error) {
        jdbc.sql("""
                        update backup_drill set status = :status, finished_at = :at, restore_seconds = :restore,
                               backup_age_seconds = :age, checks = cast(:checks as jsonb), error = :error
                        where id = :id""")
                .param("status", passed ? "passed" : "failed")
                .param("at", time(finishedAt))
                .param("restore", restoreSeconds)
                .param("age", backupAgeSeconds)
                .param("checks", checksJson)
                .param("error", error)
                .param("id", drillId)
                .update();
    }

    /** Whether any drill runs now, here or on another instance sharing this database. */
    boolean drillsRunning() {
        return jdbc.sql("select exists (select 1 from backup_drill where status = 'running')")
                .query(Boolean.class)
                .single();
    }

    /** A backup's drills, newest first. */
    List<DrillRecord> drills(String backupId) {
        return jdbc.sql("""
                        select id, backup_id, policy, status, started_at, finished_at, restore_seconds,
                               backup_age_seconds, checks::text as checks, error, requested_by
                        from backup_drill where backup_id = :id order by started_at desc, id desc""").param("id", backupId).query((row, n) -> drill(row)).list();
    }

    /** The newest finished drill of each policy. */
    List<DrillRecord> lastDrills() {
        return jdbc.sql("""
                        select distinct on (policy) id, backup_id, policy, status, started_at, finished_at,
                               restore_seconds, backup_age_seconds, checks::text as checks, error, requested_by
                        from backup_drill where status <> 'running' order by policy, started_at desc, id desc""").query((row, n) -> drill(row)).list();
    }

    Optional<DrillRecord> drill(long id) {
        return jdbc.sql("""
                        select id, backup_id, policy, status, started_at, finished_at, restore_seconds,
                               backup_age_seconds, checks::text as checks, error, requested_by
                        from backup_drill where id = :id""").param("id", id).query((row, n) -> drill(row)).optional();
    }

    private static DrillRecord drill(ResultSet row) throws SQLException {
        return new DrillRecord(
                row.getLong("id"),
                row.getString("backup_id"),
                row.getString("policy"),
                row.getString("status"),
                instant(row, "started_at").orElseThrow(),
                instant(row, "finished_at"),
                Optional.ofNullable((Double) row.getObject("restore_seconds")),
                Optional.ofNullable((Double) row.getObject("backup_age_seconds")),
                Optional.ofNullable(row.getString("checks")),
                Optional.ofNullable(row.getString("error")),
                Optional.ofNullable(row.getString("requested_by")));
    }

    private static BackupRecord record(ResultSet row) throws SQLException {
        Object bytes = row.getObject("bytes");
        return new BackupRecord(
                row.getString("id"),
                row.getString("policy"),
                row.getString("kind"),
                row.getString("status"),
                instant(row, "scheduled_for"),
                instant(row, "started_at").orElseThrow(),
                instant(row, "finished_at"),
                row.getString("source"),
                bytes == null ? Optional.empty() : Optional.of(((Number) bytes).longValue()),
                Optional.ofNullable(row.getString("sha256")),
                Optional.ofNullable(row.getString("manifest")),
                Optional.ofNullable(row.getString("error")),
                Optional.ofNullable(row.getString("requested_by")));
    }

    private static Optional<Instant> instant(ResultSet row, String column) throws SQLException {
        Timestamp value = row.getTimestamp(column);
        return value == null ? Optional.empty() : Optional.of(value.toInstant());
    }

    private static @Nullable OffsetDateTime time(@Nullable Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
