/** Alerts from other tools: Alertmanager's webhook and a PagerDuty Events API v2-compatible endpoint. */
@NullMarked
package dev.steward.intake;

import org.jspecify.annotations.NullMarked;
