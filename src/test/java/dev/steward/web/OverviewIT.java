package dev.steward.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.steward.access.Role;
import dev.steward.catalog.MonitorKey;
import dev.steward.probe.Status;
import dev.steward.testing.Browser;
import dev.steward.testing.LoopbackTarget;
import dev.steward.testing.PostgresExtension;
import dev.steward.testing.TestSteward;
import dev.steward.testing.UiSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The overview in a real Chromium: every service with its state, bars and uptimes; filters by group, tag and state
 * that work without JavaScript; a row that turns red while the page is open when its target fails; a phone's screen
 * in dark mode; the keyboard.
 */
class OverviewIT {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @TempDir
    static Path directory;

    /** A probe every 5 s (the catalog's shortest interval): a change shows within one interval and a batch. */
    private static final LocatorAssertions.HasTextOptions SOON =
            new LocatorAssertions.HasTextOptions().setTimeout(30_000);

    static LoopbackTarget shop;
    static LoopbackTarget blog;
    static TestSteward steward;
    static Browser browser;

    @BeforeAll
    static void start() throws IOException {
        shop = LoopbackTarget.start();
        blog = LoopbackTarget.start();
        Path catalog = Files.writeString(directory.resolve("steward.yml"), """
                defaults:
                  interval: 5s
                  timeout: 2s
                services:
                  shop-api:
                    description: Orders and payments
                    group: shop
                    tags: [production, api]
                    monitors:
                      health:
                        type: http
                        url: %s
                        conditions: ["[STATUS] == 200"]
                      port:
                        type: tcp
                        host: 127.0.0.1
                        port: %d
                  shop-db:
                    group: shop
                    tags: [production]
                    monitors:
                      port:
                        type: tcp
                        host: 127.0.0.1
                        port: %d
                  blog:
                    tags: [marketing]
                    monitors:
                      home:
                        type: http
                        url: %s
                        conditions: ["[STATUS] == 200"]
                """.formatted(
                        shop.url("/health"), shop.port(), shop.port(), blog.url("/health")));
        steward =
                TestSteward.start(Map.of("DATABASE_URL", postgres.databaseUrl(), "STEWARD_CONFIG", catalog.toString()));
        browser = Browser.start();
    }

    @AfterEach
    void healthyAgain() {
        shop.behave(LoopbackTarget.Behaviour.HEALTHY);
        blog.behave(LoopbackTarget.Behaviour.HEALTHY);
    }

    @AfterAll
    static void stop() {
        browser.close();
        steward.close();
        shop.close();
        blog.close();
    }

    private static Locator service(Page page, String name) {
        return page.locator("tbody[data-service='" + name + "']");
    }

    private static Locator monitor(Page page, String service, String name) {
        return service(page, service).locator("tr[data-monitor='" + name + "']");
    }

