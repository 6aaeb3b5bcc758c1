package dev.steward.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.catalog.ProbeSpec;
import dev.steward.config.RedisUrl;
import dev.steward.testing.RedisServer;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

class RedisProberIT {

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    // Generous: the first connection of a JVM loads Netty and Lettuce, which takes seconds on a busy machine.
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final RedisProber prober =
            new RedisProber(JsonMapper.builder().build());

    @AfterAll
    static void close() {
        prober.close();
    }

    private static ProbeSpec.Redis spec(String url, boolean info) {
        return new ProbeSpec.Redis(new RedisUrl(URI.create(url)), info);
    }

    /** The server's URL with credentials, e.g. {@code redis://:secret@127.0.0.1:6379}. */
    private static String withCredentials(String userInfo) {
        return redis.url().replace("redis://", "redis://" + userInfo + "@");
    }

    @Test
    void answersPing() {
        Observation observation = prober.probe(spec(redis.url(), false), TIMEOUT);

        assertThat(observation.error()).isEmpty();
        assertThat(observation.message()).isEqualTo("PONG");
        assertThat(observation.facts().text("CONNECTED")).contains("true");
        assertThat(observation.facts().text("RESPONSE_TIME")).isPresent();
        assertThat(observation.facts().json("INFO")).isEmpty();
    }

    @Test
    void readsInfoFieldsWithNumbersAsNumbers() {
        Observation observation = prober.probe(spec(redis.url() + "/2", true), TIMEOUT);

        assertThat(observation.error()).isEmpty();
        assertThat(observation.message()).startsWith("PONG, Redis ");
        assertThat(observation.facts().json("INFO")).hasValueSatisfying(info -> {
            assertThat(info.path("used_memory").isNumber()).isTrue();
            assertThat(info.path("used_memory").asLong()).isPositive();
            assertThat(info.path("redis_version").isString()).isTrue();
            assertThat(info.path("role").asString()).isEqualTo("master");
        });
    }

    @Test
    void reportsRefusedCredentialsAsAnAuthenticationFailure() {
        RedisCommands.send(redis.url(), "CONFIG", "SET", "requirepass", "s3cret");
        try {
            Observation none = prober.probe(spec(redis.url(), false), TIMEOUT);
            Observation wrong = prober.probe(spec(withCredentials(":wrong"), false), TIMEOUT);
            Observation right = prober.probe(spec(withCredentials(":s3cret"), false), TIMEOUT);
            Observation aclUser = prober.probe(spec(withCredentials("default:s3cret"), false), TIMEOUT);

            assertThat(none.error()).contains(ErrorCode.AUTHENTICATION_FAILED);
            assertThat(none.message()).contains("NOAUTH");
            assertThat(wrong.error()).contains(ErrorCode.AUTHENTICATION_FAILED);
            assertThat(wrong.message()).contains("WRONGPASS").doesNotContain("wrong");
            assertThat(right.error()).isEmpty();
            assertThat(aclUser.error()).isEmpty();
        } finally {
            RedisCommands.send(withCredentials(":s3cret"), "CONFIG", "SET", "requirepass", "");
        }
    }

    @Test
    void reportsConnectionRefusedWhenRedisIsStopped() {
        redis.stop();
        try {
            Observation observation = prober.probe(spec(redis.url(), false), TIMEOUT);

            assertThat(observation.error()).contains(ErrorCode.CONNECTION_REFUSED);
            assertThat(observation.message()).isEqualTo("connection refused");
            assertThat(observation.facts().text("CONNECTED")).contains("false");
        } finally {
            redis.start();
        }
    }

    @Test
    void timesOutWhenRedisIsFrozen() {
        redis.pause();
        try {
            Observation observation = prober.probe(spec(redis.url(), false), Duration.ofMillis(500));

            assertThat(observation.error()).contains(ErrorCode.TIMEOUT);
            assertThat(observation.message()).isEqualTo("timed out after 500ms");
        } finally {
            redis.resume();
        }
    }
}
