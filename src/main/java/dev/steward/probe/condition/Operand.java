package dev.steward.probe.condition;

import java.util.List;
import java.util.OptionalLong;
import tools.jackson.databind.JsonNode;

/** One side of a condition, parsed once: a literal, a placeholder (maybe in len() or has()), pat() or any(). */
sealed interface Operand {

    /** The side as written, without surrounding spaces. */
    String text();

    /** The 1-based column where the side starts in the condition. */
    int column();

    /** The value the side has for one probe; a placeholder that has no value reads {@code <text> (INVALID)}. */
    String resolve(Facts facts);

    /** Text taken as written; its number for {@code <}, {@code >}, … is worked out once. */
    record Literal(String text, int column, OptionalLong integer, long orderingValue) implements Operand {

        static Literal of(String text, int column) {
            return new Literal(text, column, NumberSyntax.integer(text), NumberSyntax.orderingValue(text));
        }

        @Override
        public String resolve(Facts facts) {
            return text;
        }
    }

    /** What {@code len()} and {@code has()} make of a placeholder; {@code VALUE} when there is no function. */
    enum Function {
        VALUE,
        LEN,
        HAS
    }

    /** {@code [NAME]}, {@code [NAME].path[0]}, {@code len([NAME]…)} or {@code has([NAME]…)}. */
    record Placeholder(String text, int column, String name, JsonPath path, Function function) implements Operand {

        String invalid() {
            return text + " (INVALID)";
        }

        boolean isBare() {
            return path.isEmpty() && function == Function.VALUE;
        }

        @Override
        public String resolve(Facts facts) {
            if (path.isEmpty()) {
                return resolveWhole(facts);
            }
            JsonNode node = facts.json(name).map(path::walk).orElse(null);
            return switch (function) {
                case HAS -> Boolean.toString(node != null);
                case LEN -> node == null ? invalid() : Integer.toString(JsonValues.length(node));
                case VALUE -> node == null ? invalid() : JsonValues.text(node);
            };
        }

        private String resolveWhole(Facts facts) {
            String value = facts.text(name).map(String::strip).orElse(null);
            if (value == null) {
                JsonNode document = facts.json(name).orElse(null);
                return switch (function) {
                    case HAS -> Boolean.toString(document != null);
                    case LEN -> document == null ? invalid() : Integer.toString(JsonValues.length(document));
                    case VALUE -> document == null ? invalid() : JsonValues.json(document);
                };
            }
            return switch (function) {
                case HAS -> Boolean.toString(!value.isEmpty());
                case LEN -> Integer.toString(wholeLength(facts, value));
                case VALUE -> value;
            };
        }

        /** An array counts its elements; any other value its bytes. JSON is only parsed when it may be an array. */
        private int wholeLength(Facts facts, String value) {
            if (value.startsWith("[") && value.endsWith("]")) {
                JsonNode document = facts.json(name).orElse(null);
                if (document != null && document.isArray()) {
                    return document.size();
                }
            }
            return JsonValues.utf8Length(value);
        }
    }

    /** {@code pat(…)}: the value on the other side must match the pattern. */
    record Pattern(String text, int column, Glob glob) implements Operand {
        @Override
        public String resolve(Facts facts) {
            return text;
        }
    }

    /** {@code any(a, b, …)}: the value on the other side must be one of the listed texts. */
    record AnyOf(String text, int column, List<String> options) implements Operand {
        @Override
        public String resolve(Facts facts) {
            return text;
        }
    }
}
