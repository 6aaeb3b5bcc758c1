package dev.steward.access;

/** A request about accounts or tokens that cannot be done as asked; the message names the field and the fix. */
public final class AccessException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String field;

    AccessException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The input the problem is about, e.g. {@code email}, {@code password}, {@code role}. */
    public String field() {
        return field;
    }
}
