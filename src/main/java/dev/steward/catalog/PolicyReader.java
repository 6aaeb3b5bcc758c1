package dev.steward.catalog;

import dev.steward.catalog.ThresholdRule.Comparison;
import dev.steward.catalog.ThresholdRule.Measure;
import dev.steward.catalog.ThresholdRule.Threshold;
import dev.steward.config.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the {@code policies} section: named alert policies and their threshold rules. */
final class PolicyReader {

    static final int DEFAULT_FAILURE_THRESHOLD = 3;
    static final int DEFAULT_SUCCESS_THRESHOLD = 2;
    static final int MAX_WINDOW = 100;
    static final Severity DEFAULT_SEVERITY = Severity.HIGH;
    static final Duration DEFAULT_REPEAT_EVERY = Duration.ofMinutes(30);
    static final Duration MIN_REPEAT_EVERY = Duration.ofMinutes(1);
    static final Duration DEFAULT_OVER = Duration.ofMinutes(5);
    static final Severity DEFAULT_WARNING_SEVERITY = Severity.MEDIUM;

    private static final Pattern THRESHOLD = Pattern.compile("(>=|<=|>|<)\\s*(\\S.*)");
    private static final Pattern PERCENTAGE = Pattern.compile("(\\d{1,3}(?:\\.\\d+)?)\\s*%?");

    private final CatalogValues values;
    private final CatalogProblems problems;

    PolicyReader(CatalogValues values) {
        this.values = values;
        this.problems = values.problems();
    }

    /** The valid policies by name; every problem of the others is reported. */
    Map<String, AlertPolicy> read(YamlMapping policies) {
        Map<String, AlertPolicy> read = new LinkedHashMap<>();
        policies.fields().forEach((name, value) -> {
            values.checkName(name, value, "policy");
            policy(name, value).ifPresent(policy -> read.put(name, policy));
        });
        return read;
    }

    private Optional<AlertPolicy> policy(String name, YamlValue value) {
        int errorsBefore = problems.errorCount();
        Optional<YamlMapping> found = YamlMapping.of(
                value, problems, "the policy's fields (failureThreshold, successThreshold, severity, rules, …)");
        if (found.isEmpty()) {
            return Optional.empty();
        }
        YamlMapping policy = found.get();
        policy.rejectUnknown(CatalogFields.POLICY, problems);
        Optional<YamlValue> failureValue = policy.get("failureThreshold");
        int failureThreshold =
                failureValue.flatMap(v -> values.integer(v, 1, MAX_WINDOW)).orElse(DEFAULT_FAILURE_THRESHOLD);
        int window = policy.get("window")
                .flatMap(v -> values.integer(v, 1, MAX_WINDOW).filter(w -> {
                    if (w < failureThreshold) {
                        problems.error(
                                v.node(),
                                v.path(),
                                w + " is smaller than failureThreshold " + failureThreshold + ": the alert fires when"
                                        + " failureThreshold of the last window results failed, so window is from "
                                        + failureThreshold + " to " + MAX_WINDOW);
                        return false;
                    }
                    return true;
                }))
                .orElse(failureThreshold);
        int successThreshold = policy.get("successThreshold")
                .flatMap(v -> values.integer(v, 1, Integer.MAX_VALUE))
                .orElse(DEFAULT_SUCCESS_THRESHOLD);
        Severity severity = policy.get("severity").flatMap(values::severity).orElse(DEFAULT_SEVERITY);
        Duration repeatEvery =
                policy.get("repeatEvery").flatMap(this::repeatEvery).orElse(DEFAULT_REPEAT_EVERY);
        List<ThresholdRule> rules = policy.get("rules").map(this::rules).orElse(List.of());
        if (problems.errorCount() > errorsBefore) {
            return Optional.empty();
        }
        return Optional.of(
                new AlertPolicy(name, failureThreshold, window, successThreshold, severity, repeatEvery, rules));
    }

    /** A duration of at least a minute; {@code 0} or {@code never} for no repeat. */
    private Optional<Duration> repeatEvery(YamlValue value) {
        return values.text(value, "a duration such as 30m, or never").flatMap(text -> {
            String written = text.value().trim();
            if (written.equals("never") || written.equals("0")) {
                return Optional.of(Duration.ZERO);
            }
            Optional<Duration> duration = Durations.parse(written);
            if (duration.isEmpty()) {
                problems.error(
                        value.node(),
                        value.path(),
                        text.quoted() + " is not a duration (use 30m, 1h; 0 or never for no repeat)");
                return Optional.empty();
            }
            if (!duration.get().isZero() && duration.get().compareTo(MIN_REPEAT_EVERY) < 0) {
                problems.warning(
                        value.node(),
                        value.path(),
                        Durations.format(duration.get()) + " is below the minimum of "
                                + Durations.format(MIN_REPEAT_EVERY) + "; using " + Durations.format(MIN_REPEAT_EVERY));
                return Optional.of(MIN_REPEAT_EVERY);
            }
            return duration;
        });
    }

