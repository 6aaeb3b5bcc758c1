package dev.steward.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;

/** Builds the connection pool to Steward's database, with limits that keep a sick database from stalling Steward. */
public final class DataSources {

    private DataSources() {}

    /**
     * A pool that fails a request for a connection after a few seconds instead of Hikari's default 30. Creating it
     * connects once, so an unreachable database fails start-up at once with the driver's reason.
     */
    public static HikariDataSource pool(DatabaseTarget target, int maximumSize) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("steward");
        config.setJdbcUrl(target.jdbcUrl());
        if (target.username() != null) {
            config.setUsername(target.username());
        }
        if (target.password() != null) {
            config.setPassword(target.password());
        }
        config.setMaximumPoolSize(maximumSize);
        config.setMinimumIdle(Math.min(2, maximumSize));
        config.setConnectionTimeout(Duration.ofSeconds(5).toMillis());
        config.setValidationTimeout(Duration.ofSeconds(2).toMillis());
        config.addDataSourceProperty("ApplicationName", "steward");
        config.addDataSourceProperty("connectTimeout", "5");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        return new HikariDataSource(config);
    }
}
