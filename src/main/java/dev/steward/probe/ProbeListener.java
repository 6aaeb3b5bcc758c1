package dev.steward.probe;

/**
 * Receives every probe result as the scheduler produces it (the results store, later the alert evaluator). Called on
 * the probe's thread or the scheduler's timer thread: it must return quickly and never block on I/O.
 */
@FunctionalInterface
public interface ProbeListener {

    void onResult(ProbeResult result);
}
