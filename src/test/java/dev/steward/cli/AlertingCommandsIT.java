package dev.steward.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.steward.testing.HookReceiver;
import dev.steward.testing.Ports;
import dev.steward.testing.PostgresExtension;
import dev.steward.testing.TestSteward;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code steward incident}, {@code silence} and {@code notify} run in-process against a real Steward on a real
 * PostgreSQL, with a webhook channel pointing at a receiver on loopback. Most incidents are written into the database as
 * the alert engine writes them, so each test chooses their state; one comes from a monitor probing a closed port.
 */
class AlertingCommandsIT {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @TempDir
    static Path directory;

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static HookReceiver receiver;
    /** Where the failing monitor's alerts go, so the test channel's receiver only hears the commands' messages. */
    private static HookReceiver pager;

    private static TestSteward steward;

    /** The API token the commands use (STEWARD_TOKEN), as an on-call engineer's shell would have it. */
    private static final java.util.concurrent.atomic.AtomicReference<String> TOKEN =
            new java.util.concurrent.atomic.AtomicReference<>();

    @BeforeAll
    static void start() throws IOException {
        receiver = HookReceiver.start();
        pager = HookReceiver.start();
        String text = """
                policies:
                  default: { failureThreshold: 1, severity: critical }
                channels:
                  ops-hook:
                    type: webhook
                    url: %s
                  pager:
                    type: webhook
                    url: %s
                routes:
                  - match: { services: [broken-api] }
                    notify: [{ channels: [pager] }]
                services:
                  shop-api:
                    tags: [shop]
                    monitors:
                      health:
                        type: http
                        url: %s
                        enabled: false
                  broken-api:
                    monitors:
                      port:
                        type: tcp
                        host: 127.0.0.1
                        port: %d
                        interval: 5s
                """;
        Path catalog = Files.writeString(
                directory.resolve("steward.yml"),
                text.formatted(receiver.url("/hook"), pager.url("/page"), receiver.url("/health"), Ports.free()));
        steward =
                TestSteward.start(Map.of("DATABASE_URL", postgres.databaseUrl(), "STEWARD_CONFIG", catalog.toString()));
        TOKEN.set(steward.context()
                .getBean(dev.steward.access.ApiTokens.class)
                .create("oncall-cli", dev.steward.access.Role.OPERATOR, java.util.Optional.empty(), "tests")
                .secret());
    }

    @AfterAll
    static void stop() {
        if (steward != null) {
            steward.close();
        }
        if (receiver != null) {
            receiver.close();
        }
        if (pager != null) {
            pager.close();
        }
    }

    // ---- incidents

    @Test
    void listPrintsTheUnresolvedIncidentsAsATable() throws SQLException {
        Instant opened = Instant.now().minus(Duration.ofMinutes(12)).truncatedTo(ChronoUnit.SECONDS);
        long resolved = resolvedIncident("list-api", "an older outage", opened.minus(Duration.ofDays(1)));
        long id = incident("list-api", "list-api/health is down", "critical", opened);

        Run run = steward("incident", "list", "--service", "list-api");

        assertThat(run.status()).isZero();
        assertThat(run.out().lines().toList())
                .first()
                .asString()
                .matches("ID\\s+SEVERITY\\s+STATUS\\s+SERVICE\\s+OPENED\\s+FIRING\\s+TITLE");
        assertThat(run.out())
                .containsPattern(id + "\\s+critical\\s+open\\s+list-api\\s+" + local(opened)
                        + "\\s+0\\s+list-api/health is down")
                .doesNotContain("an older outage");

        Run all = steward("incident", "list", "--service", "list-api", "--status", "resolved", "--json");
        assertThat(all.status()).isZero();
        JsonNode incidents = JSON.readTree(all.out()).path("incidents");
        assertThat(incidents).hasSize(1);
        assertThat(incidents.get(0).path("id").asLong()).isEqualTo(resolved);
    }

