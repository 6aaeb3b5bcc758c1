package dev.steward.alert;

import dev.steward.alert.AlertState.Phase;
import dev.steward.catalog.AlertPolicy;
import java.util.Arrays;
import java.util.Optional;

/**
 * The alert state machine of one monitor, as a pure function of its state, the policy and one result's outcome.
 *
 * <p>Firing: the alert fires when at least {@code failureThreshold} of the last {@code window} results failed. With
 * {@code window == failureThreshold} that means that many failures in a row: a single good result between two failures
 * starts the count again (unlike a count that only successes-in-a-row reset, which would page for a monitor that fails
 * one probe in three for hours). A larger window ("3 of the last 5") is for targets that fail intermittently.
 *
 * <p>Resolving: a firing alert resolves after {@code successThreshold} good results in a row; a failure in between starts
 * that count again, so a target that answers every other probe keeps its alert firing instead of paging on every
 * flip (this is the flap damping). Degraded results count as good: they answered, and slowness has its own threshold
 * rules.
 */
public final class AlertMachine {

    /** What happened to the alert with this result, when anything did. */
    public enum Transition {
        /** The first failure of a quiet monitor: the alert is pending. */
        PENDING,
        /** Pending failures cleared before the threshold: quiet again, nobody was told. */
        CLEARED,
        /** The threshold was reached: notify. */
        FIRED,
        /** Enough good results in a row after firing: notify the resolution. */
        RESOLVED
    }

    /** The state after the result, and the transition it caused if any. */
    public record Step(AlertState state, Optional<Transition> transition) {}

    private AlertMachine() {}

    public static Step next(AlertState state, AlertPolicy policy, boolean failed) {
        boolean[] recent = append(state.recent(), failed, policy.window());
        int successes = failed ? 0 : state.successes() + 1;
        int failures = AlertState.failures(recent);
        return switch (state.phase()) {
            case OK, PENDING -> {
                if (failures >= policy.failureThreshold()) {
                    yield new Step(new AlertState(Phase.FIRING, recent, successes), Optional.of(Transition.FIRED));
                }
                if (failures == 0) {
                    yield new Step(
                            new AlertState(Phase.OK, recent, successes),
                            state.phase() == Phase.PENDING ? Optional.of(Transition.CLEARED) : Optional.empty());
                }
                yield new Step(
                        new AlertState(Phase.PENDING, recent, successes),
                        state.phase() == Phase.OK ? Optional.of(Transition.PENDING) : Optional.empty());
            }
            case FIRING -> {
                if (successes >= policy.successThreshold()) {
                    // Forget the failures that fired it: the next alert needs a fresh threshold's worth.
                    boolean[] cleared = new boolean[recent.length];
                    yield new Step(new AlertState(Phase.OK, cleared, successes), Optional.of(Transition.RESOLVED));
                }
                yield new Step(new AlertState(Phase.FIRING, recent, successes), Optional.empty());
            }
        };
    }

    private static boolean[] append(boolean[] recent, boolean failed, int window) {
        int keep = Math.min(recent.length, window - 1);
        boolean[] next = Arrays.copyOfRange(recent, recent.length - keep, recent.length + 1);
        next[keep] = failed;
        return next;
    }
}
