package dev.steward.alert;

import dev.steward.catalog.Severity;
import dev.steward.catalog.ThresholdRule;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Where one threshold rule of one monitor stands: the level it fired at, and the level its measurements are heading
 * to with the times that decide when it gets there. Immutable; {@link RuleMachine} computes the next one.
 *
 * <p>Levels are ordered {@code OK < WARNING < CRITICAL}. Seen from the fired {@code level}, the candidate lies up or
 * down. {@code since} is when the measurements began to stay at the candidate or beyond it (farther from the level);
 * {@code leftSince} is when they began to stay away from the level on the candidate's side. The two differ only when
 * the candidate is two steps away (OK and CRITICAL): then {@code leftSince} times the step in between (WARNING), so a
 * value that wavers between warning and critical still fires a warning, and a value that wavers between warning and
 * OK still moves a critical rule down to warning. When the candidate is the level itself, both are the time the
 * measurements came back to it (or started there).
 *
 * @param level the level the rule has fired at; OK when it is not firing
 * @param candidate the level the latest measurement crossed
 * @param since when the candidate (or a level beyond it) began to hold without a break
 * @param leftSince when the measurements left {@code level} towards the candidate without coming back; not after
 *     {@code since}
 */
public record RuleState(Level level, Level candidate, Instant since, Instant leftSince) {

    /** The levels of a rule, lowest first. */
    public enum Level {
        OK,
        WARNING,
        CRITICAL;

        /** The level a measurement crosses: critical wins over warning; OK when it crosses neither. */
        public static Level of(ThresholdRule rule, double measured) {
            if (rule.critical()
                    .filter(threshold -> threshold.crossedBy(measured))
                    .isPresent()) {
                return CRITICAL;
            }
            if (rule.warning()
                    .filter(threshold -> threshold.crossedBy(measured))
                    .isPresent()) {
                return WARNING;
            }
            return OK;
        }

        /** The severity an alert at this level carries: the rule's warning severity, or critical. OK has none. */
        public Severity severity(ThresholdRule rule) {
            return switch (this) {
                case OK -> throw new IllegalStateException("a rule at level ok carries no severity");
                case WARNING -> rule.warningSeverity();
                case CRITICAL -> Severity.CRITICAL;
            };
        }

        /** The lower-case name used in JSON and logs. */
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The level named by {@link #code()}. */
        public static Level fromCode(String code) {
            for (Level level : values()) {
                if (level.code().equals(code)) {
                    return level;
                }
            }
            throw new IllegalArgumentException("unknown level '" + code + "': use ok, warning or critical");
        }
    }

    public RuleState {
        if (leftSince.isAfter(since)) {
            throw new IllegalArgumentException("leftSince " + leftSince + " is after since " + since);
        }
    }

    /** A rule that has never been measured: OK, heading nowhere. */
    public static RuleState quiet() {
        return new RuleState(Level.OK, Level.OK, Instant.EPOCH, Instant.EPOCH);
    }

    /** True when the rule has fired (warning or critical). */
    public boolean firing() {
        return level != Level.OK;
    }

    /** True when the measurements have left the fired level and {@code for} has not yet run out. */
    public boolean pending() {
        return candidate != level;
    }

    /** The state as plain strings, for {@code alert.state}; {@link #restore} reads it back. */
    public Stored stored() {
        return new Stored(level.code(), candidate.code(), since.toString(), leftSince.toString());
    }

    /** The state written by {@link #stored()}; rejects a malformed one, naming the field. */
    public static RuleState restore(Stored stored) {
        return new RuleState(
                level("level", stored.level()),
                level("candidate", stored.candidate()),
                instant("since", stored.since()),
                instant("leftSince", stored.leftSince()));
    }

    private static Level level(String field, String code) {
        try {
            return Level.fromCode(code);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rule state field " + field + ": " + e.getMessage(), e);
        }
    }

    private static Instant instant(String field, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "rule state field " + field + ": '" + text
                            + "' is not an ISO-8601 instant like 2026-01-01T10:00:00Z",
                    e);
        }
    }

    /**
     * A {@link RuleState} in JSON-friendly form: level codes ({@code ok}, {@code warning}, {@code critical}) and
     * ISO-8601 instants.
     */
    public record Stored(String level, String candidate, String since, String leftSince) {}
}
