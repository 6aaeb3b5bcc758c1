package dev.steward.result;

import java.time.Duration;

/** The windows uptime and latency figures are usually asked for, each ending now. */
public enum Window {
    LAST_24_HOURS(Duration.ofHours(24)),
    LAST_7_DAYS(Duration.ofDays(7)),
    LAST_30_DAYS(Duration.ofDays(30)),
    LAST_90_DAYS(Duration.ofDays(90));

    private final Duration length;

    Window(Duration length) {
        this.length = length;
    }

    public Duration length() {
        return length;
    }
}
