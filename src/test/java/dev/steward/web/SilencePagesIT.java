package dev.steward.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import dev.steward.access.Role;
import dev.steward.testing.Browser;
import dev.steward.testing.PostgresExtension;
import dev.steward.testing.TestSteward;
import dev.steward.testing.UiSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The silences and maintenance pages in a real Chromium: an operator creates a silence, sees it in force and ends it;
 * the form says what is wrong in the API's words; a viewer sees silences but cannot change them; the catalog's
 * maintenance windows show with whether they are on and when they start next.
 */
class SilencePagesIT {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @TempDir
    static Path directory;

    static TestSteward steward;
    static Browser browser;

    @BeforeAll
    static void start() throws IOException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Path catalog = Files.writeString(directory.resolve("steward.yml"), """
                maintenance:
                  - services: [shop-db]
                    schedule: "0 3 * * SUN"
                    duration: 30m
                    timezone: Europe/Berlin
                    reason: weekly patching
                  - start: %s
                    end: %s
                services:
                  shop-api:
                    tags: [production]
                    monitors:
                      health:
                        type: http
                        url: http://127.0.0.1:9/health
                        enabled: false
                  shop-db:
                    monitors:
                      postgres:
                        type: tcp
                        host: 127.0.0.1
                        port: 9
                        enabled: false
                """.formatted(
                        now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1))));
        steward =
                TestSteward.start(Map.of("DATABASE_URL", postgres.databaseUrl(), "STEWARD_CONFIG", catalog.toString()));
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        browser.close();
        steward.close();
    }

    @Test
    void anOperatorCreatesASilenceSeesItInForceAndEndsIt() {
        Page page = UiSession.signIn(browser, steward, Role.OPERATOR);
        page.navigate(steward.url("/silences"));
        String operator =
                page.locator("header .who span span").first().innerText().strip();

        page.getByLabel("Service").selectOption("shop-api");
        page.getByLabel("Duration").fill("2h");
        page.getByLabel("Reason").fill("database migration, ticket OPS-12");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create silence"))
                .click();

        assertThat(page.locator(".flash.ok")).containsText("created; it ends");
        Locator silence = page.locator("table.silences tr", new Page.LocatorOptions().setHasText("OPS-12"));
        assertThat(silence).hasCount(1);
        assertThat(silence).containsText("service=shop-api");
        assertThat(silence.locator(".state")).hasText("active");
        assertThat(silence).containsText(operator);

        silence.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Expire"))
                .click();

        assertThat(page.locator(".flash.ok")).containsText("ended");
        Locator ended = page.locator("table.silences tr", new Page.LocatorOptions().setHasText("OPS-12"));
        assertThat(ended).hasCount(1);
        assertThat(ended.locator(".state")).hasText("expired");
        assertThat(ended).containsText("ended by " + operator);
        assertThat(ended.getByRole(AriaRole.BUTTON)).hasCount(0);
    }

    @Test
    void theFormSaysWhatIsWrongInTheWordsOfTheApiAndCreatesNothing() {
        Page page = UiSession.signIn(browser, steward, Role.OPERATOR);
        page.navigate(steward.url("/silences"));
        Locator create = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create silence"));

        create.click();
        assertThat(page.locator("#matchers-error"))
                .hasText("give at least one of service, monitor, tag, severity (a silence of everything is a"
                        + " maintenance window: declare it in the catalog)");
        assertThat(page.locator("#duration-error")).hasText("required; say how long, e.g. \"2h\", or give endsAt");
        assertThat(page.locator("#reason-error")).hasText("say why, e.g. \"database migration, ticket OPS-12\"");
        assertThat(page.getByLabel("Reason")).hasAttribute("aria-invalid", "true");

        page.getByLabel("Tag").selectOption("production");
        page.getByLabel("Duration").fill("2 hours");
        page.getByLabel("Reason").fill("load test");
        create.click();
        assertThat(page.locator("#duration-error")).hasText("\"2 hours\" is not a duration; write e.g. 30m, 2h or 1d");
        assertThat(page.getByLabel("Tag")).hasValue("production");
        assertThat(page.getByLabel("Reason")).hasValue("load test");
        assertThat(page.locator("#matchers-error")).hasCount(0);

        page.getByLabel("Duration").fill("31d");
        create.click();
        assertThat(page.locator("#duration-error")).hasText("a silence lasts at most 30 days; renew it when it ends");

        page.getByLabel("Duration").fill("1h");
        page.getByLabel("or ends at (UTC)").fill("2030-01-01T00:00");
        create.click();
        assertThat(page.locator("#duration-error")).hasText("give endsAt or duration, not both");

        // A name Steward does not know (the form offers only known ones, a crafted request may send any).
        page.evaluate("document.querySelector('#silence-service').add(new Option('shop-dbb', 'shop-dbb'))");
        page.getByLabel("Service").selectOption("shop-dbb");
        page.getByLabel("Duration").fill("1h");
        page.getByLabel("or ends at (UTC)").fill("");
        create.click();
        assertThat(page.locator(".field-error", new Page.LocatorOptions().setHasText("shop-dbb")))
                .hasText("no service \"shop-dbb\" in the catalog or among alerts; known: shop-api, shop-db");

        assertThat(page.locator("table.silences tr", new Page.LocatorOptions().setHasText("load test")))
                .hasCount(0);
    }

    @Test
    void aViewerSeesSilencesButCannotCreateOrEndThem() {
        Page operator = UiSession.signIn(browser, steward, Role.OPERATOR);
        operator.navigate(steward.url("/silences"));
        operator.getByLabel("Severity").selectOption("low");
        operator.getByLabel("Duration").fill("1d");
        operator.getByLabel("Reason").fill("noisy low alerts during the migration");
        operator.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create silence"))
                .click();
        assertThat(operator.locator(".flash.ok")).isVisible();

        Page page = UiSession.signIn(browser, steward, Role.VIEWER);
        page.navigate(steward.url("/silences"));
        Locator silence = page.locator("table.silences tr", new Page.LocatorOptions().setHasText("noisy low alerts"));
        assertThat(silence).containsText("severity=low");
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Expire")))
                .hasCount(0);
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create silence")))
                .hasCount(0);

        var refused = page.request()
                .post(
                        steward.url("/silences"),
                        RequestOptions.create()
                                .setForm(FormData.create()
                                        .set("severity", "low")
                                        .set("duration", "1h")
                                        .set("reason", "x")));
        assertThat(refused.status()).isEqualTo(403);
        String id = silence.getAttribute("data-silence");
        assertThat(page.request()
                        .post(steward.url("/silences/" + id + "/expire"))
                        .status())
                .isEqualTo(403);
        page.reload();
        assertThat(silence.locator(".state")).hasText("active");
    }

    @Test
    void theMaintenancePageShowsEachWindowWhetherItIsOnAndItsNextStart() {
        Page page = UiSession.signIn(browser, steward, Role.VIEWER);
        page.navigate(steward.url("/maintenance"));

        Locator weekly = page.locator("tr.window", new Page.LocatorOptions().setHasText("weekly patching"));
        assertThat(weekly).containsText("shop-db");
        assertThat(weekly).containsText("0 3 * * SUN");
        assertThat(weekly).containsText("for 30m, in Europe/Berlin");
        assertThat(weekly).containsText("off");
        assertThat(weekly.locator("time")).hasAttribute("datetime", java.util.regex.Pattern.compile("^20\\d\\d-"));
        Locator now = page.locator("tr.window.on");
        assertThat(now).hasCount(1);
        assertThat(now).containsText("every service");
        assertThat(now).containsText("once, from");
        assertThat(now).containsText("until");
        assertThat(now).containsText("none: it does not start again");
        assertThat(page.locator("tr.window").first()).hasClass(java.util.regex.Pattern.compile("\\bon\\b"));
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
