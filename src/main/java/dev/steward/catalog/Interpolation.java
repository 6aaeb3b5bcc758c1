package dev.steward.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${VAR}} in catalog values with environment variables (how secrets stay out of the file),
 * {@code ${VAR:-default}} with the default when the variable is unset or empty, and {@code $$} with a literal
 * {@code $}. A {@code $} followed by anything else stays as written.
 */
final class Interpolation {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Map<String, String> environment;

    Interpolation(Map<String, String> environment) {
        this.environment = environment;
    }

    /**
     * The text with its references replaced.
     *
     * @param value the text to use; meaningful only when {@code problems} is empty
     * @param interpolated whether the text contained a {@code ${…}} reference, so messages quote it as written
     * @param problems why references could not be replaced, phrased to follow the field's path
     * @param secrets values taken from the environment, mapped to the reference that stands for them in messages
     */
    record Result(String value, boolean interpolated, List<String> problems, Map<String, String> secrets) {}

    Result resolve(String text) {
        if (text.indexOf('$') < 0) {
            return new Result(text, false, List.of(), Map.of());
        }
        StringBuilder value = new StringBuilder(text.length());
        List<String> problems = new ArrayList<>();
        Map<String, String> secrets = new LinkedHashMap<>();
        boolean interpolated = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
            if (c == '$' && next == '$') {
                value.append('$');
                i += 2;
            } else if (c == '$' && next == '{') {
                interpolated = true;
                int close = text.indexOf('}', i + 2);
                if (close < 0) {
                    problems.add("${ is not closed with }; write $$ for a literal $");
                    break;
                }
                String reference = text.substring(i + 2, close);
                int dash = reference.indexOf(":-");
                String name = dash < 0 ? reference : reference.substring(0, dash);
                String variable = environment.get(name);
                if (!NAME.matcher(name).matches()) {
                    problems.add("${" + reference + "} does not name an environment variable (letters, digits and _,"
                            + " not starting with a digit); write $$ for a literal $");
                } else if (variable != null && !variable.isEmpty()) {
                    value.append(variable);
                    secrets.put(variable, "${" + name + "}");
                } else if (dash >= 0) {
                    value.append(reference, dash + 2, reference.length());
                } else {
                    problems.add("environment variable " + name + " is not set; set it, or give a default: ${" + name
                            + ":-default}");
                }
                i = close + 1;
            } else {
                value.append(c);
                i++;
            }
        }
        return new Result(value.toString(), interpolated, problems, secrets);
    }
}
