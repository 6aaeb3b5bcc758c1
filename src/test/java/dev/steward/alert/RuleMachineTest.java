package dev.steward.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.alert.RuleState.Level;
import dev.steward.alert.RuleTransition.Kind;
import dev.steward.catalog.Severity;
import dev.steward.catalog.ThresholdRule;
import dev.steward.catalog.ThresholdRule.Comparison;
import dev.steward.catalog.ThresholdRule.Measure;
import dev.steward.catalog.ThresholdRule.Threshold;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class RuleMachineTest {

    private static final Instant START = Instant.parse("2026-01-01T10:00:00Z");
    private static final Duration EVERY = Duration.ofSeconds(10);
    /** A measurement that is missing (an empty window). */
    private static final double NONE = Double.NaN;

    private static final ThresholdRule P95 = rule(Duration.ofMinutes(2));

    private static ThresholdRule rule(Duration forDuration) {
        return new ThresholdRule(
                Measure.LATENCY_P95,
                Duration.ofMinutes(5),
                Optional.of(new Threshold(Comparison.GREATER, 500, "> 500ms")),
                Optional.of(new Threshold(Comparison.GREATER, 1000, "> 1s")),
                forDuration,
                Severity.MEDIUM);
    }

    /** Feeds one measurement every 10 s from {@link #START}; {@link #NONE} is an empty measurement. */
    private static Run feed(ThresholdRule rule, RuleState start, double... values) {
        return feed(rule, start, START, values);
    }

    private static Run feed(ThresholdRule rule, RuleState start, Instant from, double... values) {
        RuleState state = start;
        List<RuleTransition> transitions = new ArrayList<>();
        Instant at = from;
        for (double value : values) {
            OptionalDouble measured = Double.isNaN(value) ? OptionalDouble.empty() : OptionalDouble.of(value);
            RuleMachine.Step step = RuleMachine.next(state, rule, measured, at);
            step.transition().ifPresent(transitions::add);
            state = step.state();
            at = at.plus(EVERY);
        }
        return new Run(state, transitions, at);
    }

    /** The same value {@code count} times. */
    private static double[] repeat(double value, int count) {
        double[] values = new double[count];
        Arrays.fill(values, value);
        return values;
    }

    private static double[] concat(double[]... parts) {
        List<Double> all = new ArrayList<>();
        for (double[] part : parts) {
            for (double value : part) {
                all.add(value);
            }
        }
        return all.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double[] alternate(double first, double second, int count) {
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = i % 2 == 0 ? first : second;
        }
        return values;
    }

    private static Instant at(String time) {
        return Instant.parse("2026-01-01T" + time + "Z");
    }

    /** The end of a run: its state, the transitions it caused, and the time the next measurement would come at. */
    private record Run(RuleState state, List<RuleTransition> transitions, Instant next) {
        List<String> moves() {
            return transitions.stream()
                    .map(t -> t.kind().code() + " " + t.from().code() + "->" + t.to().code() + " at "
                            + t.at().toString().substring(11, 19))
                    .toList();
        }
    }

    @Test
    void firesWhenTheLevelHasHeldForTheWholeForDuration() {
        // 700 ms from 10:00:00; 2 minutes later, at the 13th measurement, it has held long enough.
        Run run = feed(P95, RuleState.quiet(), concat(repeat(100, 3), repeat(700, 13)));

        assertThat(run.moves()).containsExactly("fired ok->warning at 10:02:30");
        RuleTransition fired = run.transitions().getFirst();
        assertThat(fired.value()).isEqualTo(700);
        assertThat(fired.heldSince()).isEqualTo(at("10:00:30"));
        assertThat(fired.severity(P95)).isEqualTo(Severity.MEDIUM);
        assertThat(run.state()).isEqualTo(new RuleState(Level.WARNING, Level.WARNING, at("10:00:30"), at("10:00:30")));
    }

    @Test
    void changesNothingVisibleBeforeTheForDurationHasRunOut() {
        Run run = feed(P95, RuleState.quiet(), concat(repeat(700, 12), repeat(100, 3)));

        assertThat(run.transitions()).isEmpty();
        assertThat(run.state().firing()).isFalse();
        assertThat(run.state().pending()).isFalse();
    }

    @Test
    void isPendingWhileTheForDurationRuns() {
        Run run = feed(P95, RuleState.quiet(), repeat(700, 5));

        assertThat(run.transitions()).isEmpty();
        assertThat(run.state()).isEqualTo(new RuleState(Level.OK, Level.WARNING, START, START));
        assertThat(run.state().pending()).isTrue();
    }

    @Test
    void aValueHoveringAtTheThresholdNeverFires() {
        Run run = feed(P95, RuleState.quiet(), alternate(501, 499, 120));

        assertThat(run.transitions()).isEmpty();
    }

    @Test
    void aFiringRuleDoesNotResolveWhileTheValueComesBackAboveTheThresholdInsideTheForDuration() {
        Run firing = feed(P95, RuleState.quiet(), repeat(700, 13));
        assertThat(firing.moves()).containsExactly("fired ok->warning at 10:02:00");

        Run hovering = feed(P95, firing.state(), firing.next(), alternate(400, 600, 120));

        assertThat(hovering.transitions()).isEmpty();
        assertThat(hovering.state().level()).isEqualTo(Level.WARNING);
    }

    @Test
    void withAForOfZeroTheRuleFollowsEveryMeasurement() {
        Run run = feed(rule(Duration.ZERO), RuleState.quiet(), 100, 700, 1500, 700, 100);

        assertThat(run.moves())
                .containsExactly(
                        "fired ok->warning at 10:00:10",
                        "changed warning->critical at 10:00:20",
                        "changed critical->warning at 10:00:30",
                        "resolved warning->ok at 10:00:40");
    }

    @Test
    void aJumpFromOkToCriticalFiresOnceAtCritical() {
        Run run = feed(P95, RuleState.quiet(), repeat(1500, 13));

        assertThat(run.moves()).containsExactly("fired ok->critical at 10:02:00");
        assertThat(run.transitions().getFirst().severity(P95)).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void aValueWaveringBetweenWarningAndCriticalFiresTheWarningAndNotTheCritical() {
        Run run = feed(P95, RuleState.quiet(), alternate(700, 1500, 60));

        assertThat(run.moves()).containsExactly("fired ok->warning at 10:02:00");
    }

    @Test
    void warningFiresFromWhenTheValueFirstCrossedItAndCriticalFromWhenItCrossedThat() {
        // Warning from 10:00:00, critical from 10:01:00.
        Run run = feed(P95, RuleState.quiet(), concat(repeat(700, 6), repeat(1500, 20)));

        assertThat(run.moves())
                .containsExactly("fired ok->warning at 10:02:00", "changed warning->critical at 10:03:00");
        assertThat(run.transitions().get(1).heldSince()).isEqualTo(at("10:01:00"));
    }

    @Test
    void movingDownToWarningWaitsForTheWarningToHold() {
        Run critical = feed(P95, RuleState.quiet(), repeat(1500, 13));

        Run down = feed(P95, critical.state(), critical.next(), concat(repeat(700, 13), repeat(100, 13)));

        // critical.next() is 10:02:10: warning from then, 2 minutes; OK from 10:04:20, 2 minutes.
        assertThat(down.moves())
                .containsExactly("changed critical->warning at 10:04:10", "resolved warning->ok at 10:06:20");
        assertThat(down.transitions().get(1).severity(P95)).isEqualTo(Severity.MEDIUM);
    }

    @Test
    void aCriticalRuleWaveringBetweenWarningAndOkMovesDownToWarningAndStaysThere() {
        Run critical = feed(P95, RuleState.quiet(), repeat(1500, 13));

        Run down = feed(P95, critical.state(), critical.next(), alternate(100, 700, 60));

        assertThat(down.moves()).containsExactly("changed critical->warning at 10:04:10");
        assertThat(down.state().level()).isEqualTo(Level.WARNING);
    }

    @Test
    void aCriticalRuleDroppingStraightToOkResolvesWithoutPassingThroughWarning() {
        Run critical = feed(P95, RuleState.quiet(), repeat(1500, 13));

        Run down = feed(P95, critical.state(), critical.next(), repeat(100, 13));

        assertThat(down.moves()).containsExactly("resolved critical->ok at 10:04:10");
        assertThat(down.transitions().getFirst().severity(P95)).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void anEmptyMeasurementKeepsTheLevelAndTheRunningTimer() {
        // Warning at 10:00:00, then a gap of 1:40, then warning again at 10:02:00: the timer ran through the gap.
        Run run = feed(P95, RuleState.quiet(), concat(repeat(700, 2), repeat(NONE, 10), repeat(700, 1)));

        assertThat(run.moves()).containsExactly("fired ok->warning at 10:02:00");

        RuleState firing = run.state();
        assertThat(RuleMachine.next(firing, P95, OptionalDouble.empty(), at("11:00:00")))
                .isEqualTo(new RuleMachine.Step(firing, Optional.empty()));
    }

    @Test
    void aRuleWithOnlyACriticalLevelIgnoresWarningValues() {
        ThresholdRule criticalOnly = new ThresholdRule(
                Measure.LATENCY_AVG,
                Duration.ofMinutes(5),
                Optional.empty(),
                Optional.of(new Threshold(Comparison.GREATER_OR_EQUAL, 1000, ">= 1s")),
                Duration.ofSeconds(30),
                Severity.LOW);

        Run run = feed(criticalOnly, RuleState.quiet(), 999, 1000, 1000, 1000, 1000, 999, 999, 999, 999);

        assertThat(run.moves()).containsExactly("fired ok->critical at 10:00:40", "resolved critical->ok at 10:01:20");
    }

    @Test
    void levelsCarryTheRulesSeverities() {
        ThresholdRule rule = new ThresholdRule(
                Measure.UPTIME,
                Duration.ofHours(1),
                Optional.of(new Threshold(Comparison.LESS, 99, "< 99%")),
                Optional.of(new Threshold(Comparison.LESS, 95, "< 95%")),
                Duration.ZERO,
                Severity.HIGH);

        assertThat(Level.of(rule, 99)).isEqualTo(Level.OK);
        assertThat(Level.of(rule, 98.9)).isEqualTo(Level.WARNING);
        assertThat(Level.of(rule, 94)).isEqualTo(Level.CRITICAL);
        assertThat(Level.WARNING.severity(rule)).isEqualTo(Severity.HIGH);
        assertThat(Level.CRITICAL.severity(rule)).isEqualTo(Severity.CRITICAL);
        assertThatThrownBy(() -> Level.OK.severity(rule)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aStateSurvivesARestartThroughItsJsonForm() {
        Run pending = feed(P95, RuleState.quiet(), concat(repeat(1500, 13), repeat(100, 3)));
        assertThat(pending.state().pending()).isTrue();
        JsonMapper json = JsonMapper.builder().build();

        String text = json.writeValueAsString(pending.state().stored());
        RuleState restored = RuleState.restore(json.readValue(text, RuleState.Stored.class));

        JsonNode tree = json.readTree(text);
        assertThat(tree.get("level").asString()).isEqualTo("critical");
        assertThat(tree.get("candidate").asString()).isEqualTo("ok");
        assertThat(tree.get("since").asString()).isEqualTo("2026-01-01T10:02:10Z");
        assertThat(tree.get("leftSince").asString()).isEqualTo("2026-01-01T10:02:10Z");
        assertThat(restored).isEqualTo(pending.state());
        assertThat(feed(P95, restored, pending.next(), repeat(100, 10)).moves())
                .containsExactly("resolved critical->ok at 10:04:10");
    }

    @Test
    void aMalformedStoredStateIsRefusedNamingTheField() {
        assertThatThrownBy(() -> RuleState.restore(
                        new RuleState.Stored("firing", "ok", "2026-01-01T10:00:00Z", "2026-01-01T10:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("level")
                .hasMessageContaining("'firing'");
        assertThatThrownBy(
                        () -> RuleState.restore(new RuleState.Stored("ok", "ok", "yesterday", "2026-01-01T10:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("field since");
    }

    @Test
    void aTransitionIsOnlyAMoveARuleMakes() {
        assertThatThrownBy(() -> new RuleTransition(Kind.FIRED, Level.WARNING, Level.CRITICAL, 1, START, START))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RuleTransition(Kind.CHANGED, Level.OK, Level.OK, 1, START, START))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
