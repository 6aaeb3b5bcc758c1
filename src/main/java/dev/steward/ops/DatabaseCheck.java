package dev.steward.ops;

import dev.steward.database.DatabaseTarget;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Runs {@code select 1} over one connection of its own, kept between checks, with connect, login and network
 * timeouts no longer than the check's. Not through the pool: a pool waiting for a connection would hide why the
 * database cannot be reached ("connection refused", "authentication failed") behind its own timeout, and a flood of
 * health requests could take connections the application needs.
 */
final class DatabaseCheck implements DependencyCheck, AutoCloseable {

    private final DatabaseTarget target;
    private final ReentrantLock lock = new ReentrantLock();
    private @Nullable Connection connection;

    DatabaseCheck(DatabaseTarget target) {
        this.target = target;
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
        if (!lock.tryLock(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new TimeoutException("an earlier check is still waiting for the database");
        }
        try {
            boolean reused = connection != null;
            try {
                selectOne(timeout);
            } catch (SQLException e) {
                drop();
                if (!reused) {
                    throw e;
                }
                selectOne(timeout); // the kept connection may have been cut by a database restart: try a fresh one
            }
        } finally {
            lock.unlock();
        }
    }

    private void selectOne(Duration timeout) throws SQLException {
        Connection current = connection != null ? connection : connect(timeout);
        connection = current;
        current.setNetworkTimeout(Runnable::run, (int) timeout.toMillis());
        try (Statement statement = current.createStatement();
                ResultSet result = statement.executeQuery("select 1")) {
            result.next();
        } catch (SQLException e) {
            drop();
            throw e;
        }
    }

    private Connection connect(Duration timeout) throws SQLException {
        Properties properties = new Properties();
        if (target.username() != null) {
            properties.setProperty("user", target.username());
        }
        if (target.password() != null) {
            properties.setProperty("password", target.password());
        }
        String seconds = String.valueOf(Math.max(1, (timeout.toMillis() + 999) / 1000));
        properties.setProperty("connectTimeout", seconds);
        properties.setProperty("loginTimeout", seconds);
        properties.setProperty("ApplicationName", "steward health check");
        return DriverManager.getConnection(target.jdbcUrl(), properties);
    }

    private void drop() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the connection is broken already; nothing else to release
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            drop();
        } finally {
            lock.unlock();
        }
    }
}
