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
import tools.jackson.databind.JsonNode;

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
        Http.Response page = Http.get(steward.url("/status"), Http.anonymous());

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
        String html = Http.get(steward.url("/status"), Http.anonymous()).body();
        assertThat(html).contains("Identified").contains("The storefront&#39;s cache is being rebuilt.");
        assertThat(html).doesNotContain("alice");
        JsonNode update = Http.get(steward.url("/api/v2/summary.json")).json().at("/incidents/0/incident_updates/0");
        assertThat(update.path("status").asString()).isEqualTo("identified");
        assertThat(update.path("body").asString()).isEqualTo("The storefront's cache is being rebuilt.");
    }

    @Test
    void summaryJsonReadsAsAHostedStatusPagesSummary() {
        Http.Response response = Http.get(steward.url("/api/v2/summary.json"), Http.anonymous());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(response.header("Cache-Control")).contains("max-age=10");
        JsonNode summary = response.json();
        assertThat(summary.propertyNames())
                .containsExactly("page", "components", "incidents", "scheduled_maintenances", "status");
        assertThat(summary.path("page").propertyNames()).containsExactlyElementsOf(StatuspageJsonTest.PAGE);
        assertThat(summary.at("/page/name").asString()).isEqualTo("Shop status");
        assertThat(summary.at("/page/url").asString()).endsWith("/status");
        JsonNode components = summary.path("components");
        assertThat(components
                        .valueStream()
                        .map(c -> c.path("name").asString() + "="
                                + c.path("status").asString()))
                .containsExactly("Checkout=operational", "Storefront=major_outage");
        components.forEach(component ->
                assertThat(component.propertyNames()).containsExactlyElementsOf(StatuspageJsonTest.COMPONENT));
        assertThat(summary.path("status").path("indicator").asString()).isEqualTo("critical");
        assertThat(summary.path("status").path("description").asString()).isEqualTo("Major Service Outage");
        JsonNode incident = summary.path("incidents").get(0);
        assertThat(incident.propertyNames()).containsExactlyElementsOf(StatuspageJsonTest.INCIDENT);
        assertThat(incident.path("name").asString()).isEqualTo("Service disruption: Storefront");
        assertThat(incident.path("impact").asString()).isEqualTo("major");
        assertThat(incident.at("/components/0/name").asString()).isEqualTo("Storefront");
        incident.path("incident_updates")
                .forEach(update ->
                        assertThat(update.propertyNames()).containsExactlyElementsOf(StatuspageJsonTest.UPDATE));
        for (String word : INTERNAL) {
            assertThat(response.body()).as("the JSON never says %s", word).doesNotContain(word);
        }

        JsonNode status =
                Http.get(steward.url("/api/v2/status.json"), Http.anonymous()).json();
        assertThat(status.propertyNames()).containsExactly("page", "status");
        assertThat(status.path("status")).isEqualTo(summary.path("status"));
        assertThat(status.path("page").path("id"))
                .isEqualTo(summary.path("page").path("id"));
    }

    @Test
    void badgesShowAPublicServicesStateAndUptimeAndNothingOfOthers() {
        Http.Response ok = Http.get(steward.url("/badge/shop-api/status.svg"), Http.anonymous());
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.header("Content-Type")).startsWith("image/svg+xml");
        assertThat(ok.header("Cache-Control")).contains("max-age=60").contains("public");
        assertThat(ok.body()).startsWith("<svg").contains(">status<").contains(">operational<");
        assertThat(Http.get(steward.url("/badge/shop-web/status.svg")).body()).contains(">major outage<");
        assertThat(Http.get(steward.url("/badge/shop-web/status.svg?label=Store%20%26%20cart"))
                        .body())
                .contains(">Store &amp; cart<");
        Http.Response uptime = Http.get(steward.url("/badge/shop-api/uptime-30d.svg"));
        assertThat(uptime.status()).isEqualTo(200);
        assertThat(uptime.body()).contains(">uptime 30d<").containsPattern(">(100|\\d\\d?\\.\\d\\d)%<");

        for (String path : List.of("/badge/ledger-db/status.svg", "/badge/no-such/uptime-30d.svg")) {
            Http.Response missing = Http.get(steward.url(path), Http.anonymous());
            assertThat(missing.status()).as(path).isEqualTo(404);
            assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
            assertThat(missing.body()).doesNotContain("<svg");
        }
        Http.Response badLabel = Http.get(steward.url("/badge/shop-api/status.svg?label=%20"));
        assertThat(badLabel.status()).isEqualTo(400);
        assertThat(badLabel.json().path("parameter").asString()).isEqualTo("label");
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
