package dev.steward.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import dev.steward.alert.RuleState.Level;
import dev.steward.catalog.MonitorKey;
import dev.steward.catalog.Severity;
import dev.steward.catalog.ThresholdRule;
import dev.steward.catalog.ThresholdRule.Comparison;
import dev.steward.catalog.ThresholdRule.Measure;
import dev.steward.catalog.ThresholdRule.Threshold;
import dev.steward.probe.ErrorCode;
import dev.steward.probe.ProbeResult;
import dev.steward.probe.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** Threshold rules evaluated the way the alert engine does: add the result, measure, step the rule. */
class ThresholdRulesTest {

    private static final MonitorKey MONITOR = new MonitorKey("booky-api", "health");
    private static final Instant START = Instant.parse("2026-01-01T10:00:00Z");
    private static final Duration DAY = Duration.ofDays(1);

    private static final ThresholdRule LATENCY_P95 = new ThresholdRule(
            Measure.LATENCY_P95,
            Duration.ofMinutes(5),
            Optional.of(new Threshold(Comparison.GREATER, 500, "> 500ms")),
            Optional.of(new Threshold(Comparison.GREATER, 1000, "> 1s")),
            Duration.ofMinutes(2),
            Severity.MEDIUM);

    private static final ThresholdRule UPTIME = new ThresholdRule(
            Measure.UPTIME,
            Duration.ofHours(1),
            Optional.of(new Threshold(Comparison.LESS, 99, "< 99%")),
            Optional.empty(),
            Duration.ofMinutes(5),
            Severity.HIGH);

    private static final ThresholdRule CERTIFICATE = new ThresholdRule(
            Measure.CERTIFICATE_EXPIRY,
            Duration.ofMinutes(5),
            Optional.of(new Threshold(Comparison.LESS, 14 * DAY.toMillis(), "< 14d")),
            Optional.of(new Threshold(Comparison.LESS, 3 * DAY.toMillis(), "< 3d")),
            Duration.ZERO,
            Severity.LOW);

    private static Instant at(String time) {
        return Instant.parse("2026-01-01T" + time + "Z");
    }

    private static ProbeResult result(Instant startedAt, long latencyMillis, Status status) {
        return result(startedAt, latencyMillis, status, Optional.empty());
    }

    private static ProbeResult result(
            Instant startedAt, long latencyMillis, Status status, Optional<Instant> certificateExpiresAt) {
        return new ProbeResult(
                MONITOR,
                startedAt,
                startedAt,
                Duration.ofMillis(latencyMillis),
                status,
                status == Status.DOWN ? "HTTP 503" : "HTTP 200",
                status == Status.DOWN ? Optional.of(ErrorCode.STATUS_MISMATCH) : Optional.empty(),
                List.of(),
                certificateExpiresAt);
    }

    /** One monitor with one rule, evaluated as the engine does for every result. */
    private static final class Evaluation {
        private final ThresholdRule rule;
        private final Samples samples;
        private RuleState state = RuleState.quiet();
        private final List<RuleTransition> transitions = new ArrayList<>();

        Evaluation(ThresholdRule rule) {
            this.rule = rule;
            this.samples = Samples.forRules(List.of(rule));
        }

        /** Evaluates one result; returns the measurement. */
        OptionalDouble feed(ProbeResult result) {
            samples.add(result);
            OptionalDouble measured = Measurements.measure(rule, samples, result);
            RuleMachine.Step step = RuleMachine.next(state, rule, measured, result.startedAt());
            state = step.state();
            step.transition().ifPresent(transitions::add);
            return measured;
        }

        /** Results every {@code every} from {@code from} (inclusive) to {@code to} (exclusive). */
        void feed(Instant from, Instant to, Duration every, long latencyMillis, Status status) {
            for (Instant time = from; time.isBefore(to); time = time.plus(every)) {
                feed(result(time, latencyMillis, status));
            }
        }

        List<String> moves() {
            return transitions.stream()
                    .map(t -> t.kind().code() + " " + t.from().code() + "->" + t.to().code() + " at "
                            + t.at().toString().substring(11, 19))
                    .toList();
        }
    }

