package dev.steward.probe;

import dev.steward.catalog.ProbeSpec;
import java.time.Duration;

/**
 * Observes one kind of target. A prober honours the timeout itself, never throws (every failure is an
 * {@link Observation} with an {@link ErrorCode}), and keeps no platform thread per probe: it runs on the caller's
 * virtual thread.
 */
interface Prober<S extends ProbeSpec> {

    Observation probe(S spec, Duration timeout);
}
