package dev.steward.testing;

import com.microsoft.playwright.Page;
import dev.steward.access.Role;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A browser page signed in to a Steward under test with a given role: browser tests start here, so that signing in is
 * written once.
 */
public final class UiSession {

    private static final AtomicInteger USERS = new AtomicInteger();
    private static final String PASSWORD = "correct horse battery staple";

    private UiSession() {}

    /**
     * A fresh page (own cookies) signed in through the sign-in form as a new user with {@code role}, showing the
     * overview. The user's e-mail address is {@code <role>N@example.com}.
     */
    public static Page signIn(Browser browser, TestSteward steward, Role role) {
        String email = steward.user(role.label() + USERS.incrementAndGet() + "@example.com", role, PASSWORD);
        Page page = browser.newPage();
        signIn(page, steward, email, PASSWORD);
        return page;
    }

    /** Signs {@code page} in through the sign-in form and waits for the overview. */
    public static void signIn(Page page, TestSteward steward, String email, String password) {
        page.navigate(steward.url("/login"));
        page.getByLabel("E-mail address").fill(email);
        page.getByLabel("Password").fill(password);
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in"))
                .click();
        page.waitForURL(steward.url("/"));
    }
}
