package dev.steward.web;

import dev.steward.catalog.MonitorKey;
import dev.steward.probe.Status;
import dev.steward.result.MonitorStatistics;
import dev.steward.result.ResultPage;
import dev.steward.result.ServiceHistory;
import dev.steward.result.ServiceHistory.DayCounts;
import dev.steward.result.StoredResult;
import dev.steward.result.WindowFigures;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What the service page shows of the past: latency percentiles and uptime per time bucket, result counts per day,
 * recent failures. Each bucket is one question to {@link MonitorStatistics} (rollups for whole hours, raw results for
 * the rest); buckets that ended more than {@link #SETTLED} ago do not change any more and are kept for {@link #KEEP},
 * so looking at a page again costs only its latest buckets, and those are kept for {@link #KEEP_RECENT}. The days are one query ({@link ServiceHistory}). At most
 * {@link #PARALLEL} questions run at once, leaving the connection pool to the probes and alerts.
 */
final class ServiceFigures {

    /** A bucket that ended this long ago has its results written and rolled up. */
    static final Duration SETTLED = Duration.ofMinutes(10);

    static final Duration KEEP = Duration.ofHours(1);
    /** How long a bucket that may still change is kept: pages reloaded in a row read it once. */
    static final Duration KEEP_RECENT = Duration.ofSeconds(15);

    static final int PARALLEL = 3;
    static final int CACHED_BUCKETS = 100_000;
    /** Results read per monitor, at most, when looking for recent failures. */
    static final int FAILURE_SCAN = 2 * MonitorStatistics.MAX_LIMIT;

    /** One bucket of a series: its figures (percentiles, uptime, counts) over {@code [from, to)}. */
    record Bucket(Instant from, Instant to, WindowFigures figures) {}

    /**
     * Results of one monitor in a row that were not up, with the same status and error code.
     *
     * @param first the start of the run's first result
     * @param last the start of its latest result
     * @param message the latest result's message
     */
    record Failure(
            MonitorKey monitor,
            Instant first,
            Instant last,
            int results,
            Status status,
            Optional<String> error,
            Optional<String> message) {

        boolean continuedBy(StoredResult older) {
            return older.status() == status
                    && older.error().map(code -> code.code()).equals(error);
        }
    }

    /**
     * Recent failures of some monitors, and how far back they were looked for.
     *
     * @param since the oldest result read, per monitor: failures before it were not looked for
     */
    record Failures(List<Failure> failures, Map<MonitorKey, Instant> since) {}

    private record Key(MonitorKey monitor, String service, Instant from, Instant to) {}

    private record Cached(WindowFigures figures, Instant at) {}

    private final MonitorStatistics statistics;
    private final ServiceHistory daily;
    private final Semaphore permits = new Semaphore(PARALLEL);
    private final Map<Key, Cached> cache = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Cached> eldest) {
            return size() > CACHED_BUCKETS;
        }
    };

    ServiceFigures(MonitorStatistics statistics, ServiceHistory daily) {
        this.statistics = statistics;
        this.daily = daily;
    }

    /** Each monitor's buckets of {@code range} ending with the one that holds {@code now}, oldest first. */
    Map<MonitorKey, List<Bucket>> series(List<MonitorKey> monitors, ServiceRange range, Instant now) {
        List<Instant> starts = range.bucketStarts(now);
        Map<MonitorKey, List<Future<Bucket>>> pending = new LinkedHashMap<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (MonitorKey monitor : monitors) {
                List<Future<Bucket>> buckets = new ArrayList<>();
                for (Instant from : starts) {
                    Instant to = from.plus(range.step());
                    buckets.add(executor.submit(() -> new Bucket(
                            from,
                            to,
                            figures(
                                    new Key(monitor, "", from, to),
                                    now,
                                    () -> statistics.figures(monitor, from, to)))));
                }
                pending.put(monitor, buckets);
            }
            Map<MonitorKey, List<Bucket>> series = new LinkedHashMap<>();
            for (Map.Entry<MonitorKey, List<Future<Bucket>>> entry : pending.entrySet()) {
                List<Bucket> buckets = new ArrayList<>();
                for (Future<Bucket> bucket : entry.getValue()) {
                    buckets.add(join(bucket));
                }
                series.put(entry.getKey(), buckets);
            }
            return series;
        }
    }

    /** The service's result counts for each of the last {@code days} UTC days, today last (zeros without results). */
    List<DayCounts> days(String service, int days, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate first = today.minusDays(days - 1L);
        Map<LocalDate, DayCounts> counts = new HashMap<>();
        withPermit(() -> daily.dailyCounts(List.of(service), first, today))
                .getOrDefault(service, List.of())
                .forEach(day -> counts.put(day.day(), day));
        List<DayCounts> answer = new ArrayList<>(days);
        for (LocalDate day = first; !day.isAfter(today); day = day.plusDays(1)) {
            answer.add(counts.getOrDefault(day, new DayCounts(day, 0, 0, 0)));
        }
        return answer;
    }

    /**
     * The latest runs of results that were not up, the latest first, of the given monitors since {@code from}: at
     * most {@link #FAILURE_SCAN} results of each monitor are read, and at most {@code limit} runs of each kept.
     *
     * @param failed whether a monitor may have failed since {@code from}; the results of those that cannot have are
     *     not read
     */
    Failures failures(List<MonitorKey> monitors, Predicate<MonitorKey> failed, Instant from, Instant now, int limit) {
        List<Failure> failures = new ArrayList<>();
        Map<MonitorKey, Instant> since = new LinkedHashMap<>();
        for (MonitorKey monitor : monitors) {
            if (!failed.test(monitor)) {
                since.put(monitor, from);
                continue;
            }
            Optional<String> cursor = Optional.empty();
            int read = 0;
            Instant oldest = from;
            List<Failure> runs = new ArrayList<>();
            Failure run = null; // the run being read, from its latest result back
            do {
                Optional<String> next = cursor;
                ResultPage page =
                        withPermit(() -> statistics.results(monitor, from, now, MonitorStatistics.MAX_LIMIT, next));
                for (StoredResult result : page.results()) { // newest first
                    if (run != null && run.continuedBy(result)) {
                        run = new Failure(
                                monitor,
                                result.startedAt(),
                                run.last(),
                                run.results() + 1,
                                run.status(),
                                run.error(),
                                run.message());
                        continue;
                    }
                    if (run != null) {
                        runs.add(run);
                        run = null;
                    }
                    if (result.status() != Status.UP) {
                        run = new Failure(
                                monitor,
                                result.startedAt(),
                                result.startedAt(),
                                1,
                                result.status(),
                                result.error().map(code -> code.code()),
                                result.message());
                    }
                }
                read += page.results().size();
                cursor = page.next();
                if (cursor.isPresent() && !page.results().isEmpty()) {
                    oldest = page.results().getLast().startedAt();
                }
            } while (cursor.isPresent() && read < FAILURE_SCAN && runs.size() < limit);
            if (run != null) {
                runs.add(run);
            }
            failures.addAll(runs.size() > limit ? runs.subList(0, limit) : runs);
            since.put(monitor, cursor.isPresent() ? oldest : from);
        }
        failures.sort(Comparator.comparing(Failure::last).reversed());
        return new Failures(failures.size() > limit ? failures.subList(0, limit) : failures, since);
    }

    private WindowFigures figures(Key key, Instant now, Supplier<WindowFigures> read) {
        Duration keep = key.to().isBefore(now.minus(SETTLED)) ? KEEP : KEEP_RECENT;
        synchronized (cache) {
            Cached cached = cache.get(key);
            if (cached != null && Duration.between(cached.at(), now).compareTo(keep) < 0) {
                return cached.figures();
            }
        }
        WindowFigures figures = withPermit(read);
        synchronized (cache) {
            cache.put(key, new Cached(figures, now));
        }
        return figures;
    }

    private <T> T withPermit(Supplier<T> read) {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to read the service's history", e);
        }
        try {
            return read.get();
        } finally {
            permits.release();
        }
    }

    private static Bucket join(Future<Bucket> bucket) {
        try {
            return bucket.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("could not read the service's history: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the service's history", e);
        }
    }
}
