/** Probing monitors: one prober per kind, the runner that applies conditions, and the scheduler that runs them. */
@NullMarked
package dev.steward.probe;

import org.jspecify.annotations.NullMarked;
