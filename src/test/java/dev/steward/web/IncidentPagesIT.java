package dev.steward.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.ColorScheme;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import dev.steward.access.Role;
import dev.steward.testing.Browser;
import dev.steward.testing.HookReceiver;
import dev.steward.testing.LoopbackTarget;
import dev.steward.testing.PostgresExtension;
import dev.steward.testing.TestSteward;
import dev.steward.testing.UiSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The incident and notification pages in a real Chromium, on incidents that real failing monitors opened: two services
 * whose loopback target answers 503 each get an incident; their trigger goes to a receiver that accepts it and to one
 * that keeps answering 503. An operator acknowledges, annotates and resolves one incident; a viewer sees the other
 * without any way to change it.
 */
class IncidentPagesIT {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @TempDir
    static Path directory;

    static final LoopbackTarget target = LoopbackTarget.start();
    static final HookReceiver hook = HookReceiver.start();
    static final HookReceiver broken = HookReceiver.start();
    static TestSteward steward;
    static Browser browser;

    @BeforeAll
    static void start() throws IOException {
        target.behave(LoopbackTarget.Behaviour.UNAVAILABLE);
        broken.answer(503);
        Path catalog = Files.writeString(directory.resolve("steward.yml"), """
                defaults:
                  interval: 5s
                  timeout: 2s
                policies:
                  default:
                    failureThreshold: 1
                    severity: critical
                channels:
                  hook:
                    type: webhook
                    url: %s
                  broken:
                    type: webhook
                    url: %s
                routes:
                  - notify:
                      - channels: [hook, broken]
                services:
                  shop-api:
                    runbook: https://wiki.example.com/runbooks/shop-api
                    monitors:
                      health:
                        type: http
                        url: %s
                        conditions: ["[STATUS] == 200"]
                  shop-db:
                    monitors:
                      health:
                        type: http
                        url: %s
                        conditions: ["[STATUS] == 200"]
                """.formatted(
                        hook.url("/hook"), broken.url("/hook"), target.url("/health"), target.url("/health")));
        steward =
                TestSteward.start(Map.of("DATABASE_URL", postgres.databaseUrl(), "STEWARD_CONFIG", catalog.toString()));
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        browser.close();
        steward.close();
        target.close();
        hook.close();
        broken.close();
    }

    @Test
    void anOperatorAcknowledgesAnnotatesAndResolvesAnIncidentAndTheTimelineShowsEachStep() throws IOException {
        Page page = UiSession.signIn(browser, steward, Role.OPERATOR);
        openIncident(page, "shop-api/health is down");
        String operator = signedInName(page);

        assertThat(page.locator(".incident-summary")).containsText("open");
        assertThat(page.locator(".incident-summary")).containsText("critical");
        assertThat(page.locator("ol.timeline li.opened")).containsText("incident opened: shop-api/health is down");
        assertThat(page.locator("table.alerts")).containsText("shop-api/health is down");

        // With the keyboard alone: Tab to the button, Enter.
        for (int presses = 0; presses < 60 && !focused(page, "Acknowledge"); presses++) {
            page.keyboard().press("Tab");
        }
        assertThat(focused(page, "Acknowledge")).as("Tab reaches Acknowledge").isTrue();
        page.keyboard().press("Enter");
        assertThat(page.locator(".flash.ok")).containsText("acknowledged");
        assertThat(page.locator(".incident-summary")).containsText("acknowledged");
        assertThat(page.locator("ol.timeline li.acknowledged")).containsText("by " + operator);
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Acknowledge")))
                .hasCount(0);

        page.getByLabel("Add a note to the timeline").fill("rolled back to 1.4.2");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add note"))
                .click();
        Locator note = page.locator("ol.timeline li.note");
        assertThat(note).containsText("rolled back to 1.4.2");
        assertThat(note).containsText("by " + operator);

        page.reload(); // without the flash message, as people come back to it
        page.screenshot(new Page.ScreenshotOptions().setPath(screenshot("incident.png")));

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Resolve"))
                .click();
        assertThat(page.locator(".flash.ok")).containsText("resolved");
        assertThat(page.locator(".incident-summary")).containsText("resolved");
        assertThat(page.locator("ol.timeline li.resolved")).containsText("resolved by " + operator);
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Resolve")))
                .hasCount(0);

        page.navigate(steward.url("/incidents?state=resolved"));
        assertThat(page.locator("table.incidents")).containsText("shop-api/health is down");
        assertThat(page.locator("table.incidents")).containsText("by " + operator);
    }

