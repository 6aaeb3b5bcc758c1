package dev.steward.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.testing.Http;
import dev.steward.testing.OidcProvider;
import dev.steward.testing.Ports;
import dev.steward.testing.PostgresExtension;
import dev.steward.testing.TestSteward;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sign-in with an OpenID Connect provider, end to end: a browser (cookies kept, redirects followed) goes from Steward's
 * button to a provider on loopback and back, with a real Steward and a real PostgreSQL.
 */
class OidcLoginIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PASSWORD = "a long enough password";

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    static OidcProvider provider;
    static TestSteward steward;

    @BeforeAll
    static void start() {
        provider = OidcProvider.start();
        steward = TestSteward.start(environment(provider.issuer()));
    }

    @AfterAll
    static void stop() {
        steward.close();
        provider.close();
    }

    @Test
    void anExistingOperatorSignsInAndTheSessionIsTheirs() {
        accounts(steward).create("olivia@example.com", Role.OPERATOR, "tests");
        provider.signInAs("olivia@example.com", true);
        try (Visitor browser = new Visitor()) {
            assertThat(browser.page(steward.url("/login")).body()).contains("Sign in with Google");

            HttpResponse<String> landed = browser.page(steward.url("/oauth2/authorization/oidc"));

            assertThat(landed.uri()).hasPath("/");
            assertThat(landed.statusCode()).isEqualTo(200);
            JsonNode me = browser.me(steward);
            assertThat(me.get("name").asString()).isEqualTo("olivia@example.com");
            assertThat(me.get("role").asString()).isEqualTo("operator");
            assertThat(me.get("via").asString()).isEqualTo("session");
        }
        assertThat(audit("?action=login&actor=olivia@example.com"))
                .singleElement()
                .satisfies(event -> {
                    assertThat(event.get("outcome").asString()).isEqualTo("success");
                    assertThat(event.get("detail").asString()).isEqualTo("OpenID Connect");
                });
        assertThat(accounts(steward).find("olivia@example.com").orElseThrow().lastLoginAt())
                .isPresent();
    }

    @Test
    void anAddressInAdminEmailsBecomesAnAdminAtItsFirstSignIn() {
        assertThat(accounts(steward).find("boss@example.com")).isEmpty();
        provider.signInAs("Boss@Example.com", true);
        try (Visitor browser = new Visitor()) {
            browser.page(steward.url("/oauth2/authorization/oidc"));

            JsonNode me = browser.me(steward);
            assertThat(me.get("name").asString()).isEqualTo("boss@example.com");
            assertThat(me.get("role").asString()).isEqualTo("admin");
        }
        Accounts.User created = accounts(steward).find("boss@example.com").orElseThrow();
        assertThat(created.role()).isEqualTo(Role.ADMIN);
        assertThat(created.createdBy()).isEqualTo("OpenID Connect");
        assertThat(created.hasPassword()).isFalse();
    }

    @Test
    void anUnknownAddressIsRefusedWithAMessageAndAFailedLoginInTheAuditLog() {
        provider.signInAs("stranger@example.com", true);
        try (Visitor browser = new Visitor()) {
            HttpResponse<String> refused = browser.page(steward.url("/oauth2/authorization/oidc"));

            assertThat(refused.uri()).hasPath("/login");
            assertThat(refused.body())
                    .contains("no Steward account for stranger@example.com; ask an admin to create one");
            assertThat(browser.get(steward.url("/api/auth/me"), "application/json")
                            .statusCode())
                    .isEqualTo(401);
            assertThat(browser.page(steward.url("/login")).body())
                    .as("the explanation is shown once")
                    .doesNotContain("no Steward account");
        }
        assertThat(audit("?action=login&actor=stranger@example.com"))
                .singleElement()
                .satisfies(event -> {
                    assertThat(event.get("outcome").asString()).isEqualTo("failure");
                    assertThat(event.get("detail").asString())
                            .contains("no Steward account for stranger@example.com; ask an admin to create one");
                });
        assertThat(accounts(steward).find("stranger@example.com")).isEmpty();
    }

    @Test
    void anAddressTheProviderHasNotVerifiedIsRefused() {
        accounts(steward).create("unverified@example.com", Role.ADMIN, "tests");
        provider.signInAs("unverified@example.com", false);
        try (Visitor browser = new Visitor()) {
            HttpResponse<String> refused = browser.page(steward.url("/oauth2/authorization/oidc"));

            assertThat(refused.uri()).hasPath("/login");
            assertThat(refused.body()).contains("the provider has not verified unverified@example.com");
            assertThat(browser.get(steward.url("/api/auth/me"), "application/json")
                            .statusCode())
                    .isEqualTo(401);
        }
        assertThat(audit("?action=login&actor=unverified@example.com"))
                .singleElement()
                .satisfies(event -> assertThat(event.get("outcome").asString()).isEqualTo("failure"));
    }

    @Test
    void aDisabledUserIsRefused() {
        Accounts.User user = accounts(steward).create("gone@example.com", Role.VIEWER, "tests");
        accounts(steward).setDisabled(user.id(), true);
        provider.signInAs("gone@example.com", true);
        try (Visitor browser = new Visitor()) {
            HttpResponse<String> refused = browser.page(steward.url("/oauth2/authorization/oidc"));

            assertThat(refused.uri()).hasPath("/login");
            assertThat(refused.body()).contains("gone@example.com is disabled; ask an admin to enable it");
            assertThat(browser.get(steward.url("/api/auth/me"), "application/json")
                            .statusCode())
                    .isEqualTo(401);
        }
    }

    @Test
    void aProviderThatIsDownLeavesPasswordSignInWorkingAndIsTriedAgainAtTheNextClick() {
        int providerPort = Ports.free();
        String issuer = "http://127.0.0.1:" + providerPort;
        try (TestSteward second = TestSteward.start(environment(issuer));
                Visitor browser = new Visitor()) {
            second.user("pat@example.com", Role.VIEWER, PASSWORD);

            HttpResponse<String> unavailable = browser.page(second.url("/oauth2/authorization/oidc"));

            assertThat(unavailable.uri()).hasPath("/login");
            assertThat(unavailable.statusCode()).isEqualTo(200);
            assertThat(unavailable.body())
                    .contains("Sign-in with Google is unavailable: cannot reach " + issuer
                            + "; password sign-in still works.")
                    .contains("Sign in with Google")
                    .doesNotContain("Exception");
            assertThat(browser.page(second.url("/login")).body())
                    .as("the sign-in page keeps saying so until the provider answers")
                    .contains("Sign-in with Google is unavailable");

            browser.signInWithPassword(second, "pat@example.com", PASSWORD);
            assertThat(browser.me(second).get("name").asString()).isEqualTo("pat@example.com");

            accounts(second).create("quinn@example.com", Role.VIEWER, "tests");
            try (OidcProvider late = OidcProvider.start(providerPort);
                    Visitor other = new Visitor()) {
                late.signInAs("quinn@example.com", true);
                other.page(second.url("/oauth2/authorization/oidc"));
                assertThat(other.me(second).get("name").asString()).isEqualTo("quinn@example.com");
                assertThat(other.page(second.url("/login")).body()).doesNotContain("unavailable");
            }
        }
    }

    private static Map<String, String> environment(String issuer) {
        int port = Ports.free();
        Map<String, String> environment = new HashMap<>();
        environment.put("DATABASE_URL", postgres.databaseUrl());
        environment.put("PORT", String.valueOf(port));
        environment.put("BASE_URL", "http://127.0.0.1:" + port);
        environment.put("ADMIN_EMAILS", "boss@example.com");
        environment.put("OIDC_ISSUER", issuer);
        environment.put("OIDC_CLIENT_ID", OidcProvider.CLIENT_ID);
        environment.put("OIDC_CLIENT_SECRET", OidcProvider.CLIENT_SECRET);
        environment.put("OIDC_NAME", "Google");
        return environment;
    }

    private static Accounts accounts(TestSteward instance) {
        return instance.context().getBean(Accounts.class);
    }

    private static List<JsonNode> audit(String query) {
        return Http.get(steward.url("/api/v1/audit" + query))
                .json()
                .valueStream()
                .toList();
    }

    /** A browser as far as signing in goes: keeps its cookies, follows redirects, never sends a token. */
    private static final class Visitor implements AutoCloseable {

        private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

        private final HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(5))
                .build();

        HttpResponse<String> page(String url) {
            return get(url, "text/html");
        }

        HttpResponse<String> get(String url, String accept) {
            return send(HttpRequest.newBuilder(URI.create(url))
                    .header("Accept", accept)
                    .GET());
        }

        JsonNode me(TestSteward instance) {
            HttpResponse<String> me = get(instance.url("/api/auth/me"), "application/json");
            assertThat(me.statusCode()).as("GET /api/auth/me: %s", me.body()).isEqualTo(200);
            return JSON.readTree(me.body());
        }

        void signInWithPassword(TestSteward instance, String email, String password) {
            Matcher csrf = CSRF.matcher(page(instance.url("/login")).body());
            assertThat(csrf.find()).as("the sign-in form carries a CSRF token").isTrue();
            HttpResponse<String> signedIn = send(HttpRequest.newBuilder(URI.create(instance.url("/login")))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "text/html")
                    .POST(HttpRequest.BodyPublishers.ofString("email=" + encode(email) + "&password=" + encode(password)
                            + "&_csrf=" + encode(csrf.group(1)))));
            assertThat(signedIn.uri()).hasPath("/");
        }

        private HttpResponse<String> send(HttpRequest.Builder request) {
            try {
                return client.send(
                        request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private static String encode(String text) {
            return URLEncoder.encode(text, StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            client.close();
        }
    }
}
