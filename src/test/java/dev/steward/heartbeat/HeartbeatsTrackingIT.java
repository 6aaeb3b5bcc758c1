package dev.steward.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.steward.catalog.Catalog;
import dev.steward.catalog.CatalogLoad;
import dev.steward.catalog.CatalogReader;
import dev.steward.catalog.MonitorKey;
import dev.steward.database.DataSources;
import dev.steward.database.DatabaseTarget;
import dev.steward.database.Migrations;
import dev.steward.probe.ErrorCode;
import dev.steward.probe.ProbeListener;
import dev.steward.probe.ProbeResult;
import dev.steward.probe.Status;
import dev.steward.testing.MutableClock;
import dev.steward.testing.PostgresExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The heartbeat service on a real database and a test clock: deadlines reported once when they pass, what a restart
 * rebuilds from the stored pings, and which monitor a UUID belongs to.
 */
class HeartbeatsTrackingIT {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final MonitorKey DRAIN = new MonitorKey("jobs", "drain");

    private static HikariDataSource dataSource;

    private final MutableClock clock = new MutableClock(T0);
    private final List<ProbeResult> results = new CopyOnWriteArrayList<>();
    private final AtomicReference<Catalog> catalog = new AtomicReference<>();
    private Heartbeats heartbeats;

    @BeforeAll
    static void migrate() {
        dataSource =
                DataSources.pool(new DatabaseTarget(postgres.jdbcUrl(), "postgres", null, "test database", false), 4);
        Migrations.migrate(dataSource);
    }

    @AfterAll
    static void close() {
        dataSource.close();
    }

    @BeforeEach
    void empty() {
        JdbcClient.create(dataSource).sql("truncate heartbeat, heartbeat_ping").update();
        catalog.set(catalog("""
                services:
                  jobs:
                    monitors:
                      drain: { type: heartbeat, schedule: 1h, grace: 30m }
                """));
    }

    @AfterEach
    void stop() {
        if (heartbeats != null) {
            heartbeats.stop();
        }
    }

    private static Catalog catalog(String yaml) {
        return switch (CatalogReader.read("steward.yml", yaml, Map.of())) {
            case CatalogLoad.Loaded loaded -> loaded.catalog();
            case CatalogLoad.Rejected rejected ->
                throw new AssertionError(rejected.errors().toString());
        };
    }

    private Heartbeats start() {
        ProbeListener listener = results::add;
        heartbeats = new Heartbeats(
                new PingStore(dataSource),
                clock,
                catalog::get,
                () -> List.of(listener),
                URI.create("https://steward.example.com/"),
                new SimpleMeterRegistry());
        heartbeats.start();
        return heartbeats;
    }

    private UUID uuid(MonitorKey key) {
        return heartbeats.view(key).orElseThrow().uuid();
    }

    private Heartbeats.Outcome ping(MonitorKey key, Ping.Kind kind, String body) {
        return heartbeats.ping(
                uuid(key),
                new Heartbeats.Signal(kind, OptionalInt.empty()),
                new Heartbeats.Request(
                        body.getBytes(StandardCharsets.UTF_8),
                        false,
                        "127.0.0.1",
                        "POST",
                        Optional.of("test"),
                        Optional.empty()));
    }

    @Test
    void aMissedRunIsReportedOnceWhenItsPeriodAndGraceHavePassed() {
        start();
        assertThat(heartbeats.view(DRAIN).orElseThrow().pingUrl().toString())
                .isEqualTo("https://steward.example.com/ping/" + uuid(DRAIN));

        assertThat(ping(DRAIN, Ping.Kind.SUCCESS, "")).isEqualTo(Heartbeats.Outcome.OK);
        assertThat(results).singleElement().satisfies(result -> {
            assertThat(result.status()).isEqualTo(Status.UP);
            assertThat(result.startedAt()).isEqualTo(T0);
        });

        clock.set(Instant.parse("2026-11-23T11:29:59Z"));
        heartbeats.check(clock.instant());
        assertThat(results).hasSize(1);

        clock.set(Instant.parse("2026-11-23T11:30:00Z"));
        heartbeats.check(clock.instant());
        heartbeats.check(clock.instant());

        assertThat(results).hasSize(2);
        assertThat(results.getLast().status()).isEqualTo(Status.DOWN);
        assertThat(results.getLast().error()).contains(ErrorCode.HEARTBEAT_MISSED);
        assertThat(results.getLast().message())
                .isEqualTo("no ping by 2026-11-23T11:30:00Z: a run was due at 2026-11-23T11:00:00Z (every 1h,"
                        + " grace 30m); last ping 2026-11-23T10:00:00Z (success)");
        assertThat(heartbeats.view(DRAIN).orElseThrow().expectedBy()).contains(Instant.parse("2026-11-23T12:30:00Z"));
    }

