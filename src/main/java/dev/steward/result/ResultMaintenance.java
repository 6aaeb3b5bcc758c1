package dev.steward.result;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs partition maintenance (at start and hourly) and rollups (at start and every minute) on one named thread,
 * {@code result-maintenance}, so they never run at the same time. Each run takes {@code now} from the clock and catches
 * everything, so that one failure never cancels later runs.
 */
final class ResultMaintenance implements SmartLifecycle {

    static final Duration PARTITION_PERIOD = Duration.ofHours(1);
    static final Duration ROLLUP_PERIOD = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(ResultMaintenance.class);

    private final PartitionMaintenance partitions;
    private final Rollups rollups;
    private final Clock clock;
    private @Nullable ScheduledExecutorService executor;

    ResultMaintenance(PartitionMaintenance partitions, Rollups rollups, Clock clock) {
        this.partitions = partitions;
        this.rollups = rollups;
        this.clock = clock;
    }

    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("result-maintenance").daemon(true).factory());
        executor.scheduleWithFixedDelay(
                this::maintainPartitions, 0, PARTITION_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        executor.scheduleWithFixedDelay(this::rollUp, 0, ROLLUP_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Lets a running step finish (for a few seconds), then stops. */
    @Override
    public synchronized void stop() {
        if (executor == null) {
            return;
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }

    @Override
    public int getPhase() {
        return ResultStore.PHASE;
    }

    void maintainPartitions() {
        try {
            partitions.run(clock.instant());
        } catch (Throwable e) { // an escaping throwable would cancel every later run
            log.atError()
                    .addKeyValue("event", "result_maintenance_failed")
                    .addKeyValue("step", "all")
                    .setCause(e)
                    .log("Result partition maintenance failed: {}", e.toString());
        }
    }

    void rollUp() {
        try {
            rollups.run(clock.instant());
        } catch (Throwable e) { // an escaping throwable would cancel every later run
            log.atWarn()
                    .addKeyValue("event", "result_rollup_failed")
                    .setCause(e)
                    .log("Rolling up results failed: {}; trying again in a minute", e.toString());
        }
    }
}
