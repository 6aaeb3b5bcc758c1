/**
 * Steward's own production surface: liveness, readiness and deep health endpoints, request ids and JSON logs, start-up
 * failure reports, and graceful shutdown.
 */
@NullMarked
package dev.steward.ops;

import org.jspecify.annotations.NullMarked;
