/**
 * Steward's command line (picocli): {@code start}, {@code config …}, {@code db …}, {@code check}, {@code healthcheck},
 * and {@code status}, {@code incident …}, {@code silence …} and {@code notify …}, which act on a running Steward.
 */
@NullMarked
package dev.steward.cli;

import org.jspecify.annotations.NullMarked;
