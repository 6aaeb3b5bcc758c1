package dev.steward.web;

import dev.steward.backup.BackupCopy;
import dev.steward.backup.BackupRecord;
import dev.steward.backup.BackupService;
import dev.steward.backup.BackupSizes;
import dev.steward.backup.DrillRecord;
import dev.steward.catalog.BackupPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the backup pages show, built from {@link BackupService}'s records: times in UTC with how long ago, sizes in
 * decimal units, and every status as a word with the colour class the rest of the UI uses for it.
 */
final class BackupViews {

    private final IncidentTimes times;
    private final JsonMapper json;

    BackupViews(IncidentTimes times, JsonMapper json) {
        this.times = times;
        this.json = json;
    }

    /** One backup run. */
    record BackupRow(
            String id,
            String policy,
            String kind,
            String status,
            String tone,
            IncidentTimes.Shown started,
            IncidentTimes.@Nullable Shown finished,
            String size,
            String took,
            String source,
            @Nullable String error,
            @Nullable String excerpt,
            @Nullable String requestedBy,
            boolean stored) {}

    /** A backup or drill under way. */
    record Running(
            String backupId,
            String phase,
            String done,
            @Nullable Long percent,
            String elapsed) {}

    /** One table of a drill's verification. */
    record TableCheck(
            String table,
            String dumped,
            String restored,
            @Nullable String failure) {}

    /** One SQL check of a drill. */
    record SqlCheck(
            String sql,
            String expect,
            String actual,
            @Nullable String failure) {}

    /** One restore drill with what it verified. */
    record DrillRow(
            long id,
            String backupId,
            String status,
            String tone,
            IncidentTimes.Shown started,
            String rto,
            String rpo,
            @Nullable String requestedBy,
            @Nullable String error,
            List<TableCheck> tables,
            List<SqlCheck> checks) {

        /** What it checked, e.g. {@code 4 tables, 1 SQL check, none failed}. */
        public String checked() {
            long failed = failures();
            return tables.size()
                    + (tables.size() == 1 ? " table, " : " tables, ")
                    + checks.size()
                    + (checks.size() == 1 ? " SQL check, " : " SQL checks, ")
                    + (failed == 0 ? "none failed" : failed + " failed");
        }

        /** How many tables and checks failed. */
        public long failures() {
            return tables.stream().filter(table -> table.failure() != null).count()
                    + checks.stream().filter(check -> check.failure() != null).count();
        }
    }

    /** A policy with its state. */
    record PolicyCard(
            String name,
            String source,
            String schedule,
            IncidentTimes.@Nullable Shown nextRun,
            String format,
            List<String> storages,
            String retention,
            String drill,
            @Nullable BackupRow newest,
            @Nullable BackupRow newestVerified,
            @Nullable DrillRow lastDrill,
            @Nullable Running running,
            @Nullable Running drilling,
            List<String> problems) {}

    /** A table of a backup: its rows at dump time and, when a drill restored it, the rows restored. */
    record TableRow(
            String table,
            String rows,
            @Nullable String restored,
            @Nullable String failure) {}

    /** What a backup's manifest says. */
    record ManifestView(
            String source,
            String database,
            String versions,
            String format,
            String databaseSize,
            String encryption,
            String globals,
            String object,
            String sha256,
            List<TableRow> tables,
            String totalRows) {}

    /** Where a backup is stored. */
    record CopyRow(
            String storage,
            String status,
            String tone,
            @Nullable String error) {}

    BackupRow row(BackupRecord record) {
        return new BackupRow(
                record.id(),
                record.policy(),
                record.kind(),
                record.status(),
                tone(record.status()),
                times.show(record.startedAt()),
                times.show(record.finishedAt()),
                record.bytes().map(BackupViews::size).orElse("–"),
                record.finishedAt()
                        .map(end -> IncidentTimes.span(Duration.between(record.startedAt(), end)))
                        .orElse(record.status().equals("running") ? "running" : "–"),
                record.source(),
                record.error().orElse(null),
                record.error().map(error -> excerpt(error, 80)).orElse(null),
                record.requestedBy().orElse(null),
                record.stored());
    }

    PolicyCard card(BackupService.PolicyStatus status, Optional<DrillRecord> lastDrill) {
        BackupPolicy policy = status.policy();
        String codec = policy.compression().codec().name().toLowerCase(Locale.ROOT);
        return new PolicyCard(
                policy.name(),
                policy.backsUpSteward()
                        ? "Steward's own database"
                        : policy.source().describe(),
                policy.schedule()
                        .map(cron -> cron + " (" + policy.zone().getId() + ")")
                        .orElse("on demand only"),
                times.show(status.nextRun()),
                policy.format().name().toLowerCase(Locale.ROOT) + ", " + codec
                        + (policy.compression().codec() == BackupPolicy.Codec.NONE
                                ? ""
                                : " level " + policy.compression().level())
                        + (policy.encryption().isPresent() ? ", encrypted" : ""),
                status.storages(),
                policy.retention().describe(),
                !policy.drill().enabled()
                        ? "off"
                        : policy.drill()
                                .schedule()
                                .map(cron -> cron + " (" + policy.zone().getId() + ")")
                                .orElse("after every backup"),
                status.newest().map(this::row).orElse(null),
                status.newestVerified().map(this::row).orElse(null),
                lastDrill.map(this::drill).orElse(null),
                status.backupRunning().map(this::running).orElse(null),
                status.drillRunning().map(this::running).orElse(null),
                status.problems());
    }