    @Test
    void showsEveryServiceByGroupWithItsStateBarsAndUptimes() {
        Page page = UiSession.signIn(browser, steward, Role.VIEWER);

        assertThat(page).hasTitle("Overview · Steward");
        assertThat(page.locator("section.group h2")).hasText(new String[] {"shop", "Other services"});
        assertThat(page.locator("tbody[data-service] .service-link"))
                .hasText(new String[] {"shop-api", "shop-db", "blog"});
        assertThat(service(page, "shop-api").locator(".description")).hasText("Orders and payments");
        assertThat(service(page, "shop-api").locator(".tag")).hasText(new String[] {"production", "api"});
        assertThat(service(page, "shop-api").locator("[data-service-state]")).hasText("up", SOON);
        assertThat(monitor(page, "shop-api", "health").locator("[data-state]")).hasText("up", SOON);
        assertThat(monitor(page, "shop-api", "health").locator(".bar i.up").first())
                .isVisible();
        assertThat(page.locator(".summary")).containsText("3 services, 4 monitors");
        assertThat(page.locator(".summary [data-count='up'] b")).hasText("3", SOON);

        // uptimes are read in the background, at most every 15 s (another test may have made the target fail)
        await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
            page.reload();
            assertThat(monitor(page, "shop-api", "health").locator("td.num").first())
                    .hasText(Pattern.compile("^\\d+(\\.\\d\\d)?%$"));
        });
        assertThat(monitor(page, "shop-api", "health").locator("[data-latency]"))
                .containsText("ms");
        assertThat(monitor(page, "shop-api", "health").locator(".bar"))
                .hasAttribute("aria-label", Pattern.compile("last \\d+ results?: \\d+ up"));
    }

    @Test
    void turnsARowDownWhileThePageIsOpenWhenItsTargetFails() {
        Page page = UiSession.signIn(browser, steward, Role.VIEWER);
        assertThat(monitor(page, "shop-api", "health").locator("[data-state]")).hasText("up", SOON);
        assertThat(page.locator("[data-live-status]")).hasText("live", SOON);
        page.evaluate("window.stewardTestMarker = 'still the same page'");

        shop.behave(LoopbackTarget.Behaviour.UNAVAILABLE);

        assertThat(monitor(page, "shop-api", "health").locator("[data-state]")).hasText("down", SOON);
        assertThat(service(page, "shop-api").locator("[data-service-state]")).hasText("down");
        assertThat(monitor(page, "shop-api", "health").locator(".bar i").last())
                .hasClass(Pattern.compile("(^|\\s)down(\\s|$)"));
        assertThat(monitor(page, "shop-api", "port").locator("[data-state]")).hasText("up");
        assertThat(page.locator(".summary [data-count='down'] b")).hasText("1");
        assertThat(page.evaluate("window.stewardTestMarker"))
                .as("the row changed without reloading the page")
                .isEqualTo("still the same page");

        shop.behave(LoopbackTarget.Behaviour.HEALTHY);

        assertThat(monitor(page, "shop-api", "health").locator("[data-state]")).hasText("up", SOON);
        assertThat(service(page, "shop-api").locator("[data-service-state]")).hasText("up");
    }

    @Test
    void reconnectsAfterTheStreamDropsAndCatchesUpOnWhatItMissed() {
        Page page = UiSession.signIn(browser, steward, Role.VIEWER);
        assertThat(monitor(page, "shop-api", "health").locator("[data-state]")).hasText("up", SOON);
        assertThat(page.locator("[data-live-status]")).hasText("live", SOON);
        page.evaluate("window.stewardTestMarker = 'still the same page'");
        LiveStream stream = steward.context().getBean(LiveStream.class);
        LiveResults results = steward.context().getBean(LiveResults.class);
        MonitorKey health = new MonitorKey("shop-api", "health");

        stream.stop(); // every stream ends; new ones are refused until it starts again
        try {
            assertThat(page.locator("[data-live-status]")).hasText("reconnecting…", SOON);
            shop.behave(LoopbackTarget.Behaviour.UNAVAILABLE);
            await().atMost(Duration.ofSeconds(30))
                    .until(() ->
                            results.latest(health).map(LiveResults.Cell::status).orElseThrow() == Status.DOWN);
            assertThat(monitor(page, "shop-api", "health").locator("[data-state]"))
                    .hasText("up");
        } finally {
            stream.start();
        }

        assertThat(page.locator("[data-live-status]")).hasText("live", SOON);
        assertThat(monitor(page, "shop-api", "health").locator("[data-state]")).hasText("down", SOON);
        assertThat(page.evaluate("window.stewardTestMarker")).isEqualTo("still the same page");
    }

    @Test
    void filtersByGroupTagAndStateWithoutJavaScript() {
        Page page = UiSession.signIn(browser, steward, Role.VIEWER);
        page.route("**/js/steward.js", route -> route.abort());
        page.reload();
        assertThat(service(page, "blog").locator("[data-service-state]")).hasText("up", SOON);

        page.selectOption("#filter-group", "shop");
        page.locator("form.filters button[type=submit]").click();

        assertThat(page).hasURL(Pattern.compile("\\?group=shop(&tag=)?$"));
        assertThat(page.locator("tbody[data-service] .service-link")).hasText(new String[] {"shop-api", "shop-db"});
        assertThat(page.locator("#filter-group")).hasValue("shop");

        service(page, "shop-db")
                .locator(".tag", new Locator.LocatorOptions().setHasText("production"))
                .click();
        assertThat(page.locator("tbody[data-service] .service-link")).hasText(new String[] {"shop-api", "shop-db"});
        assertThat(page.locator("#filter-tag")).hasValue("production");

        page.locator("a", new Page.LocatorOptions().setHasText("Clear filters")).click();
        page.selectOption("#filter-tag", "marketing");
        page.locator("form.filters button[type=submit]").click();
        assertThat(page.locator("tbody[data-service] .service-link")).hasText(new String[] {"blog"});

        blog.behave(LoopbackTarget.Behaviour.UNAVAILABLE);
        page.locator("a", new Page.LocatorOptions().setHasText("Clear filters")).click();
        // without the script the page is only as new as its last load: reload until the failure shows
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            page.reload();
            assertThat(page.locator(".summary [data-count='down'] b")).hasText("1");
        });
        page.locator(".summary [data-count='down']").click();
        assertThat(page.locator("tbody[data-service] .service-link")).hasText(new String[] {"blog"});
        assertThat(page.locator(".summary [data-count='down']")).hasAttribute("aria-current", "true");
    }

    @Test
    void fitsAPhoneScreenInDarkModeWithoutScrollingSideways() {
        Page page = browser.newPhonePage(true);
        String email = steward.user("phone@example.com", Role.VIEWER, "a phone's long passphrase");
        UiSession.signIn(page, steward, email, "a phone's long passphrase");
        assertThat(monitor(page, "shop-api", "health").locator("[data-state]")).hasText("up", SOON);

        assertThat((Boolean)
                        page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"))
                .as("no horizontal scroll of the page")
                .isTrue();
        assertThat(monitor(page, "shop-api", "health").locator(".bar")).isVisible();
        assertThat(monitor(page, "shop-api", "health").locator("td.num").first())
                .isVisible();
        assertThat(contrast(page, "body"))
                .as("body text on the dark background")
                .isGreaterThan(7);
        assertThat(contrast(page, "td.monitor-name")).as("muted text").isGreaterThan(4.5);
        assertThat(contrast(page, "tbody[data-service='shop-api'] [data-service-state]"))
                .as("a state word")
                .isGreaterThan(4.5);
    }

    /** The contrast ratio (WCAG) between an element's text colour and the page's background. */
    private static double contrast(Page page, String selector) {
        Object ratio = page.evaluate("""
                selector => {
                  const rgb = text => text.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number);
                  const luminance = ([r, g, b]) => {
                    const channel = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
                    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
                  };
                  const text = luminance(rgb(getComputedStyle(document.querySelector(selector)).color));
                  const background = luminance(rgb(getComputedStyle(document.body).backgroundColor));
                  return (Math.max(text, background) + 0.05) / (Math.min(text, background) + 0.05);
                }
                """, selector);
        return ((Number) ratio).doubleValue();
    }

    @Test
    void reachesTheFiltersAndEveryServiceWithTheKeyboard() {
        Page page = UiSession.signIn(browser, steward, Role.VIEWER);

        List<String> focused = new ArrayList<>();
        for (int tab = 0; tab < 40 && !focused.contains("filter-group"); tab++) {
            page.keyboard().press("Tab");
            focused.add(
                    (String) page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()"));
        }
        assertThat(focused).contains("filter-group");

        page.keyboard().press("Tab");
        assertThat(page.locator("#filter-tag")).isFocused();
        page.keyboard().press("Tab");
        assertThat(page.locator("form.filters button[type=submit]")).isFocused();
        page.keyboard().press("Tab");
        assertThat(service(page, "shop-api").locator(".service-link")).isFocused();
        page.keyboard().press("Enter");
        assertThat(page).hasURL(steward.url("/services/shop-api"));
    }

    @Test
    void saysHowLongThePageTookOnTheServer() {
        Page page = UiSession.signIn(browser, steward, Role.VIEWER);

        Response response = page.reload();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headerValue("server-timing"))
                .matches("wait;dur=\\d+\\.\\d;desc=\"waiting for a turn\", data;dur=\\d+\\.\\d;desc=\"reading data\","
                        + " render;dur=\\d+\\.\\d;desc=\"whole page\"");
    }
}
