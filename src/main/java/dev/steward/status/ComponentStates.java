package dev.steward.status;

import dev.steward.catalog.Severity;
import dev.steward.probe.Status;
import java.util.List;

/**
 * Derives a public service's state from what Steward knows, with no manual step. docs/STATUS-PAGE.md has the table; in
 * order, the first that applies:
 *
 * <ol>
 *   <li>a maintenance window covering the service is on: {@code under_maintenance};
 *   <li>a critical alert of the service fires, or every monitor with a result is down: {@code major_outage};
 *   <li>some monitors are down: {@code partial_outage};
 *   <li>a monitor is degraded, or a threshold rule or a received alert (below critical) fires: {@code
 *       degraded_performance};
 *   <li>otherwise {@code operational}, also before any result.
 * </ol>
 *
 * A monitor counts as down or degraded once that status has held for as many results in a row as its alert policy's
 * {@code failureThreshold} (one slow or failed probe does not reach the public), or while its failure alert fires.
 */
final class ComponentStates {

    private ComponentStates() {}

    /**
     * One enabled monitor's current state.
     *
     * @param consecutive how many results in a row have had this status
     * @param failureThreshold its alert policy's failure threshold
     * @param alertFiring its failure alert fires
     */
    record MonitorFacts(Status status, int consecutive, int failureThreshold, boolean alertFiring) {

        boolean down() {
            return status == Status.DOWN && (consecutive >= failureThreshold || alertFiring);
        }

        boolean degraded() {
            return status == Status.DEGRADED && consecutive >= failureThreshold;
        }
    }

    /**
     * One firing alert of the service.
     *
     * @param source monitor, rule, alertmanager or event
     */
    record FiringAlert(String source, Severity severity) {}

    static ComponentState of(boolean inMaintenance, List<MonitorFacts> monitors, List<FiringAlert> alerts) {
        if (inMaintenance) {
            return ComponentState.UNDER_MAINTENANCE;
        }
        long down = monitors.stream().filter(MonitorFacts::down).count();
        boolean critical = alerts.stream().anyMatch(alert -> alert.severity() == Severity.CRITICAL);
        if (critical || (!monitors.isEmpty() && down == monitors.size())) {
            return ComponentState.MAJOR_OUTAGE;
        }
        if (down > 0) {
            return ComponentState.PARTIAL_OUTAGE;
        }
        boolean warning = alerts.stream().anyMatch(alert -> !alert.source().equals("monitor"));
        if (warning || monitors.stream().anyMatch(MonitorFacts::degraded)) {
            return ComponentState.DEGRADED_PERFORMANCE;
        }
        return ComponentState.OPERATIONAL;
    }
}
