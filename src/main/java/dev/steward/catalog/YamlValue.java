package dev.steward.catalog;

import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A value of the catalog file with where it is: its YAML node (which knows its line and column), the key it was
 * written under, and its field path for messages ({@code services.booky-api.monitors.health.interval}).
 */
record YamlValue(Node node, @Nullable Node key, String path) {

    /** The value of a field of this value's mapping. */
    YamlValue field(String name, Node keyNode, Node valueNode) {
        return new YamlValue(valueNode, keyNode, path.isEmpty() ? name : path + "." + name);
    }

    /** An item of this value's list. */
    YamlValue item(int index, Node itemNode) {
        return new YamlValue(itemNode, null, path + "[" + index + "]");
    }

    /** Where to point at the value as a whole: its key when it has one (the value of a mapping may start lines later). */
    Node anchor() {
        return key != null ? key : node;
    }

    /** A value written as nothing ({@code description:}, {@code ~} or {@code null}). */
    boolean isNull() {
        return node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL);
    }

    /** How the value is written, for "expected …, got …" messages. */
    String kind() {
        return switch (node) {
            case MappingNode mapping -> "a mapping";
            case SequenceNode sequence -> "a list";
            case ScalarNode scalar when scalar.getTag().equals(Tag.NULL) -> "nothing";
            default -> "a single value";
        };
    }
}
