package dev.steward.alert;

import dev.steward.alert.RuleState.Level;
import dev.steward.alert.RuleTransition.Kind;
import dev.steward.catalog.ThresholdRule;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The state machine of one threshold rule, as a pure function of its state, the rule, one measurement and the time of
 * the result it was taken at (never the wall clock).
 *
 * <p>A rule moves to a level once the measurements have stayed at that level or beyond it, without a break, for the
 * rule's {@code for} ({@code at - since >= for}, on result times). That holds both ways: up (a warning fires after
 * {@code for} at or above warning, even if the value wavers between warning and critical meanwhile) and down (a
 * critical rule drops to warning, or resolves, only after {@code for} at or below that level), so a value hovering at a
 * threshold does not flap. When several levels have held long enough, the farthest wins: a value that jumps from OK to
 * critical fires once, at critical. With {@code for} zero the rule follows every measurement at once.
 *
 * <p>An empty measurement (no results in the window, no certificate) changes nothing, not even the timers: a gap in
 * the data neither resets nor completes a {@code for}.
 */
final class RuleMachine {

    /** The state after the measurement, and the move it caused if any. */
    record Step(RuleState state, Optional<RuleTransition> transition) {}

    private RuleMachine() {}

    static Step next(RuleState state, ThresholdRule rule, OptionalDouble measured, Instant at) {
        if (measured.isEmpty()) {
            return new Step(state, Optional.empty());
        }
        double value = measured.getAsDouble();
        RuleState seen = observe(state, Level.of(rule, value), at);
        Duration hold = rule.forDuration();
        if (seen.candidate() == seen.level()) {
            return new Step(seen, Optional.empty());
        }
        if (held(seen.since(), at, hold)) {
            RuleState moved = new RuleState(seen.candidate(), seen.candidate(), seen.since(), seen.since());
            return new Step(moved, Optional.of(transition(seen.level(), seen.candidate(), value, at, seen.since())));
        }
        Level step = oneStepTowards(seen.level(), seen.candidate());
        if (step != seen.candidate() && configured(rule, step) && held(seen.leftSince(), at, hold)) {
            // Two steps away and only the step in between has held long enough: move there, and keep timing the rest.
            RuleState moved = new RuleState(step, seen.candidate(), seen.since(), seen.since());
            return new Step(moved, Optional.of(transition(seen.level(), step, value, at, seen.leftSince())));
        }
        return new Step(seen, Optional.empty());
    }

    /** The state with the measured level taken into account: the candidate and its timers, the level unchanged. */
    private static RuleState observe(RuleState state, Level measured, Instant at) {
        Level level = state.level();
        Level candidate = state.candidate();
        if (measured == candidate) {
            return state;
        }
        if (measured == level || candidate == level || side(level, measured) != side(level, candidate)) {
            return new RuleState(level, measured, at, at);
        }
        // Same side of the level, one step apart (the level is OK or CRITICAL, the two others are the candidates).
        if (distance(level, measured) > distance(level, candidate)) {
            // Went farther: the nearer level keeps holding since it began to; the farther one starts now. (earlier():
            // leftSince stays not after since even if a result came out of order.)
            return new RuleState(level, measured, at, earlier(at, state.since()));
        }
        // Came nearer: the nearer level has held since the measurements left the fired level.
        return new RuleState(level, measured, state.leftSince(), state.leftSince());
    }

    private static Instant earlier(Instant one, Instant other) {
        return one.isBefore(other) ? one : other;
    }

    private static boolean held(Instant since, Instant at, Duration hold) {
        return Duration.between(since, at).compareTo(hold) >= 0;
    }

    private static RuleTransition transition(Level from, Level to, double value, Instant at, Instant heldSince) {
        Kind kind = from == Level.OK ? Kind.FIRED : to == Level.OK ? Kind.RESOLVED : Kind.CHANGED;
        return new RuleTransition(kind, from, to, value, at, heldSince);
    }

    private static Level oneStepTowards(Level level, Level candidate) {
        return Level.values()[level.ordinal() + side(level, candidate)];
    }

    private static boolean configured(ThresholdRule rule, Level level) {
        return switch (level) {
            case OK -> true;
            case WARNING -> rule.warning().isPresent();
            case CRITICAL -> rule.critical().isPresent();
        };
    }

    private static int side(Level level, Level other) {
        return Integer.signum(other.ordinal() - level.ordinal());
    }

    private static int distance(Level level, Level other) {
        return Math.abs(other.ordinal() - level.ordinal());
    }
}
