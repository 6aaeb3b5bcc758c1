package dev.steward.access;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * Users as Spring Security's password sign-in sees them. A user without a password (not chosen yet, or OpenID Connect
 * only) or a disabled one cannot sign in with a password; the answer is the same "bad credentials" as for a wrong one.
 */
final class AccountDetails implements UserDetailsService {

    private final Accounts accounts;

    AccountDetails(Accounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public UserDetails loadUserByUsername(String email) {
        Accounts.User user = accounts.find(email)
                .filter(found -> !found.disabled())
                .orElseThrow(() -> new UsernameNotFoundException("no such user"));
        String hash = accounts.passwordHash(user.email())
                .orElseThrow(() -> new UsernameNotFoundException("no password chosen"));
        return User.withUsername(user.email())
                .password(hash)
                .authorities(AccessConfiguration.authorities(accounts.effectiveRole(user)))
                .build();
    }
}
