package dev.steward.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.config.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The catalogs users meet first load as they are meant to. */
class CatalogSamplesTest {

    private static final Map<String, String> EXAMPLE_ENVIRONMENT = Map.of(
            "BOOKY_DB_PASSWORD", "x",
            "SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T0/B0/x",
            "PAGERDUTY_ROUTING_KEY", "routing-key",
            "S3_ACCESS_KEY", "access-key",
            "S3_SECRET_KEY", "secret-key");

    @Test
    void theRepositorysSampleLoadsWithoutWarningsAndWatchesStewardItself() throws IOException {
        CatalogLoad load = CatalogReader.read("steward.yml", Files.readAllBytes(Path.of("steward.yml")), Map.of());

        assertThat(load).isInstanceOf(CatalogLoad.Loaded.class);
        assertThat(load.warnings()).isEmpty();
        Catalog catalog = ((CatalogLoad.Loaded) load).catalog();
        assertThat(catalog.monitors().stream().map(monitor -> monitor.key().toString()))
                .containsExactly("steward/health", "steward/ready", "steward/port", "steward-db/postgres");
        assertThat(catalog.monitors().getFirst().probe())
                .isInstanceOfSatisfying(
                        ProbeSpec.Http.class,
                        http -> assertThat(http.url()).isEqualTo(URI.create("http://localhost:8080/health")));
        assertThat(catalog.monitors().getLast().probe().target()).isEqualTo("localhost:54329/steward");
        assertThat(catalog.policyOf(catalog.monitors().getLast())).isEqualTo(AlertPolicy.standard());
        assertThat(catalog.policyOf(catalog.monitors().getFirst()).rules())
                .extracting(ThresholdRule::name)
                .containsExactly("latency.p95");
    }

    @Test
    void theRepositorysSampleFollowsPortAndEmbeddedDatabasePort() throws IOException {
        CatalogLoad load = CatalogReader.read(
                "steward.yml",
                Files.readAllBytes(Path.of("steward.yml")),
                Map.of("PORT", "9090", "EMBEDDED_DB_PORT", "5544"));

        Catalog catalog = ((CatalogLoad.Loaded) load).catalog();
        assertThat(catalog.monitors().stream().map(monitor -> monitor.probe().target()))
                .containsExactly(
                        "GET http://localhost:9090/health",
                        "GET http://localhost:9090/readyz",
                        "localhost:9090",
                        "localhost:5544/steward");
    }

    @Test
    void theDesignExampleLoadsWithItsHeartbeatMonitor() throws IOException {
        CatalogLoad load = CatalogReader.read(
                "steward.example.yml", resource("/catalog/steward.example.yml"), EXAMPLE_ENVIRONMENT);

        assertThat(load).isInstanceOf(CatalogLoad.Loaded.class);
        Catalog catalog = ((CatalogLoad.Loaded) load).catalog();
        assertThat(catalog.monitor(new MonitorKey("booky-jobs", "nightly-backup"))
                        .map(monitor -> monitor.probe().target()))
                .contains("cron 0 2 * * * (Europe/Istanbul), grace 30m");
        assertThat(load.warnings()).isEmpty();
    }

    @Test
    void theDesignExampleWithoutItsHeartbeatMonitorLoads() throws IOException {
        String text = new String(resource("/catalog/steward.example.yml"), StandardCharsets.UTF_8);
        String withoutHeartbeat = text.replaceAll("(?s)  booky-jobs:.*?\\n\\n", "");
        Catalog catalog = switch (CatalogReader.read("steward.example.yml", withoutHeartbeat, EXAMPLE_ENVIRONMENT)) {
            case CatalogLoad.Loaded loaded -> loaded.catalog();
            case CatalogLoad.Rejected rejected ->
                throw new AssertionError(rejected.errors().toString());
        };
        assertThat(catalog.services().keySet()).containsExactly("booky-api", "booky-db");
        assertThat(catalog.monitors().stream().map(monitor -> monitor.key().toString()))
                .containsExactly(
                        "booky-api/health",
                        "booky-api/ready",
                        "booky-api/tls",
                        "booky-api/db-port-closed",
                        "booky-db/postgres",
                        "booky-db/redis");
        assertThat(catalog.monitors().getFirst().alert()).contains("default");
        Alerting alerting = catalog.alerting();
        assertThat(alerting.policies()).containsOnlyKeys("default", "latency");
        assertThat(alerting.policies().get("latency").rules()).singleElement().satisfies(rule -> {
            assertThat(rule.measure()).isEqualTo(ThresholdRule.Measure.LATENCY_P95);
            assertThat(rule.forDuration()).isEqualTo(Duration.ofMinutes(2));
        });
        assertThat(alerting.channels()).containsOnlyKeys("ops-slack", "oncall", "ops-mail");
        assertThat(alerting.routes())
                .extracting(route -> route.steps().stream()
                        .map(step -> Durations.format(step.after()) + " " + step.channels())
                        .toList())
                .containsExactly(List.of("0s [oncall, ops-slack]", "10m [ops-mail]"), List.of("0s [ops-slack]"));
        assertThat(alerting.maintenance())
                .containsExactly(new MaintenanceWindow(
                        List.of("booky-api"),
                        new MaintenanceWindow.Schedule.Recurring(
                                "0 3 * * SUN", Duration.ofMinutes(30), ZoneId.of("UTC")),
                        Optional.empty(),
                        "steward.example.yml:95:5"));
        assertThat(alerting.incidentSeverity()).isEqualTo(Severity.HIGH);
        assertThat(catalog.backups()).containsOnlyKeys("booky-nightly");
        BackupPolicy backup = catalog.backup("booky-nightly").orElseThrow();
        assertThat(backup.storage()).singleElement().isInstanceOf(BackupPolicy.Storage.S3.class);
        assertThat(backup.retention()).isEqualTo(new BackupPolicy.Retention(7, 14, 8, 12, 1));
        assertThat(backup.drill().checks()).hasSize(1);
    }

    @Test
    void theConfigurationGuidesAlertingExampleLoadsWithoutWarnings() throws IOException {
        String guide = Files.readString(Path.of("docs/CONFIGURATION.md"));
        int section = guide.indexOf("### Alerting");
        int start = guide.indexOf("```yaml\n", section) + "```yaml\n".length();
        String example = guide.substring(start, guide.indexOf("```", start));

        CatalogLoad load = CatalogReader.read("CONFIGURATION.md", example, EXAMPLE_ENVIRONMENT);

        assertThat(load).as("%s", load).isInstanceOf(CatalogLoad.Loaded.class);
        assertThat(load.warnings()).isEmpty();
        Catalog catalog = ((CatalogLoad.Loaded) load).catalog();
        assertThat(catalog.monitor(MonitorKey.parse("booky-api/health"))
                        .orElseThrow()
                        .alert())
                .contains("default");
        assertThat(catalog.alerting().routes()).hasSize(2);
        assertThat(catalog.alerting().maintenance()).hasSize(1);
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = Objects.requireNonNull(CatalogSamplesTest.class.getResourceAsStream(name), name)) {
            return in.readAllBytes();
        }
    }
}
