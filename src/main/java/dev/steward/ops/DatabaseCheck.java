package dev.steward.ops;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;

/** Borrows a pooled connection and runs {@code select 1} with a network timeout, so a hung server cannot stall it. */
final class DatabaseCheck implements DependencyCheck {

    private final DataSource dataSource;

    DatabaseCheck(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public String name() {
        return "db";
    }

    @Override
    public String failureMessage() {
        return "Database connection failed";
    }

    @Override
    public void check(Duration timeout) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setNetworkTimeout(Runnable::run, (int) timeout.toMillis());
            try (Statement statement = connection.createStatement();
                    ResultSet result = statement.executeQuery("select 1")) {
                result.next();
            }
        }
    }
}
