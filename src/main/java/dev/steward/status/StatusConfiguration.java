package dev.steward.status;

import dev.steward.alert.Alerts;
import dev.steward.catalog.CatalogService;
import dev.steward.config.Settings;
import dev.steward.incident.Incidents;
import dev.steward.result.MonitorStatistics;
import dev.steward.result.ServiceHistory;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the public status page: its updates, the model it is drawn from, and that model's cache. */
@Configuration(proxyBeanMethods = false)
class StatusConfiguration {

    @Bean
    @DependsOnDatabaseInitialization
    StatusUpdates statusUpdates(DataSource dataSource, Clock clock) {
        return new StatusUpdates(dataSource, clock);
    }

    @Bean
    @DependsOnDatabaseInitialization
    StatusPageCache statusPageCache(
            DataSource dataSource,
            CatalogService catalog,
            MonitorStatistics statistics,
            Alerts alerts,
            Incidents incidents,
            StatusUpdates updates,
            Clock clock,
            Settings settings) {
        StatusPageReader reader = new StatusPageReader(
                catalog::current,
                statistics,
                alerts,
                incidents,
                updates,
                new ServiceHistory(dataSource),
                clock,
                settings.baseUrl());
        return new StatusPageCache(reader, updates::revision, clock);
    }
}
