package dev.steward.probe.condition;

import java.util.LinkedHashSet;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One condition in the language Gatus users write ({@code [STATUS] == 200}, {@code len([BODY].items) > 0}, …), parsed
 * once when the catalog is loaded and evaluated against the {@link Facts} of every probe. Equal when the text is equal.
 * docs/CONDITIONS.md describes the language.
 */
public final class Condition {

    /** Values longer than this (in bytes) are cut when shown next to a pattern, as Gatus does. */
    private static final int SHOWN_NEXT_TO_PATTERN = 25;

    private static final Set<String> DURATION_PLACEHOLDERS = Set.of("CERTIFICATE_EXPIRATION", "DOMAIN_EXPIRATION");

    private final String text;
    private final Operand left;
    private final Operator operator;
    private final Operand right;
    private final Set<String> placeholders;

    private Condition(String text, ConditionParser.Parsed parsed) {
        this.text = text;
        this.left = parsed.left();
        this.operator = parsed.operator();
        this.right = parsed.right();
        Set<String> names = new LinkedHashSet<>();
        for (Operand side : new Operand[] {left, right}) {
            if (side instanceof Operand.Placeholder placeholder) {
                names.add(placeholder.name());
            }
        }
        this.placeholders = Set.copyOf(names);
    }

    /** Parses a condition; a text that is not one fails with the column of the problem. */
    public static Condition parse(String text) throws ConditionSyntaxException {
        return new Condition(text, ConditionParser.parse(text));
    }

    public String text() {
        return text;
    }

    /** The placeholders the condition reads, without brackets, e.g. {@code STATUS}, {@code BODY}, {@code INFO}. */
    public Set<String> placeholders() {
        return placeholders;
    }

    /**
     * Evaluates the condition against what a probe observed. As in Gatus, a condition that holds is shown as written,
     * and one that fails with the observed values: {@code [STATUS] (503) == 200}.
     */
    public ConditionOutcome evaluate(Facts facts) {
        String leftValue = left.resolve(facts);
        String rightValue = right.resolve(facts);
        if (operator.isEquality()) {
            boolean equal = equal(leftValue, rightValue);
            boolean success = operator == Operator.EQUAL ? equal : !equal;
            return new ConditionOutcome(text, success, success ? text : shown(leftValue, rightValue));
        }
        long leftNumber = orderingValue(left, leftValue);
        long rightNumber = orderingValue(right, rightValue);
        boolean success = operator.holds(leftNumber, rightNumber);
        if (success) {
            return new ConditionOutcome(text, true, text);
        }
        return new ConditionOutcome(
                text,
                false,
                side(left, shownNumber(left, leftNumber)) + " " + operator.symbol() + " "
                        + side(right, shownNumber(right, rightNumber)));
    }

    /**
     * == and !=: a pattern or list on one side decides alone; two integers (Go syntax, so {@code 0x1} equals
     * {@code 1}) compare by value; anything else compares as exact text.
     */
    private boolean equal(String leftValue, String rightValue) {
        if (left instanceof Operand.Pattern pattern) {
            return pattern.glob().matches(rightValue);
        }
        if (right instanceof Operand.Pattern pattern) {
            return pattern.glob().matches(leftValue);
        }
        if (left instanceof Operand.AnyOf any) {
            return any.options().contains(rightValue);
        }
        if (right instanceof Operand.AnyOf any) {
            return any.options().contains(leftValue);
        }
        OptionalLong leftInteger = integer(left, leftValue);
        if (leftInteger.isPresent()) {
            OptionalLong rightInteger = integer(right, rightValue);
            if (rightInteger.isPresent()) {
                return leftInteger.getAsLong() == rightInteger.getAsLong();
            }
        }
        return leftValue.equals(rightValue);
    }

    private static OptionalLong integer(Operand side, String value) {
        return side instanceof Operand.Literal literal ? literal.integer() : NumberSyntax.integer(value);
    }

    private static long orderingValue(Operand side, String value) {
        return side instanceof Operand.Literal literal ? literal.orderingValue() : NumberSyntax.orderingValue(value);
    }

    /** The condition with each resolved side in parentheses after it: {@code [STATUS] (503) == 200}. */
    private String shown(String leftValue, String rightValue) {
        String leftShown = right instanceof Operand.Pattern ? nextToPattern(left, leftValue) : leftValue;
        String rightShown = left instanceof Operand.Pattern ? nextToPattern(right, rightValue) : rightValue;
        return side(left, leftShown) + " " + operator.symbol() + " " + side(right, rightShown);
    }

    private static String nextToPattern(Operand side, String value) {
        if (side instanceof Operand.Placeholder placeholder && value.equals(placeholder.invalid())) {
            return value;
        }
        if (JsonValues.utf8Length(value) <= SHOWN_NEXT_TO_PATTERN) {
            return value;
        }
        int end = value.offsetByCodePoints(0, Math.min(SHOWN_NEXT_TO_PATTERN, value.codePointCount(0, value.length())));
        return value.substring(0, end) + "...(truncated)";
    }

    private static String side(Operand side, String shown) {
        if (shown.equals(side.text())) {
            return side.text();
        }
        if (side instanceof Operand.Placeholder placeholder && shown.equals(placeholder.invalid())) {
            return shown;
        }
        return side.text() + " (" + shown + ")";
    }

    /** A number as shown: certificate and domain expiry as a duration (336h), a written duration as written. */
    private static String shownNumber(Operand side, long value) {
        if (side instanceof Operand.Placeholder placeholder
                && placeholder.isBare()
                && DURATION_PLACEHOLDERS.contains(placeholder.name())) {
            return NumberSyntax.formatMillisAsDuration(value);
        }
        if (side instanceof Operand.Literal literal && NumberSyntax.isDuration(literal.text())) {
            return literal.text();
        }
        return Long.toString(value);
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
