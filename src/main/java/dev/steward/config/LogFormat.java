package dev.steward.config;

/** The shape of Steward's log lines on stdout. */
public enum LogFormat {
    /** One JSON object per line, for log collectors and {@code jq}. */
    JSON,
    /** Aligned text, for a human at a terminal. */
    PRETTY
}