    @Test
    void latencyP95FiresAWarningThenGoesCriticalThenResolvesAtTheResultsThatHeldForTwoMinutes() {
        Evaluation p95 = new Evaluation(LATENCY_P95);
        Duration every = Duration.ofSeconds(10);

        p95.feed(START, at("10:10:00"), every, 100, Status.UP);
        p95.feed(at("10:10:00"), at("10:15:00"), every, 700, Status.UP);
        p95.feed(at("10:15:00"), at("10:20:00"), every, 1_500, Status.UP);
        p95.feed(at("10:20:00"), at("10:30:00"), every, 100, Status.UP);

        // p95 of the 30 results in 5 minutes is the 29th smallest: it crosses a level with the second slow result
        // (10:10:10, 10:15:10), and falls back once only one is left in the window (10:24:40).
        assertThat(p95.moves())
                .containsExactly(
                        "fired ok->warning at 10:12:10",
                        "changed warning->critical at 10:17:10",
                        "resolved critical->ok at 10:26:40");
        assertThat(p95.transitions).extracting(RuleTransition::value).containsExactly(700.0, 1_500.0, 100.0);
        assertThat(p95.transitions)
                .extracting(RuleTransition::heldSince)
                .containsExactly(at("10:10:10"), at("10:15:10"), at("10:24:40"));
        assertThat(p95.transitions)
                .extracting(transition -> transition.severity(LATENCY_P95))
                .containsExactly(Severity.MEDIUM, Severity.CRITICAL, Severity.CRITICAL);
    }

    @Test
    void aP95AboveTheThresholdForLessThanTheForDurationFiresNothing() {
        Evaluation p95 = new Evaluation(LATENCY_P95);
        Duration every = Duration.ofSeconds(10);

        // Two slow results 3.5 minutes apart: both are in the 5-minute window, and p95 above 1 s, for 80 seconds.
        p95.feed(START, at("10:10:00"), every, 100, Status.UP);
        p95.feed(result(at("10:10:00"), 1_500, Status.UP));
        p95.feed(at("10:10:10"), at("10:13:30"), every, 100, Status.UP);
        p95.feed(result(at("10:13:30"), 1_500, Status.UP));
        p95.feed(at("10:13:40"), at("10:15:00"), every, 100, Status.UP);
        assertThat(p95.state.pending()).isTrue();
        assertThat(p95.state.candidate()).isEqualTo(Level.CRITICAL);

        p95.feed(at("10:15:00"), at("10:30:00"), every, 100, Status.UP);

        assertThat(p95.transitions).isEmpty();
        assertThat(p95.state.pending()).isFalse();
    }

    @Test
    void aTargetThatStopsAnsweringLeavesTheLatencyRuleWhereItWas() {
        Evaluation p95 = new Evaluation(LATENCY_P95);
        Duration every = Duration.ofSeconds(10);
        p95.feed(START, at("10:05:00"), every, 1_500, Status.UP);
        assertThat(p95.moves()).containsExactly("fired ok->critical at 10:02:00");

        // Down for 10 minutes: after 5 minutes no answered result is left in the window, so there is no p95.
        p95.feed(at("10:05:00"), at("10:15:00"), every, 5_000, Status.DOWN);

        assertThat(p95.feed(result(at("10:15:00"), 5_000, Status.DOWN))).isEmpty();
        assertThat(p95.transitions).hasSize(1);
        assertThat(p95.state.level()).isEqualTo(Level.CRITICAL);
    }

    @Test
    void uptimeBelow99PercentOverAnHourFiresAndResolvesWhenTheFailuresLeaveTheWindow() {
        Evaluation uptime = new Evaluation(UPTIME);
        Duration every = Duration.ofSeconds(30);

        uptime.feed(START, at("10:30:00"), every, 50, Status.UP);
        uptime.feed(at("10:30:00"), at("10:31:00"), every, 5_000, Status.DOWN);
        uptime.feed(at("10:31:00"), at("12:00:00"), every, 50, Status.UP);

        // 1 down of 61 results at 10:30:00 is 98.4 %: below 99 % from then, fired 5 minutes later. The window is full
        // (120 results) from 11:00; the first failure leaves it at 11:30:00 (1 of 120, 99.2 %): resolved 5 min later.
        assertThat(uptime.moves()).containsExactly("fired ok->warning at 10:35:00", "resolved warning->ok at 11:35:00");
        assertThat(uptime.transitions.get(0).value()).isCloseTo(100.0 * 69 / 71, within(1e-9));
        assertThat(uptime.transitions.get(0).severity(UPTIME)).isEqualTo(Severity.HIGH);
        assertThat(uptime.transitions.get(1).heldSince()).isEqualTo(at("11:30:00"));
        assertThat(uptime.transitions.get(1).value()).isEqualTo(100);
    }

