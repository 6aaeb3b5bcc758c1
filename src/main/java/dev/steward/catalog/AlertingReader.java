package dev.steward.catalog;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the catalog's alerting sections into {@link Alerting}, in two passes: first what services and monitors name
 * (policies) and what routes name (channels), then, once the services are known, what names them (routes, maintenance
 * windows) and the incidents section.
 */
final class AlertingReader {

    static final Severity DEFAULT_INCIDENT_SEVERITY = Severity.HIGH;

    private final CatalogProblems problems;
    private final PolicyReader policyReader;
    private final ChannelReader channelReader;
    private final RouteReader routeReader;
    private final MaintenanceReader maintenanceReader;
    private final CatalogValues values;

    private Map<String, AlertPolicy> policies = Map.of();
    private final SequencedSet<String> policyNames = new LinkedHashSet<>(List.of("default"));
    private Map<String, ChannelSpec> channels = Map.of();
    private Optional<YamlMapping> channelsSection = Optional.empty();

    AlertingReader(CatalogValues values) {
        this.problems = values.problems();
        this.policyReader = new PolicyReader(values);
        this.channelReader = new ChannelReader(values);
        this.routeReader = new RouteReader(values);
        this.maintenanceReader = new MaintenanceReader(values);
        this.values = values;
    }

    /** The first pass: policies, which services and monitors name, and channels, which routes name. */
    void declarations(YamlMapping sections) {
        sections.get("policies")
                .flatMap(section -> YamlMapping.of(
                        section,
                        problems,
                        "a mapping of policy names to policies, e.g. default: {failureThreshold: 3}"))
                .ifPresent(mapping -> {
                    policyNames.addAll(mapping.fields().keySet());
                    policies = policyReader.read(mapping);
                });
        channelsSection = sections.get("channels")
                .flatMap(section -> YamlMapping.of(
                        section, problems, "a mapping of channel names to channels, e.g. ops-slack: {type: slack, …}"));
        channelsSection.ifPresent(mapping -> channels = channelReader.read(mapping));
    }

    /** The policy names a monitor may use: {@code default} and every declared policy (also those with errors). */
    SequencedSet<String> policyNames() {
        return policyNames;
    }

    /**
     * The second pass, once the services are read.
     *
     * @param serviceNames every service declared (also those with errors)
     * @param services the services read
     */
    Alerting read(YamlMapping sections, Collection<String> serviceNames, Collection<MonitoredService> services) {
        Set<String> groups = new TreeSet<>();
        Set<String> tags = new TreeSet<>();
        services.forEach(service -> {
            service.group().ifPresent(groups::add);
            tags.addAll(service.tags());
        });
        Collection<String> channelNames =
                channelsSection.map(mapping -> mapping.fields().keySet()).orElse(Set.of());
        int errorsBefore = problems.errorCount();
        Optional<YamlValue> routesSection = sections.get("routes");
        List<Route> routes = routeReader.read(
                routesSection,
                channelsSection.map(YamlMapping::value),
                new RouteReader.Names(channelNames, serviceNames, groups, tags));
        if (routesSection.isPresent() && problems.errorCount() == errorsBefore) {
            channelsSection.ifPresent(mapping -> routeReader.warnUnused(routes, mapping));
        }
        List<MaintenanceWindow> maintenance = sections.get("maintenance")
                .map(section -> maintenanceReader.read(section, serviceNames))
                .orElse(List.of());
        return new Alerting(policies, channels, routes, maintenance, incidentSeverity(sections));
    }

    /** The severity from which a firing alert opens an incident. */
    private Severity incidentSeverity(YamlMapping sections) {
        return sections.get("incidents")
                .flatMap(section -> YamlMapping.of(section, problems, "the incidents' settings, e.g. {severity: high}"))
                .flatMap(incidents -> {
                    incidents.rejectUnknown(CatalogFields.INCIDENTS, problems);
                    return incidents.get("severity").flatMap(values::severity);
                })
                .orElse(DEFAULT_INCIDENT_SEVERITY);
    }
}
