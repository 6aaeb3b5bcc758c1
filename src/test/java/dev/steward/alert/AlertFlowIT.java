package dev.steward.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.steward.catalog.AlertPolicy;
import dev.steward.catalog.Alerting;
import dev.steward.catalog.Catalog;
import dev.steward.catalog.ChannelSpec;
import dev.steward.catalog.MaintenanceWindow;
import dev.steward.catalog.Monitor;
import dev.steward.catalog.MonitorKey;
import dev.steward.catalog.MonitoredService;
import dev.steward.catalog.ProbeSpec;
import dev.steward.catalog.PublicListing;
import dev.steward.catalog.Route;
import dev.steward.catalog.Severity;
import dev.steward.catalog.ThresholdRule;
import dev.steward.database.DataSources;
import dev.steward.database.DatabaseTarget;
import dev.steward.database.Migrations;
import dev.steward.incident.IncidentViews.IncidentDetail;
import dev.steward.incident.IncidentViews.TimelineEntry;
import dev.steward.incident.Incidents;
import dev.steward.notify.Channels;
import dev.steward.notify.Dispatcher;
import dev.steward.notify.Outbox;
import dev.steward.notify.Silences;
import dev.steward.probe.ErrorCode;
import dev.steward.probe.ProbeResult;
import dev.steward.probe.Status;
import dev.steward.testing.HookReceiver;
import dev.steward.testing.MutableClock;
import dev.steward.testing.PostgresExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The alerting path from results to a receiver, on a real database and a real HTTP receiver: fire once, resolve once,
 * retry until accepted, hold back what depends on a failing service or falls in a maintenance window, escalate when
 * nobody acknowledges. Time that matters (backoff, escalation delays) comes from a test clock.
 */
class AlertFlowIT {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static HikariDataSource dataSource;
    private static JdbcClient jdbc;

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MutableClock clock = new MutableClock(T0);
    private final HookReceiver hook = HookReceiver.start();
    private final HookReceiver pager = HookReceiver.start();
    private final AtomicReference<Catalog> catalog = new AtomicReference<>();
    private final List<AutoCloseable> running = new ArrayList<>();
    private AlertEngine engine;
    private Dispatcher dispatcher;
    private Incidents incidents;

    @BeforeAll
    static void migrate() {
        dataSource =
                DataSources.pool(new DatabaseTarget(postgres.jdbcUrl(), "postgres", null, "test database", false), 8);
        Migrations.migrate(dataSource);
        jdbc = JdbcClient.create(dataSource);
    }

    @AfterAll
    static void close() {
        dataSource.close();
    }

    @BeforeEach
    void emptyTables() {
        jdbc.sql("truncate alert, alert_transition, incident, incident_event, notification, notification_attempt,"
                        + " silence restart identity cascade")
                .update();
    }

    @AfterEach
    void stop() throws Exception {
        if (engine != null) {
            engine.stop();
        }
        if (dispatcher != null) {
            dispatcher.stop();
        }
        for (AutoCloseable closeable : running) {
            closeable.close();
        }
        hook.close();
        pager.close();
    }

    // ---- the catalog

    private static Monitor monitor(String service, String name) {
        return monitor(service, name, Optional.empty());
    }

    /** A monitor probed every second (the tests hand its results to the engine), with the named policy if any. */
    private static Monitor monitor(String service, String name, Optional<String> policy) {
        return new Monitor(
                new MonitorKey(service, name),
                "",
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                true,
                new ProbeSpec.Tcp("127.0.0.1", 9),
                List.of(),
                List.of(),
                policy,
                "steward.yml:1:1");
    }

    private static MonitoredService service(String name, List<String> dependsOn, List<Monitor> monitors) {
        return new MonitoredService(
                name,
                "",
                Optional.empty(),
                List.of("production"),
                Optional.empty(),
                Map.of("runbook", URI.create("https://git.example.com/" + name + "/RUNBOOK.md")),
                dependsOn,
                monitors,
                PublicListing.hidden(name));
    }

