package dev.steward.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.config.InvalidSettingsException;
import dev.steward.config.SettingProblem;
import dev.steward.config.SettingsResult;
import dev.steward.config.Variable;
import dev.steward.database.DatabaseConnectionException;
import dev.steward.ops.StartupFailureReporter.StartupFailure;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.List;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.PortInUseException;

class StartupFailureClassificationTest {

    @Test
    void invalidSettingsAreConfigInvalidNamingTheVariable() {
        InvalidSettingsException invalid = new InvalidSettingsException(
                new SettingsResult.Invalid(List.of(new SettingProblem(Variable.PORT, "\"x\" is not a whole number"))));

        StartupFailure failure = StartupFailureReporter.classify(invalid);

        assertThat(failure.code()).isEqualTo("config_invalid");
        assertThat(failure.message()).contains("PORT \"x\" is not a whole number", "steward config check");
    }

    @Test
    void invalidSettingsAreFoundInsideOtherExceptions() {
        InvalidSettingsException invalid = new InvalidSettingsException(new SettingsResult.Invalid(List.of(
                new SettingProblem(Variable.BASE_URL, "is not set"),
                new SettingProblem(Variable.DATABASE_URL, "is not set"))));

        StartupFailure failure = StartupFailureReporter.classify(
                new IllegalStateException("context failed", new RuntimeException(invalid)));

        assertThat(failure.code()).isEqualTo("config_invalid");
        assertThat(failure.message()).contains("2 configuration problems", "BASE_URL", "DATABASE_URL");
    }

    @Test
    void refusedDatabaseConnectionIsDatabaseConnectionFailed() {
        SQLException sql = new SQLException(
                "Connection to localhost:5999 refused", "08001", new ConnectException("Connection refused"));

        StartupFailure failure = StartupFailureReporter.classify(new RuntimeException("pool init failed", sql));

        assertThat(failure.code()).isEqualTo("database_connection_failed");
        assertThat(failure.message())
                .contains("Cannot connect to the database", "Connection refused", "DATABASE_URL")
                .contains("(Connection refused). Check DATABASE_URL");
    }

    @Test
    void refusedDatabaseConnectionNamesTheTargetButNotTheCredentials() {
        SQLException sql = new SQLException(
                "Connection to db.internal:5432 refused", "08001", new ConnectException("Connection refused"));

        StartupFailure failure = StartupFailureReporter.classify(
                new IllegalStateException(new DatabaseConnectionException("db.internal:5432/steward", sql)));

        assertThat(failure.code()).isEqualTo("database_connection_failed");
        assertThat(failure.message())
                .startsWith("Cannot connect to the database at db.internal:5432/steward (Connection refused).");
    }

    @Test
    void unknownDatabaseHostIsDatabaseConnectionFailed() {
        SQLException sql =
                new SQLException("The connection attempt failed.", "08001", new UnknownHostException("db.internal"));

        StartupFailure failure = StartupFailureReporter.classify(new RuntimeException(sql));

        assertThat(failure.code()).isEqualTo("database_connection_failed");
        assertThat(failure.message()).contains("db.internal", "DATABASE_URL");
    }

    @Test
    void sqlFailureWithoutStateIsDatabaseConnectionFailed() {
        StartupFailure failure = StartupFailureReporter.classify(new SQLException("I/O error"));

        assertThat(failure.code()).isEqualTo("database_connection_failed");
    }

    @Test
    void rejectedLoginIsDatabaseAuthenticationFailed() {
        SQLException sql = new SQLException("FATAL: password authentication failed for user \"steward\"", "28P01");

        StartupFailure failure = StartupFailureReporter.classify(new RuntimeException(sql));

        assertThat(failure.code()).isEqualTo("database_authentication_failed");
        assertThat(failure.message()).contains("password authentication failed", "DATABASE_URL");
    }

    @Test
    void missingDatabaseIsDatabaseNotFound() {
        SQLException sql = new SQLException("FATAL: database \"steward\" does not exist", "3D000");

        StartupFailure failure = StartupFailureReporter.classify(new RuntimeException(sql));

        assertThat(failure.code()).isEqualTo("database_not_found");
        assertThat(failure.message()).contains("database \"steward\" does not exist", "createdb");
    }

    @Test
    void deepestSqlStateDecides() {
        SQLException inner = new SQLException("password authentication failed", "28P01");
        SQLException outer = new SQLException("Unable to open connection", "08001", inner);

        assertThat(StartupFailureReporter.classify(new RuntimeException(outer)).code())
                .isEqualTo("database_authentication_failed");
    }

    @Test
    void portInUseNamesThePort() {
        StartupFailure failure = StartupFailureReporter.classify(new PortInUseException(8080));

        assertThat(failure.code()).isEqualTo("port_in_use");
        assertThat(failure.message()).contains("8080", "PORT");
    }

    @Test
    void portInUseIsFoundInsideOtherExceptions() {
        StartupFailure failure =
                StartupFailureReporter.classify(new IllegalStateException("web server", new PortInUseException(9443)));

        assertThat(failure.code()).isEqualTo("port_in_use");
        assertThat(failure.message()).contains("9443");
    }

    @Test
    void aFailedMigrationScriptCarriesPostgresqlsReasonInTheMessage() {
        SQLException sql = new SQLException("ERROR: type \"no_such_type\" does not exist", "42704");
        FlywayException flyway = new FlywayException("Failed to execute script V3__add_column.sql.\nLine 1: …", sql);

        StartupFailure failure = StartupFailureReporter.classify(new IllegalStateException(flyway));

        assertThat(failure.code()).isEqualTo("database_migration_failed");
        assertThat(failure.message())
                .startsWith("Migrating Steward's database failed: Failed to execute script V3__add_column.sql"
                        + " (ERROR: type \"no_such_type\" does not exist).")
                .contains("steward db status")
                .doesNotContain("rolled back");
    }

    @Test
    void flywayFailureIsDatabaseMigrationFailed() {
        StartupFailure failure = StartupFailureReporter.classify(new FlywayException("Validate failed"));

        assertThat(failure.code()).isEqualTo("database_migration_failed");
        assertThat(failure.message()).contains("Validate failed");
    }

    @Test
    void flywayFailureCausedBySqlOfAnotherKindIsDatabaseMigrationFailed() {
        SQLException sql = new SQLException("relation \"steward_run\" already exists", "42P07");

        StartupFailure failure = StartupFailureReporter.classify(new FlywayException("Migration V2 failed", sql));

        assertThat(failure.code()).isEqualTo("database_migration_failed");
    }

    @Test
    void anythingElseIsStartupFailedNamingTheRootCause() {
        StartupFailure failure = StartupFailureReporter.classify(
                new RuntimeException("outer", new IllegalStateException("bean wiring broke")));

        assertThat(failure.code()).isEqualTo("startup_failed");
        assertThat(failure.message()).contains("IllegalStateException", "bean wiring broke");
    }

    @Test
    void plainIllegalStateExceptionIsStartupFailed() {
        assertThat(StartupFailureReporter.classify(new IllegalStateException("boom"))
                        .code())
                .isEqualTo("startup_failed");
    }

    @Test
    void selfReferencingCauseDoesNotLoopForever() {
        StartupFailure failure = StartupFailureReporter.classify(new SelfCausedException());

        assertThat(failure.code()).isEqualTo("startup_failed");
    }

    /** An exception whose cause is itself, as some libraries report; classify must still end. */
    private static final class SelfCausedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        @Override
        public synchronized Throwable getCause() {
            return this;
        }
    }
}
