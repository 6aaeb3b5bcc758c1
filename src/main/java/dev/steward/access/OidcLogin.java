package dev.steward.access;

import dev.steward.config.OidcClient;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.oidc.authentication.OidcAuthorizationCodeAuthenticationProvider;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/**
 * Sign-in through an OpenID Connect provider (e.g. Google), when OIDC_ISSUER and its client are configured. The
 * provider's configuration is read on first use, not at start-up, so that Steward starts whether or not the provider
 * can be reached; once read it is kept, and after a failure the next use tries again. Until then the sign-in page
 * says why the button does not work, and password sign-in goes on working.
 */
final class OidcLogin implements ClientRegistrationRepository {

    static final String REGISTRATION = "oidc";
    /** The error code of a sign-in that failed because the provider's configuration cannot be read. */
    static final String UNAVAILABLE = "provider_unavailable";

    private static final Logger log = LoggerFactory.getLogger(OidcLogin.class);

    private final OidcClient client;
    private final URI redirectUri;
    private final OidcDiscovery discovery;
    private final ReentrantLock discovering = new ReentrantLock();
    private volatile @Nullable ClientRegistration registration;
    private volatile @Nullable String unavailable;

    OidcLogin(OidcClient client, URI baseUrl, OidcDiscovery discovery) {
        this.client = client;
        this.redirectUri = client.redirectUri(baseUrl);
        this.discovery = discovery;
    }

    /** The provider's name on the sign-in button. */
    String displayName() {
        return client.name();
    }

    /** The redirect URI registered at the provider. */
    URI redirectUri() {
        return redirectUri;
    }

    URI issuer() {
        return client.issuer();
    }

    /** Why sign-in with the provider failed at its last use, as the sign-in page says it; empty once it works. */
    Optional<String> unavailable() {
        return Optional.ofNullable(unavailable);
    }

    /**
     * Checks what the provider sends to the redirect URI: exchanges the code (with the PKCE verifier) for the ID token,
     * verifies it (the provider's signature, issuer, audience, expiry, nonce), then asks {@code users} who that is.
     */
    AuthenticationProvider authenticationProvider(OAuth2UserService<OidcUserRequest, OidcUser> users) {
        ClientHttpRequestFactory requests = discovery.requests();
        RestClientAuthorizationCodeTokenResponseClient tokens = new RestClientAuthorizationCodeTokenResponseClient();
        tokens.setRestClient(RestClient.builder()
                .requestFactory(requests)
                .configureMessageConverters(converters -> converters
                        .addCustomConverter(new FormHttpMessageConverter())
                        .addCustomConverter(new OAuth2AccessTokenResponseHttpMessageConverter()))
                .defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
                .build());
        OidcAuthorizationCodeAuthenticationProvider provider =
                new OidcAuthorizationCodeAuthenticationProvider(tokens, users);
        provider.setJwtDecoderFactory(new IdTokenDecoders(new RestTemplate(requests)));
        return provider;
    }

    @Override
    public @Nullable ClientRegistration findByRegistrationId(String registrationId) {
        return REGISTRATION.equals(registrationId) ? registration() : null;
    }

    /**
     * The registration, reading the provider's configuration if it was not read yet.
     *
     * @throws OAuth2AuthenticationException ({@link #UNAVAILABLE}) when the configuration cannot be read
     */
    ClientRegistration registration() {
        ClientRegistration known = registration;
        if (known != null) {
            return known;
        }
        discovering.lock();
        try {
            known = registration;
            if (known != null) {
                return known;
            }
            ClientRegistration found = discovery.registration(client, redirectUri);
            registration = found;
            unavailable = null;
            log.atInfo()
                    .addKeyValue("event", "oidc_provider_ready")
                    .addKeyValue("issuer", client.issuer())
                    .log("Read the OpenID Connect configuration of {}", client.issuer());
            return found;
        } catch (OidcDiscovery.Unavailable e) {
            String message = "Sign-in with " + client.name() + " is unavailable: " + e.getMessage()
                    + "; password sign-in" + " still works.";
            unavailable = message;
            log.atWarn()
                    .addKeyValue("event", "oidc_provider_unavailable")
                    .addKeyValue("issuer", client.issuer())
                    .addKeyValue("reason", e.detail())
                    .log(
                            "Sign-in with {} is unavailable: {}; trying again at the next sign-in",
                            client.name(),
                            e.detail());
            throw new OAuth2AuthenticationException(new OAuth2Error(UNAVAILABLE, message, null), message);
        } finally {
            discovering.unlock();
        }
    }
}
