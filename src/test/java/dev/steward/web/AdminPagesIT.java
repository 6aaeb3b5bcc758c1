package dev.steward.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import dev.steward.access.AuditLog;
import dev.steward.access.Role;
import dev.steward.testing.Browser;
import dev.steward.testing.Http;
import dev.steward.testing.Ports;
import dev.steward.testing.PostgresExtension;
import dev.steward.testing.TestSteward;
import dev.steward.testing.UiSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The admin pages in a real Chromium: an admin adds a user who sets a password through the link shown once and signs
 * in, then demotes them; creates an API token whose secret works until it is revoked; reads the audit log of all that;
 * reloads the catalog and sees a rejected file's errors. Operators get 403. One admin signs in once for the whole
 * class (sign-ins from one address are limited to 10 a minute).
 */
class AdminPagesIT {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @TempDir
    static Path directory;

    static final String PASSWORD = "a long and new password";
    static final String CATALOG = """
            services:
              shop-api:
                monitors:
                  health:
                    type: http
                    url: http://127.0.0.1:9/health
                    enabled: false
            """;

    static Path catalog;
    static TestSteward steward;
    static Browser browser;
    static Page admin;
    static String adminEmail;

    @BeforeAll
    static void start() throws IOException {
        catalog = Files.writeString(directory.resolve("steward.yml"), CATALOG);
        int port = Ports.free();
        // Links Steward hands out start with BASE_URL: it must be the address the browser reaches this Steward at.
        steward = TestSteward.start(Map.of(
                "DATABASE_URL", postgres.databaseUrl(),
                "STEWARD_CONFIG", catalog.toString(),
                "PORT", Integer.toString(port),
                "BASE_URL", "http://127.0.0.1:" + port,
                "ADMIN_EMAILS", "boss@example.com"));
        browser = Browser.start();
        admin = UiSession.signIn(browser, steward, Role.ADMIN);
        admin.navigate(steward.url("/admin"));
        adminEmail = admin.locator("header.top .who span span").first().textContent();
    }

    @AfterAll
    static void stop() {
        browser.close();
        steward.close();
    }

    @Test
    void anAdminAddsAUserWhoChoosesAPasswordSignsInAndIsThenDemotedToViewer() {
        String email = "carol@example.com";
        admin.navigate(steward.url("/admin/users"));
        admin.getByLabel("E-mail address").fill(email);
        admin.locator("#new-role").selectOption("operator");
        button(admin, "Add user").click();

        Locator secret = admin.locator("section.secret");
        assertThat(secret).containsText(email + " added");
        assertThat(secret).containsText("Valid for 72 hours");
        Locator field = admin.getByLabel("One-time link for " + email + " to choose a password");
        assertThat(field).hasAttribute("readonly", "");
        String link = field.inputValue();
        assertThat(link).startsWith(steward.url("/password/"));
        assertThat(row(admin, "table.users", email)).containsText("operator");
        assertThat(row(admin, "table.users", email)).containsText("no password yet");

        admin.navigate(steward.url("/admin/users"));
        assertThat(admin.locator("section.secret")).hasCount(0);
        assertThat(admin.content()).doesNotContain(link.substring(link.lastIndexOf('/') + 1));

        Page carol = browser.newPage();
        carol.navigate(link);
        carol.getByLabel("Password (at least 12 characters)").fill(PASSWORD);
        carol.getByLabel("The same password again").fill(PASSWORD);
        button(carol, "Set password").click();
        carol.waitForURL(steward.url("/login"));
        UiSession.signIn(carol, steward, email, PASSWORD);
        assertThat(carol).hasURL(steward.url("/"));
        assertThat(carol.locator("main h1")).hasText("Overview");
        assertThat(carol.locator("header.top .who")).containsText(email + " · operator");

        admin.navigate(steward.url("/admin/users"));
        Locator carolsRow = row(admin, "table.users", email);
        assertThat(carolsRow).containsText("active");
        assertThat(carolsRow).not().containsText("never");
        carolsRow
                .getByLabel("Role of " + email, new Locator.GetByLabelOptions().setExact(true))
                .selectOption("viewer");
        button(admin, "Change role of " + email).click();
        assertThat(admin.locator(".flash.ok")).hasText(email + " is now viewer.");
        assertThat(row(admin, "table.users", email).locator("td.role")).containsText("viewer");

        carol.reload();
        assertThat(carol.locator("header.top .who")).containsText(email + " · viewer");
        carol.context().close();
    }