    private Alerting alerting(List<Route.Step> steps, List<MaintenanceWindow> maintenance) {
        Map<String, ChannelSpec> channels = new LinkedHashMap<>();
        channels.put(
                "hook", new ChannelSpec.Webhook("hook", URI.create(hook.url("/hook")), Optional.empty(), Map.of()));
        channels.put(
                "pager", new ChannelSpec.Webhook("pager", URI.create(pager.url("/pager")), Optional.empty(), Map.of()));
        return new Alerting(
                Map.of(),
                channels,
                List.of(new Route(Route.Match.all(), steps, "steward.yml:1:1")),
                maintenance,
                Severity.HIGH);
    }

    private static List<Route.Step> hookNow() {
        return List.of(new Route.Step(Duration.ZERO, List.of("hook")));
    }

    private void start(List<MonitoredService> services, Alerting alerting) {
        Map<String, MonitoredService> byName = new LinkedHashMap<>();
        services.forEach(service -> byName.put(service.name(), service));
        catalog.set(new Catalog("steward.yml", byName, alerting));
        Outbox outbox = new Outbox(JSON, Duration.ofHours(24));
        incidents = new Incidents(dataSource, outbox, clock, () -> catalog.get().alerting());
        Channels channels = new Channels(Optional.empty(), "steward@localhost", clock);
        running.add(channels::close);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        dispatcher = new Dispatcher(
                dataSource, JSON, clock, catalog::get, channels::send, new Silences(dataSource, clock), outbox, meters);
        engine = new AlertEngine(
                dataSource,
                JSON,
                clock,
                catalog::get,
                outbox,
                incidents,
                URI.create("https://steward.example.com"),
                dispatcher::poke,
                meters);
        dispatcher.start();
        engine.start();
    }

    /** One result of the monitor at the clock's time; the clock then moves on a second. */
    private void result(String service, String monitor, Status status) {
        result(service, monitor, status, Duration.ofMillis(12));
    }

    private void result(String service, String monitor, Status status, Duration latency) {
        Instant at = clock.instant();
        engine.onResult(new ProbeResult(
                new MonitorKey(service, monitor),
                at,
                at,
                latency,
                status,
                status == Status.DOWN ? "connection refused" : "connected",
                status == Status.DOWN ? Optional.of(ErrorCode.CONNECTION_REFUSED) : Optional.empty(),
                List.of(),
                Optional.empty()));
    }

