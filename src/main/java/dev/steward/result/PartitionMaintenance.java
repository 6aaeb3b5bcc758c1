package dev.steward.result;

import static dev.steward.result.MonitorStatistics.timestamp;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps {@code monitor_result}'s daily partitions: creates today's and the next {@link #DAYS_AHEAD} days' ahead of
 * time, gives rows that landed in the default partition their day's partition, drops days wholly older than
 * {@code RESULTS_RETENTION}, and deletes hourly rollups older than {@code ROLLUP_RETENTION}.
 *
 * <p>Each step runs in its own transaction and waits at most {@link #LOCK_TIMEOUT} for its locks (attaching and
 * detaching briefly lock the whole table), so a long query can delay maintenance to its next run but is never queued
 * behind by every insert. A failed step is logged and the others still run.
 */
final class PartitionMaintenance {

    static final int DAYS_AHEAD = 2;
    static final Duration LOCK_TIMEOUT = Duration.ofSeconds(5);
    private static final Pattern DAILY = Pattern.compile("monitor_result_(\\d{8})");
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final String COLUMNS = """
            started_at, certificate_expires_at, monitor_id, latency_us, lateness_us, status, error_code, message,
            failures""";

    private static final Logger log = LoggerFactory.getLogger(PartitionMaintenance.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Duration resultsRetention;
    private final Duration rollupRetention;

    PartitionMaintenance(DataSource dataSource, Duration resultsRetention, Duration rollupRetention) {
        this.jdbc = JdbcClient.create(dataSource);
        this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.resultsRetention = resultsRetention;
        this.rollupRetention = rollupRetention;
    }

    /** One round of maintenance as of {@code now}; never throws. Returns the number of steps that failed. */
    int run(Instant now) {
        int failed = 0;
        LocalDate today = day(now);
        Instant cutoff = now.minus(resultsRetention);
        TreeSet<LocalDate> wanted = new TreeSet<>();
        for (int ahead = 0; ahead <= DAYS_AHEAD; ahead++) {
            wanted.add(today.plusDays(ahead));
        }
        try {
            wanted.addAll(daysInDefault(cutoff, start(today.plusDays(DAYS_AHEAD + 1))));
        } catch (RuntimeException e) {
            failed++;
            failure("list_default_partition", e);
        }
        List<LocalDate> existing;
        try {
            existing = partitions();
        } catch (RuntimeException e) {
            failure("list_partitions", e);
            return failed + 1;
        }
        for (LocalDate day : wanted) {
            if (!existing.contains(day) && start(day.plusDays(1)).isAfter(cutoff)) {
                failed += step("create_partition", () -> create(day));
            }
        }
        for (LocalDate day : existing) {
            if (!start(day.plusDays(1)).isAfter(cutoff)) {
                failed += step("drop_partition", () -> drop(day));
            }
        }
        failed += step("delete_old_default_rows", () -> deleteOldDefaultRows(cutoff));
        failed += step("delete_old_rollups", () -> deleteOldRollups(now.minus(rollupRetention)));
        return failed;
    }

    /** The days of the attached daily partitions. */
    List<LocalDate> partitions() {
        List<LocalDate> days = new ArrayList<>();
        for (String name : jdbc.sql("""
                        select c.relname
                        from pg_inherits i
                        join pg_class c on c.oid = i.inhrelid
                        where i.inhparent = 'monitor_result'::regclass
                        """).query(String.class).list()) {
            Matcher daily = DAILY.matcher(name);
            if (daily.matches()) {
                days.add(LocalDate.parse(daily.group(1), DAY));
            }
        }
        days.sort(null);
        return days;
    }

    private List<LocalDate> daysInDefault(Instant from, Instant to) {
        return jdbc.sql("""
                        select distinct (started_at at time zone 'UTC')::date
                        from monitor_result_default
                        where started_at >= :from and started_at < :to
                        """)
                .param("from", timestamp(from))
                .param("to", timestamp(to))
                .query(LocalDate.class)
                .list();
    }

    /**
     * Creates the day's partition as a plain table, moves the day's rows out of the default partition into it, then
     * attaches it, all in one transaction: PostgreSQL refuses to attach a partition while the default partition holds
     * rows that belong to it.
     */
    private void create(LocalDate day) {
        String partition = name(day);
        long moved = transaction.execute(status -> {
            lockTimeout();
            jdbc.sql("create table %s (like monitor_result including defaults including constraints)"
                            .formatted(partition))
                    .update();
            int rows = jdbc.sql("""
                            with moved as (
                                delete from monitor_result_default
                                where started_at >= :from and started_at < :to
                                returning %2$s
                            )
                            insert into %1$s (%2$s) select %2$s from moved
                            """.formatted(partition, COLUMNS))
                    .param("from", timestamp(start(day)))
                    .param("to", timestamp(start(day.plusDays(1))))
                    .update();
            jdbc.sql("alter table monitor_result attach partition %s for values from ('%s') to ('%s')"
                            .formatted(partition, start(day), start(day.plusDays(1))))
                    .update();
            return (long) rows;
        });
        log.atInfo()
                .addKeyValue("event", "result_partition_created")
                .addKeyValue("partition", partition)
                .addKeyValue("movedRows", moved)
                .log("Created partition {} for results of {}", partition, day);
    }

    private void drop(LocalDate day) {
        String partition = name(day);
        transaction.executeWithoutResult(status -> {
            lockTimeout();
            jdbc.sql("alter table monitor_result detach partition " + partition).update();
            jdbc.sql("drop table " + partition).update();
        });
        log.atInfo()
                .addKeyValue("event", "result_partition_dropped")
                .addKeyValue("partition", partition)
                .log("Dropped partition {}: its results are older than the retention", partition);
    }

    private void deleteOldDefaultRows(Instant cutoff) {
        jdbc.sql("delete from monitor_result_default where started_at < :cutoff")
                .param("cutoff", timestamp(cutoff))
                .update();
    }

    /** Rows whose hour is wholly older than the cutoff. */
    private void deleteOldRollups(Instant cutoff) {
        int deleted = jdbc.sql("delete from monitor_rollup_hourly where hour < :cutoff")
                .param("cutoff", timestamp(cutoff.truncatedTo(ChronoUnit.HOURS)))
                .update();
        if (deleted > 0) {
            log.atDebug()
                    .addKeyValue("event", "result_rollups_deleted")
                    .addKeyValue("rows", deleted)
                    .log("Deleted {} hourly rollups older than the retention", deleted);
        }
    }

    private void lockTimeout() {
        jdbc.sql("select set_config('lock_timeout', :timeout, true)")
                .param("timeout", LOCK_TIMEOUT.toMillis() + "ms")
                .query(String.class)
                .single();
    }

    private int step(String step, Runnable action) {
        try {
            action.run();
            return 0;
        } catch (RuntimeException e) {
            failure(step, e);
            return 1;
        }
    }

    private static void failure(String step, RuntimeException e) {
        log.atWarn()
                .addKeyValue("event", "result_maintenance_failed")
                .addKeyValue("step", step)
                .setCause(e)
                .log("Result partition maintenance failed at {}: {}; trying again at the next run", step, e.toString());
    }

    static String name(LocalDate day) {
        return "monitor_result_" + DAY.format(day);
    }

    private static LocalDate day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant start(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
