/** Incidents: opened by firing alerts, acknowledged and resolved by people, with a timeline and MTTA/MTTR. */
@NullMarked
package dev.steward.incident;

import org.jspecify.annotations.NullMarked;
