package dev.steward.probe.condition;

/** A condition that cannot be parsed; {@link #column()} is 1-based within the condition's text. */
public final class ConditionSyntaxException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int column;

    public ConditionSyntaxException(int column, String message) {
        super(message);
        this.column = column;
    }

    public int column() {
        return column;
    }
}