    // ---- rules

    private List<ThresholdRule> rules(YamlValue value) {
        List<ThresholdRule> rules = new ArrayList<>();
        Map<Measure, YamlValue> measured = new HashMap<>();
        for (YamlValue item : values.list(value, "a list of threshold rules, e.g. [{measure: latency.p95, …}]")) {
            rule(item, measured).ifPresent(rules::add);
        }
        return rules;
    }

    private Optional<ThresholdRule> rule(YamlValue item, Map<Measure, YamlValue> measured) {
        int errorsBefore = problems.errorCount();
        Optional<YamlMapping> found = YamlMapping.of(
                item, problems, "a threshold rule, e.g. {measure: latency.p95, warning: \"> 500ms\", critical: …}");
        if (found.isEmpty()) {
            return Optional.empty();
        }
        YamlMapping rule = found.get();
        rule.rejectUnknown(CatalogFields.RULE, problems);
        Optional<Measure> measure = measure(rule, measured);
        Duration over = overOf(rule, measure);
        Optional<YamlValue> warningValue = rule.get("warning").filter(v -> !v.isNull());
        Optional<YamlValue> criticalValue = rule.get("critical").filter(v -> !v.isNull());
        Optional<Threshold> warning = measure.flatMap(m -> warningValue.flatMap(v -> threshold(v, m)));
        Optional<Threshold> critical = measure.flatMap(m -> criticalValue.flatMap(v -> threshold(v, m)));
        if (warningValue.isEmpty() && criticalValue.isEmpty()) {
            problems.error(
                    item.node(),
                    item.path(),
                    "give a warning level, a critical level or both, e.g. critical: \""
                            + measure.map(PolicyReader::example).orElse("> 1s") + "\"");
        }
        if (warning.isPresent() && critical.isPresent()) {
            checkOrder(warning.get(), critical.get(), criticalValue.orElseThrow());
        }
        Duration forDuration = rule.get("for").flatMap(values::duration).orElse(Duration.ZERO);
        Optional<YamlValue> warningSeverityValue = rule.get("warningSeverity");
        Severity warningSeverity =
                warningSeverityValue.flatMap(values::severity).orElse(DEFAULT_WARNING_SEVERITY);
        if (warningSeverityValue.isPresent()
                && warningValue.isEmpty()
                && !warningSeverityValue.get().isNull()) {
            problems.warning(
                    warningSeverityValue.get().anchor(),
                    warningSeverityValue.get().path(),
                    "has no effect: the rule has no warning level");
        }
        if (problems.errorCount() > errorsBefore || measure.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ThresholdRule(measure.get(), over, warning, critical, forDuration, warningSeverity));
    }

    private Optional<Measure> measure(YamlMapping rule, Map<Measure, YamlValue> measured) {
        List<String> codes = Arrays.stream(Measure.values()).map(Measure::code).toList();
        Optional<YamlValue> value = rule.get("measure").filter(v -> !v.isNull());
        if (value.isEmpty()) {
            problems.error(
                    rule.get("measure").orElse(rule.value()).anchor(),
                    rule.value().path() + ".measure",
                    "required; one of " + String.join(", ", codes));
            return Optional.empty();
        }
        return values.text(value.get(), "a measure such as latency.p95").flatMap(text -> {
            String written = text.value().trim();
            Optional<Measure> measure = Arrays.stream(Measure.values())
                    .filter(candidate -> candidate.code().equals(written))
                    .findFirst();
            if (measure.isEmpty()) {
                problems.error(
                        value.get().node(),
                        value.get().path(),
                        text.quoted() + " is not a measure"
                                + (text.interpolated()
                                        ? ""
                                        : Suggestions.closest(written, codes)
                                                .map(suggestion -> "; did you mean `" + suggestion + "`?")
                                                .orElse(""))
                                + " (one of " + String.join(", ", codes) + ")");
                return Optional.empty();
            }
            YamlValue first = measured.putIfAbsent(measure.get(), value.get());
            if (first != null) {
                problems.error(
                        value.get().node(),
                        value.get().path(),
                        "the policy already has a rule for " + written + " (line "
                                + CatalogProblems.line(first.node()) + "); give each measure one rule with a warning"
                                + " and a critical level");
                return Optional.empty();
            }
            return measure;
        });
    }

