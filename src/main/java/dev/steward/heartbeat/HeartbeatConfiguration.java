package dev.steward.heartbeat;

import dev.steward.catalog.CatalogChanged;
import dev.steward.catalog.CatalogService;
import dev.steward.config.Settings;
import dev.steward.probe.ProbeListener;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/** Wires the heartbeats: their store, the service that judges their runs (a lifecycle bean), and catalog reloads. */
@Configuration(proxyBeanMethods = false)
class HeartbeatConfiguration {

    @Bean
    @DependsOnDatabaseInitialization
    Heartbeats heartbeats(
            DataSource dataSource,
            Clock clock,
            CatalogService catalog,
            ObjectProvider<ProbeListener> listeners,
            Settings settings,
            MeterRegistry meters) {
        return new Heartbeats(
                new PingStore(dataSource),
                clock,
                catalog::current,
                () -> listeners.orderedStream().toList(),
                settings.baseUrl(),
                meters);
    }

    @Bean
    CatalogFollower heartbeatCatalogFollower(Heartbeats heartbeats) {
        return new CatalogFollower(heartbeats);
    }

    /** Applies each reloaded catalog once the heartbeats have started (the first is applied by their start). */
    static final class CatalogFollower {

        private final Heartbeats heartbeats;

        CatalogFollower(Heartbeats heartbeats) {
            this.heartbeats = heartbeats;
        }

        @EventListener
        void catalogChanged(CatalogChanged change) {
            if (heartbeats.isRunning()) {
                heartbeats.apply(change.current());
            }
        }
    }
}
