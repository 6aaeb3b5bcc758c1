package dev.steward.result;

import static dev.steward.result.MonitorStatistics.floorHour;
import static dev.steward.result.MonitorStatistics.timestamp;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rolls raw results up into {@code monitor_rollup_hourly}, one UTC hour at a time, and keeps the watermark: every hour
 * before it has its rollup rows.
 *
 * <p>An hour is rolled up once it has been over for {@link #GRACE} (probes that started in it have ended and been
 * written). Rolling up replaces the hour's rows, so doing it again is harmless. Results written later for an hour
 * already rolled up are reported by the writer ({@link #written}) and the next run rolls that hour again; at start the
 * last {@link #REROLL_AT_START} before the watermark are rolled again, for results the previous process wrote after its
 * last run.
 */
final class Rollups implements Consumer<Instant> {

    static final Duration GRACE = Duration.ofMinutes(2);
    static final Duration REROLL_AT_START = Duration.ofHours(2);
    private static final Duration HOUR = Duration.ofHours(1);

    private static final Logger log = LoggerFactory.getLogger(Rollups.class);

    private static final String ROLL_UP_HOUR = """
            insert into monitor_rollup_hourly as rollup
                (monitor_id, hour, up, degraded, down, latency_sum_us, latency_buckets, latency_counts)
            select monitor_id, :hour, sum(up), sum(degraded), sum(down), sum(latency_sum_us),
                   coalesce(array_agg(bucket order by bucket) filter (where bucket is not null), '{}'),
                   coalesce(array_agg(up + degraded order by bucket) filter (where bucket is not null), '{}')
            from (
                -- down results have no bucket: their latencies are not counted
                select monitor_id,
                       case when status < 2 then steward_latency_bucket(latency_us) end as bucket,
                       count(*) filter (where status = 0)::integer as up,
                       count(*) filter (where status = 1)::integer as degraded,
                       count(*) filter (where status = 2)::integer as down,
                       coalesce(sum(latency_us) filter (where status < 2), 0) as latency_sum_us
                from monitor_result
                where started_at >= :hour and started_at < :next
                group by monitor_id, 2
            ) buckets
            group by monitor_id
            on conflict (monitor_id, hour) do update set
                up = excluded.up,
                degraded = excluded.degraded,
                down = excluded.down,
                latency_sum_us = excluded.latency_sum_us,
                latency_buckets = excluded.latency_buckets,
                latency_counts = excluded.latency_counts
            """;

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    /** The earliest start of a result written since the last run; written by the result writer. */
    private final AtomicReference<@Nullable Instant> earliestWritten = new AtomicReference<>();

    private boolean started; // maintenance thread only

    Rollups(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    /** Called by the writer after each committed batch with the earliest start in it. */
    void written(Instant earliestStartedAt) {
        earliestWritten.accumulateAndGet(
                earliestStartedAt, (current, next) -> current == null || next.isBefore(current) ? next : current);
    }

    @Override
    public void accept(Instant earliestStartedAt) {
        written(earliestStartedAt);
    }

    /**
     * Rolls up every hour that ended at least {@link #GRACE} before {@code now} and is not rolled up yet, and the hours
     * that were written into since. Returns the watermark.
     */
    Instant run(Instant now) {
        Instant target = floorHour(now.minus(GRACE));
        // Taken before reading: a result committed after this point is either seen by the queries below or reported
        // again for the next run.
        Instant written = earliestWritten.getAndSet(null);
        try {
            Instant watermark = watermark().or(this::oldestResultHour).orElse(target);
            Instant from = watermark;
            if (!started) {
                from = from.minus(REROLL_AT_START);
            }
            if (written != null && floorHour(written).isBefore(from)) {
                from = floorHour(written);
            }
            int hours = 0;
            for (Instant hour = from; hour.isBefore(target); hour = hour.plus(HOUR)) {
                rollUp(hour, watermark);
                hours++;
            }
            Instant rolledUpTo = target.isAfter(watermark) ? target : watermark;
            if (hours > 0) {
                log.atDebug()
                        .addKeyValue("event", "results_rolled_up")
                        .addKeyValue("from", from.toString())
                        .addKeyValue("hours", hours)
                        .log("Rolled up {} hours of results from {}", hours, from);
            }
            started = true;
            return rolledUpTo;
        } catch (RuntimeException e) {
            if (written != null) {
                written(written);
            }
            throw e;
        }
    }

    /** Rolls one hour up and, when it is the one at the watermark, moves the watermark past it, in one transaction. */
    private void rollUp(Instant hour, Instant watermark) {
        transaction.executeWithoutResult(status -> {
            jdbc.sql(ROLL_UP_HOUR)
                    .param("hour", timestamp(hour))
                    .param("next", timestamp(hour.plus(HOUR)))
                    .update();
            if (!hour.isBefore(watermark)) {
                jdbc.sql("update monitor_rollup_watermark set rolled_up_to = :to")
                        .param("to", timestamp(hour.plus(HOUR)))
                        .update();
            }
        });
    }

    Optional<Instant> watermark() {
        return jdbc.sql("select rolled_up_to from monitor_rollup_watermark")
                .query((row, n) -> Optional.ofNullable(row.getObject(1, OffsetDateTime.class)))
                .single()
                .map(OffsetDateTime::toInstant);
    }

    /**
     * Where the first rollup starts: the hour of the oldest result. Asked only until the first hour is rolled up, when
     * the table holds at most a few minutes of results.
     */
    private Optional<Instant> oldestResultHour() {
        return jdbc.sql("select min(started_at) from monitor_result")
                .query((row, n) -> Optional.ofNullable(row.getObject(1, OffsetDateTime.class)))
                .single()
                .map(OffsetDateTime::toInstant)
                .map(MonitorStatistics::floorHour);
    }
}
