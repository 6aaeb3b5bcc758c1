package dev.steward.ops;

import dev.steward.config.Settings;
import dev.steward.database.StewardDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class OpsConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "close")
    DependencyChecks dependencyChecks(Settings settings, StewardDatabase database, MeterRegistry meters) {
        List<DependencyCheck> checks = new ArrayList<>();
        checks.add(new DatabaseCheck(database.target()));
        settings.redis().ifPresent(redis -> checks.add(new RedisCheck(redis, settings.healthCheckTimeout())));
        DependencyChecks dependencyChecks = new DependencyChecks(checks, settings.healthCheckTimeout(), meters);
        dependencyChecks.monitorEvery(Duration.ofSeconds(10));
        return dependencyChecks;
    }

    @Bean
    WebMvcConfigurer corsConfigurer(Settings settings) {
        return new WebMvcConfigurer() {
            @Override
            public void addCorsMappings(CorsRegistry registry) {
                if (settings.corsAllowedOrigins().isEmpty()) {
                    return;
                }
                registry.addMapping("/api/**")
                        .allowedOriginPatterns(settings.corsAllowedOrigins().toArray(String[]::new))
                        .allowedMethods("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
                        .allowedHeaders("*")
                        .exposedHeaders(RequestIdFilter.HEADER)
                        .maxAge(600);
            }
        };
    }
}
