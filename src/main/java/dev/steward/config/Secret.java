package dev.steward.config;

/** A value that must never appear in logs, messages or {@code toString()} output. */
public record Secret(String value) {

    /** How many characters the secret has, which can be reported without revealing it. */
    public int length() {
        return value.length();
    }

    @Override
    public String toString() {
        return "******";
    }
}