    @Test
    void aNoteMustSaySomethingAndTheProblemShowsNextToTheField() {
        Page page = UiSession.signIn(browser, steward, Role.OPERATOR);
        openIncident(page, "shop-db/health is down");

        page.getByLabel("Add a note to the timeline").fill("   ");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add note"))
                .click();

        assertThat(page.locator("#note-error"))
                .hasText("Note: required; what to add to the timeline, e.g. \"rolled back to 1.4.2\"");
        assertThat(page.getByLabel("Add a note to the timeline")).hasAttribute("aria-invalid", "true");
        assertThat(page.locator("ol.timeline li.note")).hasCount(0);

        page.getByLabel("Add a note to the timeline").fill("x".repeat(IncidentController.TEXT_LENGTH + 1));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add note"))
                .click();
        assertThat(page.locator("#note-error")).hasText("Note: longer than 10000 characters");
    }

    @Test
    void anOperatorPostsAPublicUpdateThatTheIncidentPageShows() {
        Page page = UiSession.signIn(browser, steward, Role.OPERATOR);
        openIncident(page, "shop-db/health is down");
        Locator post = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Post update"));

        post.click();
        assertThat(page.locator("#update-error"))
                .hasText("Message: required; what the public should read, e.g. \"We found the cause and are deploying"
                        + " a fix.\"");

        page.getByLabel("Public status").selectOption("identified");
        page.getByLabel("Message").fill("The database ran out of connections; we are raising the limit.");
        post.click();

        assertThat(page.locator(".flash.ok")).containsText("Public update posted (Identified)");
        Locator update = page.locator("ol.updates li").first();
        assertThat(update.locator(".state")).hasText("Identified");
        assertThat(update).containsText("The database ran out of connections; we are raising the limit.");
        assertThat(page.getByLabel("Public status")).hasValue("identified");
        assertThat(page.locator(".incident-summary")).containsText("open");
    }

    @Test
    void aViewerSeesTheIncidentButNothingToChangeIt() {
        Page page = UiSession.signIn(browser, steward, Role.VIEWER);
        openIncident(page, "shop-db/health is down");

        assertThat(page.locator(".incident-summary")).containsText("shop-db");
        assertThat(page.locator("ol.timeline li.opened")).hasCount(1);
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Acknowledge")))
                .hasCount(0);
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Resolve")))
                .hasCount(0);
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add note")))
                .hasCount(0);
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Post update")))
                .hasCount(0);

        String acknowledge = page.url() + "/acknowledge";
        assertThat(postAs(page, acknowledge, FormData.create()).status()).isEqualTo(403);
        assertThat(postAs(page, page.url() + "/notes", FormData.create().set("text", "a viewer's note"))
                        .status())
                .isEqualTo(403);
        page.reload();
        assertThat(page.locator(".incident-summary")).containsText("open");
    }

    @Test
    void listsUnresolvedIncidentsFirstAndFiltersByStateAndService() {
        Page page = UiSession.signIn(browser, steward, Role.VIEWER);
        openIncident(page, "shop-db/health is down");
        page.navigate(steward.url("/incidents"));

        page.getByLabel("Service").selectOption("shop-db");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Filter"))
                .click();
        assertThat(page).hasURL(java.util.regex.Pattern.compile("service=shop-db"));
        assertThat(page.locator("table.incidents tbody tr")).not().hasCount(0);
        for (String text :
                page.locator("table.incidents tbody tr td:nth-child(4)").allInnerTexts()) {
            assertThat(text).isEqualTo("shop-db");
        }

        page.navigate(steward.url("/incidents?state=closed"));
        assertThat(page.locator(".flash.error"))
                .hasText("\"closed\" is not an incident state; choose all, unresolved, open, acknowledged, resolved"
                        + " (open or acknowledged)");

        page.navigate(steward.url("/incidents/999999"));
        assertThat(page.locator("h1")).hasText("No such incident");
    }