    @Test
    void certificateExpiryWarnsBelow14DaysAndIsCriticalBelow3() {
        Evaluation certificate = new Evaluation(CERTIFICATE);
        Instant expiry = Instant.parse("2026-03-01T00:00:00Z");
        Optional<Instant> current = Optional.of(expiry);

        assertThat(certificate.feed(result(expiry.minus(DAY.multipliedBy(20)), 40, Status.UP, current)))
                .hasValue(20 * DAY.toMillis());
        certificate.feed(result(expiry.minus(DAY.multipliedBy(14)), 40, Status.UP, current));
        assertThat(certificate.transitions).isEmpty();

        certificate.feed(result(expiry.minus(DAY.multipliedBy(14)).plusMillis(1), 40, Status.UP, current));
        certificate.feed(result(expiry.minus(DAY.multipliedBy(3)), 40, Status.UP, current));
        certificate.feed(result(expiry.minus(DAY.multipliedBy(2)), 40, Status.UP, current));
        // A result without a certificate (connection refused) measures nothing: the rule stays critical.
        certificate.feed(result(expiry.minus(DAY), 1, Status.DOWN));
        assertThat(certificate.state.level()).isEqualTo(Level.CRITICAL);
        // Renewed.
        certificate.feed(result(
                expiry.minus(Duration.ofHours(12)), 40, Status.UP, Optional.of(expiry.plus(DAY.multipliedBy(90)))));

        assertThat(certificate.transitions)
                .extracting(RuleTransition::kind, RuleTransition::to, RuleTransition::at)
                .containsExactly(
                        tuple(
                                RuleTransition.Kind.FIRED,
                                Level.WARNING,
                                expiry.minus(DAY.multipliedBy(14)).plusMillis(1)),
                        tuple(RuleTransition.Kind.CHANGED, Level.CRITICAL, expiry.minus(DAY.multipliedBy(2))),
                        tuple(RuleTransition.Kind.RESOLVED, Level.OK, expiry.minus(Duration.ofHours(12))));
        assertThat(certificate.transitions.get(0).severity(CERTIFICATE)).isEqualTo(Severity.LOW);
    }

    @Test
    void anExpiredCertificateMeasuresNegative() {
        Instant startedAt = at("10:00:00");
        ProbeResult expired = result(startedAt, 40, Status.DOWN, Optional.of(startedAt.minusSeconds(90)));

        assertThat(Measurements.measure(CERTIFICATE, Samples.forRules(List.of(CERTIFICATE)), expired))
                .hasValue(-90_000);
    }

    @Test
    void latencyMeasurementsAreInMillisecondsToTheMicrosecond() {
        ThresholdRule average = new ThresholdRule(
                Measure.LATENCY_AVG,
                Duration.ofMinutes(1),
                Optional.of(new Threshold(Comparison.GREATER, 500, "> 500ms")),
                Optional.empty(),
                Duration.ZERO,
                Severity.LOW);
        Samples samples = Samples.forRules(List.of(average));
        ProbeResult first = new ProbeResult(
                MONITOR,
                START,
                START,
                Duration.ofNanos(1_234_567),
                Status.UP,
                "HTTP 200",
                Optional.empty(),
                List.of(),
                Optional.empty());
        ProbeResult second = result(START.plusSeconds(10), 2, Status.DEGRADED);
        samples.add(first);
        samples.add(second);

        assertThat(Measurements.measure(average, samples, second)).hasValue((1.234 + 2) / 2);
        ThresholdRule p50 = new ThresholdRule(
                Measure.LATENCY_P50,
                Duration.ofMinutes(1),
                average.warning(),
                Optional.empty(),
                Duration.ZERO,
                Severity.LOW);
        assertThat(Measurements.measure(p50, samples, second)).hasValue(1.234);
        assertThat(Measurements.measure(UPTIME, samples, second)).hasValue(100);
    }

    @Test
    void aMonitorWithoutResultsInTheWindowMeasuresNothing() {
        Samples samples = Samples.forRules(List.of(LATENCY_P95));
        ProbeResult latest = result(START, 100, Status.UP);

        // Not added to the samples: the window is empty.
        assertThat(Measurements.measure(LATENCY_P95, samples, latest)).isEmpty();
        assertThat(Measurements.measure(UPTIME, samples, latest)).isEmpty();
        assertThat(Measurements.measure(CERTIFICATE, samples, latest)).isEmpty();
    }
}
