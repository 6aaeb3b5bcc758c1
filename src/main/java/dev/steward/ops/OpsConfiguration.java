package dev.steward.ops;

import dev.steward.config.Settings;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
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
    DependencyChecks dependencyChecks(Settings settings, DataSource dataSource) {
        List<DependencyCheck> checks = new ArrayList<>();
        checks.add(new DatabaseCheck(dataSource));
        settings.redis().ifPresent(redis -> checks.add(new RedisCheck(redis, settings.healthCheckTimeout())));
        return new DependencyChecks(checks, settings.healthCheckTimeout());
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
