package dev.steward.catalog;

import dev.steward.probe.condition.Condition;
import dev.steward.probe.condition.ConditionSyntaxException;
import java.util.Set;

/** Parses a monitor's condition and says which placeholders it reads; a seam so reader tests can stand in for it. */
@FunctionalInterface
interface ConditionParser {

    /** The condition language's own parser. */
    ConditionParser STANDARD = text -> {
        Condition condition = Condition.parse(text);
        return new Parsed(condition, condition.placeholders());
    };

    Parsed parse(String text) throws ConditionSyntaxException;

    /** A parsed condition and the placeholders it reads, without brackets. */
    record Parsed(Condition condition, Set<String> placeholders) {}
}
