package dev.steward.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** The catalogs users meet first load as they are meant to. */
class CatalogSamplesTest {

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
    void theDesignExampleLoadsExceptItsHeartbeatMonitor() throws IOException {
        CatalogLoad load = CatalogReader.read(
                "steward.example.yml", resource("/catalog/steward.example.yml"), Map.of("BOOKY_DB_PASSWORD", "x"));

        assertThat(load).isInstanceOf(CatalogLoad.Rejected.class);
        assertThat(((CatalogLoad.Rejected) load).errors().stream().map(Object::toString))
                .containsExactly("steward.example.yml:98:15 services.booky-jobs.monitors.nightly-backup.type: heartbeat"
                        + " monitors arrive in a later version of Steward");
        assertThat(load.warnings().stream().map(CatalogProblem::path))
                .containsExactly("channels", "routes", "maintenance", "backups");
    }

    @Test
    void theDesignExampleWithoutItsHeartbeatMonitorLoads() throws IOException {
        String text = new String(resource("/catalog/steward.example.yml"), StandardCharsets.UTF_8);
        String withoutHeartbeat = text.replaceAll("(?s)  booky-jobs:.*?\\n\\n", "");
        Catalog catalog =
                switch (CatalogReader.read("steward.example.yml", withoutHeartbeat, Map.of("BOOKY_DB_PASSWORD", "x"))) {
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
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = Objects.requireNonNull(CatalogSamplesTest.class.getResourceAsStream(name), name)) {
            return in.readAllBytes();
        }
    }
}
