/**
 * Steward's command line (picocli): {@code start}, {@code config …}, {@code db …}, {@code check}, {@code healthcheck},
 * and {@code status}, {@code incident …}, {@code silence …}, {@code notify …} and {@code backup …}, which act on a
 * running Steward ({@code backup restore} works without one).
 */
@NullMarked
package dev.steward.cli;

import org.jspecify.annotations.NullMarked;
