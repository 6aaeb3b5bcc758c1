package dev.steward.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;

/**
 * Runs every dependency check at once, each on its own virtual thread, and gives each an answer within the
 * configured timeout: a hung dependency makes its check fail, it never makes the endpoint hang.
 *
 * <p>Requests that arrive while a check is running share its result instead of starting another, so a burst of
 * probes costs one check per dependency. A dependency going down or coming back is logged once (WARN
 * {@code dependency_down}, INFO {@code dependency_up}), and {@code steward_dependency_up} shows the last result.
 */
final class DependencyChecks implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DependencyChecks.class);
    private final List<DependencyCheck> checks;
    private final Duration timeout;
    private final Map<DependencyCheck, AtomicReference<@Nullable CompletableFuture<CheckResult>>> inFlight =
            new LinkedHashMap<>();
    private final Map<String, Boolean> lastOk = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("dependency-check-", 0).factory());
    private final ScheduledExecutorService monitor = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("dependency-monitor").daemon(true).factory());

    DependencyChecks(List<DependencyCheck> checks, Duration timeout, MeterRegistry meters) {
        this.checks = List.copyOf(checks);
        this.timeout = timeout;
        for (DependencyCheck check : this.checks) {
            inFlight.put(check, new AtomicReference<>());
            Gauge.builder("steward.dependency.up", lastOk, last -> up(last, check.name()))
                    .tag("dependency", check.name())
                    .description("1 when the last check of the dependency passed, 0 when it failed")
                    .register(meters);
        }
    }

    /**
     * Also checks every {@code period} on its own, so that {@code dependency_down} is logged and
     * {@code steward_dependency_up} is current even when nothing probes Steward.
     */
    void monitorEvery(Duration period) {
        monitor.scheduleWithFixedDelay(
                () -> {
                    try {
                        runAll();
                    } catch (RuntimeException e) {
                        log.atError()
                                .addKeyValue("event", "dependency_monitor_failed")
                                .setCause(e)
                                .log("Checking dependencies in the background failed: {}", e.toString());
                    }
                },
                0,
                period.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Results by check name, in the order the checks were given. */
    Map<String, CheckResult> runAll() {
        Map<String, CompletableFuture<CheckResult>> running = new LinkedHashMap<>();
        for (DependencyCheck check : checks) {
            running.put(check.name(), start(check));
        }
        Map<String, CheckResult> results = new LinkedHashMap<>();
        running.forEach((name, future) -> results.put(name, future.join()));
        return results;
    }

    private CompletableFuture<CheckResult> start(DependencyCheck check) {
        AtomicReference<@Nullable CompletableFuture<CheckResult>> slot = inFlight.get(check);
        while (true) {
            CompletableFuture<CheckResult> current = slot.get();
            if (current != null && !current.isDone()) {
                return current;
            }
            CompletableFuture<CheckResult> next = new CompletableFuture<>();
            if (slot.compareAndSet(current, next)) {
                long started = System.nanoTime();
                next.completeOnTimeout(
                        CheckResult.failed(
                                timeout.toMillis(),
                                check.failureMessage(),
                                "no answer within " + timeout.toMillis() + " ms"),
                        timeout.toNanos(),
                        TimeUnit.NANOSECONDS);
                next.thenAccept(result -> recordTransition(check, result));
                executor.execute(() -> next.complete(execute(check, started)));
                return next;
            }
        }
    }

    private CheckResult execute(DependencyCheck check, long started) {
        try {
            check.check(timeout);
            return CheckResult.passed(millisSince(started));
        } catch (Exception e) {
            String reason = reason(e);
            log.atDebug()
                    .addKeyValue("event", "dependency_check_failed")
                    .addKeyValue("dependency", check.name())
                    .addKeyValue("reason", reason)
                    .addKeyValue(
                            "detail",
                            String.valueOf(
                                    NestedExceptionUtils.getMostSpecificCause(e).getMessage()))
                    .log("{}: {}", check.failureMessage(), reason);
            return CheckResult.failed(millisSince(started), check.failureMessage(), reason);
        }
    }

    private void recordTransition(DependencyCheck check, CheckResult result) {
        Boolean previous = lastOk.put(check.name(), result.ok());
        if (result.ok() && Boolean.FALSE.equals(previous)) {
            log.atInfo()
                    .addKeyValue("event", "dependency_up")
                    .addKeyValue("dependency", check.name())
                    .log("{} is reachable again", check.name());
        } else if (!result.ok() && !Boolean.FALSE.equals(previous)) {
            log.atWarn()
                    .addKeyValue("event", "dependency_down")
                    .addKeyValue("dependency", check.name())
                    .addKeyValue("reason", result.reason())
                    .log("{}: {}", result.error(), result.reason());
        }
    }

    private static double up(Map<String, Boolean> last, String name) {
        Boolean ok = last.get(name);
        return ok == null ? Double.NaN : ok ? 1 : 0;
    }

    /**
     * A short cause that names no host, port, user or password: /health is often reachable from outside, and the
     * full message is in Steward's own debug log.
     */
    static String reason(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.equals("28P01") || state.equals("28000")) {
                    return "authentication failed";
                }
                if (state.equals("3D000")) {
                    return "database does not exist";
                }
                if (state.equals("57P03")) {
                    return "database is starting up or shutting down";
                }
                if (state.equals("53300")) {
                    return "too many connections";
                }
            }
            if (cause instanceof ConnectException) {
                return "connection refused";
            }
            if (cause instanceof UnknownHostException) {
                return "unknown host";
            }
            if (cause instanceof NoRouteToHostException) {
                return "no route to host";
            }
            if (cause instanceof SocketTimeoutException || cause instanceof TimeoutException) {
                return "timed out";
            }
            if (cause.getCause() == null && cause instanceof SQLException sql && "08001".equals(sql.getSQLState())) {
                return "connection refused";
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        Throwable root = NestedExceptionUtils.getMostSpecificCause(error);
        String name = root.getClass().getSimpleName().isEmpty()
                ? root.getClass().getName()
                : root.getClass().getSimpleName();
        if (name.contains("Timeout")) {
            return "timed out";
        }
        if (root.getMessage() != null
                && root.getMessage().toLowerCase(Locale.ROOT).contains("connection refused")) {
            return "connection refused";
        }
        return "failed (" + name + ")";
    }

    private static double millisSince(long started) {
        return Math.round((System.nanoTime() - started) / 10_000.0) / 100.0;
    }

    @Override
    public void close() {
        monitor.shutdownNow();
        executor.shutdownNow();
        for (DependencyCheck check : checks) {
            if (check instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    log.atWarn()
                            .addKeyValue("event", "dependency_check_close_failed")
                            .addKeyValue("dependency", check.name())
                            .setCause(e)
                            .log("Could not close the {} check", check.name());
                }
            }
        }
    }
}