    @Test
    void anAdminCannotDemoteThemselvesAndBadAddressesAreRefusedNextToTheForm() {
        admin.navigate(steward.url("/admin/users"));
        Locator mine = row(admin, "table.users", adminEmail);
        assertThat(mine).containsText("(you)");
        assertThat(mine.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Disable " + adminEmail)))
                .hasCount(0);
        mine.getByLabel("Role of " + adminEmail, new Locator.GetByLabelOptions().setExact(true))
                .selectOption("viewer");
        button(admin, "Change role of " + adminEmail).click();
        assertThat(row(admin, "table.users", adminEmail).locator(".field-error"))
                .hasText("you cannot demote or disable yourself; another admin can (so Steward always keeps an admin)");
        assertThat(row(admin, "table.users", adminEmail).locator("td.role")).containsText("admin");

        admin.getByLabel("E-mail address").fill("not-an-address");
        button(admin, "Add user").click();
        assertThat(admin.locator("#create-error"))
                .hasText("'not-an-address' is not an e-mail address; write e.g. alice@example.com");
        assertThat(admin.getByLabel("E-mail address")).hasAttribute("aria-invalid", "true");
        assertThat(admin.getByLabel("E-mail address")).hasValue("not-an-address");

        admin.getByLabel("E-mail address").fill(adminEmail);
        button(admin, "Add user").click();
        assertThat(admin.locator("#create-error"))
                .hasText(adminEmail + " already has an account; change its role instead");
        assertThat(admin.locator("section.secret")).hasCount(0);
    }

    @Test
    void addressesInAdminEmailsAreMarkedAndStayAdminsWhateverIsStored() {
        steward.user("boss@example.com", Role.VIEWER, PASSWORD);
        admin.navigate(steward.url("/admin/users"));
        Locator role = row(admin, "table.users", "boss@example.com").locator("td.role");
        assertThat(role).containsText("admin (ADMIN_EMAILS)");
        assertThat(role).containsText("stored: viewer");
    }

    @Test
    void aTokenCreatedInTheUiIsShownOnceAndWorksUntilItIsRevoked() {
        admin.navigate(steward.url("/admin/tokens"));
        admin.getByLabel("Name (what uses it)").fill("ci-deploy");
        admin.getByLabel("Role", new Page.GetByLabelOptions().setExact(true)).selectOption("operator");
        admin.getByLabel("Expires").selectOption("30d");
        button(admin, "Create token").click();

        assertThat(admin.locator("section.secret")).containsText("Copy it now: it cannot be shown again.");
        String secret = admin.getByLabel("Secret of token ci-deploy").inputValue();
        assertThat(secret).startsWith("stw_");
        Http.Response me = Http.get(steward.url("/api/auth/me"), Map.of("Authorization", "Bearer " + secret));
        assertThat(me.status()).isEqualTo(200);
        JsonNode who = me.json();
        assertThat(who.get("name").asString()).isEqualTo("token:ci-deploy");
        assertThat(who.get("role").asString()).isEqualTo("operator");

        admin.navigate(steward.url("/admin/tokens"));
        assertThat(admin.content()).doesNotContain(secret);
        Locator token = row(admin, "table.tokens", "ci-deploy");
        assertThat(token).containsText(secret.substring(0, 10) + "…");
        assertThat(token).containsText("operator");
        assertThat(token).containsText(adminEmail);
        assertThat(token.locator(".state")).hasText("active");
        assertThat(token).not().containsText("never expires");

        button(admin, "Revoke token ci-deploy").click();
        assertThat(admin.locator(".flash.ok")).hasText("Token ci-deploy revoked: it stopped working at once.");
        assertThat(row(admin, "table.tokens", "ci-deploy").locator(".state")).hasText("revoked");
        assertThat(Http.get(steward.url("/api/auth/me"), Map.of("Authorization", "Bearer " + secret))
                        .status())
                .isEqualTo(401);
    }

    @Test
    void theAuditLogListsSignInsAndChangesWithTheAdminsAddressAndOffersNoWayToChangeThem() throws IOException {
        admin.navigate(steward.url("/admin/users"));
        admin.getByLabel("E-mail address").fill("dave@example.com");
        button(admin, "Add user").click();
        admin.navigate(steward.url("/admin/tokens"));
        admin.getByLabel("Name (what uses it)").fill("nightly-report");
        button(admin, "Create token").click();
        assertThat(admin.locator("section.secret")).isVisible();

        admin.navigate(steward.url("/admin/audit"));
        Locator entries = admin.locator("table.audit tbody tr");
        for (String action : new String[] {"login", "users.create", "tokens.create"}) {
            Locator entry = entries.filter(new Locator.FilterOptions().setHasText(action))
                    .filter(new Locator.FilterOptions().setHasText(adminEmail))
                    .first();
            assertThat(entry).containsText("success");
            assertThat(entry.locator("td.actor")).hasText(adminEmail);
        }
        assertThat(entries.first().locator("td.action")).hasText("tokens.create");
        assertThat(admin.locator("main form[method=post]")).hasCount(0);
        admin.screenshot(new Page.ScreenshotOptions().setPath(screenshot("admin-audit.png")));

        admin.getByLabel("Action (or how it starts)").fill("tokens.");
        admin.getByLabel("Outcome").selectOption("success");
        button(admin, "Filter").click();
        assertThat(admin).hasURL(Pattern.compile("action=tokens\\.&outcome=success"));
        assertThat(entries.first().locator("td.action")).hasText("tokens.create");
        for (String action : entries.locator("td.action").allTextContents()) {
            assertThat(action).startsWith("tokens.");
        }
    }

    @Test
    void theAuditLogShowsAHundredEntriesAPageAndLinksToOlderOnes() {
        AuditLog audit = steward.context().getBean(AuditLog.class);
        for (int i = 0; i < 105; i++) {
            audit.record(
                    "pager@example.com",
                    "pages.test",
                    Optional.of("entry " + i),
                    Optional.of("192.0.2.7"),
                    AuditLog.Outcome.SUCCESS,
                    Optional.empty());
        }
        admin.navigate(steward.url("/admin/audit?actor=pager@example.com"));
        Locator entries = admin.locator("table.audit tbody tr");
        assertThat(entries).hasCount(100);
        String newestId = entries.first().getAttribute("data-event");
        String oldestOnPage = entries.last().getAttribute("data-event");

        admin.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Older entries →"))
                .click();
        assertThat(admin).hasURL(Pattern.compile("before=" + oldestOnPage));
        assertThat(entries.first()).not().hasAttribute("data-event", newestId);
        assertThat(entries).hasCount(5);
        assertThat(admin.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Older entries →")))
                .hasCount(0);
        admin.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("← Newest entries"))
                .click();
        assertThat(entries.first()).hasAttribute("data-event", newestId);
    }

    @Test
    void theCatalogPageShowsTheRunningFileAndTheErrorsOfARejectedReload() throws IOException {
        admin.navigate(steward.url("/admin/catalog"));
        assertThat(admin.locator("code.source")).hasText(catalog.toString());
        assertThat(admin.locator("dd.services")).hasText("1");
        assertThat(admin.locator("dd.monitors")).hasText("1");
        assertThat(admin.locator("code.checksum")).hasText(Pattern.compile("[0-9a-f]{64}"));
        assertThat(admin.locator("section.rejected")).hasCount(0);

        try {
            Files.writeString(catalog, CATALOG.replace("type: http", "type: http\n        interval: soon"));
            button(admin, "Reload now").click();
            assertThat(admin.locator(".flash.error"))
                    .hasText("The catalog file has 1 error; the catalog loaded before keeps running. Fix them and"
                            + " reload again.");
            Locator rejected = admin.locator("section.rejected");
            assertThat(rejected).containsText("1 error");
            assertThat(rejected.locator("li"))
                    .containsText(
                            Pattern.compile("steward\\.yml:6:\\d+ services\\.shop-api\\.monitors\\.health\\.interval"));
            assertThat(admin.locator("dd.services")).hasText("1");
        } finally {
            Files.writeString(catalog, CATALOG + """
                      shop-db:
                        monitors:
                          postgres:
                            type: tcp
                            host: 127.0.0.1
                            port: 9
                            enabled: false
                    """);
        }
        button(admin, "Reload now").click();
        assertThat(admin.locator(".flash.ok")).containsText("Catalog reloaded: 2 services, 2 monitors");
        assertThat(admin.locator("dd.services")).hasText("2");
        assertThat(admin.locator("section.rejected")).hasCount(0);

        // The file watcher records its own reloads (actor "file watcher"); these are the admin's.
        admin.navigate(steward.url("/admin/audit?action=catalog.reload&actor=" + adminEmail));
        assertThat(admin.locator("table.audit tbody tr").first().locator(".state"))
                .hasText("success");
        assertThat(admin.locator("table.audit tbody tr .state.failure")).not().hasCount(0);
    }

    @Test
    void theAdminIndexCountsAndLinksEachPage() {
        admin.navigate(steward.url("/admin"));
        for (String page : new String[] {"Users", "API tokens", "Audit log", "Catalog"}) {
            assertThat(admin.locator("ul.admin-cards")
                            .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(page)))
                    .isVisible();
        }
        assertThat(admin.locator("ul.admin-cards")).containsText("users");
        admin.locator("ul.admin-cards")
                .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Users"))
                .click();
        assertThat(admin).hasURL(steward.url("/admin/users"));
    }

