package dev.steward.catalog;

import dev.steward.probe.condition.Condition;
import dev.steward.probe.condition.ConditionSyntaxException;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Stands in for the condition language in reader tests, so they pin the reader's own behaviour (columns, placeholder
 * checks): a condition containing {@code !!} is a syntax error at the first {@code !}; placeholders are the
 * {@code [NAME]}s it contains.
 */
final class TestConditions implements ConditionParser {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\[([A-Z_]+)]");

    @Override
    public Parsed parse(String text) throws ConditionSyntaxException {
        int bad = text.indexOf("!!");
        if (bad >= 0) {
            throw new ConditionSyntaxException(bad + 1, "unexpected !!");
        }
        Set<String> placeholders =
                PLACEHOLDER.matcher(text).results().map(match -> match.group(1)).collect(Collectors.toSet());
        return new Parsed(Condition.parse(text), placeholders);
    }
}
