/** The web UI: server-rendered pages (Thymeleaf), live updates over server-sent events, no JavaScript build step. */
@NullMarked
package dev.steward.web;

import org.jspecify.annotations.NullMarked;
