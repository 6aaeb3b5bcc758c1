package dev.steward.result;

import dev.steward.config.Settings;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ResultsConfiguration {

    @Bean
    @DependsOnDatabaseInitialization
    Rollups resultRollups(DataSource dataSource) {
        return new Rollups(dataSource);
    }

    /** A lifecycle bean: its writer starts with the context and writes what is buffered when it stops. */
    @Bean
    @DependsOnDatabaseInitialization
    ResultStore resultStore(DataSource dataSource, Rollups rollups, MeterRegistry meters) {
        return new ResultStore(new ResultBatchWriter(dataSource), rollups, ResultStore.DEFAULT_CAPACITY, meters);
    }

    @Bean
    @DependsOnDatabaseInitialization
    ResultMaintenance resultMaintenance(DataSource dataSource, Rollups rollups, Settings settings, Clock clock) {
        return new ResultMaintenance(
                new PartitionMaintenance(dataSource, settings.resultsRetention(), settings.rollupRetention()),
                rollups,
                clock);
    }

    @Bean
    @DependsOnDatabaseInitialization
    MonitorStatistics monitorStatistics(DataSource dataSource, Clock clock, Settings settings) {
        return new MonitorStatistics(dataSource, clock, settings.resultsRetention(), settings.rollupRetention());
    }
}
