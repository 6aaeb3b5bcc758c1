package dev.steward.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.catalog.Monitor;
import dev.steward.catalog.MonitorKey;
import dev.steward.catalog.MonitoredService;
import dev.steward.catalog.ProbeSpec;
import dev.steward.catalog.PublicListing;
import dev.steward.probe.Status;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServiceStatesTest {

    private static Monitor monitor(String name, boolean enabled) {
        return new Monitor(
                new MonitorKey("shop-api", name),
                "",
                Duration.ofSeconds(30),
                Duration.ofSeconds(5),
                enabled,
                new ProbeSpec.Tcp("127.0.0.1", 9),
                List.of(),
                List.of(),
                Optional.empty(),
                "steward.yml:1:1");
    }

    private static MonitoredService service(Monitor... monitors) {
        return new MonitoredService(
                "shop-api",
                "",
                Optional.empty(),
                List.of(),
                Optional.empty(),
                Map.of(),
                List.of(),
                List.of(monitors),
                PublicListing.hidden("shop-api"));
    }

    private static String state(MonitoredService service, Map<String, Status> latest) {
        return ServiceStates.service(service, key -> Optional.ofNullable(latest.get(key.monitor())));
    }

    @Test
    void isTheWorstStateOfItsMonitors() {
        MonitoredService service = service(monitor("a", true), monitor("b", true));

        assertThat(state(service, Map.of("a", Status.UP, "b", Status.UP))).isEqualTo("up");
        assertThat(state(service, Map.of("a", Status.UP, "b", Status.DEGRADED))).isEqualTo("degraded");
        assertThat(state(service, Map.of("a", Status.DOWN, "b", Status.DEGRADED)))
                .isEqualTo("down");
    }

    @Test
    void isPendingWhileAMonitorHasNoResultUnlessAnotherIsDown() {
        MonitoredService service = service(monitor("a", true), monitor("b", true));

        assertThat(state(service, Map.of("a", Status.UP))).isEqualTo("pending");
        assertThat(state(service, Map.of("a", Status.DOWN))).isEqualTo("down");
    }

    @Test
    void leavesDisabledMonitorsOut() {
        assertThat(state(service(monitor("a", true), monitor("b", false)), Map.of("a", Status.UP, "b", Status.DOWN)))
                .isEqualTo("up");
        assertThat(state(service(monitor("a", false)), Map.of())).isEqualTo("disabled");
        assertThat(state(service(), Map.of())).isEqualTo("unknown");
        assertThat(ServiceStates.monitor(monitor("a", false), Optional.of(Status.UP)))
                .isEqualTo("disabled");
        assertThat(ServiceStates.monitor(monitor("a", true), Optional.empty())).isEqualTo("pending");
    }
}
