package dev.steward.status;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Where an incident stands for the public, in the vocabulary of hosted status pages. */
public enum PublicIncidentStatus {
    /** Something is wrong and people are looking into it. */
    INVESTIGATING("Investigating"),
    /** The cause is known and a fix is under way. */
    IDENTIFIED("Identified"),
    /** A fix is in place and its effect is being watched. */
    MONITORING("Monitoring"),
    /** Over. */
    RESOLVED("Resolved");

    private final String label;

    PublicIncidentStatus(String label) {
        this.label = label;
    }

    /** The lower-case name used in JSON and the database, e.g. {@code identified}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The name people read, e.g. {@code Identified}. */
    public String label() {
        return label;
    }

    /** Every code, in order. */
    public static List<String> codes() {
        return Arrays.stream(values()).map(PublicIncidentStatus::code).toList();
    }

    /** The status with this code, if there is one. */
    public static Optional<PublicIncidentStatus> fromCode(String code) {
        return Arrays.stream(values())
                .filter(status -> status.code().equals(code))
                .findFirst();
    }
}
