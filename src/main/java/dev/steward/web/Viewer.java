package dev.steward.web;

import dev.steward.access.Role;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * Who looks at a page, as templates see it ({@code ${me}}): the name to show and what the page may offer them. Pages
 * hide what a role may not do; the server refuses it regardless.
 */
public record Viewer(String name, Role role, boolean signedIn) {

    static final Viewer ANONYMOUS = new Viewer("anonymous", Role.VIEWER, false);

    /** May acknowledge, resolve, note, silence. */
    public boolean operator() {
        return role.includes(Role.OPERATOR);
    }

    /** May manage users and tokens and read the audit log. */
    public boolean admin() {
        return role.includes(Role.ADMIN);
    }

    static Viewer of(@Nullable Authentication authentication) {
        if (authentication == null || !authentication.isAuthenticated()) {
            return ANONYMOUS;
        }
        List<String> authorities = new ArrayList<>();
        for (GrantedAuthority authority : authentication.getAuthorities()) {
            if (authority.getAuthority() != null) {
                authorities.add(authority.getAuthority());
            }
        }
        return Role.ofAuthorities(authorities)
                .map(role -> new Viewer(authentication.getName(), role, true))
                .orElse(ANONYMOUS);
    }
}
