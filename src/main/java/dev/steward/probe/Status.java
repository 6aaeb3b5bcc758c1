package dev.steward.probe;

import java.util.Locale;

/** The state of a probe result or a monitor. */
public enum Status {
    /** Every condition and every warn condition held. */
    UP,
    /** Reachable and every condition held, but a warn condition failed (e.g. slow). */
    DEGRADED,
    /** A condition failed or the target could not be reached. */
    DOWN;

    /** The lower-case name used in JSON, the database and logs. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Status fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
