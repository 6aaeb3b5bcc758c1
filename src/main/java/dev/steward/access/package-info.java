/** Accounts and access: users, roles, sessions, API tokens, login rate limits and the audit log. */
@NullMarked
package dev.steward.access;

import org.jspecify.annotations.NullMarked;
