package dev.steward.catalog;

import java.util.Locale;

/** The levels of our users' incident tables, most urgent first. */
public enum Severity {
    CRITICAL,
    HIGH,
    MEDIUM,
    LOW;

    /** The lower-case name used in the catalog, JSON and logs. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when this severity is at least as urgent as {@code other}. */
    public boolean atLeast(Severity other) {
        return ordinal() <= other.ordinal();
    }
}
