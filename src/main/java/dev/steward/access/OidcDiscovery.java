package dev.steward.access;

import dev.steward.config.OidcClient;
import java.io.IOException;
import java.io.Serial;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an OpenID Connect provider's configuration ({@code ISSUER/.well-known/openid-configuration}) and turns it into
 * Steward's client registration. Every call Steward makes to the provider — this one, the token exchange and its
 * signing keys — goes through the one HTTP client here, with a time limit, so a provider that hangs cannot hold a
 * request for long.
 */
final class OidcDiscovery implements AutoCloseable {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    static final String WELL_KNOWN = "/.well-known/openid-configuration";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Why the provider's configuration cannot be used; the message completes "sign-in with X is unavailable: …". */
    static final class Unavailable extends Exception {
        @Serial
        private static final long serialVersionUID = 1L;

        private final String detail;

        Unavailable(String message, String detail) {
            super(message);
            this.detail = detail;
        }

        Unavailable(String message) {
            this(message, message);
        }

        /** The reason with what an operator needs to fix it, for the log. */
        String detail() {
            return detail;
        }
    }

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    /** The registration for {@code client}, from the provider's configuration as it answers now. */
    ClientRegistration registration(OidcClient client, URI redirectUri) throws Unavailable {
        URI document = document(client.issuer());
        HttpResponse<String> response;
        try {
            response = http.send(
                    HttpRequest.newBuilder(document)
                            .timeout(READ_TIMEOUT)
                            .header("Accept", "application/json")
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Unavailable("cannot reach " + client.issuer(), "cannot read " + document + ": " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("cannot reach " + client.issuer(), "interrupted while reading " + document);
        }
        if (response.statusCode() != 200) {
            throw new Unavailable(
                    client.issuer() + " answered " + response.statusCode() + " for its configuration",
                    document + " answered " + response.statusCode() + "; check OIDC_ISSUER");
        }
        JsonNode configuration;
        try {
            configuration = JSON.readTree(response.body());
        } catch (JacksonException e) {
            throw new Unavailable(
                    client.issuer() + " did not answer with an OpenID Connect configuration",
                    document + " is not JSON; check OIDC_ISSUER");
        }
        return registration(client, redirectUri, configuration);
    }

    /** Steward's registration from a provider's configuration document. */
    static ClientRegistration registration(OidcClient client, URI redirectUri, JsonNode configuration)
            throws Unavailable {
        if (!configuration.isObject()) {
            throw new Unavailable(
                    client.issuer() + " did not answer with an OpenID Connect configuration",
                    document(client.issuer()) + " is not a JSON object; check OIDC_ISSUER");
        }
        String issuer = text(configuration, "issuer");
        if (issuer == null
                || !withoutTrailingSlash(issuer)
                        .equals(withoutTrailingSlash(client.issuer().toString()))) {
            throw new Unavailable(
                    "its configuration names another issuer",
                    "the configuration at " + document(client.issuer()) + " names the issuer " + issuer
                            + ", not OIDC_ISSUER=" + client.issuer() + "; set OIDC_ISSUER to the issuer the"
                            + " provider documents");
        }
        String authorization = endpoint(client, configuration, "authorization_endpoint");
        String token = endpoint(client, configuration, "token_endpoint");
        String keys = endpoint(client, configuration, "jwks_uri");
        List<String> algorithms = texts(configuration, "id_token_signing_alg_values_supported");
        if (!algorithms.isEmpty() && !algorithms.contains("RS256")) {
            throw new Unavailable(
                    "it does not sign ID tokens with RS256",
                    "the provider signs ID tokens with " + algorithms + "; Steward accepts RS256");
        }
        return ClientRegistration.withRegistrationId(OidcLogin.REGISTRATION)
                .clientId(client.clientId())
                .clientSecret(client.clientSecret().value())
                .clientAuthenticationMethod(authenticationMethod(configuration))
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri(redirectUri.toString())
                .scope("openid", "email")
                .authorizationUri(authorization)
                .tokenUri(token)
                .jwkSetUri(keys)
                .issuerUri(issuer)
                .userNameAttributeName("email")
                .clientName(client.name())
                .clientSettings(ClientRegistration.ClientSettings.builder()
                        .requireProofKey(true)
                        .build())
                .build();
    }

    /** Requests to the provider after discovery (token exchange, signing keys), with the same time limits. */
    ClientHttpRequestFactory requests() {
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
        requests.setReadTimeout(READ_TIMEOUT);
        return requests;
    }

    @Override
    public void close() {
        http.close();
    }

    static URI document(URI issuer) {
        return URI.create(withoutTrailingSlash(issuer.toString()) + WELL_KNOWN);
    }

    /** How Steward authenticates at the token endpoint: Basic unless the provider only takes the secret in the form. */
    private static ClientAuthenticationMethod authenticationMethod(JsonNode configuration) throws Unavailable {
        List<String> methods = texts(configuration, "token_endpoint_auth_methods_supported");
        if (methods.isEmpty() || methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_BASIC.getValue())) {
            return ClientAuthenticationMethod.CLIENT_SECRET_BASIC;
        }
        if (methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_POST.getValue())) {
            return ClientAuthenticationMethod.CLIENT_SECRET_POST;
        }
        throw new Unavailable(
                "it does not accept a client secret",
                "the provider's token endpoint accepts " + methods
                        + "; Steward authenticates with client_secret_basic or client_secret_post");
    }

    private static String endpoint(OidcClient client, JsonNode configuration, String field) throws Unavailable {
        String value = text(configuration, field);
        if (value != null) {
            try {
                URI uri = new URI(value);
                if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null) {
                    return value;
                }
            } catch (URISyntaxException e) {
                // reported below, like a missing one
            }
        }
        throw new Unavailable(
                "its configuration has no usable " + field,
                "the configuration at " + document(client.issuer()) + " has no http(s) " + field
                        + "; is OIDC_ISSUER an OpenID Connect provider?");
    }

    private static @Nullable String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isString() && !value.asString().isBlank() ? value.asString() : null;
    }

    private static List<String> texts(JsonNode node, String field) {
        JsonNode values = node.get(field);
        List<String> texts = new ArrayList<>();
        if (values != null && values.isArray()) {
            values.valueStream().filter(JsonNode::isString).forEach(value -> texts.add(value.asString()));
        }
        return texts;
    }

    /** The exception and the first message along its causes (the HTTP client's often has none of its own). */
    private static String describe(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                return e.getClass().getSimpleName() + " (" + cause.getMessage() + ")";
            }
        }
        return e.getClass().getSimpleName();
    }

    private static String withoutTrailingSlash(String text) {
        return text.replaceAll("/+$", "");
    }
}
