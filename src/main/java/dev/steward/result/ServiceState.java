package dev.steward.result;

import dev.steward.probe.Status;
import java.time.Instant;
import java.util.List;

/**
 * A service's current state: the worst of its monitors' states.
 *
 * @param since the earliest {@code since} among the monitors that have the worst status: the service has been at
 *     least this bad since then
 * @param monitors the states of its monitors, by monitor name
 */
public record ServiceState(String service, Status status, Instant since, List<MonitorState> monitors) {

    public ServiceState {
        monitors = List.copyOf(monitors);
    }
}
