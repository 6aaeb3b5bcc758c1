package dev.steward.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.steward.access.Role;
import dev.steward.catalog.MonitorKey;
import dev.steward.probe.ErrorCode;
import dev.steward.probe.ProbeResult;
import dev.steward.probe.Status;
import dev.steward.result.ResultStore;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The screenshots of docs/UI.md, taken in a real Chromium at 1280×800 from a catalog like a small company's: three
 * groups and a service without one, one service failing now (its incident open), 30 days of history with an outage
 * and a slow day. They are written to target/screenshots; {@code -Dsteward.screenshots=docs/screenshots} writes them
 * into the documentation too:
 *
 * <pre>mvn verify -Dit.test=OverviewScreenshotsIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dsteward.screenshots=docs/screenshots</pre>
 */
class OverviewScreenshotsIT {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @TempDir
    static Path directory;

    private static final LocatorAssertions.HasTextOptions SOON =
            new LocatorAssertions.HasTextOptions().setTimeout(60_000);

    /** Every monitor of the catalog, and its usual latency in milliseconds. */
    private static final Map<String, Integer> MONITORS = Map.ofEntries(
            Map.entry("booky-api/health", 42),
            Map.entry("booky-api/ready", 18),
            Map.entry("booky-db/postgres", 3),
            Map.entry("booky-worker/queue", 25),
            Map.entry("payments-api/health", 65),
            Map.entry("payments-api/webhooks", 90),
            Map.entry("www/home", 120),
            Map.entry("www/docs", 80),
            Map.entry("mail-relay/smtp", 2));

    static LoopbackTarget healthy;
    static LoopbackTarget failing;
    static TestSteward steward;
    static Browser browser;

    @BeforeAll
    static void start() throws IOException {
        healthy = LoopbackTarget.start();
        failing = LoopbackTarget.start();
        failing.behave(LoopbackTarget.Behaviour.UNAVAILABLE);
        String ok = healthy.url("/health");
        Path catalog = Files.writeString(
                directory.resolve("steward.yml"), """
                defaults:
                  interval: 5s
                  timeout: 2s
                services:
                  booky-api:
                    description: Booky backend API
                    group: booky
                    tags: [production, api]
                    runbook: https://git.example.com/booky/docs/RUNBOOK.md
                    links:
                      dashboard: https://grafana.example.com/d/booky
                      repository: https://git.example.com/booky/api
                    owner: team-books
                    dependsOn: [booky-db]
                    monitors:
                      health:
                        type: http
                        description: Deep health check, database included
                        url: %1$s
                        conditions: ["[STATUS] == 200", "[RESPONSE_TIME] < 800"]
                      ready:
                        type: http
                        url: %1$s
                        conditions: ["[STATUS] == 200"]
                  booky-db:
                    description: PostgreSQL of Booky
                    group: booky
                    tags: [production, database]
                    monitors:
                      postgres:
                        type: tcp
                        host: 127.0.0.1
                        port: %2$d
                  booky-worker:
                    description: Background jobs
                    group: booky
                    tags: [production]
                    monitors:
                      queue:
                        type: http
                        url: %1$s
                  payments-api:
                    description: Card payments and refunds
                    group: payments
                    tags: [production, api, pci]
                    runbook: https://git.example.com/payments/RUNBOOK.md
                    monitors:
                      health:
                        type: http
                        url: %3$s
                        conditions: ["[STATUS] == 200"]
                      webhooks:
                        type: http
                        url: %1$s
                  www:
                    description: Public website and documentation
                    group: web
                    tags: [marketing]
                    monitors:
                      home:
                        type: http
                        url: %1$s
                      docs:
                        type: http
                        url: %1$s
                  mail-relay:
                    description: Outgoing mail
                    tags: [internal]
                    monitors:
                      smtp:
                        type: tcp
                        host: 127.0.0.1
                        port: %2$d
                """.formatted(ok, healthy.port(), failing.url("/health")));
        steward =
                TestSteward.start(Map.of("DATABASE_URL", postgres.databaseUrl(), "STEWARD_CONFIG", catalog.toString()));
        history(Instant.now());
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        browser.close();
        steward.close();
        healthy.close();
        failing.close();
    }

