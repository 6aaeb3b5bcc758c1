package dev.steward.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.catalog.Severity;
import dev.steward.probe.Status;
import dev.steward.status.ComponentStates.FiringAlert;
import dev.steward.status.ComponentStates.MonitorFacts;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The public state of a service, from its monitors, its firing alerts and its maintenance windows. */
class ComponentStatesTest {

    private static final MonitorFacts UP = new MonitorFacts(Status.UP, 12, 3, false);
    private static final MonitorFacts DOWN = new MonitorFacts(Status.DOWN, 3, 3, false);
    private static final MonitorFacts DEGRADED = new MonitorFacts(Status.DEGRADED, 5, 3, false);

    @Test
    void isOperationalWhenEveryMonitorIsUpOrNoneHasAResultYet() {
        assertThat(ComponentStates.of(false, List.of(UP, UP), List.of())).isEqualTo(ComponentState.OPERATIONAL);
        assertThat(ComponentStates.of(false, List.of(), List.of())).isEqualTo(ComponentState.OPERATIONAL);
    }

    @Test
    void isAPartialOutageWhenSomeButNotAllMonitorsAreDown() {
        assertThat(ComponentStates.of(false, List.of(UP, DOWN, DEGRADED), List.of()))
                .isEqualTo(ComponentState.PARTIAL_OUTAGE);
    }

    @Test
    void isAMajorOutageWhenEveryMonitorIsDown() {
        assertThat(ComponentStates.of(false, List.of(DOWN, DOWN), List.of())).isEqualTo(ComponentState.MAJOR_OUTAGE);
        assertThat(ComponentStates.of(false, List.of(DOWN), List.of())).isEqualTo(ComponentState.MAJOR_OUTAGE);
    }

    @Test
    void isAMajorOutageWhileACriticalAlertFiresWhateverTheMonitorsSay() {
        assertThat(ComponentStates.of(false, List.of(UP, UP), List.of(new FiringAlert("rule", Severity.CRITICAL))))
                .isEqualTo(ComponentState.MAJOR_OUTAGE);
        assertThat(ComponentStates.of(false, List.of(UP), List.of(new FiringAlert("alertmanager", Severity.CRITICAL))))
                .isEqualTo(ComponentState.MAJOR_OUTAGE);
    }

    @Test
    void isDegradedForADegradedMonitorAWarningRuleOrAReceivedAlertBelowCritical() {
        assertThat(ComponentStates.of(false, List.of(UP, DEGRADED), List.of()))
                .isEqualTo(ComponentState.DEGRADED_PERFORMANCE);
        assertThat(ComponentStates.of(false, List.of(UP), List.of(new FiringAlert("rule", Severity.MEDIUM))))
                .isEqualTo(ComponentState.DEGRADED_PERFORMANCE);
        assertThat(ComponentStates.of(false, List.of(UP), List.of(new FiringAlert("event", Severity.HIGH))))
                .isEqualTo(ComponentState.DEGRADED_PERFORMANCE);
    }

    @Test
    void aFailureAlertBelowCriticalCountsThroughItsMonitorOnly() {
        assertThat(ComponentStates.of(false, List.of(UP), List.of(new FiringAlert("monitor", Severity.HIGH))))
                .as("the monitor is up again; its alert waits for its success threshold")
                .isEqualTo(ComponentState.OPERATIONAL);
    }

    @Test
    void ignoresAFailureOrSlownessUntilItHoldsForThePolicysFailureThreshold() {
        MonitorFacts justFailed = new MonitorFacts(Status.DOWN, 2, 3, false);
        MonitorFacts justSlow = new MonitorFacts(Status.DEGRADED, 1, 3, false);
        assertThat(ComponentStates.of(false, List.of(UP, justFailed, justSlow), List.of()))
                .isEqualTo(ComponentState.OPERATIONAL);
        assertThat(ComponentStates.of(false, List.of(new MonitorFacts(Status.DOWN, 1, 1, false)), List.of()))
                .as("a policy firing at the first failure shows it at once")
                .isEqualTo(ComponentState.MAJOR_OUTAGE);
    }

    @Test
    void countsAMonitorDownWhileItsFailureAlertFiresEvenBetweenTwoFailures() {
        MonitorFacts firingAgain = new MonitorFacts(Status.DOWN, 1, 3, true);
        assertThat(ComponentStates.of(false, List.of(UP, firingAgain), List.of()))
                .isEqualTo(ComponentState.PARTIAL_OUTAGE);
    }

    @Test
    void isUnderMaintenanceWhileAWindowIsOnWhateverElseHappens() {
        assertThat(ComponentStates.of(true, List.of(DOWN, DOWN), List.of(new FiringAlert("rule", Severity.CRITICAL))))
                .isEqualTo(ComponentState.UNDER_MAINTENANCE);
    }

    @Test
    void thePageShowsTheWorstStateAndMaintenanceOnlyAboveOperational() {
        assertThat(ComponentState.OPERATIONAL.worst(ComponentState.UNDER_MAINTENANCE))
                .isEqualTo(ComponentState.UNDER_MAINTENANCE);
        assertThat(ComponentState.UNDER_MAINTENANCE.worst(ComponentState.DEGRADED_PERFORMANCE))
                .isEqualTo(ComponentState.DEGRADED_PERFORMANCE);
        assertThat(ComponentState.MAJOR_OUTAGE.worst(ComponentState.PARTIAL_OUTAGE))
                .isEqualTo(ComponentState.MAJOR_OUTAGE);
        assertThat(ComponentState.PARTIAL_OUTAGE.code()).isEqualTo("partial_outage");
    }
}
