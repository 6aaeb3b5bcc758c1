package dev.steward.probe;

import dev.steward.catalog.CatalogChanged;
import dev.steward.catalog.CatalogService;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

@Configuration(proxyBeanMethods = false)
class ProbeConfiguration {

    @Bean(destroyMethod = "close")
    ProbeRunner probeRunner(Clock clock) {
        return new ProbeRunner(clock);
    }

    @Bean
    ProbeScheduler probeScheduler(
            ProbeRunner runner, ObjectProvider<ProbeListener> listeners, Clock clock, MeterRegistry meters) {
        List<Consumer<ProbeResult>> consumers = listeners
                .orderedStream()
                .<Consumer<ProbeResult>>map(listener -> listener::onResult)
                .toList();
        return new ProbeScheduler(runner::run, consumers, clock, meters);
    }

    @Bean
    ScheduleLifecycle probeScheduleLifecycle(ProbeScheduler scheduler, CatalogService catalog) {
        return new ScheduleLifecycle(scheduler, catalog);
    }

    /**
     * Starts probing the catalog once everything else has started (the results store is writing), follows catalog
     * reloads, and stops probing first at shutdown, so the store can write the last results before it stops.
     */
    static final class ScheduleLifecycle implements SmartLifecycle {

        /** Above the results store's phase: started after it, stopped before it. */
        static final int PHASE = Integer.MAX_VALUE - 1000;

        private final ProbeScheduler scheduler;
        private final CatalogService catalog;
        private volatile boolean running;

        ScheduleLifecycle(ProbeScheduler scheduler, CatalogService catalog) {
            this.scheduler = scheduler;
            this.catalog = catalog;
        }

        @Override
        public void start() {
            running = true;
            scheduler.apply(catalog.current());
        }

        @EventListener
        void catalogChanged(CatalogChanged change) {
            if (running) {
                scheduler.apply(change.current());
            }
        }

        @Override
        public void stop() {
            running = false;
            scheduler.close();
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public int getPhase() {
            return PHASE;
        }
    }
}
