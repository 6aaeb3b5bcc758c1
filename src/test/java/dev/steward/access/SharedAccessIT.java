package dev.steward.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.testing.Http;
import dev.steward.testing.PostgresExtension;
import dev.steward.testing.RedisServer;
import dev.steward.testing.TestSteward;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two Steward instances behind one load balancer, sharing a database and a Redis: a session made on one works on the
 * other, and sign-in attempts count against one limit whichever instance gets them.
 */
class SharedAccessIT {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    static TestSteward first;
    static TestSteward second;

    @BeforeAll
    static void start() {
        Map<String, String> environment =
                Map.of("DATABASE_URL", postgres.databaseUrl(), "REDIS_URL", redis.url(), "TRUST_PROXY", "1");
        first = TestSteward.start(environment);
        second = TestSteward.start(environment);
        first.user("shared@example.com", Role.OPERATOR, "a long enough password");
    }

    @AfterAll
    static void stop() {
        second.close();
        first.close();
    }

    @Test
    void aSessionMadeOnOneInstanceWorksOnTheOtherAndEndsOnBoth() {
        Http.Response signedIn = AccessIT.Calls.send(
                HttpRequest.newBuilder(URI.create(first.url("/api/auth/login")))
                        .header("Content-Type", "application/json")
                        .header("X-Forwarded-For", "192.0.2.1")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"email\":\"shared@example.com\",\"password\":\"a long enough password\"}")),
                null);
        assertThat(signedIn.status()).isEqualTo(200);
        String cookie = signedIn.raw().headers().allValues("Set-Cookie").stream()
                .filter(value -> value.startsWith(SessionCookie.NAME + "="))
                .map(value -> value.substring(0, value.indexOf(';')))
                .findFirst()
                .orElseThrow();
        Map<String, String> session = Map.of("Cookie", cookie, "Authorization", Http.NONE);

        Http.Response onSecond = Http.get(second.url("/api/auth/me"), session);
        assertThat(onSecond.status()).isEqualTo(200);
        assertThat(onSecond.json().get("name").asString()).isEqualTo("shared@example.com");
        assertThat(onSecond.json().get("via").asString()).isEqualTo("session");

        Http.Response signedOut = AccessIT.Calls.send(
                HttpRequest.newBuilder(URI.create(second.url("/api/auth/logout")))
                        .header("Cookie", cookie)
                        .header("X-CSRF-TOKEN", csrf(second, cookie))
                        .POST(HttpRequest.BodyPublishers.noBody()),
                null);
        assertThat(signedOut.status()).isEqualTo(200);
        assertThat(Http.get(first.url("/api/auth/me"), session).status()).isEqualTo(401);
    }

    @Test
    void signInAttemptsCountAgainstOneLimitAcrossInstances() {
        String address = "198.51.100.77";
        for (int attempt = 1; attempt <= LoginLimits.ADDRESS_LIMIT; attempt++) {
            TestSteward instance = attempt % 2 == 0 ? first : second;
            assertThat(jsonLogin(instance, "guess" + attempt + "@example.com", address)
                            .status())
                    .as("attempt %d on instance %s", attempt, attempt % 2 == 0 ? "one" : "two")
                    .isEqualTo(401);
        }
        Http.Response eleventh = jsonLogin(first, "guess11@example.com", address);
        assertThat(eleventh.status()).isEqualTo(429);
        assertThat(eleventh.header("Retry-After")).isNotBlank();
        assertThat(eleventh.json().get("retryAfterSeconds").asLong()).isBetween(1L, 60L);
        assertThat(first.context().getBean(LoginLimits.class).kind()).isEqualTo("redis");
    }

    private static Http.Response jsonLogin(TestSteward instance, String email, String address) {
        return AccessIT.Calls.send(
                HttpRequest.newBuilder(URI.create(instance.url("/api/auth/login")))
                        .header("Content-Type", "application/json")
                        .header("X-Forwarded-For", address)
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"email\":\"" + email + "\",\"password\":\"not the password\"}")),
                null);
    }

    /** The CSRF token of a session, as a page of the UI carries it. */
    private static String csrf(TestSteward instance, String cookie) {
        String page = Http.get(instance.url("/login"), Map.of("Cookie", cookie, "Authorization", Http.NONE))
                .body();
        java.util.regex.Matcher token = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"")
                .matcher(page);
        assertThat(token.find()).isTrue();
        return token.group(1);
    }
}
