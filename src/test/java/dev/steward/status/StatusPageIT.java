package dev.steward.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.steward.testing.Http;
import dev.steward.testing.LoopbackTarget;
import dev.steward.testing.PostgresExtension;
import dev.steward.testing.TestSteward;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The public status page of a Steward watching real loopback targets: two public services (one healthy, one failing)
 * and a failing private one, which never shows.
 */
class StatusPageIT {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @TempDir
    static Path directory;

    static LoopbackTarget healthy;
    static LoopbackTarget failing;
    static TestSteward steward;
    static JdbcClient jdbc;

    /** Words that name internal things: none may appear in anything public. */
    static final List<String> INTERNAL = List.of(
            "shop-api",
            "shop-web",
            "ledger-db",
            "Ledger",
            "probe-alpha",
            "probe-beta",
            "probe-gamma",
            "503",
            "127.0.0.1",
            "is down");

    @BeforeAll
    static void start() throws IOException {
        healthy = LoopbackTarget.start();
        failing = LoopbackTarget.start();
        failing.behave(LoopbackTarget.Behaviour.UNAVAILABLE);
        Path catalog = Files.writeString(directory.resolve("steward.yml"), """
                statusPage:
                  title: Shop status
                policies:
                  default:
                    failureThreshold: 1
                    successThreshold: 1
                services:
                  shop-api:
                    status: { public: true, name: Checkout }
                    monitors:
                      probe-alpha:
                        type: http
                        url: %s
                        interval: 5s
                  shop-web:
                    status: { public: true, name: Storefront }
                    monitors:
                      probe-beta:
                        type: http
                        url: %s
                        interval: 5s
                  ledger-db:
                    description: Ledger
                    status: { public: false, name: Ledger }
                    monitors:
                      probe-gamma:
                        type: http
                        url: %s
                        interval: 5s
                """.formatted(
                        healthy.url("/health"), failing.url("/health"), failing.url("/health")));
        steward =
                TestSteward.start(Map.of("DATABASE_URL", postgres.databaseUrl(), "STEWARD_CONFIG", catalog.toString()));
        jdbc = StatusCalls.database(postgres);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> Http.get(steward.url("/status")).body().contains("Major outage"));
    }

    @AfterAll
    static void stop() {
        steward.close();
        healthy.close();
        failing.close();
    }

    @Test
    void showsEachPublicServiceUnderItsPublicNameWithItsStateAndNothingInternal() {
        Http.Response page = Http.get(steward.url("/status"));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.header("Cache-Control")).contains("max-age=10").contains("public");
        String html = page.body();
        assertThat(html).contains("<title>Shop status</title>");
        assertThat(row(html, "Checkout")).contains("Operational").contains("state-operational");
        assertThat(row(html, "Storefront")).contains("Major outage").contains("state-major_outage");
        assertThat(html).contains("Major outage").doesNotContain("All systems operational");
        assertThat(html)
                .contains("Service disruption: Storefront")
                .contains("We are investigating a problem affecting" + " Storefront.");
        assertThat(html).contains("/css/status.css").doesNotContain("<script");
        assertThat(html.split("role=\"img\"", -1))
                .as("90 daily bars per public service")
                .hasSize(2 * 90 + 1);
        assertThat(html).containsPattern("title=\"\\d{4}-\\d\\d-\\d\\d: (100%|\\d\\d?\\.\\d\\d%) uptime\"");
        assertThat(html).contains(": no data\"");
        for (String word : INTERNAL) {
            assertThat(html).as("the page never says %s", word).doesNotContain(word);
        }
    }

    @Test
    void aPostedUpdateShowsOnThePageAtOnce() {
        long incident = jdbc.sql("select id from incident where service = 'shop-web' and status <> 'resolved'")
                .query(Long.class)
                .single();

        Http.Response posted = StatusCalls.post(
                steward.url("/api/v1/incidents/" + incident + "/updates"),
                "{\"status\": \"identified\", \"message\": \"The storefront's cache is being rebuilt.\","
                        + " \"author\": \"alice\"}");

        assertThat(posted.status()).isEqualTo(201);
        String html = Http.get(steward.url("/status")).body();
        assertThat(html).contains("Identified").contains("The storefront&#39;s cache is being rebuilt.");
        assertThat(html).doesNotContain("alice");
    }

    /** The page's row of one public service, from its name to the next row. */
    static String row(String html, String name) {
        int start = html.indexOf("<span class=\"component-name\">" + name + "</span>");
        assertThat(start).as("a row for %s", name).isPositive();
        int rowStart = html.lastIndexOf("<li class=\"component", start);
        int end = html.indexOf("<li class=\"component", start);
        return html.substring(rowStart, end < 0 ? html.length() : end);
    }
}
