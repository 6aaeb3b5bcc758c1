package dev.steward.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Names an HTTP change the way the audit log shows it, the same for the API and the UI: {@code POST
 * /api/v1/incidents/{id}/acknowledge} and {@code POST /incidents/{id}/acknowledge} are both
 * {@code incidents.acknowledge} on target {@code incidents 12}.
 */
final class AuditActions {

    private AuditActions() {}

    /** The action of a request matched by the handler pattern {@code pattern} (or the raw path). */
    static String action(String method, String pattern) {
        List<String> segments = segments(pattern);
        List<String> literals = new ArrayList<>();
        boolean endsWithVariable = false;
        for (String segment : segments) {
            endsWithVariable = isVariable(segment) || isNumber(segment);
            if (!endsWithVariable) {
                literals.add(segment);
            }
        }
        String base = literals.isEmpty() ? "root" : String.join(".", literals);
        String verb = switch (method.toUpperCase(Locale.ROOT)) {
            case "DELETE" -> ".delete";
            case "PUT", "PATCH" -> ".update";
            case "POST" -> literals.size() == 1 && !endsWithVariable ? ".create" : "";
            default -> "";
        };
        return base + verb;
    }

    /** What the request acted on: the first resource and the values of the path's variables, e.g. "incidents 12". */
    static Optional<String> target(String pattern, Map<String, String> variables) {
        List<String> segments = segments(pattern);
        if (segments.isEmpty() || variables.isEmpty()) {
            return Optional.empty();
        }
        List<String> values = new ArrayList<>();
        for (String segment : segments) {
            if (isVariable(segment)) {
                String name = segment.substring(1, segment.length() - 1).replaceFirst(":.*", "");
                values.add(variables.getOrDefault(name, "?"));
            }
        }
        return Optional.of(segments.getFirst() + " " + String.join("/", values));
    }

    private static List<String> segments(String pattern) {
        String path = pattern;
        for (String prefix : List.of("/api/v1", "/admin")) {
            if (path.startsWith(prefix + "/") || path.equals(prefix)) {
                path = path.substring(prefix.length());
                break;
            }
        }
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(segment);
            }
        }
        return segments;
    }

    private static boolean isVariable(String segment) {
        return segment.startsWith("{") && segment.endsWith("}");
    }

    private static boolean isNumber(String segment) {
        return segment.chars().allMatch(Character::isDigit);
    }
}