    private void results(String service, String monitor, Status status, int count) {
        for (int i = 0; i < count; i++) {
            result(service, monitor, status);
            clock.advance(Duration.ofSeconds(1));
        }
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    private static boolean isEvent(String body, String event) {
        return JSON.readTree(body).path("event").asString().equals(event);
    }

    private void awaitQuiet() {
        await().until(() -> count("select count(*) from notification where status = 'pending'") == 0);
    }

    // ---- tests

    @Test
    void aFailingMonitorTriggersOnceAndItsRecoveryResolvesOnce() {
        start(
                List.of(service("booky-api", List.of(), List.of(monitor("booky-api", "health")))),
                alerting(hookNow(), List.of()));

        results("booky-api", "health", Status.DOWN, 2);
        results("booky-api", "health", Status.UP, 1);
        results("booky-api", "health", Status.DOWN, 5);
        await().until(() -> hook.accepted(body -> isEvent(body, "trigger")).size() == 1);
        // The delivery is written to the timeline once the receiver's answer is in: wait for that too, so that the
        // recovery below comes after it in the timeline as it would in real time.
        await().until(() -> incidents.find(1).orElseThrow().timeline().stream()
                .anyMatch(entry -> entry.kind().equals("notified")));
        results("booky-api", "health", Status.UP, 1);
        results("booky-api", "health", Status.DOWN, 1);
        results("booky-api", "health", Status.UP, 2);
        await().until(() -> hook.accepted(body -> isEvent(body, "resolve")).size() == 1);
        awaitQuiet();

        assertThat(hook.received()).hasSize(2);
        var trigger = JSON.readTree(hook.received().getFirst().body());
        assertThat(trigger.path("title").asString()).isEqualTo("booky-api/health is down");
        assertThat(trigger.path("summary").asString()).isEqualTo("connection refused");
        assertThat(trigger.path("lastError").asString()).isEqualTo("connection_refused: connection refused");
        assertThat(trigger.path("since").asString()).isEqualTo(T0.plusSeconds(3).toString());
        assertThat(trigger.path("link").asString()).isEqualTo("https://steward.example.com/services/booky-api");
        assertThat(trigger.path("runbook").asString()).isEqualTo("https://git.example.com/booky-api/RUNBOOK.md");
        var resolve = JSON.readTree(hook.received().get(1).body());
        assertThat(resolve.path("dedupKey").asString())
                .isEqualTo(trigger.path("dedupKey").asString());
        assertThat(hook.received().get(0).idempotencyKey())
                .isNotEqualTo(hook.received().get(1).idempotencyKey());
        assertThat(jdbc.sql("select transition from alert_transition order by id")
                        .query(String.class)
                        .list())
                .containsExactly("pending", "fired", "resolved");

        IncidentDetail incident = incidents.find(1).orElseThrow();
        assertThat(incident.incident().status()).isEqualTo("resolved");
        assertThat(incident.incident().resolvedBy()).contains("steward");
        assertThat(incident.timeline())
                .extracting(TimelineEntry::kind)
                .containsSubsequence("opened", "alert_fired", "notified", "alert_resolved", "resolved", "notified");
    }

    @Test
    void aReceiverThatFailsForTwoMinutesGetsTheMessageOnceWhenItRecovers() {
        hook.answer(500);
        start(
                List.of(service("booky-api", List.of(), List.of(monitor("booky-api", "health")))),
                alerting(hookNow(), List.of()));
        results("booky-api", "health", Status.DOWN, 3);
        Instant failingUntil = clock.instant().plus(Duration.ofMinutes(2));
        await().until(() -> hook.received().size() == 1);
        while (clock.instant().isBefore(failingUntil)) {
            int before = hook.received().size();
            clock.advance(Duration.ofSeconds(15));
            dispatcher.poke();
            long due = count("select count(*) from notification where status = 'pending' and next_attempt_at <= '"
                    + clock.instant() + "'");
            if (due > 0) {
                await().until(() -> hook.received().size() > before
                        && count("select count(*) from notification where status = 'pending' and next_attempt_at <= '"
                                        + clock.instant() + "'")
                                == 0);
            }
        }
        int failedAttempts = hook.received().size();
        hook.answer(200);
        clock.advance(Duration.ofMinutes(10));
        dispatcher.poke();
        await().until(() -> hook.accepted(body -> isEvent(body, "trigger")).size() == 1);
        // The receiver has the message before the dispatcher records the delivery: wait for the record.
        await().until(() -> count("select count(*) from notification where status = 'delivered'") == 1);
        awaitQuiet();

        assertThat(failedAttempts).isBetween(4, 8); // 5 s doubling: 0, 5, 15, 35, 75 s … within 2 minutes
        assertThat(hook.accepted(body -> true)).hasSize(1);
        assertThat(hook.received())
                .extracting(HookReceiver.Received::idempotencyKey)
                .containsOnly(hook.received().getFirst().idempotencyKey());
        assertThat(count("select attempts from notification")).isEqualTo(failedAttempts + 1L);
        assertThat(count("select count(*) from notification_attempt where outcome = 'retry'"))
                .isEqualTo(failedAttempts);
        assertThat(count("select count(*) from notification where status = 'delivered'"))
                .isEqualTo(1);
    }

    @Test
    void monitorsThatDependOnAFailingDatabaseAreSuppressedWhileItPages() {
        List<Monitor> api = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            api.add(monitor("booky-api", "endpoint-" + i));
        }
        start(
                List.of(
                        service("booky-db", List.of(), List.of(monitor("booky-db", "postgres"))),
                        service("booky-api", List.of("booky-db"), api)),
                alerting(hookNow(), List.of()));
        for (int round = 0; round < 4; round++) {
            result("booky-db", "postgres", Status.DOWN);
            for (int i = 1; i <= 30; i++) {
                result("booky-api", "endpoint-" + i, Status.DOWN);
            }
            clock.advance(Duration.ofSeconds(1));
        }
        await().until(() -> count("select count(*) from notification where event = 'trigger'") == 31);
        awaitQuiet();

        assertThat(hook.accepted(body -> isEvent(body, "trigger")))
                .singleElement()
                .satisfies(r -> assertThat(JSON.readTree(r.body()).path("title").asString())
                        .isEqualTo("booky-db/postgres is down"));
        assertThat(count("select count(*) from notification where status = 'suppressed'"
                        + " and suppressed_reason = 'dependency'"))
                .isEqualTo(30);
        assertThat(count("select count(*) from alert where suppressed = 'dependency'"))
                .isEqualTo(30);
    }

