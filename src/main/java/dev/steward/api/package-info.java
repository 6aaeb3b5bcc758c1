/** Steward's REST API under /api/v1: JSON answers, RFC 9457 problem details, described by an OpenAPI document. */
@NullMarked
package dev.steward.api;

import org.jspecify.annotations.NullMarked;
