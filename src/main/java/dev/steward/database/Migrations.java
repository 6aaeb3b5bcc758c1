package dev.steward.database;

import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.ValidateResult;

/**
 * Steward's schema migrations (Flyway, forward-only). The server applies them at start-up through Spring Boot's Flyway
 * support; {@code steward db migrate} and {@code db status} use the same configuration through this class.
 */
public final class Migrations {

    private Migrations() {}

    /**
     * The settings every Flyway run in Steward shares. Clean is disabled (no command can drop Steward's data) and
     * migrations from a newer Steward are tolerated, so that rolling back the binary after a forward-compatible
     * migration still starts.
     */
    public static FluentConfiguration configure(FluentConfiguration configuration) {
        return configuration
                .locations("classpath:db/migration")
                .cleanDisabled(true)
                .outOfOrder(false)
                .validateOnMigrate(true)
                .ignoreMigrationPatterns("*:future");
    }

    /** Applies pending migrations. */
    public static MigrateResult migrate(DataSource dataSource) {
        return flyway(dataSource).migrate();
    }

    /** Every migration this Steward knows or the database has recorded, in order. */
    public static List<MigrationInfo> status(DataSource dataSource) {
        return Arrays.asList(flyway(dataSource).info().all());
    }

    /** Compares the applied migrations with this Steward's (checksums, names, missing files). */
    public static ValidateResult validate(DataSource dataSource) {
        return flyway(dataSource).validateWithResult();
    }

    private static Flyway flyway(DataSource dataSource) {
        return configure(Flyway.configure()).dataSource(dataSource).load();
    }
}
