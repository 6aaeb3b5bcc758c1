package dev.steward.ops;

import java.time.Duration;

/** A dependency that readiness and deep health check: Steward's database, or Redis when configured. */
interface DependencyCheck {

    /** The key under {@code checks}, e.g. {@code db}. */
    String name();

    /** The error shown when the check fails, naming the dependency. */
    String failureMessage();

    /**
     * Talks to the dependency once. Returning normally means healthy; any exception means not.
     *
     * @param timeout how long the dependency may take; the caller also stops waiting after it
     */
    void check(Duration timeout) throws Exception;
}
