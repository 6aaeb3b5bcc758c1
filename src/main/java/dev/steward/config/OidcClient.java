package dev.steward.config;

import java.net.URI;

/**
 * The OpenID Connect provider users may sign in with (e.g. Google), and Steward's client registered there.
 *
 * @param issuer the provider's issuer URL as configured, e.g. {@code https://accounts.google.com}
 * @param name the provider's name on the sign-in button
 */
public record OidcClient(URI issuer, String clientId, Secret clientSecret, String name) {

    /** Where the provider sends users back after they signed in there, below BASE_URL. */
    public static final String REDIRECT_PATH = "/login/oauth2/code/oidc";

    /** The redirect URI to register at the provider: BASE_URL followed by {@link #REDIRECT_PATH}. */
    public URI redirectUri(URI baseUrl) {
        return URI.create(baseUrl.toString().replaceAll("/+$", "") + REDIRECT_PATH);
    }
}
