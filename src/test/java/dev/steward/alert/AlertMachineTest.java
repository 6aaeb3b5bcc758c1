package dev.steward.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.alert.AlertMachine.Transition;
import dev.steward.alert.AlertState.Phase;
import dev.steward.catalog.AlertPolicy;
import dev.steward.catalog.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertMachineTest {

    private static final AlertPolicy THREE_IN_A_ROW = AlertPolicy.standard();
    private static final AlertPolicy THREE_OF_FIVE =
            new AlertPolicy("intermittent", 3, 5, 2, Severity.MEDIUM, Duration.ZERO, List.of());

    /** Feeds results written as {@code x} (failed) and {@code .} (good); returns the transitions, one per result. */
    private static Run feed(AlertPolicy policy, AlertState start, String results) {
        AlertState state = start;
        List<Optional<Transition>> transitions = new ArrayList<>();
        for (char result : results.toCharArray()) {
            AlertMachine.Step step = AlertMachine.next(state, policy, result == 'x');
            transitions.add(step.transition());
            state = step.state();
        }
        return new Run(state, transitions);
    }

    private record Run(AlertState state, List<Optional<Transition>> transitions) {
        /** The transitions that happened, in order. */
        List<Transition> happened() {
            return transitions.stream().flatMap(Optional::stream).toList();
        }

        /** The position (1-based) of the result that caused the transition, or 0. */
        int at(Transition transition) {
            return transitions.indexOf(Optional.of(transition)) + 1;
        }
    }

    @Test
    void firesOnTheThirdFailureInARowAfterBeingPendingFromTheFirst() {
        Run run = feed(THREE_IN_A_ROW, AlertState.quiet(), "..xxx");

        assertThat(run.happened()).containsExactly(Transition.PENDING, Transition.FIRED);
        assertThat(run.at(Transition.PENDING)).isEqualTo(3);
        assertThat(run.at(Transition.FIRED)).isEqualTo(5);
        assertThat(run.state().phase()).isEqualTo(Phase.FIRING);
    }

    @Test
    void aGoodResultBetweenFailuresStartsTheCountAgain() {
        Run run = feed(THREE_IN_A_ROW, AlertState.quiet(), "xx.xx.xx.xx");

        assertThat(run.happened()).containsExactly(Transition.PENDING);
        assertThat(run.state().phase()).isEqualTo(Phase.PENDING);
        assertThat(feed(THREE_IN_A_ROW, run.state(), "x").happened()).containsExactly(Transition.FIRED);
    }

    @Test
    void threeOfTheLastFiveFiresOnATargetThatFailsEveryOtherProbe() {
        Run run = feed(THREE_OF_FIVE, AlertState.quiet(), "x.x.x");

        assertThat(run.at(Transition.FIRED)).isEqualTo(5);
    }

    @Test
    void pendingFailuresThatLeaveTheWindowClearWithoutAnyNotification() {
        Run run = feed(THREE_IN_A_ROW, AlertState.quiet(), "xx...");

        assertThat(run.happened()).containsExactly(Transition.PENDING, Transition.CLEARED);
        assertThat(run.at(Transition.CLEARED)).isEqualTo(5);
        assertThat(run.state().phase()).isEqualTo(Phase.OK);
    }

    @Test
    void resolvesAfterTwoGoodResultsInARow() {
        Run firing = feed(THREE_IN_A_ROW, AlertState.quiet(), "xxx");

        Run run = feed(THREE_IN_A_ROW, firing.state(), "..");

        assertThat(run.happened()).containsExactly(Transition.RESOLVED);
        assertThat(run.at(Transition.RESOLVED)).isEqualTo(2);
        assertThat(run.state().phase()).isEqualTo(Phase.OK);
    }

    @Test
    void aFlappingTargetKeepsItsAlertFiringInsteadOfPagingOnEveryFlip() {
        Run firing = feed(THREE_IN_A_ROW, AlertState.quiet(), "xxx");

        Run run = feed(THREE_IN_A_ROW, firing.state(), ".x.x.x.x.x");

        assertThat(run.happened()).isEmpty();
        assertThat(run.state().phase()).isEqualTo(Phase.FIRING);
    }

    @Test
    void aResolvedAlertNeedsAFreshThresholdOfFailuresToFireAgain() {
        Run resolved = feed(THREE_IN_A_ROW, AlertState.quiet(), "xxx..");

        Run run = feed(THREE_IN_A_ROW, resolved.state(), "xxx");

        assertThat(run.happened()).containsExactly(Transition.PENDING, Transition.FIRED);
        assertThat(run.at(Transition.FIRED)).isEqualTo(3);
    }

    @Test
    void aPolicyThatCanNeverFireIsRefusedWithTheNumbers() {
        assertThatThrownBy(() -> new AlertPolicy("bad", 4, 3, 2, Severity.LOW, Duration.ZERO, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("failureThreshold 4 of window 3: need 1 <= failureThreshold <= window <= 100");
    }
}
