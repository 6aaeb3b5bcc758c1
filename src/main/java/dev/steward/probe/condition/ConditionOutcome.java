package dev.steward.probe.condition;

/**
 * The result of evaluating one condition.
 *
 * @param condition the condition as written
 * @param success whether it held
 * @param resolved as Gatus shows it: the condition as written when it held; when it failed, each side with its observed
 *     value, e.g. {@code [STATUS] (503) == 200}
 */
public record ConditionOutcome(String condition, boolean success, String resolved) {}
