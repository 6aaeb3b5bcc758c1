package dev.steward.alert;

import dev.steward.alert.RuleState.Level;
import dev.steward.catalog.Severity;
import dev.steward.catalog.ThresholdRule;
import java.time.Instant;
import java.util.Locale;

/**
 * A threshold rule moving from one level to another: fired, changed between warning and critical, or resolved.
 *
 * @param from the level the rule was at (OK for {@link Kind#FIRED})
 * @param to the level it is at now (OK for {@link Kind#RESOLVED})
 * @param value the measurement that moved it, in the measure's unit (milliseconds or percent)
 * @param at the time of the result that moved it
 * @param heldSince since when the measurements had stayed at {@code to} (or beyond it) when the rule moved
 */
public record RuleTransition(Kind kind, Level from, Level to, double value, Instant at, Instant heldSince) {

    /** What the move was. */
    public enum Kind {
        /** From OK to warning or critical: notify. */
        FIRED,
        /** Between warning and critical, either way: the alert's severity changes. */
        CHANGED,
        /** Back to OK: notify the resolution. */
        RESOLVED;

        /** The lower-case name used in JSON and logs. */
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public RuleTransition {
        Kind expected = from == Level.OK ? Kind.FIRED : to == Level.OK ? Kind.RESOLVED : Kind.CHANGED;
        if (from == to || kind != expected) {
            throw new IllegalArgumentException(kind + " from " + from + " to " + to + " is not a move a rule makes");
        }
    }

    /** The severity of the alert this move is about: the new level's, or for a resolution the level it left. */
    public Severity severity(ThresholdRule rule) {
        return (kind == Kind.RESOLVED ? from : to).severity(rule);
    }
}
