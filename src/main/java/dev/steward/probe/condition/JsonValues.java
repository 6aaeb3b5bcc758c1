package dev.steward.probe.condition;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * How a JSON value reached by a path reads in a condition, the way Gatus shows it: a string as its text, a number in
 * plain notation, an array as {@code [a b c]}, an object as minified JSON with sorted keys; and how {@code len()}
 * counts it (elements of an array, otherwise bytes of that text in UTF-8).
 */
final class JsonValues {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonValues() {}

    static String text(JsonNode node) {
        if (node.isString()) {
            return node.stringValue();
        }
        if (node.isNumber()) {
            return number(node);
        }
        if (node.isBoolean()) {
            return Boolean.toString(node.booleanValue());
        }
        if (node.isArray()) {
            StringBuilder out = new StringBuilder();
            listItem(node, out);
            return out.toString();
        }
        if (node.isObject()) {
            return json(node);
        }
        return node.asString();
    }

    static int length(JsonNode node) {
        return node.isArray() ? node.size() : utf8Length(text(node));
    }

    /** Minified JSON with object keys sorted. */
    static String json(JsonNode node) {
        StringBuilder out = new StringBuilder();
        writeJson(node, out);
        return out.toString();
    }

    /** The number of bytes of the text in UTF-8 (what Gatus counts as a length). */
    static int utf8Length(String text) {
        int length = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            length += codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            i += Character.charCount(codePoint);
        }
        return length;
    }

    /** A JSON number in plain notation: integers exactly, decimals in their shortest form, never with an exponent. */
    static String number(JsonNode node) {
        if (node.isIntegralNumber()) {
            return node.bigIntegerValue().toString();
        }
        BigDecimal decimal;
        if (node.isBigDecimal()) {
            decimal = node.decimalValue();
        } else {
            double value = node.doubleValue();
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                return Double.toString(value);
            }
            decimal = new BigDecimal(node.isFloat() ? Float.toString(node.floatValue()) : Double.toString(value));
        }
        decimal = decimal.stripTrailingZeros();
        if (decimal.signum() == 0) {
            return "0";
        }
        return decimal.toPlainString();
    }

    private static void listItem(JsonNode node, StringBuilder out) {
        if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(' ');
                }
                listItem(node.get(i), out);
            }
            out.append(']');
        } else if (node.isObject()) {
            out.append("map[");
            boolean first = true;
            for (Map.Entry<String, JsonNode> entry : sortedProperties(node)) {
                if (!first) {
                    out.append(' ');
                }
                first = false;
                out.append(entry.getKey()).append(':');
                listItem(entry.getValue(), out);
            }
            out.append(']');
        } else if (node.isNull()) {
            out.append("<nil>");
        } else {
            out.append(text(node));
        }
    }

    private static void writeJson(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonNode> entry : sortedProperties(node)) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                writeString(entry.getKey(), out);
                out.append(':');
                writeJson(entry.getValue(), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                writeJson(node.get(i), out);
            }
            out.append(']');
        } else if (node.isString()) {
            writeString(node.stringValue(), out);
        } else if (node.isNumber()) {
            out.append(number(node));
        } else if (node.isBoolean()) {
            out.append(node.booleanValue());
        } else {
            out.append("null");
        }
    }

    private static List<Map.Entry<String, JsonNode>> sortedProperties(JsonNode node) {
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(node.properties());
        entries.sort(Map.Entry.comparingByKey());
        return entries;
    }

    /** A JSON string with the escaping Go's encoder uses (including {@code <}, {@code >} and {@code &}). */
    private static void writeString(String value, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        out.append("\\u")
                                .append(HEX[c >> 12 & 0xF])
                                .append(HEX[c >> 8 & 0xF])
                                .append(HEX[c >> 4 & 0xF])
                                .append(HEX[c & 0xF]);
                    } else if (Character.isSurrogate(c)
                            && !(Character.isHighSurrogate(c)
                                    && i + 1 < value.length()
                                    && Character.isLowSurrogate(value.charAt(i + 1)))
                            && !(Character.isLowSurrogate(c)
                                    && i > 0
                                    && Character.isHighSurrogate(value.charAt(i - 1)))) {
                        out.append("\\ufffd");
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
