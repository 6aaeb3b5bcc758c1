package dev.steward.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and OIDC_NAME: sign-in with an OpenID Connect provider. */
class OidcSettingsTest {

    private static final String SECRET = "client-secret-for-tests-only";

    @Test
    void withoutAnyOidcVariableSignInWithOpenIdConnectIsOff() {
        SettingsResult.Loaded loaded = loaded(Map.of());

        assertThat(loaded.settings().oidc()).isEmpty();
        assertThat(loaded.adjustments()).isEmpty();
    }

    @Test
    void theThreeVariablesTogetherConfigureTheProvider() {
        OidcClient oidc = loaded(google()).settings().oidc().orElseThrow();

        assertThat(oidc.issuer()).hasToString("https://accounts.google.com");
        assertThat(oidc.clientId()).isEqualTo("1234-abc.apps.googleusercontent.com");
        assertThat(oidc.clientSecret().value()).isEqualTo(SECRET);
        assertThat(oidc.name()).isEqualTo("OpenID Connect");
    }

    @Test
    void oidcNameLabelsTheButton() {
        Map<String, String> environment = google();
        environment.put("OIDC_NAME", "Google");

        assertThat(loaded(environment).settings().oidc().orElseThrow().name()).isEqualTo("Google");
    }

    @Test
    void anIssuerWithoutItsClientNamesBothMissingVariables() {
        List<SettingProblem> problems = problems(Map.of("OIDC_ISSUER", "https://accounts.google.com"));

        assertThat(problems)
                .extracting(SettingProblem::variable)
                .containsExactly(Variable.OIDC_CLIENT_ID, Variable.OIDC_CLIENT_SECRET);
        assertThat(problems)
                .allSatisfy(problem -> assertThat(problem.message())
                        .contains("is not set; OpenID Connect sign-in needs OIDC_ISSUER, OIDC_CLIENT_ID and"
                                + " OIDC_CLIENT_SECRET together (OIDC_ISSUER is set"));
    }

    @Test
    void aClientWithoutItsIssuerNamesTheIssuerAndNeverTheSecret() {
        SettingsResult result = SettingsLoader.load(Map.of("OIDC_CLIENT_ID", "abc", "OIDC_CLIENT_SECRET", SECRET));

        List<SettingProblem> problems = invalid(result).problems();
        assertThat(problems).extracting(SettingProblem::variable).containsExactly(Variable.OIDC_ISSUER);
        assertThat(problems.getFirst().message())
                .startsWith("OIDC_ISSUER is not set")
                .contains("(OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are set; unset them to turn it off)")
                .endsWith("Example: OIDC_ISSUER=https://accounts.google.com");
        assertThat(invalid(result).summary()).doesNotContain(SECRET);
    }

    @Test
    void theSecretNeverAppearsWhenTheSettingsArePrinted() {
        Settings settings = loaded(google()).settings();

        assertThat(settings.toString()).doesNotContain(SECRET);
        assertThat(settings.oidc().orElseThrow().toString()).doesNotContain(SECRET);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://accounts.example.com", "http://10.0.0.7:8080"})
    void aPlainHttpIssuerIsRefusedUnlessItIsOnThisMachine(String issuer) {
        Map<String, String> environment = google();
        environment.put("OIDC_ISSUER", issuer);

        assertThat(problems(environment)).singleElement().satisfies(problem -> {
            assertThat(problem.variable()).isEqualTo(Variable.OIDC_ISSUER);
            assertThat(problem.message()).contains("must use https://");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:9000", "http://localhost:9000/realms/steward", "http://[::1]:9000"})
    void aPlainHttpIssuerOnThisMachineIsAcceptedForTests(String issuer) {
        Map<String, String> environment = google();
        environment.put("OIDC_ISSUER", issuer);

        assertThat(loaded(environment).settings().oidc().orElseThrow().issuer()).hasToString(issuer);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "accounts.google.com",
                "https://accounts.google.com?x=1",
                "https://accounts.google.com#top",
                "https://user:pass@accounts.google.com",
                "https://accounts google.com",
                "ftp://accounts.google.com"
            })
    void anIssuerThatIsNotAPlainHttpsUrlIsRefused(String issuer) {
        Map<String, String> environment = google();
        environment.put("OIDC_ISSUER", issuer);

        assertThat(problems(environment)).extracting(SettingProblem::variable).containsExactly(Variable.OIDC_ISSUER);
    }

    @Test
    void oidcNameAloneHasNoEffectAndSaysSo() {
        SettingsResult.Loaded loaded = loaded(Map.of("OIDC_NAME", "Google"));

        assertThat(loaded.settings().oidc()).isEmpty();
        assertThat(loaded.adjustments())
                .singleElement()
                .asString()
                .contains("OIDC_NAME has no effect", "OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET");
    }

    @Test
    void blankOidcVariablesCountAsUnset() {
        Map<String, String> environment =
                Map.of("OIDC_ISSUER", " ", "OIDC_CLIENT_ID", "", "OIDC_CLIENT_SECRET", "  ", "OIDC_NAME", "");

        assertThat(loaded(environment).settings().oidc()).isEmpty();
    }

    @Test
    void theRedirectUriIsTheBaseUrlFollowedByTheCallbackPath() {
        OidcClient oidc = loaded(google()).settings().oidc().orElseThrow();

        assertThat(oidc.redirectUri(URI.create("https://steward.example.com/")))
                .hasToString("https://steward.example.com/login/oauth2/code/oidc");
        assertThat(oidc.redirectUri(URI.create("https://example.com/steward")))
                .hasToString("https://example.com/steward/login/oauth2/code/oidc");
    }

    private static Map<String, String> google() {
        Map<String, String> environment = new HashMap<>();
        environment.put("OIDC_ISSUER", "https://accounts.google.com");
        environment.put("OIDC_CLIENT_ID", "1234-abc.apps.googleusercontent.com");
        environment.put("OIDC_CLIENT_SECRET", SECRET);
        return environment;
    }

    private static SettingsResult.Loaded loaded(Map<String, String> environment) {
        return switch (SettingsLoader.load(environment)) {
            case SettingsResult.Loaded loaded -> loaded;
            case SettingsResult.Invalid invalid -> fail("expected the settings to load, but got " + invalid.summary());
        };
    }

    private static List<SettingProblem> problems(Map<String, String> environment) {
        return invalid(SettingsLoader.load(environment)).problems();
    }

    private static SettingsResult.Invalid invalid(SettingsResult result) {
        return switch (result) {
            case SettingsResult.Invalid invalid -> invalid;
            case SettingsResult.Loaded loaded -> fail("expected problems, but settings loaded: " + loaded.settings());
        };
    }
}
