package dev.steward.probe.condition;

/**
 * The six comparison operators, in the order a condition is searched for them: a condition uses the first of these
 * that appears in it with a space on each side, so {@code [BODY].text == a < b} compares with the text {@code a < b}.
 */
enum Operator {
    EQUAL("=="),
    NOT_EQUAL("!="),
    LESS_OR_EQUAL("<="),
    GREATER_OR_EQUAL(">="),
    GREATER(">"),
    LESS("<");

    /** How the operators are listed in error messages. */
    static final String LIST = "==, !=, <, <=, >, >=";

    private final String symbol;

    Operator(String symbol) {
        this.symbol = symbol;
    }

    String symbol() {
        return symbol;
    }

    /** True for ==, != (which compare text, patterns and lists); false for the four that compare numbers. */
    boolean isEquality() {
        return this == EQUAL || this == NOT_EQUAL;
    }

    static Operator bySymbol(String symbol) {
        for (Operator operator : values()) {
            if (operator.symbol.equals(symbol)) {
                return operator;
            }
        }
        return null;
    }

    boolean holds(long left, long right) {
        return switch (this) {
            case LESS_OR_EQUAL -> left <= right;
            case GREATER_OR_EQUAL -> left >= right;
            case GREATER -> left > right;
            case LESS -> left < right;
            case EQUAL -> left == right;
            case NOT_EQUAL -> left != right;
        };
    }
}
