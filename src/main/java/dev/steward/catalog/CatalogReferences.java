package dev.steward.catalog;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Names the catalog refers to before the whole file is read — alert policies, dependencies of services and monitors,
 * and the services of backup policies — checked once every name is known, with the closest declared name for a
 * misspelt one.
 */
final class CatalogReferences {

    /**
     * A name as written at a value.
     *
     * @param display how a message may show it (as written when it came from the environment)
     */
    record Reference(String name, String display, YamlValue value) {

        static Reference of(CatalogValues.Text text, YamlValue value) {
            return new Reference(text.value().trim(), text.display().trim(), value);
        }
    }

    /** A dependsOn entry of a service, or of one of its monitors. */
    private record Dependency(String service, Optional<MonitorKey> monitor, Reference reference) {}

    private final CatalogProblems problems;
    private final List<Reference> policies = new ArrayList<>();
    private final List<Dependency> dependencies = new ArrayList<>();
    private final List<Reference> backupServices = new ArrayList<>();

    CatalogReferences(CatalogProblems problems) {
        this.problems = problems;
    }

    /** An alert policy named by the defaults, a service or a monitor. */
    void policy(Reference reference) {
        policies.add(reference);
    }

    /** The service a backup policy's alerts join. */
    void backupService(Reference reference) {
        backupServices.add(reference);
    }

    void serviceDependency(String service, Reference reference) {
        dependencies.add(new Dependency(service, Optional.empty(), reference));
    }

    void monitorDependency(MonitorKey monitor, Reference reference) {
        dependencies.add(new Dependency(monitor.service(), Optional.of(monitor), reference));
    }

    /**
     * Reports every reference to an undeclared name, and every cycle of service dependencies.
     *
     * @param policyNames the policies that can be named ({@code default} included)
     * @param monitorsByService the monitor names declared under each service, in file order (also for services with
     *     errors, so that one mistake is reported once)
     */
    void check(Collection<String> policyNames, Map<String, List<String>> monitorsByService) {
        for (Reference policy : policies) {
            if (!policyNames.contains(policy.name())) {
                report(policy, Suggestions.unknownName("policy", "policies", policy.display(), policyNames));
            }
        }
        for (Reference service : backupServices) {
            if (!monitorsByService.containsKey(service.name())) {
                report(
                        service,
                        Suggestions.unknownName("service", "services", service.display(), monitorsByService.keySet()));
            }
        }
        Map<String, List<Reference>> serviceGraph = new LinkedHashMap<>();
        for (Dependency dependency : dependencies) {
            if (dependency.monitor().isPresent()) {
                checkMonitorDependency(dependency.monitor().get(), dependency.reference(), monitorsByService);
            } else if (checkServiceDependency(dependency, monitorsByService.keySet())) {
                serviceGraph
                        .computeIfAbsent(dependency.service(), service -> new ArrayList<>())
                        .add(dependency.reference());
            }
        }
        checkCycles(serviceGraph, monitorsByService.keySet());
    }

    private boolean checkServiceDependency(Dependency dependency, Collection<String> services) {
        Reference reference = dependency.reference();
        if (reference.name().equals(dependency.service())) {
            report(reference, "a service cannot depend on itself (" + reference.display() + ")");
            return false;
        }
        if (!services.contains(reference.name())) {
            report(reference, Suggestions.unknownName("service", "services", reference.display(), services));
            return false;
        }
        return true;
    }

    private void checkMonitorDependency(
            MonitorKey monitor, Reference reference, Map<String, List<String>> monitorsByService) {
        String name = reference.name();
        if (name.equals(monitor.service())) {
            report(
                    reference,
                    "a monitor cannot depend on its own service (" + reference.display() + "): that includes the"
                            + " monitor itself; name another monitor of it, e.g. " + monitor.service() + "/<monitor>");
            return;
        }
        if (!name.contains("/")) {
            if (!monitorsByService.containsKey(name)) {
                report(
                        reference,
                        Suggestions.unknownName(
                                "service", "services", reference.display(), monitorsByService.keySet()));
            }
            return;
        }
        if (name.equals(monitor.toString())) {
            report(reference, "a monitor cannot depend on itself (" + reference.display() + ")");
            return;
        }
        int slash = name.indexOf('/');
        String service = name.substring(0, slash);
        List<String> monitors = monitorsByService.get(service);
        if (monitors == null || !monitors.contains(name.substring(slash + 1))) {
            List<String> keys = monitorsByService.entrySet().stream()
                    .filter(entry -> monitors == null || entry.getKey().equals(service))
                    .flatMap(entry -> entry.getValue().stream().map(other -> entry.getKey() + "/" + other))
                    .toList();
            report(reference, Suggestions.unknownName("monitor", "monitors", reference.display(), keys));
        }
    }

    /** Reports each cycle once, at the dependsOn entry that closes it, e.g. {@code a → b → a}. */
    private void checkCycles(Map<String, List<Reference>> graph, Collection<String> services) {
        Set<String> done = new HashSet<>();
        for (String service : services) {
            if (!done.contains(service)) {
                visit(service, graph, new ArrayDeque<>(), new HashMap<>(), done);
            }
        }
    }

    private void visit(
            String service,
            Map<String, List<Reference>> graph,
            Deque<String> path,
            Map<String, Integer> onPath,
            Set<String> done) {
        onPath.put(service, path.size());
        path.addLast(service);
        for (Reference dependency : graph.getOrDefault(service, List.of())) {
            String next = dependency.name();
            Integer start = onPath.get(next);
            if (start != null) {
                List<String> cycle = new ArrayList<>(path).subList(start, path.size());
                report(
                        dependency,
                        "dependsOn forms a cycle: " + String.join(" → ", cycle) + " → " + next
                                + "; remove one of these dependencies");
            } else if (!done.contains(next)) {
                visit(next, graph, path, onPath, done);
            }
        }
        path.removeLast();
        onPath.remove(service);
        done.add(service);
    }

    private void report(Reference reference, String message) {
        problems.error(reference.value().node(), reference.value().path(), message);
    }
}
