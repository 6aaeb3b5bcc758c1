package dev.steward.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.config.OidcClient;
import dev.steward.config.Secret;
import dev.steward.testing.Ports;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Steward's client registration from a provider's discovery document, and what makes a document unusable. */
class OidcDiscoveryTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final URI REDIRECT = URI.create("https://steward.example.com/login/oauth2/code/oidc");
    private static final OidcClient GOOGLE = new OidcClient(
            URI.create("https://accounts.google.com"), "client-id", new Secret("client-secret"), "Google");

    @Test
    void aGoogleLikeDocumentGivesAnAuthorizationCodeRegistrationWithPkce() throws Exception {
        ClientRegistration registration = OidcDiscovery.registration(GOOGLE, REDIRECT, document("""
                {"issuer": "https://accounts.google.com",
                 "authorization_endpoint": "https://accounts.google.com/o/oauth2/v2/auth",
                 "token_endpoint": "https://oauth2.googleapis.com/token",
                 "jwks_uri": "https://www.googleapis.com/oauth2/v3/certs",
                 "id_token_signing_alg_values_supported": ["RS256"],
                 "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"]}"""));

        assertThat(registration.getRegistrationId()).isEqualTo("oidc");
        assertThat(registration.getAuthorizationGrantType()).isEqualTo(AuthorizationGrantType.AUTHORIZATION_CODE);
        assertThat(registration.getClientSettings().isRequireProofKey()).isTrue();
        assertThat(registration.getScopes()).containsExactlyInAnyOrder("openid", "email");
        assertThat(registration.getRedirectUri()).isEqualTo(REDIRECT.toString());
        assertThat(registration.getClientAuthenticationMethod())
                .isEqualTo(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
        assertThat(registration.getProviderDetails().getIssuerUri()).isEqualTo("https://accounts.google.com");
        assertThat(registration.getProviderDetails().getTokenUri()).isEqualTo("https://oauth2.googleapis.com/token");
        assertThat(registration.getProviderDetails().getJwkSetUri())
                .isEqualTo("https://www.googleapis.com/oauth2/v3/certs");
        assertThat(registration.getClientName()).isEqualTo("Google");
    }

    @Test
    void aProviderThatTakesTheSecretOnlyInTheFormGetsItThere() throws Exception {
        ClientRegistration registration = OidcDiscovery.registration(
                GOOGLE, REDIRECT, document(minimal("https://accounts.google.com", "[\"client_secret_post\"]")));

        assertThat(registration.getClientAuthenticationMethod())
                .isEqualTo(ClientAuthenticationMethod.CLIENT_SECRET_POST);
    }

    @Test
    void theIssuerMayDifferOnlyByATrailingSlashAndTheDocumentsSpellingIsChecked() throws Exception {
        ClientRegistration registration =
                OidcDiscovery.registration(GOOGLE, REDIRECT, document(minimal("https://accounts.google.com/", "null")));

        assertThat(registration.getProviderDetails().getIssuerUri()).isEqualTo("https://accounts.google.com/");
    }

    @Test
    void aDocumentOfAnotherIssuerIsRefusedNamingBoth() {
        assertThatThrownBy(() -> OidcDiscovery.registration(
                        GOOGLE, REDIRECT, document(minimal("https://login.example.com", "null"))))
                .isInstanceOfSatisfying(
                        OidcDiscovery.Unavailable.class,
                        e -> assertThat(e.detail())
                                .contains("names the issuer https://login.example.com")
                                .contains("not OIDC_ISSUER=https://accounts.google.com"));
    }

    @Test
    void aDocumentWithoutATokenEndpointIsRefused() {
        assertThatThrownBy(() -> OidcDiscovery.registration(GOOGLE, REDIRECT, document("""
                        {"issuer": "https://accounts.google.com",
                         "authorization_endpoint": "https://accounts.google.com/auth",
                         "jwks_uri": "https://accounts.google.com/keys"}""")))
                .isInstanceOf(OidcDiscovery.Unavailable.class)
                .hasMessage("its configuration has no usable token_endpoint");
    }

    @Test
    void aProviderThatOnlyTakesSignedClientAssertionsIsRefused() {
        assertThatThrownBy(() -> OidcDiscovery.registration(
                        GOOGLE, REDIRECT, document(minimal("https://accounts.google.com", "[\"private_key_jwt\"]"))))
                .isInstanceOf(OidcDiscovery.Unavailable.class)
                .hasMessage("it does not accept a client secret");
    }

    @Test
    void aProviderNobodyListensForCannotBeReached() {
        URI issuer = URI.create("http://127.0.0.1:" + Ports.free());
        OidcClient client = new OidcClient(issuer, "client-id", new Secret("client-secret"), "Google");
        try (OidcDiscovery discovery = new OidcDiscovery()) {
            assertThatThrownBy(() -> discovery.registration(client, REDIRECT))
                    .isInstanceOf(OidcDiscovery.Unavailable.class)
                    .hasMessage("cannot reach " + issuer);
        }
    }

    private static String minimal(String issuer, String methods) {
        return """
                {"issuer": "%s",
                 "authorization_endpoint": "https://accounts.google.com/auth",
                 "token_endpoint": "https://accounts.google.com/token",
                 "jwks_uri": "https://accounts.google.com/keys",
                 "token_endpoint_auth_methods_supported": %s}""".formatted(issuer, methods);
    }

    private static JsonNode document(String json) {
        return JSON.readTree(json);
    }
}
