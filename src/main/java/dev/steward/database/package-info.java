/** Steward's own PostgreSQL: the external or embedded server, the connection pool, and forward-only migrations. */
@NullMarked
package dev.steward.database;

import org.jspecify.annotations.NullMarked;
