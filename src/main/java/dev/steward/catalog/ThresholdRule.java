package dev.steward.catalog;

import java.time.Duration;
import java.util.Optional;

/**
 * A threshold rule of an alert policy: a measurement of a monitor over a window, compared with a warning and a
 * critical level, that must hold for a while before the rule fires at that level.
 *
 * @param measure what is measured
 * @param over the window the measurement looks back over (for {@code latency.p95}, the last 5 minutes of results);
 *     zero for {@code certificate.expiry}, which reads the last result
 * @param warning the level that fires a warning (severity {@link #warningSeverity()}), when given
 * @param critical the level that fires at critical severity, when given; at least one of the two is given
 * @param forDuration how long the level must hold, measured on result times, before the rule fires; zero fires at once
 * @param warningSeverity the severity a warning-level alert carries (default {@link Severity#MEDIUM})
 */
public record ThresholdRule(
        Measure measure,
        Duration over,
        Optional<Threshold> warning,
        Optional<Threshold> critical,
        Duration forDuration,
        Severity warningSeverity) {

    public ThresholdRule {
        if (warning.isEmpty() && critical.isEmpty()) {
            throw new IllegalArgumentException("a threshold rule needs a warning or a critical level");
        }
    }

    /** The stable name of the rule within its monitor, e.g. {@code latency.p95}. */
    public String name() {
        return measure.code();
    }

    /** What a rule measures, and the unit its thresholds are written in. */
    public enum Measure {
        /** Median response time over the window, in milliseconds. */
        LATENCY_P50("latency.p50", Unit.MILLISECONDS),
        /** 95th percentile response time over the window, in milliseconds. */
        LATENCY_P95("latency.p95", Unit.MILLISECONDS),
        /** 99th percentile response time over the window, in milliseconds. */
        LATENCY_P99("latency.p99", Unit.MILLISECONDS),
        /** Mean response time over the window, in milliseconds. */
        LATENCY_AVG("latency.avg", Unit.MILLISECONDS),
        /** Share of up or degraded results over the window, in percent. */
        UPTIME("uptime", Unit.PERCENT),
        /** Time left until the earliest certificate of the last result expires, in milliseconds. */
        CERTIFICATE_EXPIRY("certificate.expiry", Unit.MILLISECONDS);

        private final String code;
        private final Unit unit;

        Measure(String code, Unit unit) {
            this.code = code;
            this.unit = unit;
        }

        /** The name used in the catalog, e.g. {@code latency.p95}. */
        public String code() {
            return code;
        }

        /** The unit the rule's threshold values are held in. */
        public Unit unit() {
            return unit;
        }
    }

    /** The unit of a measure: durations are held in milliseconds, shares in percent. */
    public enum Unit {
        MILLISECONDS,
        PERCENT
    }

    /**
     * One level of a rule, e.g. {@code "> 500ms"}.
     *
     * @param comparison how the measurement is compared with the value
     * @param value in the measure's unit (milliseconds or percent)
     * @param text as written in the catalog, for messages
     */
    public record Threshold(Comparison comparison, double value, String text) {

        /** True when the measured value crosses this level. */
        public boolean crossedBy(double measured) {
            return comparison.holds(measured, value);
        }
    }

    /** The comparisons a threshold may use. */
    public enum Comparison {
        GREATER(">"),
        GREATER_OR_EQUAL(">="),
        LESS("<"),
        LESS_OR_EQUAL("<=");

        private final String symbol;

        Comparison(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        boolean holds(double measured, double value) {
            return switch (this) {
                case GREATER -> measured > value;
                case GREATER_OR_EQUAL -> measured >= value;
                case LESS -> measured < value;
                case LESS_OR_EQUAL -> measured <= value;
            };
        }
    }
}
