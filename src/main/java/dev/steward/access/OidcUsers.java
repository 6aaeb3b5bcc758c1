package dev.steward.access;

import java.io.Serial;
import java.util.Collection;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Who may sign in with the OpenID Connect provider: the ID token (already checked for signature, issuer, audience,
 * expiry and nonce) must carry a verified {@code email} of an existing, enabled Steward user — or of an address in
 * ADMIN_EMAILS, which becomes an admin at its first sign-in. The signed-in user is named by that address, as with a
 * password, and has the role Steward gives them, never one the provider claims.
 */
final class OidcUsers implements OAuth2UserService<OidcUserRequest, OidcUser> {

    static final String CREATED_BY = "OpenID Connect";
    /** The error code of a sign-in Steward refused (the provider vouched for the person, Steward does not know them). */
    static final String REFUSED = "steward_refused";

    private static final Logger log = LoggerFactory.getLogger(OidcUsers.class);

    /** A sign-in refused for a reason the person can act on; names the address when the provider gave one. */
    static final class Refused extends OAuth2AuthenticationException {
        @Serial
        private static final long serialVersionUID = 1L;

        private final @Nullable String email;

        Refused(@Nullable String email, String reason) {
            super(new OAuth2Error(REFUSED, reason, null), reason);
            this.email = email;
        }

        Optional<String> email() {
            return Optional.ofNullable(email);
        }
    }

    /**
     * The signed-in user: the provider's ID token, named by the address as Steward stores it (not the provider's
     * spelling of it), as after a password sign-in, so sessions, timelines and the audit log show one name.
     */
    static final class SignedIn extends DefaultOidcUser {
        @Serial
        private static final long serialVersionUID = 1L;

        private final String email;

        SignedIn(Collection<? extends GrantedAuthority> authorities, OidcIdToken token, String email) {
            super(authorities, token, "email");
            this.email = email;
        }

        @Override
        public String getName() {
            return email;
        }
    }

    private final Accounts accounts;
    private final AuditLog audit;
    private final int trustedProxyHops;

    OidcUsers(Accounts accounts, AuditLog audit, int trustedProxyHops) {
        this.accounts = accounts;
        this.audit = audit;
        this.trustedProxyHops = trustedProxyHops;
    }

    @Override
    public OidcUser loadUser(OidcUserRequest request) {
        OidcIdToken token = request.getIdToken();
        String email = token.getEmail();
        if (email == null || email.isBlank()) {
            throw new Refused(
                    null,
                    "the provider did not tell Steward your e-mail address (no 'email' in the ID token); an admin"
                            + " can check that Steward's client at the provider may read it");
        }
        String address = email.strip();
        if (!Boolean.TRUE.equals(token.getEmailVerified())) {
            throw new Refused(
                    address,
                    "the provider has not verified " + address + "; verify it there and try again, or sign in with"
                            + " your password");
        }
        Accounts.User user = accounts.find(address).orElseGet(() -> firstSignInOfListedAdmin(address));
        if (user.disabled()) {
            throw new Refused(address, "the Steward account of " + address + " is disabled; ask an admin to enable it");
        }
        return new SignedIn(AccessConfiguration.authorities(accounts.effectiveRole(user)), token, user.email());
    }

    private Accounts.User firstSignInOfListedAdmin(String address) {
        if (!accounts.listedAdmin(address)) {
            throw new Refused(address, "no Steward account for " + address + "; ask an admin to create one");
        }
        try {
            Accounts.User created = accounts.create(address, Role.ADMIN, CREATED_BY);
            log.atInfo()
                    .addKeyValue("event", "user_created")
                    .addKeyValue("email", created.email())
                    .addKeyValue("role", Role.ADMIN.label())
                    .log("Created admin {} (listed in ADMIN_EMAILS) at their first sign-in", created.email());
            audit.record(
                    created.email(),
                    "users.create",
                    Optional.of("users " + created.id()),
                    RequestAddress.current(trustedProxyHops),
                    AuditLog.Outcome.SUCCESS,
                    Optional.of("admin listed in ADMIN_EMAILS, created at the first sign-in with OpenID Connect"));
            return created;
        } catch (AccessException e) {
            // Signed in twice at once: the other sign-in created the account.
            return accounts.find(address).orElseThrow(() -> new Refused(address, e.getMessage()));
        }
    }
}
