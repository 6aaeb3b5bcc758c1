package dev.steward.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import dev.steward.testing.Browser;
import dev.steward.testing.PostgresExtension;
import dev.steward.testing.TestSteward;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BrowserSmokeIT {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @Test
    void chromiumLoadsTheStylesheetSteward() {
        try (TestSteward steward = TestSteward.start(Map.of("DATABASE_URL", postgres.databaseUrl()));
                Browser browser = Browser.start()) {
            Page page = browser.newPage();
            page.navigate(steward.url("/css/steward.css"));
            assertThat(page.content()).contains("prefers-color-scheme: dark");
        }
    }
}
