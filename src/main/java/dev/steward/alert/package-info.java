/** Alerts: policies, the per-monitor alert state machine with hysteresis, and (later) threshold rules. */
@NullMarked
package dev.steward.alert;

import org.jspecify.annotations.NullMarked;
