package dev.steward.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.steward.testing.Browser;
import dev.steward.testing.Http;
import dev.steward.testing.LoopbackTarget;
import dev.steward.testing.PostgresExtension;
import dev.steward.testing.TestSteward;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The status page in a real headless Chromium on a phone in dark mode, with a realistic catalog: four public services
 * (one slow, one failing with an incident and two public updates), a private one and a weekly maintenance window. Saves
 * the screenshot target/screenshots/status-page.png (copied to docs/screenshots/ by hand when the page changes).
 */
class StatusPageBrowserIT {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    static final Path SCREENSHOT = Path.of("target", "screenshots", "status-page.png");

    @TempDir
    Path directory;

    @Test
    void aPhoneInDarkModeShowsEveryPublicServiceWithItsStateAndBars() throws Exception {
        try (LoopbackTarget healthy = LoopbackTarget.start();
                LoopbackTarget failing = LoopbackTarget.start()) {
            failing.behave(LoopbackTarget.Behaviour.UNAVAILABLE);
            Path catalog = Files.writeString(directory.resolve("steward.yml"), """
                    statusPage:
                      title: Booky status
                    policies:
                      default: { failureThreshold: 2, successThreshold: 2 }
                    maintenance:
                      - services: [booky-search]
                        schedule: "0 3 * * SUN"
                        duration: 30m
                        timezone: UTC
                        reason: reindexing
                    services:
                      booky-web:
                        status: { public: true, name: Website }
                        monitors:
                          home: { type: http, url: "%1$s", interval: 5s }
                      booky-api:
                        status: { public: true, name: API }
                        monitors:
                          health: { type: http, url: "%1$s", interval: 5s }
                          ready: { type: http, url: "%1$s", interval: 5s }
                      booky-search:
                        status: { public: true, name: Search }
                        monitors:
                          query:
                            type: http
                            url: "%1$s"
                            interval: 5s
                            warn: ["[RESPONSE_TIME] < 0"]
                      booky-payments:
                        status: { public: true, name: Payments }
                        monitors:
                          charge: { type: http, url: "%2$s", interval: 5s }
                      booky-db:
                        monitors:
                          postgres: { type: tcp, host: 127.0.0.1, port: %3$d, interval: 5s }
                    """.formatted(
                            healthy.url("/health"), failing.url("/health"), healthy.port()));
            try (TestSteward steward = TestSteward.start(
                            Map.of("DATABASE_URL", postgres.databaseUrl(), "STEWARD_CONFIG", catalog.toString()));
                    Browser browser = Browser.start()) {
                JdbcClient jdbc = StatusCalls.database(postgres);
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> {
                            String summary = Http.get(steward.url("/api/v2/summary.json"))
                                    .body();
                            return summary.contains("\"degraded_performance\"")
                                    && summary.contains("\"major_outage\"")
                                    && summary.contains("Service disruption: Payments");
                        });
                history(jdbc);
                long incident = jdbc.sql("select id from incident where service = 'booky-payments'")
                        .query(Long.class)
                        .single();
                post(steward, incident, "investigating", "Some card payments fail. We are looking into it.");
                post(
                        steward,
                        incident,
                        "identified",
                        "Our payment provider rejects part of the requests; a fix is rolling out now.");

                Page page = browser.newPhonePage(true);
                page.navigate(steward.url("/status"));

                Locator rows = page.locator(".component");
                assertThat(rows.count()).isEqualTo(4);
                for (int i = 0; i < rows.count(); i++) {
                    assertThat(rows.nth(i).isVisible()).isTrue();
                    assertThat(rows.nth(i).locator(".bars li").count()).isEqualTo(90);
                }
                assertThat(rows.locator(".component-name").allInnerTexts())
                        .containsExactly("Website", "API", "Search", "Payments");
                assertThat(rows.locator(".component-state").allInnerTexts())
                        .containsExactly("Operational", "Operational", "Degraded performance", "Major outage");
                assertThat(page.locator(".banner-text").innerText()).isEqualTo("Major outage");
                assertThat(page.locator(".incident .updates li").allInnerTexts())
                        .first()
                        .asString()
                        .contains("Identified")
                        .contains("a fix is rolling out now");
                assertThat(page.locator(".window").innerText()).contains("Search");
                assertThat(page.content()).doesNotContain("booky-").doesNotContain("reindexing");
                assertThat(page.evaluate("getComputedStyle(document.body).backgroundColor"))
                        .as("dark mode")
                        .isEqualTo("rgb(13, 17, 23)");
                assertThat((Boolean) page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))
                        .as("nothing wider than the phone")
                        .isTrue();

                Files.createDirectories(SCREENSHOT.getParent());
                page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOT).setFullPage(true));
                assertThat(SCREENSHOT).isNotEmptyFile();
            }
        }
    }

    private static void post(TestSteward steward, long incident, String status, String message) {
        Http.Response posted = StatusCalls.post(
                steward.url("/api/v1/incidents/" + incident + "/updates"),
                "{\"status\": \"" + status + "\", \"message\": \"" + message + "\", \"author\": \"alice\"}");
        assertThat(posted.status()).isEqualTo(201);
    }

    /**
     * 70 days of hourly rollups before today for the public services' monitors, as if Steward had watched them that
     * long: mostly all up, a few bad hours here and there, one bad day for Payments, a slow week for Search.
     */
    private static void history(JdbcClient jdbc) {
        Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS);
        List<Map.Entry<Integer, String>> monitors = jdbc.sql("select id, key from monitor")
                .query((row, n) -> Map.entry(row.getInt(1), row.getString(2)))
                .list();
        for (Map.Entry<Integer, String> monitor : monitors) {
            for (int day = 70; day >= 1; day--) {
                int down = 0;
                if (monitor.getValue().startsWith("booky-payments") && day == 12) {
                    down = 95;
                } else if (monitor.getValue().startsWith("booky-api") && day % 23 == 0) {
                    down = 4;
                } else if (monitor.getValue().startsWith("booky-search") && day % 31 == 5) {
                    down = 30;
                }
                jdbc.sql("""
                                insert into monitor_rollup_hourly
                                    (monitor_id, hour, up, degraded, down, latency_sum_us, latency_buckets,
                                     latency_counts)
                                values (?, ?, ?, 0, ?, 0, '{}', '{}')""")
                        .params(
                                monitor.getKey(),
                                Timestamp.from(today.minus(Duration.ofDays(day)).plus(Duration.ofHours(12))),
                                720 - down,
                                down)
                        .update();
            }
        }
        jdbc.sql("update monitor_rollup_watermark set rolled_up_to = ?")
                .param(Timestamp.from(Instant.now().truncatedTo(ChronoUnit.HOURS)))
                .update();
    }
}
