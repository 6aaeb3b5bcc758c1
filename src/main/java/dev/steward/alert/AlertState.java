package dev.steward.alert;

import java.util.Arrays;

/**
 * Where a monitor's alert stands, and the recent results that decide its next step. Immutable; {@link AlertMachine}
 * computes the next one.
 *
 * @param phase OK (quiet), PENDING (failures seen, not enough to fire), FIRING
 * @param recent the outcomes of the last results, oldest first, at most the policy's window ({@code true} = failed)
 * @param successes consecutive good results since the last failure
 */
public record AlertState(Phase phase, boolean[] recent, int successes) {

    /** The alert's phase. */
    public enum Phase {
        OK,
        PENDING,
        FIRING
    }

    public AlertState {
        recent = recent.clone();
    }

    /** A monitor that has not failed yet. */
    public static AlertState quiet() {
        return new AlertState(Phase.OK, new boolean[0], 0);
    }

    /** Failed results among {@link #recent()}. */
    public int failures() {
        return failures(recent);
    }

    static int failures(boolean[] outcomes) {
        int failures = 0;
        for (boolean failed : outcomes) {
            failures += failed ? 1 : 0;
        }
        return failures;
    }

    @Override
    public boolean[] recent() {
        return recent.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AlertState state
                && state.phase == phase
                && state.successes == successes
                && Arrays.equals(state.recent, recent);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * phase.hashCode() + Arrays.hashCode(recent)) + successes;
    }

    @Override
    public String toString() {
        StringBuilder marks = new StringBuilder();
        for (boolean failed : recent) {
            marks.append(failed ? 'x' : '.');
        }
        return "AlertState[" + phase + ", recent " + marks + ", successes " + successes + "]";
    }
}
