/** The catalog: services and monitors read from steward.yml, validated with file:line:column messages, and reloaded. */
@NullMarked
package dev.steward.catalog;

import org.jspecify.annotations.NullMarked;