    @Test
    void aMaintenanceWindowSuppressesNotificationsAndTheTimelineSaysSo() {
        MaintenanceWindow window = new MaintenanceWindow(
                List.of("booky-api"),
                new MaintenanceWindow.Schedule.Once(T0.minusSeconds(60), T0.plus(Duration.ofMinutes(30))),
                Optional.of("database upgrade"),
                "steward.yml:40:5");
        start(
                List.of(service("booky-api", List.of(), List.of(monitor("booky-api", "health")))),
                alerting(hookNow(), List.of(window)));
        results("booky-api", "health", Status.DOWN, 3);
        await().until(() -> count("select count(*) from notification where status = 'suppressed'") == 1);
        results("booky-api", "health", Status.UP, 2);
        await().until(() -> incidents.find(1).orElseThrow().incident().status().equals("resolved"));

        assertThat(hook.received()).isEmpty();
        assertThat(count("select count(*) from notification where event = 'resolve'"))
                .as("no resolve for a trigger that was never sent")
                .isZero();
        IncidentDetail incident = incidents.find(1).orElseThrow();
        assertThat(incident.timeline())
                .filteredOn(entry -> entry.kind().equals("suppressed"))
                .first()
                .satisfies(entry -> assertThat(entry.text())
                        .contains("trigger of booky-api/health is down to hook suppressed by maintenance")
                        .contains("database upgrade"));
    }

    @Test
    void anUnacknowledgedAlertEscalatesAndAnAcknowledgedOneStopsEscalating() {
        List<Route.Step> steps = List.of(
                new Route.Step(Duration.ZERO, List.of("hook")),
                new Route.Step(Duration.ofMinutes(10), List.of("pager")));
        start(
                List.of(
                        service("booky-api", List.of(), List.of(monitor("booky-api", "health"))),
                        service("booky-jobs", List.of(), List.of(monitor("booky-jobs", "worker")))),
                alerting(steps, List.of()));
        results("booky-api", "health", Status.DOWN, 3);
        results("booky-jobs", "worker", Status.DOWN, 3);
        await().until(() -> hook.accepted(body -> isEvent(body, "trigger")).size() == 2);
        long jobsIncident = incidents
                .list(Optional.empty(), Optional.of("booky-jobs"), 1)
                .getFirst()
                .id();
        assertThat(incidents.acknowledge(jobsIncident, "alice")).isInstanceOf(Incidents.Change.Done.class);
        await().until(() -> hook.accepted(body -> isEvent(body, "acknowledge")).size() == 1);

        clock.advance(Duration.ofMinutes(10));
        dispatcher.poke();
        await().until(() -> pager.accepted(body -> true).size() == 1);
        awaitQuiet();

        assertThat(JSON.readTree(pager.received().getFirst().body())
                        .path("title")
                        .asString())
                .isEqualTo("booky-api/health is down");
        assertThat(count("select count(*) from notification where status = 'cancelled'"))
                .isEqualTo(1);
        assertThat(JSON.readTree(hook.accepted(body -> isEvent(body, "acknowledge"))
                                .getFirst()
                                .body())
                        .path("acknowledgedBy")
                        .asString())
                .isEqualTo("alice");
    }

    @Test
    void aRestartRemembersAFiringAlertSoItNeitherTriggersAgainNorForgetsToResolve() {
        List<MonitoredService> services =
                List.of(service("booky-api", List.of(), List.of(monitor("booky-api", "health"))));
        start(services, alerting(hookNow(), List.of()));
        results("booky-api", "health", Status.DOWN, 3);
        await().until(() -> hook.accepted(body -> isEvent(body, "trigger")).size() == 1);
        awaitQuiet();
        engine.stop();
        dispatcher.stop();

        start(services, alerting(hookNow(), List.of()));
        results("booky-api", "health", Status.DOWN, 3);
        results("booky-api", "health", Status.UP, 2);
        await().until(() -> hook.accepted(body -> isEvent(body, "resolve")).size() == 1);
        awaitQuiet();

        assertThat(hook.accepted(body -> isEvent(body, "trigger"))).hasSize(1);
    }