    Running running(BackupService.Progress progress) {
        Optional<Long> total = progress.total().filter(bytes -> bytes > 0);
        return new Running(
                progress.id(),
                progress.phase(),
                size(progress.bytes())
                        + total.map(bytes -> " of " + size(bytes)).orElse(""),
                total.map(bytes -> Math.min(100, progress.bytes() * 100 / bytes))
                        .orElse(null),
                IncidentTimes.span(Duration.between(progress.startedAt(), times.now())));
    }

    DrillRow drill(DrillRecord drill) {
        List<TableCheck> tables = new ArrayList<>();
        List<SqlCheck> checks = new ArrayList<>();
        drill.checks().flatMap(this::parse).ifPresent(node -> {
            for (JsonNode table : node.path("tables")) {
                tables.add(new TableCheck(
                        table.path("table").asString(""),
                        count(table.path("dumped")),
                        table.path("restored").isNumber() ? count(table.path("restored")) : "missing",
                        text(table.path("failure"))));
            }
            for (JsonNode check : node.path("checks")) {
                checks.add(new SqlCheck(
                        check.path("sql").asString(""),
                        check.path("expect").asString(""),
                        check.path("actual").isString() ? check.path("actual").asString() : "–",
                        text(check.path("failure"))));
            }
        });
        return new DrillRow(
                drill.id(),
                drill.backupId(),
                drill.status(),
                tone(drill.status()),
                times.show(drill.startedAt()),
                drill.restoreSeconds().map(BackupViews::seconds).orElse("–"),
                drill.backupAgeSeconds().map(BackupViews::seconds).orElse("–"),
                drill.requestedBy().orElse(null),
                drill.error().orElse(null),
                tables,
                checks);
    }

    Optional<ManifestView> manifest(BackupRecord record, @Nullable DrillRow lastDrill) {
        return record.manifest().flatMap(this::parse).map(manifest -> {
            Map<String, TableCheck> restored = new java.util.HashMap<>();
            if (lastDrill != null) {
                lastDrill.tables().forEach(table -> restored.put(table.table(), table));
            }
            List<TableRow> tables = new ArrayList<>();
            long total = 0;
            for (var entry : manifest.path("rowCounts").properties()) {
                long rows = entry.getValue().asLong(0);
                total += rows;
                TableCheck check = restored.get(entry.getKey());
                tables.add(new TableRow(
                        entry.getKey(),
                        count(rows),
                        check == null ? null : check.restored(),
                        check == null ? null : check.failure()));
            }
            return new ManifestView(
                    manifest.path("source").asString(""),
                    manifest.path("database").asString(""),
                    "PostgreSQL " + manifest.path("serverVersion").asString("?") + ", pg_dump "
                            + manifest.path("pgDumpVersion").asString("?"),
                    manifest.path("format").asString("") + ", "
                            + manifest.path("codec").asString("") + " (compressed by "
                            + manifest.path("compressedBy").asString("?") + ")",
                    manifest.path("databaseSize").isNumber()
                            ? size(manifest.path("databaseSize").asLong())
                            : "–",
                    manifest.path("encryptionKeyId").isString()
                            ? "AES-256-GCM, key id "
                                    + manifest.path("encryptionKeyId").asString()
                            : "none",
                    manifest.path("globals").isObject() ? "roles and tablespaces stored" : "not stored",
                    manifest.path("dump").path("key").asString(""),
                    manifest.path("dump").path("sha256").asString(""),
                    tables,
                    count(total));
        });
    }

    CopyRow copy(BackupCopy copy) {
        return new CopyRow(
                copy.storage(), copy.status(), tone(copy.status()), copy.error().orElse(null));
    }

    /**
     * The colour class of a status, from those the other pages use: green for verified, complete and passed, violet
     * for running, red for failed and drill_failed, grey for deleted.
     */
    static String tone(String status) {
        return switch (status) {
            case "verified", "passed" -> "up";
            case "complete" -> "active";
            case "running" -> "pending";
            case "failed", "drill_failed" -> "down";
            default -> "disabled";
        };
    }

    /** {@link BackupSizes#decimal}: {@code 512 B}, {@code 12.3 MB}. */
    static String size(long bytes) {
        return BackupSizes.decimal(bytes);
    }

    /** Seconds as the drill recorded them: {@code 3.2s} below a minute, else to the two largest units. */
    static String seconds(double seconds) {
        return seconds < 60
                ? String.format(Locale.ROOT, "%.1fs", seconds)
                : IncidentTimes.span(Duration.ofMillis(Math.round(seconds * 1000)));
    }

    static String count(long count) {
        return String.format(Locale.ROOT, "%,d", count);
    }

    private static String count(JsonNode count) {
        return count.isNumber() ? count(count.asLong()) : "–";
    }

    private static @Nullable String text(JsonNode node) {
        return node.isString() ? node.asString() : null;
    }

    static String excerpt(String message, int max) {
        String first = message.strip().lines().findFirst().orElse("");
        return first.length() <= max ? first : first.substring(0, max - 1) + "…";
    }

    private Optional<JsonNode> parse(String text) {
        try {
            return Optional.of(json.readTree(text));
        } catch (JacksonException e) {
            return Optional.empty(); // shown without the details rather than failing the page
        }
    }

    Instant now() {
        return times.now();
    }
}