    @Test
    void aFailureIsDownAtOnceWithTheEndOfItsLogAndAStartedRunMustFinishWithinGrace() {
        start();

        ping(DRAIN, Ping.Kind.START, "");
        clock.advance(Duration.ofSeconds(42));
        ping(DRAIN, Ping.Kind.FAIL, "draining\nqueue unreachable\n\n");

        assertThat(results).singleElement().satisfies(result -> {
            assertThat(result.status()).isEqualTo(Status.DOWN);
            assertThat(result.error()).contains(ErrorCode.HEARTBEAT_FAILED);
            assertThat(result.latency()).isEqualTo(Duration.ofSeconds(42));
            assertThat(result.message())
                    .isEqualTo("the job reported a failure; the run took 42s; its log ends: queue unreachable");
        });

        ping(DRAIN, Ping.Kind.START, "");
        assertThat(heartbeats.view(DRAIN).orElseThrow().runningSince()).contains(clock.instant());
        clock.advance(Duration.ofMinutes(30));
        heartbeats.check(clock.instant());

        assertThat(results.getLast().error()).contains(ErrorCode.HEARTBEAT_STARTED_NOT_FINISHED);
        assertThat(results.getLast().message())
                .isEqualTo("started at 2026-11-23T10:00:42Z and did not finish within the grace time of 30m");
    }

    @Test
    void aRestartRebuildsTheRunsFromTheStoredPingsAndReportsNothingTwice() {
        start();
        UUID assigned = uuid(DRAIN);
        ping(DRAIN, Ping.Kind.SUCCESS, "");
        clock.set(Instant.parse("2026-11-23T11:30:00Z"));
        heartbeats.check(clock.instant());
        assertThat(results).hasSize(2);
        PingStore store = new PingStore(dataSource);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> store.marks(DRAIN).missedThrough(), Instant.parse("2026-11-23T11:00:00Z")::equals);

        heartbeats.stop();
        start();

        assertThat(uuid(DRAIN)).as("the same ping URL after a restart").isEqualTo(assigned);
        heartbeats.check(clock.instant());
        assertThat(results).as("the missed run is not reported again").hasSize(2);
        assertThat(heartbeats.view(DRAIN).orElseThrow().lastPing())
                .map(Ping::at)
                .contains(T0);
        clock.set(Instant.parse("2026-11-23T12:30:00Z"));
        heartbeats.check(clock.instant());
        assertThat(results).hasSize(3);
    }

    @Test
    void theCatalogsUuidWinsAndAnAssignedUuidIsNeverGivenToAnotherMonitor() {
        start();
        UUID assigned = uuid(DRAIN);

        catalog.set(catalog("""
                services:
                  jobs:
                    monitors:
                      renamed: { type: heartbeat, schedule: 1h }
                """));
        heartbeats.apply(catalog.get());

        assertThat(heartbeats.view(DRAIN)).isEmpty();
        assertThat(uuid(new MonitorKey("jobs", "renamed"))).isNotEqualTo(assigned);
        assertThat(heartbeats.ping(
                        assigned,
                        new Heartbeats.Signal(Ping.Kind.SUCCESS, OptionalInt.empty()),
                        new Heartbeats.Request(
                                new byte[0], false, "127.0.0.1", "GET", Optional.empty(), Optional.empty())))
                .isEqualTo(Heartbeats.Outcome.NOT_FOUND);

        catalog.set(catalog("""
                services:
                  jobs:
                    monitors:
                      drain: { type: heartbeat, schedule: 1h }
                      backup: { type: heartbeat, schedule: 1d, uuid: %s }
                """.formatted(assigned)));
        heartbeats.apply(catalog.get());

        assertThat(uuid(new MonitorKey("jobs", "backup"))).isEqualTo(assigned);
        assertThat(uuid(DRAIN))
                .as("drain gets a new URL: the catalog gave its old one away")
                .isNotEqualTo(assigned);
    }
}
