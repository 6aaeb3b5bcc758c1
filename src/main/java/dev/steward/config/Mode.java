package dev.steward.config;

/** How strict Steward is about its settings. */
public enum Mode {
    /** Defaults for everything, an embedded database, a random session secret. */
    DEVELOPMENT,
    /** Required settings must be present and safe; every problem is reported before a port opens. */
    PRODUCTION
}