    /** The window a rule measures over; none for certificate expiry, which reads the last result. */
    private Duration overOf(YamlMapping rule, Optional<Measure> measure) {
        Optional<YamlValue> value = rule.get("over").filter(v -> !v.isNull());
        if (measure.isPresent() && measure.get() == Measure.CERTIFICATE_EXPIRY) {
            value.ifPresent(v -> problems.warning(
                    v.anchor(),
                    v.path(),
                    "ignored: certificate.expiry reads the certificate of the last result, not a window"));
            return Duration.ZERO;
        }
        return value.flatMap(v -> values.duration(v).filter(over -> {
                    if (over.isZero()) {
                        problems.error(v.node(), v.path(), "must be longer than 0, e.g. 5m");
                        return false;
                    }
                    return true;
                }))
                .orElse(DEFAULT_OVER);
    }

    /** A comparison and a value in the measure's unit: {@code "> 500ms"}, {@code "< 99%"}, {@code "< 14d"}. */
    private Optional<Threshold> threshold(YamlValue value, Measure measure) {
        return values.text(value, "a threshold such as \"" + example(measure) + "\"")
                .flatMap(text -> {
                    String written = text.value().trim();
                    Matcher matcher = THRESHOLD.matcher(written);
                    if (!matcher.matches()) {
                        problems.error(
                                value.node(),
                                value.path(),
                                text.quoted() + " is not a threshold: write a comparison (>, >=, < or <=) and "
                                        + unit(measure) + ", e.g. \"" + example(measure) + "\"");
                        return Optional.empty();
                    }
                    Comparison comparison = Arrays.stream(Comparison.values())
                            .filter(candidate -> candidate.symbol().equals(matcher.group(1)))
                            .findFirst()
                            .orElseThrow();
                    Optional<Double> amount = amount(matcher.group(2).trim(), measure);
                    if (amount.isEmpty()) {
                        problems.error(
                                value.node(),
                                value.path(),
                                text.quoted() + " is not a threshold for " + measure.code() + ": compare with "
                                        + unit(measure) + ", e.g. \"" + example(measure) + "\"");
                        return Optional.empty();
                    }
                    return Optional.of(new Threshold(comparison, amount.get(), written));
                });
    }

    /** The value in the measure's unit: milliseconds for durations, percent for shares. */
    private static Optional<Double> amount(String written, Measure measure) {
        return switch (measure.unit()) {
            case MILLISECONDS -> Durations.parse(written).map(duration -> (double) duration.toMillis());
            case PERCENT -> {
                Matcher matcher = PERCENTAGE.matcher(written);
                if (!matcher.matches()) {
                    yield Optional.empty();
                }
                double percent = Double.parseDouble(matcher.group(1));
                yield percent <= 100 ? Optional.of(percent) : Optional.empty();
            }
        };
    }

    private static String unit(Measure measure) {
        return switch (measure.unit()) {
            case MILLISECONDS -> "a duration (500ms, 1s, 14d)";
            case PERCENT -> "a percentage from 0 to 100 (99% or 99.9)";
        };
    }

    private static String example(Measure measure) {
        return switch (measure) {
            case UPTIME -> "< 99%";
            case CERTIFICATE_EXPIRY -> "< 14d";
            default -> "> 500ms";
        };
    }

    /** The critical level must be at or beyond the warning level, in the same direction. */
    private void checkOrder(Threshold warning, Threshold critical, YamlValue criticalValue) {
        boolean warningUp = rises(warning.comparison());
        if (warningUp != rises(critical.comparison())) {
            problems.error(
                    criticalValue.node(),
                    criticalValue.path(),
                    "\"" + critical.text() + "\" compares the other way from the warning level \"" + warning.text()
                            + "\"; use > or >= for both, or < or <= for both");
        } else if (warningUp ? critical.value() < warning.value() : critical.value() > warning.value()) {
            problems.error(
                    criticalValue.node(),
                    criticalValue.path(),
                    "\"" + critical.text() + "\" is " + (warningUp ? "below" : "above") + " the warning level \""
                            + warning.text() + "\": the critical level must be at or " + (warningUp ? "above" : "below")
                            + " the warning level (swap them?)");
        }
    }

    private static boolean rises(Comparison comparison) {
        return comparison == Comparison.GREATER || comparison == Comparison.GREATER_OR_EQUAL;
    }
}
