package dev.steward.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.steward.access.Role;
import dev.steward.testing.Browser;
import dev.steward.testing.LoopbackTarget;
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
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service's page, where notifications link, in a real Chromium: its monitors, links and dependencies, latency charts
 * over a chosen range, uptime by day, failures with their error codes, alerts; a 404 page for a name the catalog does
 * not know.
 */
class ServicePageIT {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @TempDir
    static Path directory;

    private static final LocatorAssertions.HasTextOptions SOON =
            new LocatorAssertions.HasTextOptions().setTimeout(30_000);

    static LoopbackTarget target;
    static TestSteward steward;
    static Browser browser;

    @BeforeAll
    static void start() throws IOException {
        target = LoopbackTarget.start();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Path catalog = Files.writeString(directory.resolve("steward.yml"), """
                defaults:
                  interval: 5s
                  timeout: 2s
                maintenance:
                  - services: [shop-db]
                    start: "%s"
                    end: "%s"
                    reason: disk upgrade
                services:
                  shop-api:
                    description: Orders and payments
                    group: shop
                    tags: [production]
                    owner: team-shop
                    runbook: https://git.example.com/shop/RUNBOOK.md
                    links:
                      dashboard: https://grafana.example.com/d/shop
                    dependsOn: [shop-db]
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
                    monitors:
                      port:
                        type: tcp
                        host: 127.0.0.1
                        port: %d
                """.formatted(
                        now.minus(Duration.ofHours(1)),
                        now.plus(Duration.ofHours(1)),
                        target.url("/health"),
                        target.port(),
                        target.port()));
        steward =
                TestSteward.start(Map.of("DATABASE_URL", postgres.databaseUrl(), "STEWARD_CONFIG", catalog.toString()));
        browser = Browser.start();
    }

    @AfterEach
    void healthyAgain() {
        target.behave(LoopbackTarget.Behaviour.HEALTHY);
    }

    @AfterAll
    static void stop() {
        browser.close();
        steward.close();
        target.close();
    }

    private static Page servicePage(String service) {
        Page page = UiSession.signIn(browser, steward, Role.VIEWER);
        page.locator("tbody[data-service='" + service + "'] .service-link").click();
        assertThat(page).hasURL(steward.url("/services/" + service));
        return page;
    }

    private static Locator monitor(Page page, String name) {
        return page.locator("table.monitors tr[data-monitor='" + name + "']");
    }

    @Test
    void showsTheServiceWithItsMonitorsLinksAndLatencyCharts() {
        Page page = servicePage("shop-api");

        assertThat(page).hasTitle("shop-api · Steward");
        assertThat(page.locator("h1")).hasText("shop-api");
        assertThat(page.locator("a.runbook")).hasAttribute("href", "https://git.example.com/shop/RUNBOOK.md");
        assertThat(page.locator(".links a", new Page.LocatorOptions().setHasText("dashboard")))
                .hasAttribute("href", "https://grafana.example.com/d/shop");
        assertThat(page.locator("dl.service-facts")).containsText("team-shop");
        assertThat(page.locator(".dependency a")).hasText("shop-db");
        assertThat(monitor(page, "health").locator("[data-state]")).hasText("up", SOON);
        assertThat(monitor(page, "health")).containsText("http GET http://127.0.0.1:" + target.port() + "/health");
        assertThat(monitor(page, "port").locator("[data-state]")).hasText("up", SOON);
        assertThat(page.locator("[data-service-state]")).hasText("up");

        page.reload();
        Locator charts = page.locator(".chart svg[role='img']");
        assertThat(charts).hasCount(2);
        assertThat(charts.first().locator("title")).hasText("Latency of health, last 24 hours");
        assertThat(page.locator(".chart figcaption").first())
                .containsText(Pattern.compile("Over the last 24 hours, p50 (from )?[\\d.]+ m?s"));
        assertThat(page.locator(".chart").first().locator("details tbody tr")).hasCount(24);
        assertThat(page.locator(".bar.days i")).hasCount(ServiceController.DAYS);
        assertThat(page.locator("#uptime + p"))
                .containsText(
                        Pattern.compile("Uptime over the last 30 days: [\\d.]+%; lowest on \\d{4}-\\d\\d-\\d\\d"));
    }

    @Test
    void switchesTheChartsBetweenRangesWithLinks() {
        Page page = servicePage("shop-api");

        page.locator(".ranges a", new Page.LocatorOptions().setHasText("last hour"))
                .click();

        assertThat(page).hasURL(steward.url("/services/shop-api?range=1h#latency"));
        assertThat(page.locator(".ranges a[aria-current='page']")).hasText("last hour");
        assertThat(page.locator(".chart svg title").first()).hasText("Latency of health, last hour");
        assertThat(page.locator(".chart").first().locator("details tbody tr")).hasCount(30);

        page.locator(".ranges a", new Page.LocatorOptions().setHasText("last 7 days"))
                .click();
        assertThat(page.locator(".chart").first().locator("details tbody tr")).hasCount(28);
        page.locator(".ranges a", new Page.LocatorOptions().setHasText("last 30 days"))
                .click();
        assertThat(page.locator(".chart").first().locator("details tbody tr")).hasCount(30);
    }

    @Test
    void showsAFailureLiveThenWithItsErrorCodeAmongRecentFailuresAndTheAlert() {
        Page page = servicePage("shop-api");
        assertThat(monitor(page, "health").locator("[data-state]")).hasText("up", SOON);

        target.behave(LoopbackTarget.Behaviour.UNAVAILABLE);

        assertThat(monitor(page, "health").locator("[data-state]")).hasText("down", SOON);
        assertThat(monitor(page, "health").locator("[data-error]")).hasText("status_mismatch");
        assertThat(monitor(page, "health").locator("[data-message]")).containsText("HTTP 503");
        assertThat(page.locator("[data-service-state]")).hasText("down");

        // the standard policy fires after 3 failures in a row
        await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
            page.reload();
            assertThat(page.locator("table.alerts tbody tr").first()).containsText("firing");
        });
        Locator failure = page.locator("table.failures tbody tr").first();
        assertThat(failure).containsText("health");
        assertThat(failure.locator(".error-code")).hasText("status_mismatch");
        assertThat(failure).containsText("HTTP 503");
        assertThat(page.locator("table.alerts tbody tr").first()).containsText("shop-api/health");
        assertThat(page.locator("table.incidents tbody tr").first().locator("a"))
                .hasAttribute("href", Pattern.compile("/incidents/\\d+$"));
    }

    @Test
    void marksAServiceInAMaintenanceWindow() {
        Page page = servicePage("shop-db");

        assertThat(page.locator(".service-head .state.maintenance")).containsText("maintenance until");
    }

    @Test
    void answersAServiceTheCatalogDoesNotKnowWithANotFoundPage() {
        Page page = UiSession.signIn(browser, steward, Role.VIEWER);

        Response response = page.navigate(steward.url("/services/no-such-service"));

        assertThat(response.status()).isEqualTo(404);
        assertThat(page.locator("h1")).hasText("No such service");
        assertThat(page.locator("main")).containsText("no-such-service");
        assertThat(page.locator("main li a")).hasText(new String[] {"shop-api", "shop-db"});
    }

    @Test
    void saysHowLongThePageTookOnTheServer() {
        Page page = UiSession.signIn(browser, steward, Role.VIEWER);

        Response response = page.navigate(steward.url("/services/shop-api?range=7d"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headerValue("server-timing")).contains("render;dur=");
    }
}
