package dev.steward.catalog;

import java.time.Duration;
import java.util.List;

/**
 * When a monitor's alert fires and resolves.
 *
 * @param failureThreshold failed results among the last {@code window} that fire the alert
 * @param window how many recent results are looked at; equal to {@code failureThreshold} means "consecutive"
 * @param successThreshold consecutive good results that resolve a firing alert
 * @param repeatEvery re-notify this often while firing and not acknowledged; zero means never
 * @param rules threshold rules on measurements (latency percentiles, uptime, certificate expiry), each an alert of its
 *     own beside the failure alert
 */
public record AlertPolicy(
        String name,
        int failureThreshold,
        int window,
        int successThreshold,
        Severity severity,
        Duration repeatEvery,
        List<ThresholdRule> rules) {

    public AlertPolicy {
        rules = List.copyOf(rules);
        if (failureThreshold < 1 || window < failureThreshold || window > 100) {
            throw new IllegalArgumentException("failureThreshold " + failureThreshold + " of window " + window
                    + ": need 1 <= failureThreshold <= window <= 100");
        }
        if (successThreshold < 1) {
            throw new IllegalArgumentException("successThreshold must be at least 1, not " + successThreshold);
        }
    }

    /**
     * This policy as it applies to a heartbeat: each result is a whole run that already had its grace time, so one
     * failed run fires and one good run resolves; severity, repeats and rules stay as written.
     */
    public AlertPolicy perRun() {
        return new AlertPolicy(name, 1, 1, 1, severity, repeatEvery, rules);
    }

    /** The policy a monitor gets when the catalog names none: 3 failures in a row fire, 2 successes resolve. */
    public static AlertPolicy standard() {
        return new AlertPolicy("default", 3, 3, 2, Severity.HIGH, Duration.ofMinutes(30), List.of());
    }
}
