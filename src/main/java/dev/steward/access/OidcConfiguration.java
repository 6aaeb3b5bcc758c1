package dev.steward.access;

import dev.steward.config.OidcClient;
import dev.steward.config.Settings;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;

/**
 * Sign-in with OpenID Connect, when OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are set: the {@link OidcLogin}
 * that {@link AccessConfiguration} adds to the sign-in choices, and the start-up line that says which redirect URI to
 * register at the provider. Nothing here calls the provider at start-up.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(OidcConfiguration.Configured.class)
class OidcConfiguration {

    private static final Logger log = LoggerFactory.getLogger(OidcConfiguration.class);

    /** Whether the settings configure OpenID Connect (they are registered before any configuration is read). */
    static final class Configured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            ConfigurableListableBeanFactory beans = context.getBeanFactory();
            return beans != null
                    && beans.containsBean("settings")
                    && beans.getBean(Settings.class).oidc().isPresent();
        }
    }

    @Bean
    OidcDiscovery oidcDiscovery() {
        return new OidcDiscovery();
    }

    @Bean
    OidcLogin oidcLogin(Settings settings, OidcDiscovery discovery) {
        OidcClient client = settings.oidc().orElseThrow();
        return new OidcLogin(client, settings.baseUrl(), discovery);
    }

    @EventListener(ApplicationReadyEvent.class)
    void announce(ApplicationReadyEvent ready) {
        OidcLogin login = ready.getApplicationContext().getBean(OidcLogin.class);
        log.atInfo()
                .addKeyValue("event", "oidc_configured")
                .addKeyValue("issuer", login.issuer())
                .addKeyValue("redirectUri", login.redirectUri())
                .log(
                        "Sign-in with {} ({}) is on; register {} as the redirect URI of Steward's client there",
                        login.displayName(),
                        login.issuer(),
                        login.redirectUri());
    }

    /** Steward asks the provider only who signs in: it keeps none of the provider's access tokens. */
    static final class NoAuthorizedClients implements OAuth2AuthorizedClientRepository {
        @Override
        public <T extends OAuth2AuthorizedClient> @Nullable T loadAuthorizedClient(
                String registrationId, @Nullable Authentication principal, HttpServletRequest request) {
            return null;
        }

        @Override
        public void saveAuthorizedClient(
                OAuth2AuthorizedClient client,
                @Nullable Authentication principal,
                HttpServletRequest request,
                HttpServletResponse response) {}

        @Override
        public void removeAuthorizedClient(
                String registrationId,
                @Nullable Authentication principal,
                HttpServletRequest request,
                HttpServletResponse response) {}
    }
}
