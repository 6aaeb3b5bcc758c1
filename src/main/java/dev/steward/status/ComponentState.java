package dev.steward.status;

import java.util.Locale;

/**
 * A public service's state on the status page, in the vocabulary of hosted status pages. Declared from best to worst,
 * maintenance just above operational: a page with an outage and a maintenance shows the outage.
 */
public enum ComponentState {
    OPERATIONAL("Operational"),
    UNDER_MAINTENANCE("Under maintenance"),
    DEGRADED_PERFORMANCE("Degraded performance"),
    PARTIAL_OUTAGE("Partial outage"),
    MAJOR_OUTAGE("Major outage");

    private final String label;

    ComponentState(String label) {
        this.label = label;
    }

    /** The code of the JSON and the badges, e.g. {@code partial_outage}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What people read, e.g. {@code Partial outage}. */
    public String label() {
        return label;
    }

    /** The worse of the two. */
    public ComponentState worst(ComponentState other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