    @Test
    void theNotificationsPageShowsEachDeliveryAndItsAttempts() {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> !hook.accepted(body -> true).isEmpty()
                        && broken.received().size() >= 2);
        Page page = UiSession.signIn(browser, steward, Role.VIEWER);
        page.navigate(steward.url("/notifications"));

        Locator delivered = page.locator("tr.delivery[data-channel=hook]").first();
        assertThat(delivered).containsText("trigger");
        assertThat(delivered.locator("td.status .state")).hasText("delivered");
        delivered.locator("details.attempts summary").click();
        assertThat(delivered.locator("details.attempts tbody tr").first()).containsText("delivered");
        assertThat(delivered.locator("details.attempts tbody tr").first()).containsText("200");

        Locator failing = page.locator("tr.delivery[data-channel=broken]").first();
        assertThat(failing.locator("td.last-error")).containsText("HTTP 503");
        failing.locator("details.attempts summary").click();
        Locator attempt = failing.locator("details.attempts tbody tr").first();
        assertThat(attempt).containsText("retry");
        assertThat(attempt).containsText("503");
        page.getByLabel("Status").selectOption("delivered");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Filter"))
                .click();
        assertThat(page.locator("tr.delivery[data-channel=broken]")).hasCount(0);
        assertThat(page.locator("tr.delivery[data-channel=hook]").first()).isVisible();
    }

    @Test
    void anIncidentReadsOnAPhoneInDarkMode() {
        Page page = UiSession.signIn(browser, steward, Role.OPERATOR);
        page.setViewportSize(390, 844);
        page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.DARK));
        openIncident(page, "shop-db/health is down");

        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Acknowledge")))
                .isVisible();
        assertThat(page.locator("ol.timeline")).isVisible();
        assertThat(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))
                .as("nothing wider than the phone's screen")
                .isEqualTo(true);
        assertThat(page.evaluate("getComputedStyle(document.body).backgroundColor"))
                .as("the dark background")
                .isEqualTo("rgb(13, 17, 23)");
        page.navigate(steward.url("/notifications"));
        assertThat(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))
                .as("wide tables scroll inside their box")
                .isEqualTo(true);
    }

    /** Opens the incident with this title from the list, waiting for the engine to open it. */
    private static void openIncident(Page page, String title) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            page.navigate(steward.url("/incidents"));
            return page.locator("table.incidents a", new Page.LocatorOptions().setHasText(title))
                            .count()
                    > 0;
        });
        page.locator("table.incidents a", new Page.LocatorOptions().setHasText(title))
                .first()
                .click();
        assertThat(page.locator("h1")).containsText(title);
    }

    /** Whether the focused element is the button with this text. */
    private static boolean focused(Page page, String button) {
        return Boolean.TRUE.equals(page.evaluate(
                "text => document.activeElement?.tagName === 'BUTTON' && document.activeElement.textContent.trim() === text",
                button));
    }

    /** The name the page's header shows for the signed-in person. */
    private static String signedInName(Page page) {
        return page.locator("header .who span span").first().innerText().strip();
    }

    private static Path screenshot(String name) throws IOException {
        Path directory = Path.of("target", "screenshots");
        Files.createDirectories(directory);
        return directory.resolve(name);
    }

    /**
     * A form POST from the page's own session, as a hand-made request would be: with the page's CSRF token when Steward
     * asks for one, so that only the role decides the answer.
     */
    static APIResponse postAs(Page page, String url, FormData form) {
        RequestOptions options = RequestOptions.create().setForm(form);
        Locator token = page.locator("meta[name=_csrf]");
        if (token.count() > 0) {
            options.setHeader(
                    page.locator("meta[name=_csrf_header]").getAttribute("content"), token.getAttribute("content"));
        }
        return page.request().post(url, options);
    }
}
