package dev.steward.access;

import dev.steward.config.Settings;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts the audit log behind every controller. */
@Configuration(proxyBeanMethods = false)
class AccessWebConfiguration implements WebMvcConfigurer {

    private final AuditLog audit;
    private final Settings settings;

    AccessWebConfiguration(AuditLog audit, Settings settings) {
        this.audit = audit;
        this.settings = settings;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new AuditInterceptor(audit, settings.trustProxyHops()));
    }
}
