package dev.steward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import dev.steward.testing.HookReceiver;
import dev.steward.testing.Http;
import dev.steward.testing.LoopbackTarget;
import dev.steward.testing.Ports;
import dev.steward.testing.PostgresExtension;
import dev.steward.testing.StewardProcess;
import dev.steward.testing.TestSteward;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Steward end to end, from a catalog file to real receivers on loopback: a webhook, a Slack-format receiver, an SMTP
 * server (GreenMail) and a PagerDuty-compatible receiver each get exactly one trigger when a target goes down and one
 * resolve when it comes back; undelivered messages survive SIGKILL and are delivered once after the restart.
 */
class NotificationsIT {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static final int SMTP_PORT = Ports.free();

    @RegisterExtension
    static final GreenMailExtension mail =
            new GreenMailExtension(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    /**
     * Generous: the target (interval × failureThreshold + 2 s = 17 s here) is a speed target, measured by
     * bench/alerts.sh; tests do not assert timings, and a loaded machine probes late.
     */
    private static final Duration DETECTION_BUDGET = Duration.ofSeconds(60);

    @TempDir
    Path directory;

    private final LoopbackTarget target = LoopbackTarget.start();
    private final HookReceiver webhook = HookReceiver.start();
    private final HookReceiver slack = HookReceiver.start();
    private final HookReceiver pagerduty = HookReceiver.start();

    @AfterEach
    void close() {
        target.close();
        webhook.close();
        slack.close();
        pagerduty.close();
        JdbcClient.create(new DriverManagerDataSource(postgres.jdbcUrl()))
                .sql("drop schema public cascade; create schema public")
                .update();
    }

    private Path catalog() {
        pagerduty.answer(202);
        String yaml = """
                policies:
                  default:
                    failureThreshold: 3
                    successThreshold: 2
                    severity: critical
                channels:
                  hook:
                    type: webhook
                    url: %s
                    secret: ${HOOK_SECRET}
                  chat:
                    type: slack
                    url: %s
                  mail:
                    type: email
                    to: [oncall@example.com]
                  pager:
                    type: pagerduty
                    routingKey: ${PAGERDUTY_ROUTING_KEY}
                    url: %s
                services:
                  booky-api:
                    runbook: https://git.example.com/booky/docs/RUNBOOK.md
                    monitors:
                      health:
                        type: http
                        url: %s
                        interval: 5s
                        timeout: 1s
                        conditions: ["[STATUS] == 200"]
                """.formatted(
                webhook.url("/hook"), slack.url("/services/T000/B000/XXXX"), pagerduty.url(""), target.url("/health"));
        try {
            return Files.writeString(directory.resolve("steward.yml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, String> environment() {
        return Map.of(
                "DATABASE_URL", postgres.databaseUrl(),
                "STEWARD_CONFIG", catalog().toString(),
                "HOOK_SECRET", "a-webhook-signing-secret",
                "PAGERDUTY_ROUTING_KEY", "R0UT1NGKEY0000000000000000000000",
                "SMTP_URL", "smtp://127.0.0.1:" + SMTP_PORT,
                "SMTP_FROM", "steward@example.com",
                "BASE_URL", "https://steward.example.com");
    }

    private static Predicate<String> contains(String text) {
        return body -> body.contains(text);
    }

    private static List<String> subjects() {
        return Arrays.stream(mail.getReceivedMessages())
                .map(message -> {
                    try {
                        return message.getSubject();
                    } catch (jakarta.mail.MessagingException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }

    @Test
    void everyChannelGetsOneTriggerWhenATargetGoesDownAndOneResolveWhenItComesBack() {
        try (TestSteward steward = TestSteward.start(environment())) {
            // Healthy first: the monitor has been probed before the outage begins.
            await().atMost(Duration.ofSeconds(30)).until(() -> target.requests() >= 1);
            target.behave(LoopbackTarget.Behaviour.UNAVAILABLE);

            await().atMost(DETECTION_BUDGET).untilAsserted(() -> {
                assertThat(webhook.accepted(contains("\"event\":\"trigger\""))).hasSize(1);
                assertThat(slack.accepted(body -> true)).hasSize(1);
                assertThat(pagerduty.accepted(contains("\"event_action\":\"trigger\"")))
                        .as(() -> "PagerDuty receiver got " + pagerduty.received())
                        .hasSize(1);
                assertThat(subjects()).hasSize(1);
            });
            target.behave(LoopbackTarget.Behaviour.HEALTHY);
            // Recovery takes two good probes 5 s apart, then the deliveries: the same budget as the outage.
            await().atMost(DETECTION_BUDGET).untilAsserted(() -> {
                assertThat(webhook.accepted(contains("\"event\":\"resolve\""))).hasSize(1);
                assertThat(slack.accepted(body -> true)).hasSize(2);
                assertThat(pagerduty.accepted(contains("\"event_action\":\"resolve\"")))
                        .hasSize(1);
                assertThat(subjects()).hasSize(2);
            });

            assertThat(webhook.received()).hasSize(2);
            assertThat(pagerduty.received()).hasSize(2);
            assertThat(subjects().get(0)).contains("booky-api/health");
            assertThat(subjects().get(1)).contains("RESOLVED");
            assertThat(webhook.received().getFirst().body())
                    .contains("https://steward.example.com/services/booky-api")
                    .contains("https://git.example.com/booky/docs/RUNBOOK.md");
            assertThat(pagerduty.received().getFirst().body()).contains("R0UT1NGKEY0000000000000000000000");
            assertThat(Http.get(steward.url("/metrics")).body())
                    .containsPattern(
                            "steward_notifications_total\\{[^}]*channel=\"hook\"[^}]*outcome=\"delivered\"[^}]*} 2");
        }
    }

    @Test
    void undeliveredMessagesSurviveAKillAndAreDeliveredOnceAfterTheRestart() {
        webhook.answer(500);
        JdbcClient jdbc = JdbcClient.create(new DriverManagerDataSource(postgres.jdbcUrl()));
        Map<String, String> environment = new java.util.HashMap<>(environment());
        environment.put("PORT", "0");
        target.behave(LoopbackTarget.Behaviour.UNAVAILABLE);
        try (StewardProcess steward = StewardProcess.run(environment, "start")) {
            // Killed once the webhook refused its trigger and the three other channels have theirs: only the
            // webhook's message is left undelivered (a message being sent at the kill would wait out its lease).
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> webhook.received().size() >= 1
                            && jdbc.sql("select count(*) from notification where status = 'delivered'")
                                            .query(Long.class)
                                            .single()
                                    == 3);
            steward.kill();
            steward.awaitExit(Duration.ofSeconds(10));
        }
        assertThat(jdbc.sql("select count(*) from notification where channel = 'hook' and status = 'pending'")
                        .query(Long.class)
                        .single())
                .isEqualTo(1);

        webhook.answer(200);
        try (StewardProcess steward = StewardProcess.run(environment, "start")) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() ->
                            webhook.accepted(contains("\"event\":\"trigger\"")).size() == 1);
            await().until(() ->
                    jdbc.sql("select count(*) from notification where channel = 'hook' and status = 'pending'")
                                    .query(Long.class)
                                    .single()
                            == 0);
            steward.terminate();
            steward.awaitExit(Duration.ofSeconds(30));
        }

        assertThat(webhook.accepted(body -> true)).hasSize(1);
        assertThat(webhook.received())
                .extracting(HookReceiver.Received::idempotencyKey)
                .containsOnly(webhook.received().getFirst().idempotencyKey());
        assertThat(jdbc.sql("select count(*) from alert_transition where transition = 'fired'")
                        .query(Long.class)
                        .single())
                .as("the restarted Steward remembers the alert is firing")
                .isEqualTo(1);
    }
}
