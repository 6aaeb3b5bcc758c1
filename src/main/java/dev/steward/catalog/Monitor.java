package dev.steward.catalog;

import dev.steward.probe.condition.Condition;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One monitor of a service, with the catalog's defaults applied.
 *
 * @param conditions all must hold for the result to be up (or degraded)
 * @param warn all must hold for the result to be up rather than degraded
 * @param alert the alert policy's name, when the monitor, its service or the defaults name one (else the catalog's
 *     {@code default} policy applies, see {@link Catalog#policyOf})
 * @param location where the monitor is declared, e.g. {@code steward.yml:14:7}
 * @param dependsOn what this monitor depends on beyond its service's dependencies: service names or {@code
 *     service/monitor} keys; while one of them is failing, this monitor's notifications are held as suppressed
 */
public record Monitor(
        MonitorKey key,
        String description,
        Duration interval,
        Duration timeout,
        boolean enabled,
        ProbeSpec probe,
        List<Condition> conditions,
        List<Condition> warn,
        Optional<String> alert,
        String location,
        List<String> dependsOn) {

    public Monitor {
        conditions = List.copyOf(conditions);
        warn = List.copyOf(warn);
        dependsOn = List.copyOf(dependsOn);
    }

    /** A monitor without dependencies of its own. */
    public Monitor(
            MonitorKey key,
            String description,
            Duration interval,
            Duration timeout,
            boolean enabled,
            ProbeSpec probe,
            List<Condition> conditions,
            List<Condition> warn,
            Optional<String> alert,
            String location) {
        this(key, description, interval, timeout, enabled, probe, conditions, warn, alert, location, List.of());
    }

    /** True when the two monitors probe the same way at the same rhythm (the location may differ). */
    public boolean sameProbeAs(Monitor other) {
        return key.equals(other.key)
                && interval.equals(other.interval)
                && timeout.equals(other.timeout)
                && enabled == other.enabled
                && probe.equals(other.probe)
                && conditions.equals(other.conditions)
                && warn.equals(other.warn);
    }
}
