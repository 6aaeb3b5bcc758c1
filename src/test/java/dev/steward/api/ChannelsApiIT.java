package dev.steward.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.testing.HookReceiver;
import dev.steward.testing.Http;
import dev.steward.testing.PostgresExtension;
import dev.steward.testing.TestSteward;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The catalog's channels through a running Steward: listed with secrets masked, tested for real, previewed. */
class ChannelsApiIT {

    /** Part of the Slack URL that must never be shown: it is the webhook's credential. */
    private static final String SLACK_TOKEN = "T0000/B0000/s3cr3tS1ackT0ken";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @TempDir
    static Path directory;

    static final HookReceiver hook = HookReceiver.start();
    static final HookReceiver broken = HookReceiver.start();
    static final HookReceiver slack = HookReceiver.start();
    static TestSteward steward;

    @BeforeAll
    static void start() throws IOException {
        broken.answer(500);
        Path catalog = Files.writeString(
                directory.resolve("steward.yml"), """
                channels:
                  deploy-hook:
                    type: webhook
                    url: %s
                    secret: ${HOOK_SECRET}
                  broken-hook:
                    type: webhook
                    url: %s
                  ops-slack:
                    type: slack
                    url: ${SLACK_URL}
                services: {}
                """.formatted(hook.url("/hook"), broken.url("/hook")));
        steward = TestSteward.start(Map.of(
                "DATABASE_URL", postgres.databaseUrl(),
                "STEWARD_CONFIG", catalog.toString(),
                "BASE_URL", "https://steward.example.com",
                "HOOK_SECRET", "hook-signing-secret-0123456789",
                "SLACK_URL", slack.url("/services/" + SLACK_TOKEN)));
    }

    @AfterAll
    static void stop() {
        steward.close();
        hook.close();
        broken.close();
        slack.close();
    }

    @Test
    void listsEveryChannelWithWhereItSendsAndNoSecret() {
        Http.Response response = Http.get(steward.url("/api/v1/channels"));

        assertThat(response.status()).isEqualTo(200);
        List<String> channels = response.json().path("channels").values().stream()
                .map(channel -> channel.path("name").asString() + " "
                        + channel.path("type").asString() + " "
                        + channel.path("target").asString())
                .toList();
        assertThat(channels)
                .containsExactly(
                        "deploy-hook webhook POST " + hook.url("/…"),
                        "broken-hook webhook POST " + broken.url("/…"),
                        "ops-slack slack POST " + slack.url("/…"));
        assertThat(response.body()).doesNotContain(SLACK_TOKEN);
    }

    @Test
    void sendsATestMessageNowAndSaysWhatTheReceiverAnswered() {
        Http.Response response =
                ApiCalls.post(steward.url("/api/v1/channels/deploy-hook/test"), "{\"author\": \"alice\"}");

        assertThat(response.status()).isEqualTo(200);
        JsonNode result = response.json();
        assertThat(result.path("channel").asString()).isEqualTo("deploy-hook");
        assertThat(result.path("delivered").asBoolean()).isTrue();
        assertThat(result.path("status").asInt()).isEqualTo(200);
        assertThat(result.path("answer").asString()).isEqualTo("ok");
        assertThat(result.path("error").isNull()).isTrue();
        JsonNode sent = JSON.readTree(hook.received().getLast().body());
        assertThat(sent.path("test").asBoolean()).isTrue();
        assertThat(sent.path("event").asString()).isEqualTo("trigger");
        assertThat(sent.path("service").asString()).isEqualTo("steward");
        assertThat(sent.path("title").asString()).isEqualTo("Test notification from Steward");
        assertThat(sent.toString()).contains("alice").contains("https://steward.example.com");

        assertThat(ApiCalls.post(steward.url("/api/v1/channels/ops-slack/test"), null)
                        .json()
                        .path("delivered")
                        .asBoolean())
                .as("the author is optional")
                .isTrue();
        assertThat(slack.received()).hasSize(1);
        assertThat(slack.received().getFirst().body()).contains("Test notification from Steward");
    }

    @Test
    void reportsAReceiverThatRefusesTheTest() {
        JsonNode result = ApiCalls.post(steward.url("/api/v1/channels/broken-hook/test"), "{}")
                .json();

        assertThat(result.path("delivered").asBoolean()).isFalse();
        assertThat(result.path("status").asInt()).isEqualTo(500);
        assertThat(result.path("error").asString()).contains("HTTP 500");
        assertThat(broken.received()).hasSize(1);
    }

    @Test
    void previewsEachEventWithSecretsMaskedAndSendsNothing() {
        int before = hook.received().size() + slack.received().size();

        Http.Response trigger = Http.get(steward.url("/api/v1/channels/deploy-hook/preview"));
        assertThat(trigger.status()).isEqualTo(200);
        JsonNode rendered = trigger.json();
        assertThat(rendered.path("channel").asString()).isEqualTo("deploy-hook");
        assertThat(rendered.path("type").asString()).isEqualTo("webhook");
        assertThat(rendered.path("target").asString()).isEqualTo("POST " + hook.url("/…"));
        assertThat(rendered.path("headers").path("X-Steward-Event").asString()).isEqualTo("trigger");
        assertThat(rendered.path("body").asString()).contains("example-api/health is down");
        assertThat(rendered.path("html").asString()).isEmpty();
        assertThat(trigger.body()).doesNotContain("hook-signing-secret");

        for (String event : List.of("repeat", "acknowledge", "resolve")) {
            JsonNode preview = Http.get(steward.url("/api/v1/channels/ops-slack/preview?event=" + event))
                    .json();
            assertThat(preview.path("type").asString()).isEqualTo("slack");
            assertThat(preview.path("body").asString()).as(event).isNotBlank();
            assertThat(preview.toString()).doesNotContain(SLACK_TOKEN);
        }
        assertThat(Http.get(steward.url("/api/v1/channels/ops-slack/preview?event=acknowledge"))
                        .body())
                .contains("alice");
        assertThat(hook.received().size() + slack.received().size()).isEqualTo(before);

        IncidentsApiIT.assertBadRequest(
                Http.get(steward.url("/api/v1/channels/ops-slack/preview?event=fire")),
                "event",
                "trigger, repeat, acknowledge, resolve");
    }

    @Test
    void answersNotFoundWithTheChannelsThereAre() {
        for (Http.Response response : List.of(
                ApiCalls.post(steward.url("/api/v1/channels/ops-slak/test"), "{\"author\": \"alice\"}"),
                Http.get(steward.url("/api/v1/channels/ops-slak/preview")))) {
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.json().path("detail").asString())
                    .isEqualTo("No channel \"ops-slak\" in the catalog; it has: deploy-hook, broken-hook, ops-slack");
        }
    }
}
