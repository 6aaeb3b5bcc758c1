/** Heartbeat (push) monitors: the Healthchecks-compatible ping API, each job's runs and the deadlines they miss. */
@NullMarked
package dev.steward.heartbeat;

import org.jspecify.annotations.NullMarked;
