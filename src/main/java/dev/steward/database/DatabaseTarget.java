package dev.steward.database;

import dev.steward.config.DatabaseUrl;
import org.jspecify.annotations.Nullable;

/**
 * Where Steward's database is and how to log in.
 *
 * @param description host, port and database for messages; never credentials
 * @param embedded whether this is the embedded PostgreSQL under the data directory
 */
public record DatabaseTarget(
        String jdbcUrl, @Nullable String username, @Nullable String password, String description, boolean embedded) {

    static DatabaseTarget external(DatabaseUrl url) {
        return new DatabaseTarget(
                url.jdbcUrl(),
                url.username(),
                url.password() == null ? null : url.password().value(),
                url.describe(),
                false);
    }

    @Override
    public String toString() {
        return "DatabaseTarget[" + description + (embedded ? ", embedded" : "") + "]";
    }
}
