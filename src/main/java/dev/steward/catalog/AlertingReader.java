package dev.steward.catalog;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;

/**
 * Reads the catalog's alerting sections into {@link Alerting}, in two passes: first what services and monitors name
 * (policies), then, once the services are known, what names them.
 */
final class AlertingReader {

    private final CatalogProblems problems;
    private final PolicyReader policyReader;

    private Map<String, AlertPolicy> policies = Map.of();
    private final SequencedSet<String> policyNames = new LinkedHashSet<>(List.of("default"));

    AlertingReader(CatalogValues values) {
        this.problems = values.problems();
        this.policyReader = new PolicyReader(values);
    }

    /** The first pass: the policies, which services and monitors name. */
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
    }

    /** The policy names a monitor may use: {@code default} and every declared policy (also those with errors). */
    SequencedSet<String> policyNames() {
        return policyNames;
    }

    /** The second pass, once the services are read. */
    Alerting read(YamlMapping sections) {
        return new Alerting(policies, Map.of(), List.of(), List.of(), Severity.HIGH);
    }
}
