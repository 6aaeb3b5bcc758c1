package dev.steward.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FormData;
import dev.steward.access.Role;
import dev.steward.testing.Browser;
import dev.steward.testing.Http;
import dev.steward.testing.PostgresExtension;
import dev.steward.testing.TestSteward;
import dev.steward.testing.UiSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup pages in a real Chromium against a real Steward backing up a real pgbench database (scale 1) to a local
 * directory: an operator runs a backup from the page and watches it become verified without reloading, opens it and
 * sees its tables with their rows and the passed drill, and drills it again; a viewer sees the same pages without a
 * button, and a hand-made POST of theirs is refused.
 */
class BackupPagesIT {

    /** A backup of pgbench at scale 1 and its drill take seconds; a busy machine gets a generous margin. */
    private static final LocatorAssertions.ContainsTextOptions SLOW =
            new LocatorAssertions.ContainsTextOptions().setTimeout(120_000);

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @TempDir
    static Path directory;

    static TestSteward steward;
    static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl());
                Statement statement = connection.createStatement()) {
            statement.execute("create database shop");
        }
        postgres.pgbench("shop", 1);
        Path catalog = Files.writeString(
                directory.resolve("steward.yml"), """
                backups:
                  shop:
                    source: postgres://postgres@127.0.0.1:%d/shop
                    schedule: "0 3 * * *"
                    timezone: Europe/Berlin
                    storage:
                      - type: local
                        path: %s
                    retention: { keepLast: 7, daily: 14 }
                    drill:
                      checks:
                        - sql: select count(*) from pgbench_branches
                          expect: "== 1"
                """.formatted(postgres.port(), directory.resolve("backups")));
        steward = TestSteward.start(Map.of(
                "DATABASE_URL", postgres.databaseUrl(),
                "STEWARD_CONFIG", catalog.toString(),
                "STEWARD_DATA_DIR", directory.resolve("data").toString()));
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (steward != null) {
            steward.close();
        }
    }

    @Test
    void anOperatorRunsABackupWatchesItBecomeVerifiedAndSeesItsTablesAndDrill() throws IOException {
        Page page = UiSession.signIn(browser, steward, Role.OPERATOR);
        page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Main"))
                .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Backups"))
                .click();
        Locator policy = page.locator("section.backup-policy[data-policy=shop]");
        assertThat(policy).containsText("0 3 * * * (Europe/Berlin)");
        assertThat(policy).containsText("keepLast 7, daily 14, minVerified 1");
        assertThat(policy).containsText("after every backup");

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Run backup of shop now"))
                .click();
        assertThat(page.locator(".flash.ok")).containsText("of shop started.");
        String id = page.locator(".flash.ok").textContent().replaceAll("^Backup (\\S+) of shop started\\.$", "$1");

        // No reload: the page follows the run by itself until the drill after it has passed.
        Locator row = page.locator("table.backups tr[data-backup='" + id + "']");
        assertThat(row.locator(".state")).containsText("verified", SLOW);
        assertThat(row).containsText("manual");
        assertThat(policy).containsText("passed", SLOW);
        assertThat(policy).containsText("RTO");
        assertThat(page.locator(".backup-running")).hasCount(0);

        page.reload(); // without the flash message, as people come back to it
        save(page, "backups.png");

        row.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(id)).click();
        page.waitForURL(steward.url("/backups/" + id));
        assertThat(page.locator(".backup-summary")).containsText("verified");
        Locator accounts = page.locator("table.backup-tables tr[data-table='public.pgbench_accounts']");
        assertThat(accounts).containsText("100,000");
        assertThat(accounts).containsText("matches");
        assertThat(page.locator("table.backup-tables tr[data-table='public.pgbench_tellers']"))
                .containsText("10");
        assertThat(page.locator("#tables-title")).containsText("Tables (4, 100,011 rows at dump time)");
        assertThat(page.locator("table.backup-copies")).containsText("complete");
        assertThat(page.locator(".sha256")).hasText(java.util.regex.Pattern.compile("[0-9a-f]{64}"));
        Locator drill = page.locator("section.drill").first();
        assertThat(drill).containsText("passed");
        assertThat(drill).containsText("4 tables, 1 SQL check, none failed");
        assertThat(drill.locator("table.drill-checks")).containsText("select count(*) from pgbench_branches");
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(Path.of("target", "screenshots", "backup.png"))
                .setFullPage(true));

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Drill this backup"))
                .click();
        assertThat(page.locator(".flash.ok")).containsText("Restore drill of backup " + id + " (shop) started.");
        assertThat(page.locator("section.drill"))
                .hasCount(2, new LocatorAssertions.HasCountOptions().setTimeout(120_000));
        assertThat(page.locator("section.drill").first()).containsText("passed", SLOW);

        String audit = Http.get(steward.url("/api/v1/audit?action=backups.")).body();
        assertThat(audit)
                .contains("\"actor\":\"" + signedInName(page) + "\"")
                .contains("\"action\":\"backups.policies.run\"")
                .contains("\"target\":\"backups shop\"")
                .contains("\"action\":\"backups.verify\"")
                .contains("\"target\":\"backups " + id + "\"");
    }

    @Test
    void aViewerSeesThePagesWithoutButtonsAndAHandMadePostIsRefused() {
        Page page = UiSession.signIn(browser, steward, Role.VIEWER);
        page.navigate(steward.url("/backups"));

        assertThat(page.locator("section.backup-policy[data-policy=shop]")).containsText("0 3 * * * (Europe/Berlin)");
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Run backup of shop now")))
                .hasCount(0);
        assertThat(page.locator("main form")).hasCount(0);
        assertThat(IncidentPagesIT.postAs(page, steward.url("/backups/policies/shop/run"), FormData.create())
                        .status())
                .isEqualTo(403);
        assertThat(IncidentPagesIT.postAs(page, steward.url("/backups/policies/shop/verify"), FormData.create())
                        .status())
                .isEqualTo(403);
    }

    @Test
    void anUnknownBackupAnswersANotFoundPage() {
        Page page = UiSession.signIn(browser, steward, Role.VIEWER);

        var response = page.navigate(steward.url("/backups/20200101T000000Z-0000"));

        assertThat(response.status()).isEqualTo(404);
        assertThat(page.locator("h1")).hasText("No such backup");
    }

    private static String signedInName(Page page) {
        return page.locator("header .who span span").first().textContent().strip();
    }

    /**
     * Writes the screenshot to target/screenshots, and with {@code -Dsteward.screenshots=docs/screenshots} also there
     * (as OverviewScreenshotsIT does).
     */
    private static void save(Page page, String name) throws IOException {
        Path target = Path.of("target", "screenshots", name);
        Files.createDirectories(target.getParent());
        page.screenshot(new Page.ScreenshotOptions().setPath(target).setFullPage(true));
        String docs = System.getProperty("steward.screenshots", "");
        if (!docs.isBlank()) {
            Path copy = Path.of(docs, name);
            Files.createDirectories(copy.getParent());
            Files.copy(target, copy, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
