package dev.steward.probe;

import dev.steward.catalog.Monitor;
import dev.steward.catalog.ProbeSpec;
import dev.steward.probe.condition.Condition;
import dev.steward.probe.condition.ConditionOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Probes one monitor: observes its target with the prober of its kind, applies its conditions and warn conditions to
 * what was observed, and decides up, degraded or down. Never throws; call it from a virtual thread, it blocks.
 *
 * <p>Holds the clients probes share (the Redis client's event loops); {@link #close()} releases them.
 */
public final class ProbeRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProbeRunner.class);

    private final Clock clock;
    private final HttpProber http;
    private final TcpProber tcp = new TcpProber();
    private final PostgresProber postgres;
    private final RedisProber redis;
    private final TlsProber tls;
    private final DnsProber dns = new DnsProber();

    /** A runner with its own shared clients; {@code clock} gives result times and certificate expiry. */
    public ProbeRunner(Clock clock) {
        this.clock = clock;
        JsonMapper json = JsonMapper.builder().build();
        this.http = new HttpProber(clock, json);
        this.postgres = new PostgresProber(json);
        this.redis = new RedisProber(json);
        this.tls = new TlsProber(clock);
    }

    /** Probes the monitor now and returns the result; {@code scheduledAt} is when the scheduler meant to start it. */
    public ProbeResult run(Monitor monitor, Instant scheduledAt) {
        Instant startedAt = clock.instant();
        long start = System.nanoTime();
        try {
            Observation observation = observe(monitor.probe(), monitor.timeout());
            return decide(monitor, scheduledAt, startedAt, observation);
        } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
            log.atError()
                    .addKeyValue("event", "probe_failed")
                    .addKeyValue("monitor", monitor.key().toString())
                    .setCause(e)
                    .log("The probe of {} failed inside Steward: {}", monitor.key(), e.toString());
            Failure failure = Failure.probeError(e);
            return new ProbeResult(
                    monitor.key(),
                    scheduledAt,
                    startedAt,
                    Duration.ofNanos(System.nanoTime() - start),
                    Status.DOWN,
                    failure.message(),
                    Optional.of(failure.code()),
                    List.of(),
                    Optional.empty());
        }
    }

    private Observation observe(ProbeSpec spec, Duration timeout) {
        return switch (spec) {
            case ProbeSpec.Http h -> http.probe(h, timeout);
            case ProbeSpec.Tcp t -> tcp.probe(t, timeout);
            case ProbeSpec.Postgres p -> postgres.probe(p, timeout);
            case ProbeSpec.Redis r -> redis.probe(r, timeout);
            case ProbeSpec.Tls t -> tls.probe(t, timeout);
            case ProbeSpec.Dns d -> dns.probe(d, timeout);
            case ProbeSpec.Heartbeat h ->
                throw new IllegalArgumentException("heartbeat monitors are not probed: their jobs ping Steward");
        };
    }

    /**
     * The decision, in order: an observation error is the result unless a condition reads the fact that describes
     * that failure, {@code [CONNECTED]} or {@code [DNS_RCODE]} (then the conditions decide, so
     * {@code [CONNECTED] == false} holds on a closed port and {@code [DNS_RCODE] == NXDOMAIN} on a removed name); a
     * failed condition is down ({@code status_mismatch} when it reads {@code [STATUS]}, the observation's error when
     * there is one); a failed warn condition is degraded; else up. A prober's own expectation (a DNS monitor's
     * {@code expect}) is never overruled.
     */
    private ProbeResult decide(Monitor monitor, Instant scheduledAt, Instant startedAt, Observation observation) {
        boolean conditionsDecide = observation.error().isEmpty()
                || (observation.error().get() != ErrorCode.CONDITION_FAILED
                        && (reads(monitor.conditions(), "CONNECTED") || reads(monitor.conditions(), "DNS_RCODE")));
        if (!conditionsDecide) {
            return result(
                    monitor,
                    scheduledAt,
                    startedAt,
                    observation,
                    Status.DOWN,
                    observation.message(),
                    observation.error(),
                    List.of());
        }
        List<ConditionOutcome> failedConditions = failed(monitor.conditions(), observation);
        List<ConditionOutcome> failedWarnings = failed(monitor.warn(), observation);
        List<ConditionOutcome> failures = new ArrayList<>(failedConditions);
        failures.addAll(failedWarnings);
        if (!failedConditions.isEmpty()) {
            ErrorCode code = observation
                    .error()
                    .orElseGet(() -> readsStatus(monitor, failedConditions)
                            ? ErrorCode.STATUS_MISMATCH
                            : ErrorCode.CONDITION_FAILED);
            String message = observation.message() + "; expected " + summary(failedConditions);
            return result(
                    monitor, scheduledAt, startedAt, observation, Status.DOWN, message, Optional.of(code), failures);
        }
        if (!failedWarnings.isEmpty()) {
            String prefix = readsAny(monitor.warn(), failedWarnings, "RESPONSE_TIME") ? "slow: " : "warning: ";
            return result(
                    monitor,
                    scheduledAt,
                    startedAt,
                    observation,
                    Status.DEGRADED,
                    prefix + summary(failedWarnings),
                    Optional.empty(),
                    failures);
        }
        return result(
                monitor,
                scheduledAt,
                startedAt,
                observation,
                Status.UP,
                observation.message(),
                Optional.empty(),
                List.of());
    }

    private static ProbeResult result(
            Monitor monitor,
            Instant scheduledAt,
            Instant startedAt,
            Observation observation,
            Status status,
            String message,
            Optional<ErrorCode> error,
            List<ConditionOutcome> failures) {
        return new ProbeResult(
                monitor.key(),
                scheduledAt,
                startedAt,
                observation.latency(),
                status,
                message,
                error,
                failures,
                observation.certificateExpiresAt());
    }

    private static List<ConditionOutcome> failed(List<Condition> conditions, Observation observation) {
        List<ConditionOutcome> failed = new ArrayList<>();
        for (Condition condition : conditions) {
            ConditionOutcome outcome = condition.evaluate(observation.facts());
            if (!outcome.success()) {
                failed.add(outcome);
            }
        }
        return failed;
    }

    private static boolean reads(List<Condition> conditions, String placeholder) {
        return conditions.stream()
                .anyMatch(condition -> condition.placeholders().contains(placeholder));
    }

    private static boolean readsStatus(Monitor monitor, List<ConditionOutcome> failed) {
        return readsAny(monitor.conditions(), failed, "STATUS");
    }

    /** Whether one of the failed outcomes comes from a condition that reads the placeholder. */
    private static boolean readsAny(List<Condition> conditions, List<ConditionOutcome> failed, String placeholder) {
        return conditions.stream()
                .filter(condition -> condition.placeholders().contains(placeholder))
                .anyMatch(condition ->
                        failed.stream().anyMatch(outcome -> outcome.condition().equals(condition.text())));
    }

    /** The first failed condition with its observed values, and how many more failed. */
    private static String summary(List<ConditionOutcome> failed) {
        String first = failed.getFirst().resolved();
        return failed.size() == 1 ? first : first + " (and " + (failed.size() - 1) + " more)";
    }

    /** Releases the shared clients; probes running at that moment fail. */
    @Override
    public void close() {
        redis.close();
    }
}
