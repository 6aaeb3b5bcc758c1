package dev.steward.web;

import dev.steward.catalog.Monitor;
import dev.steward.catalog.MonitorKey;
import dev.steward.catalog.MonitoredService;
import dev.steward.probe.Status;
import java.util.Optional;
import java.util.function.Function;

/**
 * The state words pages show for monitors and services (each also a CSS class of {@code .state}): {@code up},
 * {@code degraded}, {@code down}, {@code pending} (no result yet), {@code disabled}, and for a service without
 * monitors {@code unknown}.
 */
final class ServiceStates {

    /** Every word, in the order summaries list them: worst first. */
    static final java.util.List<String> WORDS =
            java.util.List.of("down", "degraded", "pending", "up", "disabled", "unknown");

    private static final String[] STATUS_WORDS =
            java.util.Arrays.stream(Status.values()).map(Status::code).toArray(String[]::new);

    private ServiceStates() {}

    /** The word of a result's status ({@link Status#code()}, without making a new string each time). */
    static String word(Status status) {
        return STATUS_WORDS[status.ordinal()];
    }

    static String monitor(Monitor monitor, Optional<Status> latest) {
        if (!monitor.enabled()) {
            return "disabled";
        }
        return latest.map(ServiceStates::word).orElse("pending");
    }

    /**
     * The worst state of the service's enabled monitors: down when one is down, else pending when one has no result
     * yet, else degraded or up; disabled when every monitor is disabled, unknown without monitors.
     */
    static String service(MonitoredService service, Function<MonitorKey, Optional<Status>> latest) {
        if (service.monitors().isEmpty()) {
            return "unknown";
        }
        Status worst = null;
        boolean pending = false;
        boolean enabled = false;
        for (Monitor monitor : service.monitors()) {
            if (!monitor.enabled()) {
                continue;
            }
            enabled = true;
            Optional<Status> status = latest.apply(monitor.key());
            if (status.isEmpty()) {
                pending = true;
            } else if (worst == null || status.get().compareTo(worst) > 0) {
                worst = status.get();
            }
        }
        if (!enabled) {
            return "disabled";
        }
        if (worst == Status.DOWN) {
            return "down";
        }
        if (pending || worst == null) {
            return "pending";
        }
        return word(worst);
    }
}
