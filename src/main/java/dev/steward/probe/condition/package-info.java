/** The condition language of monitors (Gatus's, with the same meaning): parsing once, evaluating per probe. */
package dev.steward.probe.condition;
