/**
 * The public status page: /status, the Statuspage-compatible /api/v2 JSON, SVG badges, and the public updates
 * operators write on incidents.
 */
@NullMarked
package dev.steward.status;

import org.jspecify.annotations.NullMarked;
