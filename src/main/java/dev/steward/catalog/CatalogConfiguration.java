package dev.steward.catalog;

import dev.steward.config.Settings;
import dev.steward.config.Variable;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CatalogConfiguration {

    /**
     * The bean holding the environment variables Steward was started with, when the server registers it (tests start
     * Steward with their own map); without it the process environment is used.
     */
    static final String ENVIRONMENT_BEAN = "environmentVariables";

    static final Duration WATCH_PERIOD = Duration.ofSeconds(2);

    /** Reads the catalog; an invalid file, or a missing one that STEWARD_CONFIG named, stops Steward from starting. */
    @Bean
    CatalogService catalogService(Settings settings, Clock clock, ApplicationEventPublisher events, BeanFactory beans) {
        Map<String, String> environment = environment(beans);
        boolean explicit =
                !environment.getOrDefault(Variable.STEWARD_CONFIG.name(), "").isBlank();
        return new CatalogService(settings.catalogFile(), explicit, environment, clock, events);
    }

    @Bean
    CatalogWatcher catalogWatcher(CatalogService catalog, ApplicationEventPublisher events) {
        return new CatalogWatcher(catalog, events, WATCH_PERIOD);
    }

    private static Map<String, String> environment(BeanFactory beans) {
        if (beans.containsBean(ENVIRONMENT_BEAN) && beans.getBean(ENVIRONMENT_BEAN) instanceof Map<?, ?> variables) {
            Map<String, String> environment = new HashMap<>();
            variables.forEach((name, value) -> {
                if (name instanceof String key && value instanceof String text) {
                    environment.put(key, text);
                }
            });
            return environment;
        }
        return System.getenv();
    }
}
