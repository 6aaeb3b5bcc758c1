package dev.steward.result;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Services' history for long views such as the public status page's 90-day bars: result counts per service and UTC
 * day, and when each service's first monitor was stored. Each answer is one query for all the services asked about.
 */
public final class ServiceHistory {

    /**
     * Counts by service and UTC day over {@code [from, to)}: whole hours before the rollup watermark from the hourly
     * rollups, everything after it from raw results, the results of every monitor stored under the service pooled
     * (removed monitors included, as for {@link MonitorStatistics#serviceFigures}).
     */
    private static final String DAILY = """
            with ids as (
                select id, split_part(key, '/', 1) as service from monitor where split_part(key, '/', 1) in (:services)
            ), mark as (
                select greatest(coalesce(rolled_up_to, :from), :from) as rolled from monitor_rollup_watermark
            )
            select ids.service, parts.day, sum(parts.up) as up, sum(parts.degraded) as degraded,
                   sum(parts.down) as down
            from (
                select monitor_id, (hour at time zone 'UTC')::date as day, up, degraded, down
                from monitor_rollup_hourly, mark
                where monitor_id in (select id from ids) and hour >= :from and hour < mark.rolled
                union all
                select monitor_id, (started_at at time zone 'UTC')::date,
                       count(*) filter (where status = 0), count(*) filter (where status = 1),
                       count(*) filter (where status = 2)
                from monitor_result, mark
                where monitor_id in (select id from ids) and started_at >= mark.rolled and started_at < :to
                group by 1, 2
            ) parts
            join ids on ids.id = parts.monitor_id
            group by 1, 2
            """;

    private final JdbcClient jdbc;

    public ServiceHistory(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    /**
     * Result counts of one service on one UTC day.
     *
     * @param up up results; degraded ones count as available too, down ones do not
     */
    public record DayCounts(LocalDate day, long up, long degraded, long down) {

        /** All results of the day. */
        public long results() {
            return up + degraded + down;
        }
    }

    /**
     * Each service's counts per UTC day from {@code from} to {@code to} (both days included, {@code to} up to now),
     * ordered by day; days without results are left out, and so are services without any.
     */
    public Map<String, List<DayCounts>> dailyCounts(Collection<String> services, LocalDate from, LocalDate to) {
        if (services.isEmpty()) {
            return Map.of();
        }
        Map<String, TreeMap<LocalDate, DayCounts>> byService = new HashMap<>();
        jdbc.sql(DAILY)
                .param("services", List.copyOf(services))
                .param("from", start(from))
                .param("to", start(to.plusDays(1)))
                .query((row, n) -> new ServiceDay(
                        row.getString("service"),
                        new DayCounts(
                                row.getObject("day", LocalDate.class),
                                row.getLong("up"),
                                row.getLong("degraded"),
                                row.getLong("down"))))
                .list()
                .forEach(row -> byService
                        .computeIfAbsent(row.service(), service -> new TreeMap<>())
                        .put(row.counts().day(), row.counts()));
        Map<String, List<DayCounts>> answer = new HashMap<>();
        byService.forEach((service, days) -> answer.put(service, List.copyOf(days.values())));
        return answer;
    }

    /** When the first monitor of each service was stored (its first result), for the services that have one. */
    public Map<String, Instant> firstStored(Collection<String> services) {
        if (services.isEmpty()) {
            return Map.of();
        }
        Map<String, Instant> first = new HashMap<>();
        jdbc.sql("""
                        select split_part(key, '/', 1) as service, min(created_at) as first
                        from monitor where split_part(key, '/', 1) in (:services)
                        group by 1""")
                .param("services", List.copyOf(services))
                .query((row, n) -> Map.entry(
                        row.getString("service"),
                        row.getObject("first", OffsetDateTime.class).toInstant()))
                .list()
                .forEach(entry -> first.put(entry.getKey(), entry.getValue()));
        return first;
    }

    private record ServiceDay(String service, DayCounts counts) {}

    private static OffsetDateTime start(LocalDate day) {
        return day.atStartOfDay().atOffset(ZoneOffset.UTC);
    }
}
