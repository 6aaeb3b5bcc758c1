package dev.steward.access;

import java.util.Locale;
import java.util.Optional;

/** What a user or an API token may do; each role includes the ones below it. */
public enum Role {
    /** Reads everything except the audit log, users and tokens. */
    VIEWER,
    /** Also acknowledges, resolves and notes incidents, silences alerts, posts status updates, runs backups. */
    OPERATOR,
    /** Also manages users and tokens, reads the audit log and reloads the catalog. */
    ADMIN;

    /** The Spring Security authority of this role, e.g. {@code ROLE_OPERATOR}. */
    public String authority() {
        return "ROLE_" + name();
    }

    /** The role's name as users write it: {@code admin}, {@code operator}, {@code viewer}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether this role may do what {@code other} may. */
    public boolean includes(Role other) {
        return compareTo(other) >= 0;
    }

    /** The role named {@code text} (any case), if there is one. */
    public static Optional<Role> parse(String text) {
        for (Role role : values()) {
            if (role.label().equalsIgnoreCase(text.trim())) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    /**
     * The role named {@code text} (any case).
     *
     * @throws AccessException naming the roles there are, when {@code text} is none of them
     */
    public static Role named(String text) {
        return parse(text)
                .orElseThrow(() ->
                        new AccessException("role", "'" + text + "' is not a role; use admin, operator or viewer"));
    }

    /** The highest role among Spring Security authority names, or empty when none is a role. */
    public static Optional<Role> ofAuthorities(Iterable<String> authorities) {
        Role best = null;
        for (String authority : authorities) {
            for (Role role : values()) {
                if (role.authority().equals(authority) && (best == null || role.includes(best))) {
                    best = role;
                }
            }
        }
        return Optional.ofNullable(best);
    }
}
