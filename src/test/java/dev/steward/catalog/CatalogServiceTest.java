package dev.steward.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogServiceTest {

    private static final String ONE_MONITOR = """
            services:
              api:
                monitors:
                  port:
                    type: tcp
                    host: api.example.com
                    port: 443
            """;

    private static final String TWO_MONITORS = ONE_MONITOR + """
                  cert:
                    type: tls
                    host: api.example.com
            """;

    @TempDir
    Path directory;

    private final List<Object> events = new CopyOnWriteArrayList<>();
    private final TestClock clock = new TestClock(Instant.parse("2026-01-05T10:00:00Z"));

    @Test
    void loadsTheFileAtStartAndReportsItsStatus() throws IOException {
        Path file = write(ONE_MONITOR);
        CatalogService service = service(file, true);

        assertThat(service.current().monitors()).hasSize(1);
        CatalogStatus status = service.status();
        assertThat(status.source()).isEqualTo(file.toString());
        assertThat(status.loadedAt()).isEqualTo(clock.instant());
        assertThat(status.services()).isEqualTo(1);
        assertThat(status.monitors()).isEqualTo(1);
        assertThat(status.checksum()).contains(CatalogService.checksum(Files.readAllBytes(file)));
        assertThat(status.lastRejected()).isEmpty();
        assertThat(events).as("the first catalog is not a change").isEmpty();
    }

    @Test
    void keepsTheRunningCatalogWhenAnEditIsInvalidAndSwapsOnAValidOne() throws IOException {
        Path file = write(ONE_MONITOR);
        CatalogService service = service(file, true);
        Catalog first = service.current();

        Files.writeString(file, ONE_MONITOR.replace("port: 443", "port: many"));
        CatalogLoad rejected = service.reload();

        assertThat(rejected).isInstanceOf(CatalogLoad.Rejected.class);
        assertThat(service.current()).isSameAs(first);
        assertThat(events).isEmpty();
        CatalogStatus afterRejection = service.status();
        assertThat(afterRejection.monitors()).isEqualTo(1);
        assertThat(afterRejection.lastRejected())
                .hasValueSatisfying(attempt -> assertThat(
                                attempt.errors().stream().map(Object::toString))
                        .containsExactly(CatalogReader.displayName(file)
                                + ":7:15 services.api.monitors.port.port: \"many\" is not a port number (1 to 65535)"));

        Files.writeString(file, TWO_MONITORS);
        CatalogLoad loaded = service.reload();

        assertThat(loaded).isInstanceOf(CatalogLoad.Loaded.class);
        assertThat(service.current().monitors()).hasSize(2);
        assertThat(events).containsExactly(new CatalogChanged(first, service.current()));
        assertThat(service.status().lastRejected())
                .as("cleared by the successful load")
                .isEmpty();
        assertThat(service.status().monitors()).isEqualTo(2);
    }

    @Test
    void refusesToStartWithAnInvalidFile() throws IOException {
        Path file = write("services:\n  api:\n    monitors: nope\n");

        assertThatThrownBy(() -> service(file, false))
                .isInstanceOfSatisfying(
                        InvalidCatalogException.class,
                        invalid -> assertThat(invalid.problems())
                                .extracting(CatalogProblem::path)
                                .containsExactly("services.api.monitors"))
                .hasMessageContaining("is invalid (1 error): ")
                .hasMessageContaining(":3:15 services.api.monitors: expected a mapping");
    }

    @Test
    void startsEmptyWhenTheDefaultFileIsMissing() {
        CatalogService service = service(directory.resolve("steward.yml"), false);

        assertThat(service.current().services()).isEmpty();
        assertThat(service.status().checksum()).isEmpty();
        assertThat(service.status().warnings())
                .extracting(CatalogProblem::message)
                .containsExactly("does not exist, so Steward monitors nothing; create it to add services and monitors");
    }

    @Test
    void refusesToStartWhenAnExplicitlyNamedFileIsMissing() {
        Path missing = directory.resolve("catalog.yml");

        assertThatThrownBy(() -> service(missing, true))
                .isInstanceOf(InvalidCatalogException.class)
                .hasMessageEndingWith(CatalogReader.displayName(missing)
                        + " does not exist; create it, or point STEWARD_CONFIG at the catalog file");
    }

    @Test
    void theWatcherReloadsAFileReplacedByAnAtomicRename() throws IOException {
        Path file = write(ONE_MONITOR);
        CatalogService service = service(file, true);
        CatalogWatcher watcher = new CatalogWatcher(service, event -> {}, Duration.ofMillis(20));
        watcher.start();
        try {
            Path draft = directory.resolve("steward.yml.tmp");
            Files.writeString(draft, TWO_MONITORS);
            Files.move(draft, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(
                            () -> assertThat(service.current().monitors()).hasSize(2));
            assertThat(events).hasSize(1);
        } finally {
            watcher.stop();
        }
        assertThat(watcher.isRunning()).isFalse();
    }

    @Test
    void theWatcherTriesAnInvalidFileOnceAndLoadsItsFix() throws IOException {
        Path file = write(ONE_MONITOR);
        CatalogService service = service(file, true);
        CatalogWatcher watcher = new CatalogWatcher(service, event -> {}, Duration.ofMillis(20));

        Files.writeString(file, "services: [");
        watcher.poll();
        Instant rejectedAt = service.status().lastRejected().orElseThrow().at();
        clock.advance(Duration.ofSeconds(5));
        watcher.poll();
        watcher.poll();
        assertThat(service.status().lastRejected().orElseThrow().at())
                .as("the same invalid content is not tried again")
                .isEqualTo(rejectedAt);

        Files.delete(file);
        watcher.poll();
        assertThat(service.current().monitors())
                .as("a vanished file changes nothing")
                .hasSize(1);

        Files.writeString(file, TWO_MONITORS);
        watcher.poll();
        assertThat(service.current().monitors()).hasSize(2);
        assertThat(service.status().lastRejected()).isEmpty();
    }

    /** A clock that moves only when told to. */
    static final class TestClock extends Clock {
        private volatile Instant now;

        TestClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    private CatalogService service(Path file, boolean required) {
        return new CatalogService(file, required, Map.of(), clock, events::add);
    }

    private Path write(String text) throws IOException {
        return Files.writeString(directory.resolve("steward.yml"), text);
    }
}
