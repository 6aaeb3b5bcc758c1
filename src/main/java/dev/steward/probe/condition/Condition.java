package dev.steward.probe.condition;

import java.util.Set;

/**
 * One condition in the language Gatus users write ({@code [STATUS] == 200}, {@code len([BODY].items) > 0}, …), parsed
 * once when the catalog is loaded and evaluated against the {@link Facts} of every probe. Equal when the text is equal.
 */
public final class Condition {

    private final String text;

    private Condition(String text) {
        this.text = text;
    }

    /** Parses a condition; a text that is not one fails with the column of the problem. */
    public static Condition parse(String text) throws ConditionSyntaxException {
        // Placeholder until the condition language lands.
        return new Condition(text);
    }

    public String text() {
        return text;
    }

    /** The placeholders the condition reads, without brackets, e.g. {@code STATUS}, {@code BODY}, {@code INFO}. */
    public Set<String> placeholders() {
        return Set.of();
    }

    /** Evaluates the condition against what a probe observed. */
    public ConditionOutcome evaluate(Facts facts) {
        return new ConditionOutcome(text, false, text);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Condition condition && condition.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
