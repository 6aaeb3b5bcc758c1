package dev.steward.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.config.DatabaseUrl;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PgTargetTest {

    @Test
    void theClientToolsGetTheConnectionThroughTheEnvironmentOnly() {
        PgTarget target = PgTarget.of(url("postgres://backup:s3cr%40t@db.internal:6543/booky?sslmode=require"));
        Map<String, String> environment = new HashMap<>(
                Map.of("PATH", "/usr/bin", "PGPASSWORD", "inherited", "PGSERVICE", "other", "PGHOST", "elsewhere"));

        target.applyTo(environment);

        assertThat(environment)
                .containsEntry("PATH", "/usr/bin")
                .containsEntry("PGHOST", "db.internal")
                .containsEntry("PGPORT", "6543")
                .containsEntry("PGDATABASE", "booky")
                .containsEntry("PGUSER", "backup")
                .containsEntry("PGPASSWORD", "s3cr@t")
                .containsEntry("PGSSLMODE", "require")
                .containsEntry("PGAPPNAME", "steward-backup")
                .doesNotContainKey("PGSERVICE");
        assertThat(target.dbnameArgument()).isEqualTo("dbname='booky'");
        assertThat(target.describe()).isEqualTo("db.internal:6543/booky");
    }

    @Test
    void severalHostsAndIpv6AddressesBecomeLibpqLists() {
        PgTarget target =
                PgTarget.of(url("jdbc:postgresql://[::1]:5433,db2:5432/app?targetServerType=primary&ssl=true"));
        Map<String, String> environment = new HashMap<>();

        target.applyTo(environment);

        assertThat(environment)
                .containsEntry("PGHOST", "::1,db2")
                .containsEntry("PGPORT", "5433,5432")
                .containsEntry("PGTARGETSESSIONATTRS", "read-write")
                .containsEntry("PGSSLMODE", "verify-full")
                .doesNotContainKey("PGPASSWORD");
    }

    @Test
    void anotherDatabaseOnTheSameServerKeepsCredentialsAndOptions() {
        DatabaseUrl scratch = PgTarget.of(url("postgres://drill:pw@localhost:5432/postgres?sslmode=disable"))
                .withDatabase("x_y");

        assertThat(scratch.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/x_y?sslmode=disable");
        assertThat(scratch.username()).isEqualTo("drill");
        assertThat(scratch.password().value()).isEqualTo("pw");
    }

    @Test
    void quotesInADatabaseNameAreEscapedForLibpq() {
        assertThat(PgTarget.of(url("postgres://u@h/it's")).dbnameArgument()).isEqualTo("dbname='it\\'s'");
    }

    private static DatabaseUrl url(String text) {
        return switch (DatabaseUrl.parse(text)) {
            case DatabaseUrl.Result.Valid valid -> valid.url();
            case DatabaseUrl.Result.Invalid invalid -> throw new AssertionError(invalid.problem());
        };
    }
}
