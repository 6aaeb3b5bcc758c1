package dev.steward.alert;

import dev.steward.catalog.CatalogChanged;
import dev.steward.catalog.CatalogService;
import dev.steward.config.Settings;
import dev.steward.incident.Incidents;
import dev.steward.notify.Channels;
import dev.steward.notify.Dispatcher;
import dev.steward.notify.Notifications;
import dev.steward.notify.Outbox;
import dev.steward.notify.Silences;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import tools.jackson.databind.json.JsonMapper;

/** Wires alert evaluation, incidents, the outbox and its dispatcher, and the channels they deliver through. */
@Configuration(proxyBeanMethods = false)
class AlertingConfiguration {

    @Bean
    Outbox outbox(JsonMapper json, Settings settings) {
        return new Outbox(json, settings.notifyRetryHorizon());
    }

    @Bean(destroyMethod = "close")
    Channels channels(Settings settings, Clock clock) {
        return new Channels(settings.smtpUrl(), settings.smtpFrom(), clock);
    }

    @Bean
    @DependsOnDatabaseInitialization
    Silences silences(DataSource dataSource, Clock clock) {
        return new Silences(dataSource, clock);
    }

    @Bean
    @DependsOnDatabaseInitialization
    Incidents incidents(DataSource dataSource, Outbox outbox, Clock clock, CatalogService catalog) {
        return new Incidents(dataSource, outbox, clock, () -> catalog.current().alerting());
    }

    @Bean
    @DependsOnDatabaseInitialization
    Dispatcher dispatcher(
            DataSource dataSource,
            JsonMapper json,
            Clock clock,
            CatalogService catalog,
            Channels channels,
            Silences silences,
            Outbox outbox,
            MeterRegistry meters) {
        return new Dispatcher(dataSource, json, clock, catalog::current, channels::send, silences, outbox, meters);
    }

    @Bean
    @DependsOnDatabaseInitialization
    AlertEngine alertEngine(
            DataSource dataSource,
            JsonMapper json,
            Clock clock,
            CatalogService catalog,
            Outbox outbox,
            Incidents incidents,
            Dispatcher dispatcher,
            Settings settings,
            MeterRegistry meters) {
        return new AlertEngine(
                dataSource,
                json,
                clock,
                catalog::current,
                outbox,
                incidents,
                settings.baseUrl(),
                dispatcher::poke,
                meters);
    }

    @Bean
    @DependsOnDatabaseInitialization
    Alerts alerts(DataSource dataSource) {
        return new Alerts(dataSource);
    }

    @Bean
    @DependsOnDatabaseInitialization
    Notifications notifications(DataSource dataSource) {
        return new Notifications(dataSource);
    }

    @Bean
    CatalogFollower alertCatalogFollower(AlertEngine engine) {
        return new CatalogFollower(engine);
    }

    /** Tells the engine about catalog reloads, so alerts of removed or disabled monitors resolve. */
    static final class CatalogFollower {
        private final AlertEngine engine;

        CatalogFollower(AlertEngine engine) {
            this.engine = engine;
        }

        @EventListener
        void catalogChanged(CatalogChanged change) {
            engine.catalogChanged();
        }
    }
}
