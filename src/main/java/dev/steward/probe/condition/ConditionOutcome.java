package dev.steward.probe.condition;

/**
 * The result of evaluating one condition.
 *
 * @param condition the condition as written
 * @param success whether it held
 * @param resolved the condition with the observed values shown, as Gatus shows it: {@code [STATUS] (503) == 200}
 */
public record ConditionOutcome(String condition, boolean success, String resolved) {}
