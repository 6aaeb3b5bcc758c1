/** Typed settings read from environment variables, with fail-fast validation that reports every problem at once. */
@NullMarked
package dev.steward.config;

import org.jspecify.annotations.NullMarked;
