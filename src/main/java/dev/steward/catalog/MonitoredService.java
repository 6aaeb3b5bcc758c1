package dev.steward.catalog;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A service of the catalog: what it is, who owns it, where its runbook lives, and its monitors in declaration order.
 *
 * @param links named links, e.g. {@code runbook}, {@code dashboard}, {@code repository}
 * @param publicListing whether the public status page shows the service, and under which name
 */
public record MonitoredService(
        String name,
        String description,
        Optional<String> group,
        List<String> tags,
        Optional<String> owner,
        Map<String, URI> links,
        List<String> dependsOn,
        List<Monitor> monitors,
        PublicListing publicListing) {

    public MonitoredService {
        tags = List.copyOf(tags);
        links = Map.copyOf(links);
        dependsOn = List.copyOf(dependsOn);
        monitors = List.copyOf(monitors);
    }

    /** The runbook link, when the service has one. */
    public Optional<URI> runbook() {
        return Optional.ofNullable(links.get("runbook"));
    }
}
