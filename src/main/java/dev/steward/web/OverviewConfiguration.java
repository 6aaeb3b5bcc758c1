package dev.steward.web;

import dev.steward.catalog.Catalog;
import dev.steward.catalog.CatalogChanged;
import dev.steward.catalog.CatalogService;
import dev.steward.catalog.MonitorKey;
import dev.steward.probe.ProbeListener;
import dev.steward.result.MonitorStatistics;
import dev.steward.result.ServiceHistory;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires what the overview and service pages read besides the database's public readers: the latest results in
 * memory, the live stream, the overview's uptimes, the service page's figures.
 */
@Configuration(proxyBeanMethods = false)
class OverviewConfiguration {

    @Bean
    LiveResults liveResults() {
        return new LiveResults();
    }

    @Bean
    LiveStream liveStream(LiveResults results, CatalogService catalog, JsonMapper json, MeterRegistry meters) {
        return new LiveStream(results, catalog::current, json, meters);
    }

    /** Every probe result: kept for the bars, then handed to the live pages. */
    @Bean
    ProbeListener liveResultListener(LiveResults results, LiveStream stream) {
        return result -> stream.publish(result, results.add(result));
    }

    @Bean
    OverviewUptimes overviewUptimes(MonitorStatistics statistics, Clock clock) {
        return new OverviewUptimes(statistics, clock);
    }

    @Bean
    @DependsOnDatabaseInitialization
    ServiceFigures serviceFigures(MonitorStatistics statistics, DataSource dataSource) {
        return new ServiceFigures(statistics, new ServiceHistory(dataSource));
    }

    @Bean
    LiveFill liveFill(LiveResults results, MonitorStatistics statistics, CatalogService catalog) {
        return new LiveFill(results, statistics, catalog);
    }

    /**
     * Reads the latest results of every monitor into {@link LiveResults} once Steward has started, and of the monitors
     * a reload adds; in the background, so neither the start nor the reload waits for it.
     */
    static final class LiveFill implements SmartLifecycle {

        private static final Logger log = LoggerFactory.getLogger(LiveFill.class);

        private final LiveResults results;
        private final MonitorStatistics statistics;
        private final CatalogService catalog;
        private volatile boolean running;

        LiveFill(LiveResults results, MonitorStatistics statistics, CatalogService catalog) {
            this.results = results;
            this.statistics = statistics;
            this.catalog = catalog;
        }

        @Override
        public void start() {
            running = true;
            fill(catalog.current());
        }

        @EventListener
        void catalogChanged(CatalogChanged change) {
            results.retain(change.current());
            if (running) {
                fill(change.current());
            }
        }

        private void fill(Catalog current) {
            List<MonitorKey> keys =
                    current.monitors().stream().map(monitor -> monitor.key()).toList();
            Thread.ofVirtual().name("live-results-fill").start(() -> {
                try {
                    results.fill(keys, statistics);
                } catch (RuntimeException e) {
                    log.atWarn()
                            .addKeyValue("event", "live_results_fill_failed")
                            .setCause(e)
                            .log(
                                    "Could not read the latest results for the overview's bars; they fill as"
                                            + " results arrive: {}",
                                    e.toString());
                }
            });
        }

        @Override
        public void stop() {
            running = false;
        }

        @Override
        public boolean isRunning() {
            return running;
        }
    }
}
