package dev.steward.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The catalog's alerting sections: named policies, notification channels, routes, maintenance windows and the
 * severity from which a firing alert opens an incident.
 *
 * @param incidentSeverity alerts at or above this severity open (or join) an incident of their service
 */
public record Alerting(
        Map<String, AlertPolicy> policies,
        Map<String, ChannelSpec> channels,
        List<Route> routes,
        List<MaintenanceWindow> maintenance,
        Severity incidentSeverity) {

    public Alerting {
        policies = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(policies));
        channels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(channels));
        routes = List.copyOf(routes);
        maintenance = List.copyOf(maintenance);
    }

    /** No policies beyond the standard one, no channels: alerts and incidents are recorded, nobody is notified. */
    public static Alerting none() {
        return new Alerting(Map.of(), Map.of(), List.of(), List.of(), Severity.HIGH);
    }

    /** The named policy; {@code default} is the standard policy unless the catalog defines its own. */
    public Optional<AlertPolicy> policy(String name) {
        AlertPolicy policy = policies.get(name);
        if (policy == null && name.equals("default")) {
            return Optional.of(AlertPolicy.standard());
        }
        return Optional.ofNullable(policy);
    }
}