    @Test
    void anOperatorGets403OnTheAdminPagesAndNoLinkToThem() {
        Page operator = UiSession.signIn(browser, steward, Role.OPERATOR);
        operator.navigate(steward.url("/incidents"));
        assertThat(operator.locator("header.top nav")
                        .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Admin")))
                .hasCount(0);
        for (String path : new String[] {"/admin", "/admin/users", "/admin/tokens", "/admin/audit", "/admin/catalog"}) {
            Response response = operator.navigate(steward.url(path));
            assertThat(response.status()).as(path).isEqualTo(403);
        }
        operator.context().close();
    }

    @Test
    void onADarkPhoneTheUsersPageFitsTheScreenAndAUserIsAddedWithTheKeyboardAlone() {
        String email = steward.user("phone-admin@example.com", Role.ADMIN, PASSWORD);
        // A table wider than the phone: it must scroll inside its box, not drag the page sideways.
        steward.user("someonewitharatherlongaddressindeed@example.com", Role.VIEWER, PASSWORD);
        Page phone = browser.newPhonePage(true);
        UiSession.signIn(phone, steward, email, PASSWORD);
        phone.navigate(steward.url("/admin/users"));
        assertThat((Integer) phone.evaluate("document.documentElement.scrollWidth"))
                .as("the page scrolls sideways only inside its tables")
                .isLessThanOrEqualTo(phone.viewportSize().width);

        phone.getByLabel("E-mail address").focus();
        phone.keyboard().type("erin@example.com");
        phone.keyboard().press("Tab");
        assertThat(phone.locator("#new-role")).isFocused();
        phone.keyboard().press("Tab");
        assertThat(button(phone, "Add user")).isFocused();
        phone.keyboard().press("Enter");
        assertThat(phone.locator("section.secret")).containsText("erin@example.com added");
        assertThat(phone.getByLabel("One-time link for erin@example.com to choose a password"))
                .isVisible();
        phone.context().close();
    }

    private static Locator button(Page page, String name) {
        return page.getByRole(
                AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    private static Locator row(Page page, String table, String text) {
        return page.locator(table + " tbody tr").filter(new Locator.FilterOptions().setHasText(text));
    }

    private static Path screenshot(String name) throws IOException {
        Path directory = Path.of("target", "screenshots");
        Files.createDirectories(directory);
        return directory.resolve(name);
    }
}
