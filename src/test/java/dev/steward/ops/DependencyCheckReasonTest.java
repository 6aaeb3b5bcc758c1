package dev.steward.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class DependencyCheckReasonTest {

    @Test
    void refusedConnectionIsConnectionRefused() {
        assertThat(DependencyChecks.reason(new ConnectException("Connection refused: secret-host/10.1.2.3:5432")))
                .isEqualTo("connection refused");
    }

    @Test
    void refusedConnectionDeepInTheCauseChainIsConnectionRefused() {
        SQLException sql = new SQLException(
                "Connection to secret-host:5432 refused", "08001", new ConnectException("Connection refused"));

        assertThat(DependencyChecks.reason(new RuntimeException("Failed to obtain JDBC Connection", sql)))
                .isEqualTo("connection refused");
    }

    @Test
    void connectionFailureStateWithoutCauseIsConnectionRefused() {
        assertThat(DependencyChecks.reason(new SQLException("Connection to secret-host:5432 refused", "08001")))
                .isEqualTo("connection refused");
    }

    @Test
    void wrongPasswordIsAuthenticationFailed() {
        SQLException sql = new SQLException("password authentication failed for user \"steward\"", "28P01");

        assertThat(DependencyChecks.reason(new RuntimeException("wrapped", sql)))
                .isEqualTo("authentication failed");
    }

    @Test
    void invalidAuthorizationIsAuthenticationFailed() {
        assertThat(DependencyChecks.reason(new SQLException("no pg_hba.conf entry", "28000")))
                .isEqualTo("authentication failed");
    }

    @Test
    void missingDatabaseIsDatabaseDoesNotExist() {
        SQLException sql = new SQLException("database \"steward\" does not exist", "3D000");

        assertThat(DependencyChecks.reason(new RuntimeException(sql))).isEqualTo("database does not exist");
    }

    @Test
    void serverStartingUpOrFullIsNamed() {
        assertThat(DependencyChecks.reason(new SQLException("the database system is starting up", "57P03")))
                .isEqualTo("database is starting up or shutting down");
        assertThat(DependencyChecks.reason(new SQLException("sorry, too many clients already", "53300")))
                .isEqualTo("too many connections");
    }

    @Test
    void timeoutsAreTimedOut() {
        assertThat(DependencyChecks.reason(new TimeoutException())).isEqualTo("timed out");
        assertThat(DependencyChecks.reason(new RuntimeException(new SocketTimeoutException("Read timed out"))))
                .isEqualTo("timed out");
    }

    @Test
    void exceptionNamedTimeoutIsTimedOut() {
        assertThat(DependencyChecks.reason(new RuntimeException(new CommandTimeoutException("secret-host:6379"))))
                .isEqualTo("timed out");
    }

    @Test
    void unknownHostIsUnknownHost() {
        assertThat(DependencyChecks.reason(new RuntimeException(new UnknownHostException("secret-host"))))
                .isEqualTo("unknown host");
    }

    @Test
    void unreachableNetworkIsNoRouteToHost() {
        assertThat(DependencyChecks.reason(new NoRouteToHostException("secret-host")))
                .isEqualTo("no route to host");
    }

    @Test
    void unknownFailureNamesOnlyTheExceptionType() {
        String reason = DependencyChecks.reason(new IllegalStateException("cannot reach secret-host:5432 as admin"));

        assertThat(reason).isEqualTo("failed (IllegalStateException)");
        assertThat(reason).doesNotContain("secret-host", "5432", "admin");
    }

    @Test
    void anAnonymousExceptionClassIsNamedByItsFullName() {
        String reason = DependencyChecks.reason(new IllegalStateException() {});

        assertThat(reason).startsWith("failed (dev.steward.ops.DependencyCheckReasonTest$");
    }

    @Test
    void unknownFailureNamesTheRootCauseType() {
        String reason = DependencyChecks.reason(new RuntimeException(
                "wrapper mentioning secret-host:5432", new IllegalArgumentException("password=hunter2")));

        assertThat(reason).isEqualTo("failed (IllegalArgumentException)").doesNotContain("secret-host", "hunter2");
    }

    @Test
    void sqlStateOfAnotherKindIsNotGuessed() {
        String reason = DependencyChecks.reason(new SQLException("relation \"secret_table\" does not exist", "42P01"));

        assertThat(reason).isEqualTo("failed (SQLException)").doesNotContain("secret_table");
    }

    /** Stands in for client libraries' own timeout types, such as Lettuce's RedisCommandTimeoutException. */
    private static final class CommandTimeoutException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CommandTimeoutException(String message) {
            super(message);
        }
    }
}
