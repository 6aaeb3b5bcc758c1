package dev.steward.ops;

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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every dependency check at once, each on its own virtual thread, and stops waiting for a check after the
 * configured timeout: a hung dependency makes its check fail, it never makes the endpoint hang.
 */
final class DependencyChecks implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DependencyChecks.class);
    private final List<DependencyCheck> checks;
    private final Duration timeout;
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("dependency-check-", 0).factory());

    DependencyChecks(List<DependencyCheck> checks, Duration timeout) {
        this.checks = List.copyOf(checks);
        this.timeout = timeout;
    }

    /** Results by check name, in the order the checks were given. */
    Map<String, CheckResult> runAll() {
        long started = System.nanoTime();
        Map<DependencyCheck, Future<?>> running = new LinkedHashMap<>();
        for (DependencyCheck check : checks) {
            running.put(check, executor.submit(() -> {
                check.check(timeout);
                return null;
            }));
        }
        Map<String, CheckResult> results = new LinkedHashMap<>();
        long deadline = started + timeout.toNanos();
        running.forEach((check, future) -> results.put(check.name(), await(check, future, started, deadline)));
        return results;
    }

    private CheckResult await(DependencyCheck check, Future<?> future, long started, long deadline) {
        try {
            future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return CheckResult.passed(millisSince(started));
        } catch (TimeoutException e) {
            future.cancel(true);
            return failed(check, started, "no answer within " + timeout.toMillis() + " ms", null);
        } catch (ExecutionException e) {
            return failed(check, started, reason(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(check, started, "interrupted", e);
        }
    }

    private CheckResult failed(DependencyCheck check, long started, String reason, @Nullable Throwable cause) {
        CheckResult result = CheckResult.failed(millisSince(started), check.failureMessage(), reason);
        log.atDebug()
                .addKeyValue("event", "dependency_check_failed")
                .addKeyValue("dependency", check.name())
                .addKeyValue("reason", reason)
                .addKeyValue(
                        "detail",
                        cause == null ? null : String.valueOf(rootCause(cause).getMessage()))
                .log("{}: {}", check.failureMessage(), reason);
        return result;
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
        }
        Throwable root = rootCause(error);
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

    private static Throwable rootCause(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static double millisSince(long started) {
        return Math.round((System.nanoTime() - started) / 10_000.0) / 100.0;
    }

    @Override
    public void close() {
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
