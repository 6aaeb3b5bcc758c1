package dev.steward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.database.DatabaseTarget;
import java.net.UnknownHostException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** {@code steward db ping} says which of the usual failures happened, and what to check. */
class DbPingMessageTest {

    private final DatabaseTarget target =
            new DatabaseTarget("jdbc:postgresql://db:5432/steward", "steward", "pw", "db:5432/steward", false);

    @Test
    void anUnknownHostIsNamed() {
        SQLException e = new SQLException(
                "The connection attempt failed.", "08001", new UnknownHostException("no-such-host.invalid"));

        assertThat(DbCommand.Ping.explain(target, e))
                .isEqualTo("cannot reach the database at db:5432/steward (unknown host no-such-host.invalid). Check"
                        + " DATABASE_URL and that PostgreSQL is running and reachable from this host.");
    }

    @Test
    void aRefusedLoginNamesTheUserAndNotThePassword() {
        SQLException e = new SQLException("FATAL: password authentication failed for user \"steward\"", "28P01");

        assertThat(DbCommand.Ping.explain(target, e))
                .startsWith("the database at db:5432/steward refused the login of user steward")
                .contains("Check the user and password in DATABASE_URL.")
                .doesNotContain("pw");
    }
}
