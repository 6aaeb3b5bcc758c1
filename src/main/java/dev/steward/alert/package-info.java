/** Alerts: the per-monitor alert state machine with hysteresis, threshold rules, suppression and evaluation. */
@NullMarked
package dev.steward.alert;

import org.jspecify.annotations.NullMarked;
