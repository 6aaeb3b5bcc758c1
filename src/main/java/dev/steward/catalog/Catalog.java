package dev.steward.catalog;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The services and monitors Steward watches, as read from one valid catalog file. Immutable: a reload builds a new
 * catalog and swaps it in whole.
 *
 * @param source the file it was read from (as given, for messages)
 * @param alerting policies, channels, routes and maintenance windows
 * @param statusPage the public status page's settings
 * @param backups backup policies by name, in file order
 */
public record Catalog(
        String source,
        Map<String, MonitoredService> services,
        Alerting alerting,
        StatusPage statusPage,
        Map<String, BackupPolicy> backups) {

    public Catalog {
        services = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(services));
        backups = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(backups));
    }

    /** A catalog without a {@code backups} section. */
    public Catalog(String source, Map<String, MonitoredService> services, Alerting alerting, StatusPage statusPage) {
        this(source, services, alerting, statusPage, Map.of());
    }

    /** A catalog without a {@code statusPage} section. */
    public Catalog(String source, Map<String, MonitoredService> services, Alerting alerting) {
        this(source, services, alerting, StatusPage.standard());
    }

    /** A catalog of services without alerting sections. */
    public Catalog(String source, Map<String, MonitoredService> services) {
        this(source, services, Alerting.none());
    }

    /** A catalog without services, used before the first file is read and when there is none. */
    public static Catalog empty(String source) {
        return new Catalog(source, Map.of());
    }

    /**
     * The alert policy a monitor uses: the one it names (its own, else its service's, else {@code defaults.alert}),
     * else the catalog's policy named {@code default}, else the standard policy (3 failures in a row fire, 2 successes
     * resolve). A heartbeat judges each run on its own ({@link AlertPolicy#perRun()}): its grace time is its patience.
     */
    public AlertPolicy policyOf(Monitor monitor) {
        AlertPolicy policy = alerting.policy(monitor.alert().orElse("default")).orElseGet(AlertPolicy::standard);
        return monitor.probe().probed() ? policy : policy.perRun();
    }

    /** Every monitor of every service, in declaration order. */
    public List<Monitor> monitors() {
        return services.values().stream()
                .map(MonitoredService::monitors)
                .flatMap(Collection::stream)
                .toList();
    }

    /** The backup policy of that name. */
    public Optional<BackupPolicy> backup(String name) {
        return Optional.ofNullable(backups.get(name));
    }

    public Optional<MonitoredService> service(String name) {
        return Optional.ofNullable(services.get(name));
    }

    public Optional<Monitor> monitor(MonitorKey key) {
        return service(key.service())
                .flatMap(service -> service.monitors().stream()
                        .filter(monitor -> monitor.key().equals(key))
                        .findFirst());
    }
}
