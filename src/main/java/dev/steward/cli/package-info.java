/** Steward's command line (picocli): {@code start}, {@code config check}, {@code db …} and {@code healthcheck}. */
@NullMarked
package dev.steward.cli;

import org.jspecify.annotations.NullMarked;