    @Test
    void aPolicyWithAWindowFiresOnIntermittentFailures() {
        AlertPolicy threeOfFive = new AlertPolicy("flaky", 3, 5, 2, Severity.MEDIUM, Duration.ZERO, List.of());
        Monitor flaky = monitor("booky-api", "health", Optional.of("flaky"));
        Alerting alerting = alerting(hookNow(), List.of());
        start(
                List.of(service("booky-api", List.of(), List.of(flaky))),
                new Alerting(
                        Map.of("flaky", threeOfFive),
                        alerting.channels(),
                        alerting.routes(),
                        List.of(),
                        Severity.HIGH));
        for (Status status : List.of(Status.DOWN, Status.UP, Status.DOWN, Status.UP, Status.DOWN)) {
            results("booky-api", "health", status, 1);
        }
        await().until(() -> hook.accepted(body -> isEvent(body, "trigger")).size() == 1);

        assertThat(JSON.readTree(hook.received().getFirst().body())
                        .path("severity")
                        .asString())
                .isEqualTo("medium");
        assertThat(incidents.list(Optional.empty(), Optional.empty(), 10))
                .as("medium is below the incident severity (high)")
                .isEmpty();
    }

    @Test
    void aLatencyRuleWarnsThenGoesCriticalThenResolvesEachThroughItsRoute() {
        ThresholdRule p95 = new ThresholdRule(
                ThresholdRule.Measure.LATENCY_P95,
                Duration.ofSeconds(30),
                Optional.of(new ThresholdRule.Threshold(ThresholdRule.Comparison.GREATER, 500, "> 500ms")),
                Optional.of(new ThresholdRule.Threshold(ThresholdRule.Comparison.GREATER, 1000, "> 1s")),
                Duration.ofSeconds(10),
                Severity.MEDIUM);
        AlertPolicy latency = new AlertPolicy("latency", 3, 3, 2, Severity.HIGH, Duration.ZERO, List.of(p95));
        Monitor slow = monitor("booky-api", "health", Optional.of("latency"));
        Alerting channels = alerting(hookNow(), List.of());
        List<Route> routes = List.of(
                new Route(
                        new Route.Match(Set.of(), Set.of(), Set.of(), Set.of(Severity.CRITICAL)),
                        List.of(new Route.Step(Duration.ZERO, List.of("pager"))),
                        "steward.yml:2:3"),
                new Route(Route.Match.all(), hookNow(), "steward.yml:5:3"));
        start(
                List.of(service("booky-api", List.of(), List.of(slow))),
                new Alerting(Map.of("latency", latency), channels.channels(), routes, List.of(), Severity.CRITICAL));

        latencies(Duration.ofMillis(100), 40);
        latencies(Duration.ofMillis(700), 40);
        await().until(() -> hook.accepted(body -> isEvent(body, "trigger")).size() == 1);
        latencies(Duration.ofMillis(1500), 40);
        await().until(() -> pager.accepted(body -> isEvent(body, "trigger")).size() == 1);
        latencies(Duration.ofMillis(100), 60);
        await().until(() -> hook.accepted(body -> isEvent(body, "resolve")).size() == 1
                && pager.accepted(body -> isEvent(body, "resolve")).size() == 1);
        awaitQuiet();

        var warning = JSON.readTree(hook.received().getFirst().body());
        assertThat(warning.path("severity").asString()).isEqualTo("medium");
        assertThat(warning.path("title").asString()).isEqualTo("booky-api/health latency.p95 warning (> 500ms)");
        assertThat(warning.path("summary").asString()).startsWith("latency.p95 over 30s is 700 ms, warning (> 500ms)");
        var critical = JSON.readTree(pager.received().getFirst().body());
        assertThat(critical.path("severity").asString()).isEqualTo("critical");
        assertThat(critical.path("dedupKey").asString())
                .isEqualTo(warning.path("dedupKey").asString());
        assertThat(hook.received()).hasSize(2);
        assertThat(pager.received()).hasSize(2);
        assertThat(jdbc.sql("select transition from alert_transition order by id")
                        .query(String.class)
                        .list())
                .containsExactly("fired", "escalated", "resolved"); // p95 drops from critical straight to normal
        assertThat(incidents.list(Optional.empty(), Optional.empty(), 10))
                .singleElement()
                .satisfies(incident -> {
                    assertThat(incident.severity()).isEqualTo("critical");
                    assertThat(incident.status()).isEqualTo("resolved");
                });
    }