    /**
     * 30 days of results every 10 minutes (an outage of booky-api/health 6 days ago, payments slow 12 days ago), and
     * the last 25 results every 5 s, as if Steward had been running all along.
     */
    private static void history(Instant now) {
        ResultStore store = steward.context().getBean(ResultStore.class);
        LiveResults live = steward.context().getBean(LiveResults.class);
        Random random = new Random(23);
        Instant start = now.minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.HOURS);
        Instant outage = now.minus(Duration.ofDays(6)).truncatedTo(ChronoUnit.HOURS);
        Instant slow = now.minus(Duration.ofDays(12)).truncatedTo(ChronoUnit.HOURS);
        MONITORS.forEach((key, latency) -> {
            MonitorKey monitor = MonitorKey.parse(key);
            for (Instant at = start; at.isBefore(now.minusSeconds(130)); at = at.plus(Duration.ofMinutes(10))) {
                boolean down = key.equals("booky-api/health")
                        && !at.isBefore(outage)
                        && at.isBefore(outage.plus(Duration.ofMinutes(50)));
                double factor = key.startsWith("payments-api")
                                && !at.isBefore(slow)
                                && at.isBefore(slow.plus(Duration.ofHours(5)))
                        ? 6
                        : 1 + 0.25 * Math.sin(at.getEpochSecond() / 86_400.0 * 2 * Math.PI);
                store.submit(result(monitor, at, latency * factor, random, down));
            }
            for (int i = 25; i > 0; i--) {
                ProbeResult result = result(monitor, now.minusSeconds(5L * i), latency, random, false);
                store.submit(result);
                if (!key.equals("payments-api/health")) {
                    live.add(result);
                }
            }
        });
        store.flush();
    }

    private static ProbeResult result(MonitorKey monitor, Instant at, double latency, Random random, boolean down) {
        Duration took = Duration.of(Math.round(latency * 1000 * (0.7 + 0.6 * random.nextDouble())), ChronoUnit.MICROS);
        return new ProbeResult(
                monitor,
                at,
                at,
                down ? Duration.ofSeconds(2) : took,
                down ? Status.DOWN : Status.UP,
                down ? "no answer within 2s" : "HTTP 200",
                down ? Optional.of(ErrorCode.TIMEOUT) : Optional.empty(),
                List.of(),
                Optional.empty());
    }

    private static void save(Page page, String name) throws IOException {
        Path target = Path.of("target", "screenshots", name);
        Files.createDirectories(target.getParent());
        page.screenshot(new Page.ScreenshotOptions().setPath(target));
        String docs = System.getProperty("steward.screenshots", "");
        if (!docs.isBlank()) {
            Path copy = Path.of(docs, name);
            Files.createDirectories(copy.getParent());
            Files.copy(target, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void overviewAndServicePage() throws IOException {
        Page page = UiSession.signIn(browser, steward, Role.OPERATOR);
        assertThat(page.locator("tbody[data-service='payments-api'] [data-service-state]"))
                .hasText("down", SOON);
        // the standard policy opens the incident after 3 failures; uptimes are read in the background
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            page.reload();
            assertThat(page.locator("tbody[data-service='payments-api'] .incident"))
                    .hasCount(1);
            assertThat(page.locator("tbody[data-service='booky-api'] tr[data-monitor='health'] td.num")
                            .nth(1))
                    .not()
                    .hasText("—");
        });
        assertThat(page.locator("[data-live-status]")).hasText("live", SOON);
        save(page, "overview.png");

        page.locator("tbody[data-service='booky-api'] .service-link").click();
        assertThat(page.locator("table.monitors tr[data-monitor='health'] [data-state]"))
                .hasText("up", SOON);
        page.locator(".ranges a", new Page.LocatorOptions().setHasText("last 30 days"))
                .click();
        assertThat(page.locator(".chart svg path.p50")).hasCount(2);
        assertThat(page.locator("[data-live-status]")).hasText("live", SOON);
        page.evaluate("window.scrollTo(0, 0)"); // the range link went to the charts; the picture starts at the top
        save(page, "service.png");
    }
}
