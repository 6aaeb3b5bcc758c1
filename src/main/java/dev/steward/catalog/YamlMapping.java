package dev.steward.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The fields of one YAML mapping of the catalog, by name, in the order written. Reports keys written twice and keys
 * that are not names; merge keys ({@code <<: *anchor}) add the anchor's fields that are not written explicitly.
 */
final class YamlMapping {

    private final YamlValue value;
    private final Map<String, YamlValue> fields;

    private YamlMapping(YamlValue value, Map<String, YamlValue> fields) {
        this.value = value;
        this.fields = fields;
    }

    /**
     * The mapping, or empty (with an error) when the value is written as something else; a value written as nothing
     * counts as an empty mapping.
     *
     * @param expected what the field should hold, e.g. {@code "the service's fields (description, monitors, …)"}
     */
    static Optional<YamlMapping> of(YamlValue value, CatalogProblems problems, String expected) {
        if (value.isNull()) {
            return Optional.of(new YamlMapping(value, new LinkedHashMap<>()));
        }
        if (!(value.node() instanceof MappingNode mapping)) {
            problems.error(value.node(), value.path(), "expected " + expected + ", got " + value.kind());
            return Optional.empty();
        }
        Map<String, YamlValue> fields = new LinkedHashMap<>();
        List<Map.Entry<String, YamlValue>> merged = new ArrayList<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (keyNode.getTag().equals(Tag.MERGE)) {
                merged.addAll(mergedFields(value, tuple.getValueNode(), problems));
                continue;
            }
            if (!(keyNode instanceof ScalarNode key)) {
                problems.error(keyNode, value.path(), "keys must be plain names, not a list or a mapping");
                continue;
            }
            String name = key.getValue();
            YamlValue field = value.field(name, keyNode, tuple.getValueNode());
            YamlValue first = fields.putIfAbsent(name, field);
            if (first != null) {
                problems.error(
                        keyNode,
                        field.path(),
                        "duplicate key; it is already written at line " + CatalogProblems.line(first.anchor())
                                + " (remove one of the two)");
            }
        }
        merged.forEach(field -> fields.putIfAbsent(field.getKey(), field.getValue()));
        return Optional.of(new YamlMapping(value, fields));
    }

    private static List<Map.Entry<String, YamlValue>> mergedFields(
            YamlValue parent, Node source, CatalogProblems problems) {
        List<Node> sources = source instanceof SequenceNode sequence ? sequence.getValue() : List.of(source);
        List<Map.Entry<String, YamlValue>> fields = new ArrayList<>();
        for (Node node : sources) {
            if (!(node instanceof MappingNode mapping)) {
                problems.error(node, parent.path(), "<< merges a mapping (<<: *anchor), not " + kindOf(node));
                continue;
            }
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key) {
                    fields.add(Map.entry(
                            key.getValue(), parent.field(key.getValue(), tuple.getKeyNode(), tuple.getValueNode())));
                }
            }
        }
        return fields;
    }

    private static String kindOf(Node node) {
        return new YamlValue(node, null, "").kind();
    }

    YamlValue value() {
        return value;
    }

    Optional<YamlValue> get(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    /** Every field with its name, in the order written. */
    Map<String, YamlValue> fields() {
        return fields;
    }

    /**
     * Reports every field not in {@code allowed}: with the closest allowed name when one is close, else with the list
     * of allowed names.
     *
     * @param elsewhere a more helpful message for a field that is not allowed here, or empty to use the default
     */
    void rejectUnknown(
            Collection<String> allowed, Function<String, Optional<String>> elsewhere, CatalogProblems problems) {
        fields.forEach((name, field) -> {
            if (allowed.contains(name)) {
                return;
            }
            String message = elsewhere
                    .apply(name)
                    .orElseGet(() -> Suggestions.closest(name, allowed)
                            .map(suggestion -> "unknown field; did you mean `" + suggestion + "`?")
                            .orElse("unknown field; allowed here: " + String.join(", ", allowed)));
            problems.error(field.anchor(), field.path(), message);
        });
    }

    void rejectUnknown(Collection<String> allowed, CatalogProblems problems) {
        rejectUnknown(allowed, name -> Optional.empty(), problems);
    }
}