    private void latencies(Duration latency, int count) {
        for (int i = 0; i < count; i++) {
            result("booky-api", "health", Status.UP, latency);
            clock.advance(Duration.ofSeconds(1));
        }
    }

    @Test
    void aDependantStillFailingAfterItsDependencyRecoveredIsAnnounced() {
        start(
                List.of(
                        service("booky-db", List.of(), List.of(monitor("booky-db", "postgres"))),
                        service("booky-api", List.of("booky-db"), List.of(monitor("booky-api", "health")))),
                alerting(hookNow(), List.of()));
        for (int round = 0; round < 4; round++) {
            result("booky-db", "postgres", Status.DOWN);
            result("booky-api", "health", Status.DOWN);
            clock.advance(Duration.ofSeconds(1));
        }
        await().until(() -> count("select count(*) from notification where status = 'suppressed'") == 1);
        for (int round = 0; round < 2; round++) {
            result("booky-db", "postgres", Status.UP);
            result("booky-api", "health", Status.DOWN);
            clock.advance(Duration.ofSeconds(1));
        }
        await().until(() -> hook.accepted(body -> isEvent(body, "resolve")).size() == 1);
        clock.advance(Duration.ofSeconds(15));
        dispatcher.poke();

        await().until(() ->
                hook.accepted(body -> body.contains("booky-api/health is down")).size() == 1);
        assertThat(JSON.readTree(hook.accepted(body -> body.contains("booky-api/health is down"))
                                .getFirst()
                                .body())
                        .path("summary")
                        .asString())
                .endsWith("(still failing after its suppression ended)");
        assertThat(count("select count(*) from alert where suppressed is not null"))
                .isZero();
    }

    @Test
    void aFiringRuleResolvesWhenTheCatalogDropsIt() {
        ThresholdRule p95 = new ThresholdRule(
                ThresholdRule.Measure.LATENCY_P95,
                Duration.ofSeconds(30),
                Optional.of(new ThresholdRule.Threshold(ThresholdRule.Comparison.GREATER, 500, "> 500ms")),
                Optional.empty(),
                Duration.ZERO,
                Severity.HIGH);
        Monitor slow = monitor("booky-api", "health", Optional.of("latency"));
        Alerting channels = alerting(hookNow(), List.of());
        AlertPolicy withRule = new AlertPolicy("latency", 3, 3, 2, Severity.HIGH, Duration.ZERO, List.of(p95));
        start(
                List.of(service("booky-api", List.of(), List.of(slow))),
                new Alerting(
                        Map.of("latency", withRule), channels.channels(), channels.routes(), List.of(), Severity.HIGH));
        latencies(Duration.ofMillis(900), 5);
        await().until(() -> hook.accepted(body -> isEvent(body, "trigger")).size() == 1);

        AlertPolicy withoutRule = new AlertPolicy("latency", 3, 3, 2, Severity.HIGH, Duration.ZERO, List.of());
        Catalog before = catalog.get();
        catalog.set(new Catalog(
                before.source(),
                before.services(),
                new Alerting(
                        Map.of("latency", withoutRule),
                        channels.channels(),
                        channels.routes(),
                        List.of(),
                        Severity.HIGH)));
        engine.catalogChanged();

        await().until(() -> hook.accepted(body -> isEvent(body, "resolve")).size() == 1);
        assertThat(JSON.readTree(hook.accepted(body -> isEvent(body, "resolve"))
                                .getFirst()
                                .body())
                        .path("summary")
                        .asString())
                .isEqualTo("the rule was removed from the monitor's policy");
        assertThat(incidents.list(Optional.empty(), Optional.empty(), 10))
                .singleElement()
                .satisfies(incident -> assertThat(incident.status()).isEqualTo("resolved"));
    }
}
