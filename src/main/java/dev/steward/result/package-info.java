/**
 * Probe results: written in batches into daily partitions, rolled up by hour, and read back as current state, uptime
 * and latency percentiles.
 */
@NullMarked
package dev.steward.result;

import org.jspecify.annotations.NullMarked;
