package dev.steward.backup;

import dev.steward.catalog.Catalog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Backup metrics for Prometheus, per policy: age and time of the newest complete and verified backup, its size and
 * duration, the last drill's outcome and restore time, and runs and drills by outcome.
 */
final class BackupMetrics {

    private final BackupRecords records;
    private final Supplier<Catalog> catalog;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final List<MultiGauge> gauges = new ArrayList<>();

    BackupMetrics(BackupRecords records, Supplier<Catalog> catalog, Clock clock, MeterRegistry meters) {
        this.records = records;
        this.catalog = catalog;
        this.clock = clock;
        this.meters = meters;
    }

    void register() {
        gauge("steward.backup.last.success.timestamp", "seconds", "When the newest complete backup started (epoch)");
        gauge("steward.backup.last.success.age", "seconds", "Time since the newest complete backup started");
        gauge("steward.backup.last.verified.age", "seconds", "Time since the newest verified backup started");
        gauge("steward.backup.last.size", "bytes", "Bytes stored by the newest complete backup");
        gauge("steward.backup.last.duration", "seconds", "Time the newest complete backup took");
        gauge("steward.backup.drill.last.passed", null, "1 when the last restore drill passed, 0 when it failed");
        gauge("steward.backup.drill.last.restore", "seconds", "Time the last restore drill's restore took (RTO)");
        gauge("steward.backup.drill.last.backup.age", "seconds", "Age of the backup the last drill restored (RPO)");
        refresh();
    }

    private void gauge(String name, @Nullable String unit, String description) {
        gauges.add(
                MultiGauge.builder(name).baseUnit(unit).description(description).register(meters));
    }

    /** Re-reads the figures (at most every 10 s, or at once after a run or drill) and updates the gauges. */
    void refresh() {
        List<Figures> current = new ArrayList<>();
        for (String policy : catalog.get().backups().keySet()) {
            List<BackupRecord> recent = records.list(policy, false, 200);
            Optional<BackupRecord> newest = recent.stream()
                    .filter(record -> !record.kind().equals("safety"))
                    .filter(BackupRecord::stored)
                    .findFirst();
            Optional<BackupRecord> verified = recent.stream()
                    .filter(record -> !record.kind().equals("safety"))
                    .filter(record -> record.status().equals("verified"))
                    .findFirst();
            current.add(new Figures(policy, newest, verified));
        }
        Map<String, DrillRecord> drills = new java.util.HashMap<>();
        records.lastDrills().forEach(drill -> drills.put(drill.policy(), drill));
        List<List<MultiGauge.Row<?>>> rows = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            rows.add(new ArrayList<>());
        }
        for (Figures figure : current) {
            Tags tags = Tags.of("policy", figure.policy());
            figure.newest().ifPresent(backup -> {
                rows.get(0).add(MultiGauge.Row.of(tags, backup.startedAt().getEpochSecond()));
                rows.get(1).add(MultiGauge.Row.of(tags, this, metrics -> metrics.age(backup.startedAt())));
                backup.bytes().ifPresent(bytes -> rows.get(3).add(MultiGauge.Row.of(tags, bytes)));
                backup.finishedAt()
                        .ifPresent(end -> rows.get(4)
                                .add(MultiGauge.Row.of(
                                        tags,
                                        Duration.between(backup.startedAt(), end)
                                                        .toMillis()
                                                / 1000.0)));
            });
            figure.verified()
                    .ifPresent(backup ->
                            rows.get(2).add(MultiGauge.Row.of(tags, this, metrics -> metrics.age(backup.startedAt()))));
            DrillRecord drill = drills.get(figure.policy());
            if (drill != null) {
                rows.get(5).add(MultiGauge.Row.of(tags, drill.status().equals("passed") ? 1 : 0));
                drill.restoreSeconds().ifPresent(value -> rows.get(6).add(MultiGauge.Row.of(tags, value)));
                drill.backupAgeSeconds().ifPresent(value -> rows.get(7).add(MultiGauge.Row.of(tags, value)));
            }
        }
        for (int i = 0; i < gauges.size(); i++) {
            gauges.get(i).register(rows.get(i), true);
        }
    }

    private double age(Instant startedAt) {
        return Duration.between(startedAt, clock.instant()).toMillis() / 1000.0;
    }

    void backupFinished(String policy, boolean success) {
        count("steward.backup.runs", policy, success ? "success" : "failure");
        refresh();
    }

    void drillFinished(String policy, boolean passed) {
        count("steward.backup.drills", policy, passed ? "passed" : "failed");
        refresh();
    }

    private void count(String name, String policy, String outcome) {
        counters.computeIfAbsent(
                        name + "|" + policy + "|" + outcome,
                        key -> Counter.builder(name)
                                .description(
                                        name.endsWith("runs") ? "Backup runs by outcome" : "Restore drills by outcome")
                                .tag("policy", policy)
                                .tag("outcome", outcome)
                                .register(meters))
                .increment();
    }

    record Figures(String policy, Optional<BackupRecord> newest, Optional<BackupRecord> verified) {}
}
