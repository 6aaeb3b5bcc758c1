/** Backups of PostgreSQL: policies run by pg_dump, storage (local, S3), manifests, encryption, retention, drills. */
@NullMarked
package dev.steward.backup;

import org.jspecify.annotations.NullMarked;
