package dev.steward.access;

import java.security.Principal;
import java.util.Optional;
import org.springframework.security.core.Authentication;

/**
 * The name under which a change is recorded in timelines, notifications and the audit log: the signed-in user's
 * e-mail address, or {@code token:NAME} for an API token. A token may act on someone's behalf (a chat bot
 * acknowledging for whoever clicked): the request's {@code author} is then recorded as {@code alice via token:chatops}.
 */
public final class Actors {

    /** The longest name a request may give on someone's behalf. */
    public static final int AUTHOR_LENGTH = 100;

    private Actors() {}

    /** Who acts, or "anonymous" when nobody signed in (only on public endpoints). */
    public static String name(Principal principal) {
        return principal == null ? "anonymous" : principal.getName();
    }

    /**
     * Who acts, given the {@code author} a request named.
     *
     * @throws AccessException when a signed-in user names someone else
     */
    public static String name(Principal principal, Optional<String> author) {
        String who = name(principal);
        Optional<String> named = author.map(String::strip).filter(text -> !text.isEmpty());
        if (named.isEmpty() || named.get().equalsIgnoreCase(who)) {
            return who;
        }
        if (principal instanceof Authentication authentication
                && authentication.getDetails() instanceof ApiTokens.Token) {
            return named.get() + " via " + who;
        }
        throw new AccessException(
                "author",
                "you are signed in as " + who + ", and changes are recorded under that name; leave out 'author' (only"
                        + " API tokens act on someone's behalf)");
    }
}
