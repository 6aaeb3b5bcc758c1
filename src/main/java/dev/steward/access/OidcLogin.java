package dev.steward.access;

/** Sign-in through an OpenID Connect provider (e.g. Google), when OIDC_ISSUER and its client are configured. */
final class OidcLogin {

    static final String REGISTRATION = "oidc";

    private final String displayName;

    OidcLogin(String displayName) {
        this.displayName = displayName;
    }

    /** The provider's name on the sign-in button. */
    String displayName() {
        return displayName;
    }
}
