package dev.steward.probe.condition;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The path after a placeholder, such as {@code .checks.db.ok}, {@code .data[0].id} or {@code [0].id}: keys after dots
 * and array indexes in brackets, parsed once and walked over the placeholder's JSON tree.
 */
final class JsonPath {

    private static final JsonPath NONE = new JsonPath(List.of());

    private final List<Step> steps;

    private JsonPath(List<Step> steps) {
        this.steps = steps;
    }

    /** One step of a path: a key of an object or an index of an array. */
    sealed interface Step {}

    record Key(String name) implements Step {}

    record Index(int index) implements Step {}

    static JsonPath none() {
        return NONE;
    }

    boolean isEmpty() {
        return steps.isEmpty();
    }

    List<Step> steps() {
        return steps;
    }

    /**
     * Parses a path; {@code column} is where it starts in the condition, for errors.
     *
     * @throws ConditionSyntaxException for an empty key, a non-numeric or unclosed index, or a stray bracket
     */
    static JsonPath parse(String path, int column, String placeholder) throws ConditionSyntaxException {
        List<Step> steps = new ArrayList<>();
        int i = 0;
        int n = path.length();
        while (i < n) {
            char c = path.charAt(i);
            if (c == '.') {
                int start = ++i;
                while (i < n && path.charAt(i) != '.' && path.charAt(i) != '[') {
                    if (path.charAt(i) == ']') {
                        throw new ConditionSyntaxException(
                                column + i,
                                "unexpected ] in the path after " + placeholder
                                        + "; an array index is written [0], e.g. [BODY].data[0].id");
                    }
                    i++;
                }
                if (i == start) {
                    throw new ConditionSyntaxException(
                            column + start,
                            "expected a key after the . in the path after " + placeholder + ", e.g. [BODY].status");
                }
                steps.add(new Key(path.substring(start, i)));
            } else if (c == '[') {
                int start = ++i;
                while (i < n && path.charAt(i) >= '0' && path.charAt(i) <= '9') {
                    i++;
                }
                if (i == start) {
                    throw new ConditionSyntaxException(
                            column + start,
                            "an array index must be a number, e.g. " + placeholder + "[0] or [BODY].data[0].id");
                }
                if (i >= n || path.charAt(i) != ']') {
                    throw new ConditionSyntaxException(
                            column + i,
                            "the [ of an array index is not closed: expected ] after " + path.substring(start - 1, i));
                }
                steps.add(new Index(index(path.substring(start, i))));
                i++;
            } else {
                throw new ConditionSyntaxException(
                        column + i,
                        "unexpected " + c + " after " + placeholder + path.substring(0, i)
                                + "; a path goes on with .key or [index], e.g. [BODY].data[0].id");
            }
        }
        return new JsonPath(List.copyOf(steps));
    }

    private static int index(String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException tooLarge) {
            return Integer.MAX_VALUE; // no array is that long: the path resolves to nothing
        }
    }

    /** The node at the end of the path, or null when a step is missing, leads through a non-container, or is null. */
    JsonNode walk(JsonNode root) {
        JsonNode node = root;
        for (Step step : steps) {
            if (node == null || node.isNull()) {
                return null;
            }
            node = switch (step) {
                case Key key -> node.isObject() ? node.get(key.name()) : null;
                case Index index -> node.isArray() && index.index() < node.size() ? node.get(index.index()) : null;
            };
        }
        return node == null || node.isNull() || node.isMissingNode() ? null : node;
    }
}
