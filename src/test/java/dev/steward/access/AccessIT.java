package dev.steward.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.testing.Http;
import dev.steward.testing.PostgresExtension;
import dev.steward.testing.TestSteward;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import tools.jackson.databind.JsonNode;

/** Who may do what over HTTP, with a real Steward and a real PostgreSQL. */
class AccessIT {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    static TestSteward steward;

    @BeforeAll
    static void start() {
        steward = TestSteward.start(Map.of("DATABASE_URL", postgres.databaseUrl(), "TRUST_PROXY", "1"));
    }

    @AfterAll
    static void stop() {
        steward.close();
    }

    @Test
    void anApiCallWithoutCredentialsGets401SayingHowToAuthenticate() {
        Http.Response response = Http.get(steward.url("/api/v1/incidents"), Http.anonymous());
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("Content-Type")).contains("application/problem+json");
        assertThat(response.json().get("detail").asString()).contains("Authorization: Bearer");
    }

    @Test
    void aPageWithoutASessionRedirectsToTheSignInForm() {
        Http.Response response = Calls.send(
                HttpRequest.newBuilder(URI.create(steward.url("/incidents")))
                        .header("Accept", "text/html")
                        .GET(),
                null);
        assertThat(response.status()).isEqualTo(302);
        assertThat(response.header("Location")).endsWith("/login");
    }

    @Test
    void theStatusPageHealthAndMetricsNeedNoCredentials() {
        assertThat(Http.get(steward.url("/healthz"), Http.anonymous()).status()).isEqualTo(200);
        assertThat(Http.get(steward.url("/metrics"), Http.anonymous()).status()).isEqualTo(200);
        assertThat(Http.get(steward.url("/login"), Http.anonymous()).status()).isEqualTo(200);
    }

    @Test
    void aViewerReadsButGets403WhenItTriesToAcknowledge() {
        String viewer = steward.token(Role.VIEWER);
        assertThat(Http.get(steward.url("/api/v1/incidents"), bearer(viewer)).status())
                .isEqualTo(200);
        Http.Response refused = Calls.post(steward.url("/api/v1/incidents/1/acknowledge"), "{}", viewer);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("requiredRole").asString()).isEqualTo("operator");
        assertThat(refused.json().get("detail").asString()).contains("needs the operator role");
        assertThat(audit("?outcome=denied"))
                .anySatisfy(event -> assertThat(event.get("action").asString()).isEqualTo("incidents.acknowledge"));
    }

    @Test
    void anOperatorMayActButNotManageTokensOrReadTheAuditLog() {
        String operator = steward.token(Role.OPERATOR);
        Http.Response missing = Calls.post(steward.url("/api/v1/incidents/999999/acknowledge"), "{}", operator);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(Http.get(steward.url("/api/v1/audit"), bearer(operator)).status())
                .isEqualTo(403);
        assertThat(Calls.post(steward.url("/api/v1/tokens"), "{\"name\":\"x\",\"role\":\"admin\"}", operator)
                        .status())
                .isEqualTo(403);
    }

    @Test
    void aTokenIsShownOnceStoredAsADigestAndStopsWorkingWhenRevoked() {
        String admin = steward.token(Role.ADMIN);
        Http.Response created = Calls.post(
                steward.url("/api/v1/tokens"),
                "{\"name\":\"ci-deploy\",\"role\":\"operator\",\"expiresIn\":\"30d\"}",
                admin);
        assertThat(created.status()).isEqualTo(201);
        String secret = created.json().get("secret").asString();
        assertThat(secret).startsWith("stw_").hasSizeGreaterThan(40);
        long id = created.json().get("token").get("id").asLong();

        assertThat(Http.get(steward.url("/api/v1/tokens"), bearer(admin)).body())
                .doesNotContain(secret);
        assertThat(database()
                        .sql("select count(*) from api_token where token_hash like :secret")
                        .param("secret", "%" + secret.substring(4, 20) + "%")
                        .query(Long.class)
                        .single())
                .isZero();
        JsonNode me = Http.get(steward.url("/api/auth/me"), bearer(secret)).json();
        assertThat(me.get("name").asString()).isEqualTo("token:ci-deploy");
        assertThat(me.get("role").asString()).isEqualTo("operator");

        assertThat(Calls.delete(steward.url("/api/v1/tokens/" + id), admin).status())
                .isEqualTo(200);
        Http.Response revoked = Http.get(steward.url("/api/v1/incidents"), bearer(secret));
        assertThat(revoked.status()).isEqualTo(401);
        assertThat(revoked.json().get("detail").asString()).contains("unknown, revoked or expired");
        assertThat(audit("?action=tokens"))
                .extracting(event -> event.get("action").asString())
                .contains("tokens.create", "tokens.delete");
    }

    @Test
    void aSessionFromTheJsonSignInNeedsACsrfTokenToChangeAnything() {
        steward.user("csrf@example.com", Role.OPERATOR, "a long enough password");
        Http.Response signedIn = Calls.send(
                HttpRequest.newBuilder(URI.create(steward.url("/api/auth/login")))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"email\":\"csrf@example.com\",\"password\":\"a long enough password\"}")),
                null);
        assertThat(signedIn.status()).isEqualTo(200);
        String cookie = sessionCookie(signedIn);
        Http.Response me = Http.get(steward.url("/api/auth/me"), Map.of("Cookie", cookie, "Authorization", Http.NONE));
        assertThat(me.json().get("name").asString()).isEqualTo("csrf@example.com");

        Http.Response forged = Calls.send(
                HttpRequest.newBuilder(URI.create(steward.url("/api/v1/incidents/1/acknowledge")))
                        .header("Cookie", cookie)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{}")),
                null);
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.json().get("detail").asString()).contains("CSRF");
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSite() {
        steward.user("cookie@example.com", Role.VIEWER, "a long enough password");
        Http.Response signedIn = Calls.send(
                HttpRequest.newBuilder(URI.create(steward.url("/api/auth/login")))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"email\":\"cookie@example.com\",\"password\":\"a long enough password\"}")),
                null);
        String setCookie = signedIn.raw().headers().allValues("Set-Cookie").stream()
                .filter(value -> value.startsWith(SessionCookie.NAME + "="))
                .findFirst()
                .orElseThrow();
        assertThat(setCookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax");
        assertThat(setCookie).doesNotContainIgnoringCase("Secure"); // BASE_URL is http here
    }

    @Test
    void theEleventhSignInAttemptWithinAMinuteFromOneAddressGets429() {
        String address = "203.0.113.7";
        for (int attempt = 1; attempt <= LoginLimits.ADDRESS_LIMIT; attempt++) {
            Http.Response response = formLogin("nobody" + attempt + "@example.com", "wrong password!", address);
            assertThat(response.status()).as("attempt %d", attempt).isEqualTo(302);
            assertThat(response.header("Location")).endsWith("/login?error");
        }
        Http.Response eleventh = formLogin("nobody@example.com", "wrong password!", address);
        assertThat(eleventh.status()).isEqualTo(429);
        assertThat(Long.parseLong(eleventh.header("Retry-After"))).isBetween(1L, 60L);
        // Another address is not affected.
        assertThat(formLogin("nobody@example.com", "wrong password!", "203.0.113.8")
                        .status())
                .isEqualTo(302);
        assertThat(audit("?action=login&outcome=failure")).isNotEmpty();
        assertThat(audit("?action=login.throttled"))
                .anySatisfy(event ->
                        assertThat(event.get("sourceAddress").asString()).isEqualTo(address));
    }

    @Test
    void tenFailedSignInsForOneAccountLockItForEveryAddress() {
        steward.user("target@example.com", Role.VIEWER, "the right password");
        for (int attempt = 1; attempt <= LoginLimits.ACCOUNT_LIMIT; attempt++) {
            assertThat(formLogin("target@example.com", "guess " + attempt, "198.51.100." + attempt)
                            .status())
                    .isEqualTo(302);
        }
        Http.Response locked = formLogin("target@example.com", "the right password", "198.51.100.99");
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.header("Retry-After")).isNotBlank();
    }

    @Test
    void disablingAUserEndsTheirSessionAtTheNextRequest() {
        steward.user("leaver@example.com", Role.OPERATOR, "a long enough password");
        Http.Response signedIn = Calls.send(
                HttpRequest.newBuilder(URI.create(steward.url("/api/auth/login")))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"email\":\"leaver@example.com\",\"password\":\"a long enough password\"}")),
                null);
        String cookie = sessionCookie(signedIn);
        Map<String, String> session =
                Map.of("Cookie", cookie, "Authorization", Http.NONE, "Accept", "application/json");
        assertThat(Http.get(steward.url("/api/v1/incidents"), session).status()).isEqualTo(200);

        long id = steward.context()
                .getBean(Accounts.class)
                .find("leaver@example.com")
                .orElseThrow()
                .id();
        Http.Response disabled = Calls.send(
                HttpRequest.newBuilder(URI.create(steward.url("/api/v1/users/" + id)))
                        .header("Authorization", "Bearer " + steward.token(Role.ADMIN))
                        .header("Content-Type", "application/json")
                        .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"disabled\":true}")),
                null);
        assertThat(disabled.status()).isEqualTo(200);
        assertThat(Http.get(steward.url("/api/v1/incidents"), session).status()).isEqualTo(401);
    }

    @Test
    void theAuditLogCannotBeChangedEvenInTheDatabase() {
        steward.context()
                .getBean(AuditLog.class)
                .record(
                        "alice@example.com",
                        "test.action",
                        Optional.empty(),
                        Optional.of("127.0.0.1"),
                        AuditLog.Outcome.SUCCESS,
                        Optional.empty());
        assertThatThrownBy(() -> database()
                        .sql("update audit_event set actor = 'mallory'")
                        .update())
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> database().sql("delete from audit_event").update())
                .hasMessageContaining("append-only");
    }

    private static List<JsonNode> audit(String query) {
        JsonNode events = Http.get(steward.url("/api/v1/audit" + query)).json();
        return events.valueStream().toList();
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private static String sessionCookie(Http.Response response) {
        return response.raw().headers().allValues("Set-Cookie").stream()
                .filter(value -> value.startsWith(SessionCookie.NAME + "="))
                .map(value -> value.substring(0, value.indexOf(';')))
                .findFirst()
                .orElseThrow(() -> new AssertionError(
                        "no session cookie in " + response.raw().headers()));
    }

    /** Signs in through the form as a browser would: fetch the form (session + CSRF token), then post it. */
    private static Http.Response formLogin(String email, String password, String forwardedFor) {
        Http.Response form = Calls.send(
                HttpRequest.newBuilder(URI.create(steward.url("/login")))
                        .header("X-Forwarded-For", forwardedFor)
                        .GET(),
                null);
        java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"")
                .matcher(form.body());
        assertThat(csrf.find()).as("the sign-in form carries a CSRF token").isTrue();
        return Calls.send(
                HttpRequest.newBuilder(URI.create(steward.url("/login")))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("X-Forwarded-For", forwardedFor)
                        .header("Cookie", sessionCookie(form))
                        .POST(HttpRequest.BodyPublishers.ofString("email=" + encode(email) + "&password="
                                + encode(password) + "&_csrf=" + encode(csrf.group(1)))),
                null);
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static JdbcClient database() {
        return JdbcClient.create(new SimpleDriverDataSource(new org.postgresql.Driver(), postgres.jdbcUrl()));
    }

    /** Requests with full control over headers and no redirect following. */
    static final class Calls {
        static Http.Response post(String url, String json, String token) {
            return send(
                    HttpRequest.newBuilder(URI.create(url))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(json)),
                    token);
        }

        static Http.Response delete(String url, String token) {
            return send(HttpRequest.newBuilder(URI.create(url)).DELETE(), token);
        }

        static Http.Response send(HttpRequest.Builder request, String token) {
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            try (HttpClient client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build()) {
                HttpResponse<String> response = client.send(
                        request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
                return new Http.Response(response.statusCode(), response);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
