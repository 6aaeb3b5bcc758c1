package dev.steward.database;

import com.zaxxer.hikari.HikariDataSource;
import dev.steward.config.Settings;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    @Bean(destroyMethod = "close")
    StewardDatabase stewardDatabase(Settings settings) {
        return StewardDatabase.forServer(settings);
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(StewardDatabase database, Settings settings) {
        try {
            return DataSources.pool(database.target(), settings.databasePoolSize());
        } catch (RuntimeException e) {
            throw new DatabaseConnectionException(database.target().description(), e);
        }
    }

    @Bean
    FlywayConfigurationCustomizer stewardMigrations() {
        return Migrations::configure;
    }
}