    @Test
    void aFailingMonitorsIncidentIsAcknowledgedFromTheCommandLineAndThePagedChannelIsTold() {
        long id = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> JSON.readTree(steward("incident", "list", "--service", "broken-api", "--json")
                                        .out())
                                .path("incidents"),
                        incidents -> incidents.size() == 1)
                .get(0)
                .path("id")
                .asLong();
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        !pager.accepted(body -> body.contains("\"trigger\"")).isEmpty());

        Run ack = steward("incident", "ack", String.valueOf(id), "--author", "kim");

        assertThat(ack.status()).isZero();
        assertThat(ack.out())
                .isEqualTo("Incident " + id + " (broken-api: " + title(id)
                        + ") acknowledged by kim via token:oncall-cli.\n");
        assertThat(steward("incident", "show", String.valueOf(id)).out())
                .containsPattern("alerts firing\\s+1")
                .containsPattern("alert_fired\\s+-\\s+broken-api/port")
                .containsPattern(
                        "acknowledged\\s+kim via token:oncall-cli\\s+acknowledged by kim via token:oncall-cli");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !pager.accepted(body -> body.contains("\"acknowledge\"") && body.contains("kim"))
                        .isEmpty());
    }

    @Test
    void listSaysSoWhenNothingMatches() {
        Run run = steward("incident", "list", "--service", "nobody", "--status", "open");

        assertThat(run.status()).isZero();
        assertThat(run.out()).isEqualTo("No open incidents of nobody.\n");
    }

    @Test
    void showPrintsTheIncidentAndItsTimelineInLocalTime() throws SQLException {
        Instant opened = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);
        long id = incident("show-api", "show-api/health is down", "high", opened);
        event(id, opened.plusSeconds(60), "note", "carol", "looking at the load balancer");

        Run run = steward("incident", "show", String.valueOf(id));

        assertThat(run.status()).isZero();
        assertThat(run.out())
                .startsWith("Incident " + id + ": show-api/health is down\n")
                .containsPattern("service\\s+show-api")
                .containsPattern("severity\\s+high")
                .containsPattern("status\\s+open")
                .containsPattern("opened\\s+" + local(opened))
                .containsPattern("acknowledged\\s+-")
                .contains("Timeline:")
                .containsPattern(local(opened) + "\\s+opened\\s+-\\s+incident opened: show-api/health is down")
                .containsPattern(local(opened.plusSeconds(60)) + "\\s+note\\s+carol\\s+looking at the load balancer");
    }

    @Test
    void showOfAnUnknownIncidentIsRefusedWithStewardsReason() {
        Run run = steward("incident", "show", "987654");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("error: ").contains("987654");
    }

    @Test
    void acknowledgeRecordsTheAuthorAndASecondAcknowledgeIsRefused() throws SQLException {
        long id = incident(
                "ack-api", "ack-api/health is down", "critical", Instant.now().minusSeconds(300));

        Run ack = steward("incident", "ack", String.valueOf(id), "--author", "alice");

        assertThat(ack.status()).isZero();
        assertThat(ack.out()).contains("Incident " + id).contains("acknowledged by alice via token:oncall-cli.");
        assertThat(steward("incident", "show", String.valueOf(id)).out())
                .containsPattern("status\\s+acknowledged")
                .containsPattern(
                        "acknowledged\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\S+ by alice via token:oncall-cli")
                .containsPattern("acknowledged\\s+alice via token:oncall-cli\\s+");

        Run again = steward("incident", "ack", String.valueOf(id), "--author", "bob");
        assertThat(again.status()).isEqualTo(1);
        assertThat(again.out()).isEmpty();
        assertThat(again.err())
                .startsWith("error: ")
                .contains("acknowledged already")
                .contains("alice via token:oncall-cli");
    }

    @Test
    void acknowledgeWithoutAuthorNamesTheToken() throws SQLException {
        long id = incident("ack-default-api", "down", "critical", Instant.now().minusSeconds(60));

        Run ack = steward("incident", "ack", String.valueOf(id));

        assertThat(ack.status()).isZero();
        assertThat(ack.out()).contains("acknowledged by token:oncall-cli.");
    }

    @Test
    void resolveWithANoteThenResolvingAgainIsRefused() throws SQLException {
        long id = incident(
                "resolve-api",
                "resolve-api/health is down",
                "critical",
                Instant.now().minusSeconds(600));

        Run resolve = steward(
                "incident", "resolve", String.valueOf(id), "--note", "rolled back release 42", "--author", "dave");

        assertThat(resolve.status()).isZero();
        assertThat(resolve.out()).contains("Incident " + id).contains("resolved by dave via token:oncall-cli.");
        assertThat(steward("incident", "show", String.valueOf(id)).out())
                .containsPattern("status\\s+resolved")
                .contains("rolled back release 42");

        Run again = steward("incident", "resolve", String.valueOf(id), "--author", "erin");
        assertThat(again.status()).isEqualTo(1);
        assertThat(again.err()).startsWith("error: ").contains("resolved already");
    }

    @Test
    void noteJoinsItsWordsAndLandsInTheTimeline() throws SQLException {
        long id = incident(
                "note-api", "note-api/health is down", "critical", Instant.now().minusSeconds(120));

        Run note = steward("incident", "note", String.valueOf(id), "cache", "flushed", "--author", "frank");

        assertThat(note.status()).isZero();
        assertThat(note.out()).startsWith("Note added to incident " + id);
        assertThat(steward("incident", "show", String.valueOf(id)).out())
                .containsPattern("note\\s+frank via token:oncall-cli\\s+cache flushed");

        Run unknown = steward("incident", "note", "987654", "hello", "--author", "frank");
        assertThat(unknown.status()).isEqualTo(1);
        assertThat(unknown.err()).startsWith("error: ").contains("987654");
    }

    @Test
    void statsPrintsTheResponseTimesOfEachService() throws SQLException {
        Instant opened = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
        long id = incident("stats-api", "stats-api/health is down", "critical", opened);
        execute(
                "update incident set status = 'resolved', acknowledged_at = ?, acknowledged_by = 'gina',"
                        + " resolved_at = ?, resolved_by = 'gina' where id = ?",
                Timestamp.from(opened.plusSeconds(300)),
                Timestamp.from(opened.plusSeconds(1800)),
                id);

        Run run = steward("incident", "stats", "--window", "7d");

        assertThat(run.status()).isZero();
        assertThat(run.out())
                .startsWith("Incidents opened in the last 7d:\n")
                .containsPattern("SERVICE\\s+INCIDENTS\\s+ACKNOWLEDGED\\s+RESOLVED\\s+MTTA\\s+MTTR")
                .containsPattern("stats-api\\s+1\\s+1\\s+1\\s+5m 00s\\s+30m 00s");
    }

    // ---- silences

    @Test
    void silenceAddListAndExpire() {
        Run add = steward(
                "silence",
                "add",
                "--service",
                "shop-api",
                "--for",
                "2h",
                "--reason",
                "database migration",
                "--author",
                "hana");

        assertThat(add.status()).isZero();
        assertThat(add.out()).matches("Silence \\d+ added: service=shop-api until .+\\.\n");
        String id = add.out().replaceAll("(?s)Silence (\\d+) .*", "$1");

        Run list = steward("silence", "list");
        assertThat(list.status()).isZero();
        assertThat(list.out())
                .containsPattern("ID\\s+STATE\\s+MATCHES\\s+ENDS\\s+AUTHOR\\s+REASON")
                .containsPattern("(?m)^" + id
                        + "\\s+active\\s+service=shop-api\\s+.+\\s+hana via token:oncall-cli\\s+database migration$");

        Run expire = steward("silence", "expire", id, "--author", "ivan");
        assertThat(expire.status()).isZero();
        assertThat(expire.out()).isEqualTo("Silence " + id + " expired by ivan via token:oncall-cli.\n");
        assertThat(steward("silence", "list").out()).doesNotContainPattern("(?m)^" + id + "\\s");
        assertThat(steward("silence", "list", "--all").out())
                .containsPattern("(?m)^" + id + "\\s+expired by ivan via token:oncall-cli\\s+service=shop-api");

        Run again = steward("silence", "expire", "987654", "--author", "ivan");
        assertThat(again.status()).isEqualTo(1);
        assertThat(again.err()).startsWith("error: ").contains("987654");
    }

    @Test
    void silenceUntilATime() {
        Instant until = Instant.now().plus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);

        Run add = steward(
                "silence",
                "add",
                "--tag",
                "shop",
                "--severity",
                "low",
                "--until",
                until.toString(),
                "--reason",
                "noisy");

        assertThat(add.status()).isZero();
        assertThat(add.out()).contains("tag=shop severity=low until " + local(until) + ".");
    }

    @Test
    void silenceWithoutAMatcherIsRefusedWithStewardsReasons() {
        Run run = steward("silence", "add", "--for", "1h", "--reason", "everything is on fire");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err())
                .isEqualTo("error: the silence has 1 problem:\n"
                        + "  - matchers: give at least one of service, monitor, tag, severity (a silence of everything"
                        + " is a maintenance window: declare it in the catalog)\n");
    }

    // ---- notification channels

    @Test
    void channelsListsTheCatalogsChannels() {
        Run run = steward("notify", "channels");

        assertThat(run.status()).isZero();
        assertThat(run.out()).containsPattern("NAME\\s+TYPE\\s+TARGET").containsPattern("ops-hook\\s+webhook\\s+");
    }

    @Test
    void previewPrintsTheBodyTheChannelWouldBeSent() {
        int before = receiver.received().size();

        Run run = steward("notify", "preview", "ops-hook", "--event", "resolve");

        assertThat(run.status()).isZero();
        JsonNode body = JSON.readTree(run.out());
        assertThat(body.path("event").asString()).isEqualTo("resolve");
        assertThat(run.out()).as("JSON bodies are indented for reading").contains("\n  \"event\" : \"resolve\"");
        assertThat(receiver.received()).hasSize(before);
    }

    @Test
    void previewOfAnUnknownChannelIsRefused() {
        Run run = steward("notify", "preview", "no-such-channel");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: ").contains("no-such-channel");
    }

    @Test
    void testSendsOneMessageAndPrintsTheAnswerThenFailsWhenTheReceiverRefuses() {
        int before = receiver.received().size();

        Run delivered = steward("notify", "test", "ops-hook", "--author", "jo");

        assertThat(delivered.status()).isZero();
        assertThat(delivered.out())
                .startsWith("Delivered to ops-hook (status 200).\n")
                .contains("The receiver answered:\nok\n");
        assertThat(receiver.received()).hasSize(before + 1);

        receiver.answer(500);
        try {
            Run refused = steward("notify", "test", "ops-hook", "--author", "jo");

            assertThat(refused.status()).isEqualTo(1);
            assertThat(refused.out()).startsWith("NOT delivered to ops-hook");
            assertThat(refused.err()).startsWith("error: ops-hook did not accept the test message");
        } finally {
            receiver.answer(200);
        }
    }

    // ---- helpers

    private record Run(int status, String out, String err) {}

    private static Run steward(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> environment = new HashMap<>();
        environment.put("PORT", String.valueOf(steward.port()));
        environment.put("STEWARD_TOKEN", TOKEN.get());
        int status = StewardCommand.execute(environment, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(status, out.toString(), err.toString());
    }

    private static String title(long incident) {
        return JSON.readTree(steward("incident", "show", String.valueOf(incident), "--json")
                        .out())
                .path("incident")
                .path("title")
                .asString();
    }

    private static String local(Instant at) {
        return LOCAL.format(at.atZone(ZoneId.systemDefault()));
    }

    /** An open incident with its "opened" entry, as the alert engine writes it. */
    private static long incident(String service, String title, String severity, Instant opened) throws SQLException {
        long id;
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl());
                PreparedStatement insert = connection.prepareStatement("""
                        insert into incident (service, title, severity, status, opened_at, updated_at)
                        values (?, ?, ?, 'open', ?, ?) returning id""")) {
            insert.setString(1, service);
            insert.setString(2, title);
            insert.setString(3, severity);
            insert.setTimestamp(4, Timestamp.from(opened));
            insert.setTimestamp(5, Timestamp.from(opened));
            try (ResultSet rows = insert.executeQuery()) {
                rows.next();
                id = rows.getLong(1);
            }
        }
        event(id, opened, "opened", null, "incident opened: " + title);
        return id;
    }

    private static long resolvedIncident(String service, String title, Instant opened) throws SQLException {
        long id = incident(service, title, "high", opened);
        execute(
                "update incident set status = 'resolved', resolved_at = ?, resolved_by = 'steward' where id = ?",
                Timestamp.from(opened.plusSeconds(600)),
                id);
        return id;
    }

    private static void event(long incident, Instant at, String kind, @Nullable String author, String text)
            throws SQLException {
        execute(
                "insert into incident_event (incident_id, at, kind, author, text) values (?, ?, ?, ?, ?)",
                incident,
                Timestamp.from(at),
                kind,
                author,
                text);
    }

    private static void execute(String sql, @Nullable Object... parameters) throws SQLException {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl());
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }
}
