package dev.steward.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SettingsLoaderTest {

    private static final String GOOD_SECRET = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    // --- development defaults ---

    @Test
    void developmentStartsWithDefaultsForEverything() {
        Settings settings = loaded(SettingsLoader.load(Map.of()));

        assertThat(settings.mode()).isEqualTo(Mode.DEVELOPMENT);
        assertThat(settings.port()).isEqualTo(8080);
        assertThat(settings.baseUrl()).hasToString("http://localhost:8080");
        assertThat(settings.database()).isEmpty();
        assertThat(settings.databasePoolSize()).isEqualTo(10);
        assertThat(settings.embeddedDatabasePort()).isEqualTo(54329);
        assertThat(settings.redis()).isEmpty();
        assertThat(settings.adminEmails()).isEmpty();
        assertThat(settings.corsAllowedOrigins()).isEmpty();
        assertThat(settings.trustProxyHops()).isZero();
        assertThat(settings.logFormat()).isEqualTo(LogFormat.JSON);
        assertThat(settings.logLevel()).isEqualTo("INFO");
        assertThat(settings.healthCheckTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.shutdownDelay()).isEqualTo(Duration.ZERO);
        assertThat(settings.shutdownDrainTimeout()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void developmentDataDirIsDataUnderTheWorkingDirectoryMadeAbsolute() {
        Settings settings = loaded(SettingsLoader.load(Map.of()));

        assertThat(settings.dataDir()).isAbsolute();
        assertThat(settings.dataDir())
                .isEqualTo(Path.of("").toAbsolutePath().resolve("data").normalize());
        assertThat(settings.embeddedDatabaseDir()).isEqualTo(settings.dataDir().resolve("postgres"));
    }

    @Test
    void developmentLoadsWithoutAdjustments() {
        assertThat(loadedResult(SettingsLoader.load(Map.of())).adjustments()).isEmpty();
    }

    @Test
    void developmentGeneratesARandomSessionSecretOf64HexCharactersPerLoad() {
        Secret first = loaded(SettingsLoader.load(Map.of())).sessionTokenSecret();
        Secret second = loaded(SettingsLoader.load(Map.of())).sessionTokenSecret();

        assertThat(first.value()).matches("[0-9a-f]{64}");
        assertThat(second.value()).matches("[0-9a-f]{64}");
        assertThat(first.value()).isNotEqualTo(second.value());
    }

    @Test
    void developmentAcceptsAShortSessionSecretWithAnAdjustmentThatDoesNotRevealIt() {
        SettingsResult.Loaded result = loadedResult(SettingsLoader.load(Map.of("SESSION_TOKEN_SECRET", "short-one")));

        assertThat(result.settings().sessionTokenSecret().value()).isEqualTo("short-one");
        assertThat(result.adjustments())
                .singleElement(STRING)
                .contains("SESSION_TOKEN_SECRET", "9 characters", "development only")
                .doesNotContain("short-one");
    }

    // --- production: everything at once, secrets never echoed ---

    @Test
    void productionReportsEveryProblemAtOnce() {
        SettingsResult result = SettingsLoader.load(Map.of(
                "STEWARD_ENV", "production",
                "SESSION_TOKEN_SECRET", "tooShort10",
                "BASE_URL", "http://localhost:8080"));

        assertProblems(result)
                .containsExactlyVariables(Variable.BASE_URL, Variable.DATABASE_URL, Variable.SESSION_TOKEN_SECRET);
        assertProblems(result).messageFor(Variable.SESSION_TOKEN_SECRET).contains("10 characters", "at least 32");
        assertProblems(result).messageFor(Variable.BASE_URL).contains("ALLOW_LOCALHOST_PROD=true");
        assertProblems(result).messageFor(Variable.DATABASE_URL).contains("is not set");
    }

    @Test
    void productionWithNothingSetNamesEveryRequiredVariable() {
        assertProblems(SettingsLoader.load(Map.of("STEWARD_ENV", "production")))
                .containsExactlyVariables(Variable.BASE_URL, Variable.DATABASE_URL, Variable.SESSION_TOKEN_SECRET);
    }

    @Test
    void problemMessagesNeverContainTheSessionSecret() {
        String secret = "tooShort10";
        SettingsResult result = SettingsLoader.load(Map.of(
                "STEWARD_ENV", "production",
                "SESSION_TOKEN_SECRET", secret,
                "BASE_URL", "http://localhost:8080"));

        SettingsResult.Invalid invalid = invalid(result);
        assertThat(invalid.problems())
                .extracting(SettingProblem::message)
                .allSatisfy(message -> assertThat(message).doesNotContain(secret));
        assertThat(invalid.summary()).doesNotContain(secret);
        assertThat(new InvalidSettingsException(invalid).getMessage()).doesNotContain(secret);
    }

    @Test
    void problemMessagesNeverContainTheDatabasePassword() {
        SettingsResult result = SettingsLoader.load(
                Map.of("DATABASE_URL", "mysql://steward:hunter2-db-password@db.internal:3306/steward"));

        assertProblems(result).containsExactlyVariables(Variable.DATABASE_URL);
        assertThat(invalid(result).summary()).doesNotContain("hunter2-db-password");
    }

    @Test
    void loadedSettingsPrintWithoutSecrets() {
        Map<String, String> env = goodProduction();
        env.put("DATABASE_URL", "postgres://steward:hunter2-db-password@db.internal:5432/steward");

        Settings settings = loaded(SettingsLoader.load(env));

        assertThat(settings.toString()).doesNotContain(GOOD_SECRET).doesNotContain("hunter2-db-password");
    }

    @Test
    void everyProblemMessageNamesTheVariableAndEndsWithAnExample() {
        SettingsResult result = SettingsLoader.load(Map.ofEntries(
                Map.entry("STEWARD_ENV", "production"),
                Map.entry("PORT", "http"),
                Map.entry("ADMIN_EMAILS", "bob@"),
                Map.entry("TRUST_PROXY", "true"),
                Map.entry("LOG_FORMAT", "xml"),
                Map.entry("LOG_LEVEL", "loud"),
                Map.entry("SHUTDOWN_DELAY", "5x")));

        List<SettingProblem> problems = invalid(result).problems();
        assertThat(problems).hasSizeGreaterThanOrEqualTo(7);
        assertThat(problems).allSatisfy(problem -> {
            String name = problem.variable().name();
            assertThat(problem.message())
                    .startsWith(name + " ")
                    .endsWith(". Example: " + name + "=" + problem.variable().example());
            assertThat(problem).hasToString(problem.message());
        });
    }

    @Test
    void problemsAreListedInTheOrderOfTheConfigurationTable() {
        SettingsResult result = SettingsLoader.load(Map.of(
                "STEWARD_ENV", "production",
                "SHUTDOWN_DRAIN_TIMEOUT", "soon",
                "PORT", "http",
                "TRUST_PROXY", "many"));

        assertThat(invalid(result).problems())
                .extracting(SettingProblem::variable)
                .containsExactly(
                        Variable.PORT,
                        Variable.BASE_URL,
                        Variable.DATABASE_URL,
                        Variable.SESSION_TOKEN_SECRET,
                        Variable.TRUST_PROXY,
                        Variable.SHUTDOWN_DRAIN_TIMEOUT);
    }

    // --- production: localhost ---

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://localhost:8080",
                "https://LOCALHOST",
                "http://steward.localhost",
                "http://127.0.0.1:8080",
                "http://127.0.0.1",
                "http://[::1]:8080",
                "http://[::1]",
                "http://0.0.0.0:8080"
            })
    void productionRefusesABaseUrlPointingAtThisMachine(String baseUrl) {
        Map<String, String> env = goodProduction();
        env.put("BASE_URL", baseUrl);

        SettingsResult result = SettingsLoader.load(env);

        assertProblems(result).containsExactlyVariables(Variable.BASE_URL);
        assertProblems(result).messageFor(Variable.BASE_URL).contains("points at this machine");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:8080", "http://127.0.0.1:8080", "http://[::1]:8080"})
    void allowLocalhostProdAcceptsALocalhostBaseUrlInProduction(String baseUrl) {
        Map<String, String> env = goodProduction();
        env.put("BASE_URL", baseUrl);
        env.put("ALLOW_LOCALHOST_PROD", "true");

        Settings settings = loaded(SettingsLoader.load(env));

        assertThat(settings.mode()).isEqualTo(Mode.PRODUCTION);
        assertThat(settings.baseUrl()).hasToString(baseUrl);
    }

    @Test
    void developmentAcceptsALocalhostBaseUrl() {
        assertThat(loaded(SettingsLoader.load(Map.of("BASE_URL", "http://127.0.0.1:9000")))
                        .baseUrl())
                .hasToString("http://127.0.0.1:9000");
    }

    @Test
    void aHostNameThatOnlyContainsLocalhostIsNotLocalhost() {
        Map<String, String> env = goodProduction();
        env.put("BASE_URL", "https://localhost-steward.example.com");

        assertThat(loaded(SettingsLoader.load(env)).baseUrl()).hasToString("https://localhost-steward.example.com");
    }

    // --- production: good values ---

    @Test
    void goodProductionValuesLoad() {
        Settings settings = loaded(SettingsLoader.load(goodProduction()));

        assertThat(settings.mode()).isEqualTo(Mode.PRODUCTION);
        assertThat(settings.baseUrl()).hasToString("https://steward.example.com");
        assertThat(settings.database()).get().satisfies(database -> {
            assertThat(database.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/steward");
            assertThat(database.username()).isEqualTo("steward");
            assertThat(database.password()).isEqualTo(new Secret("db-password"));
        });
        assertThat(settings.sessionTokenSecret().value()).isEqualTo(GOOD_SECRET);
    }

    @Test
    void productionDefaultsTheShutdownDelayToFiveSeconds() {
        Settings settings = loaded(SettingsLoader.load(goodProduction()));

        assertThat(settings.shutdownDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.shutdownDrainTimeout()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void productionAcceptsASessionSecretOfExactly32Characters() {
        Map<String, String> env = goodProduction();
        env.put("SESSION_TOKEN_SECRET", "x".repeat(32));

        assertThat(loaded(SettingsLoader.load(env)).sessionTokenSecret().length())
                .isEqualTo(32);
    }

    @Test
    void productionRefusesASessionSecretOf31Characters() {
        Map<String, String> env = goodProduction();
        env.put("SESSION_TOKEN_SECRET", "x".repeat(31));

        assertProblems(SettingsLoader.load(env)).containsExactlyVariables(Variable.SESSION_TOKEN_SECRET);
    }

    @Test
    void baseUrlLosesItsTrailingSlash() {
        Map<String, String> env = goodProduction();
        env.put("BASE_URL", "https://steward.example.com/");

        assertThat(loaded(SettingsLoader.load(env)).baseUrl()).hasToString("https://steward.example.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"steward.example.com", "ftp://steward.example.com", "https://steward.example.com/?a=b"})
    void baseUrlMustBeAnAbsoluteHttpUrlWithoutQuery(String baseUrl) {
        assertProblems(SettingsLoader.load(Map.of("BASE_URL", baseUrl)))
                .containsExactlyVariables(Variable.BASE_URL)
                .messageFor(Variable.BASE_URL)
                .contains("\"" + baseUrl + "\"");
    }

    @Test
    void forcedProductionModeAppliesProductionRulesWhateverStewardEnvSays() {
        SettingsResult result = SettingsLoader.load(Map.of("STEWARD_ENV", "development"), Mode.PRODUCTION);

        assertProblems(result)
                .containsExactlyVariables(Variable.BASE_URL, Variable.DATABASE_URL, Variable.SESSION_TOKEN_SECRET);
    }

    @Test
    void forcedProductionModeLoadsProductionSettings() {
        Map<String, String> env = goodProduction();
        env.put("STEWARD_ENV", "development");

        Settings settings = loaded(SettingsLoader.load(env, Mode.PRODUCTION));

        assertThat(settings.mode()).isEqualTo(Mode.PRODUCTION);
        assertThat(settings.shutdownDelay()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void forcedDevelopmentModeRelaxesProductionRules() {
        Settings settings = loaded(SettingsLoader.load(Map.of("STEWARD_ENV", "production"), Mode.DEVELOPMENT));

        assertThat(settings.mode()).isEqualTo(Mode.DEVELOPMENT);
        assertThat(settings.database()).isEmpty();
    }

    // --- STEWARD_ENV ---

    @Test
    void stewardEnvAcceptsItsValuesInAnyCase() {
        Map<String, String> env = goodProduction();
        env.put("STEWARD_ENV", "Production");

        assertThat(loaded(SettingsLoader.load(env)).mode()).isEqualTo(Mode.PRODUCTION);
    }

    @Test
    void unknownStewardEnvIsAnErrorNamingTheAllowedValues() {
        Map<String, String> env = goodProduction();
        env.put("STEWARD_ENV", "prod");

        SettingsResult result = SettingsLoader.load(env);

        assertProblems(result)
                .containsExactlyVariables(Variable.STEWARD_ENV)
                .messageFor(Variable.STEWARD_ENV)
                .contains("\"prod\"", "development", "production");
    }

    @Test
    void unknownStewardEnvIsCheckedWithProductionRules() {
        assertProblems(SettingsLoader.load(Map.of("STEWARD_ENV", "prod")))
                .containsExactlyVariables(
                        Variable.STEWARD_ENV, Variable.BASE_URL, Variable.DATABASE_URL, Variable.SESSION_TOKEN_SECRET);
    }

    // --- numbers ---

    @Test
    void portThatIsNotANumberIsAnError() {
        assertProblems(SettingsLoader.load(Map.of("PORT", "http")))
                .containsExactlyVariables(Variable.PORT)
                .messageFor(Variable.PORT)
                .isEqualTo("PORT \"http\" is not a whole number. Example: PORT=8080");
    }

    @Test
    void portAbove65535IsAnError() {
        assertProblems(SettingsLoader.load(Map.of("PORT", "70000")))
                .containsExactlyVariables(Variable.PORT)
                .messageFor(Variable.PORT)
                .contains("\"70000\"", "out of range", "0 to 65535");
    }

    @Test
    void portIsUsedForTheDefaultBaseUrl() {
        Settings settings = loaded(SettingsLoader.load(Map.of("PORT", "9090")));

        assertThat(settings.port()).isEqualTo(9090);
        assertThat(settings.baseUrl()).hasToString("http://localhost:9090");
    }

    @Test
    void portZeroPicksAFreePortButKeepsADefaultBaseUrl() {
        Settings settings = loaded(SettingsLoader.load(Map.of("PORT", "0")));

        assertThat(settings.port()).isZero();
        assertThat(settings.baseUrl()).hasToString("http://localhost:8080");
    }

    @Test
    void trustProxyThatIsABooleanIsAnError() {
        assertProblems(SettingsLoader.load(Map.of("TRUST_PROXY", "true")))
                .containsExactlyVariables(Variable.TRUST_PROXY)
                .messageFor(Variable.TRUST_PROXY)
                .contains("\"true\"", "not a whole number");
    }

    @Test
    void trustProxyAboveTenIsAnError() {
        assertProblems(SettingsLoader.load(Map.of("TRUST_PROXY", "11")))
                .containsExactlyVariables(Variable.TRUST_PROXY)
                .messageFor(Variable.TRUST_PROXY)
                .contains("\"11\"", "0 to 10");
    }

    @Test
    void trustProxyCountsHops() {
        assertThat(loaded(SettingsLoader.load(Map.of("TRUST_PROXY", "2"))).trustProxyHops())
                .isEqualTo(2);
    }

    @Test
    void databasePoolSizeAboveTheLimitIsClampedWithAnAdjustment() {
        SettingsResult.Loaded result = loadedResult(SettingsLoader.load(Map.of("DATABASE_POOL_SIZE", "500")));

        assertThat(result.settings().databasePoolSize()).isEqualTo(100);
        assertThat(result.adjustments())
                .singleElement(STRING)
                .contains("DATABASE_POOL_SIZE=500")
                .endsWith("using 100");
    }

    @Test
    void databasePoolSizeBelowTheLimitIsClampedWithAnAdjustment() {
        SettingsResult.Loaded result = loadedResult(SettingsLoader.load(Map.of("DATABASE_POOL_SIZE", "1")));

        assertThat(result.settings().databasePoolSize()).isEqualTo(2);
        assertThat(result.adjustments()).singleElement(STRING).endsWith("using 2");
    }

    @Test
    void databasePoolSizeThatIsNotANumberIsAnError() {
        assertProblems(SettingsLoader.load(Map.of("DATABASE_POOL_SIZE", "ten")))
                .containsExactlyVariables(Variable.DATABASE_POOL_SIZE);
    }

    // --- lists ---

    @Test
    void adminEmailsListsTheEntriesThatAreNotAddresses() {
        assertProblems(SettingsLoader.load(Map.of("ADMIN_EMAILS", "carol@corp.test,bob@")))
                .containsExactlyVariables(Variable.ADMIN_EMAILS)
                .messageFor(Variable.ADMIN_EMAILS)
                .contains("\"bob@\"", "which is not an e-mail address")
                .doesNotContain("carol@corp.test");
    }

    @Test
    void adminEmailsNamesEveryBadEntry() {
        assertProblems(SettingsLoader.load(Map.of("ADMIN_EMAILS", "bob@,carol,dave@example.com")))
                .messageFor(Variable.ADMIN_EMAILS)
                .contains("\"bob@\", \"carol\"", "which are not e-mail addresses")
                .doesNotContain("dave@example.com");
    }

    @Test
    void adminEmailsAreTrimmedAndLowerCased() {
        Settings settings =
                loaded(SettingsLoader.load(Map.of("ADMIN_EMAILS", " Alice@Example.COM , bob@example.org,, ")));

        assertThat(settings.adminEmails()).containsExactly("alice@example.com", "bob@example.org");
    }

    @Test
    void corsOriginWithAPathIsRefused() {
        assertProblems(SettingsLoader.load(Map.of("CORS_ALLOWED_ORIGINS", "https://a.example/path")))
                .containsExactlyVariables(Variable.CORS_ALLOWED_ORIGINS)
                .messageFor(Variable.CORS_ALLOWED_ORIGINS)
                .contains("\"https://a.example/path\"", "no path or trailing slash");
    }

    @Test
    void corsOriginWithATrailingSlashIsRefused() {
        assertProblems(SettingsLoader.load(Map.of("CORS_ALLOWED_ORIGINS", "https://ok.example,https://a.example/")))
                .containsExactlyVariables(Variable.CORS_ALLOWED_ORIGINS)
                .messageFor(Variable.CORS_ALLOWED_ORIGINS)
                .contains("\"https://a.example/\"")
                .doesNotContain("\"https://ok.example\"");
    }

    @Test
    void corsOriginWithAPortIsAccepted() {
        Settings settings =
                loaded(SettingsLoader.load(Map.of("CORS_ALLOWED_ORIGINS", "https://a.example:8443, http://b.example")));

        assertThat(settings.corsAllowedOrigins()).containsExactly("https://a.example:8443", "http://b.example");
    }

    @Test
    void corsWildcardIsRefusedInProduction() {
        Map<String, String> env = goodProduction();
        env.put("CORS_ALLOWED_ORIGINS", "*");

        assertProblems(SettingsLoader.load(env))
                .containsExactlyVariables(Variable.CORS_ALLOWED_ORIGINS)
                .messageFor(Variable.CORS_ALLOWED_ORIGINS)
                .contains("\"*\"");
    }

    @Test
    void corsWildcardIsAcceptedInDevelopment() {
        assertThat(loaded(SettingsLoader.load(Map.of("CORS_ALLOWED_ORIGINS", "*")))
                        .corsAllowedOrigins())
                .containsExactly("*");
    }

    // --- durations ---

    @Test
    void durationWithAnUnknownUnitIsAnError() {
        assertProblems(SettingsLoader.load(Map.of("SHUTDOWN_DELAY", "5x")))
                .containsExactlyVariables(Variable.SHUTDOWN_DELAY)
                .messageFor(Variable.SHUTDOWN_DELAY)
                .contains("\"5x\" is not a duration");
    }

    @Test
    void durationsAreRead() {
        Settings settings = loaded(SettingsLoader.load(Map.of(
                "HEALTH_CHECK_TIMEOUT", "500ms",
                "SHUTDOWN_DELAY", "10s",
                "SHUTDOWN_DRAIN_TIMEOUT", "1m")));

        assertThat(settings.healthCheckTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.shutdownDelay()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.shutdownDrainTimeout()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void healthCheckTimeoutAboveFiveSecondsIsClampedWithAnAdjustmentNamingTheUsedValue() {
        SettingsResult.Loaded result = loadedResult(SettingsLoader.load(Map.of("HEALTH_CHECK_TIMEOUT", "30s")));

        assertThat(result.settings().healthCheckTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(result.adjustments())
                .singleElement(STRING)
                .isEqualTo("HEALTH_CHECK_TIMEOUT=30s is outside 100ms to 5s; using 5s");
    }

    @Test
    void healthCheckTimeoutBelowTheMinimumIsRaised() {
        SettingsResult.Loaded result = loadedResult(SettingsLoader.load(Map.of("HEALTH_CHECK_TIMEOUT", "10ms")));

        assertThat(result.settings().healthCheckTimeout()).isEqualTo(Duration.ofMillis(100));
        assertThat(result.adjustments()).singleElement(STRING).endsWith("using 100ms");
    }

    // --- blank values ---

    @Test
    void blankValuesCountAsUnset() {
        Settings settings = loaded(SettingsLoader.load(Map.ofEntries(
                Map.entry("STEWARD_ENV", " "),
                Map.entry("PORT", ""),
                Map.entry("BASE_URL", "  "),
                Map.entry("DATABASE_URL", ""),
                Map.entry("DATABASE_POOL_SIZE", " "),
                Map.entry("STEWARD_DATA_DIR", ""),
                Map.entry("REDIS_URL", " "),
                Map.entry("SESSION_TOKEN_SECRET", ""),
                Map.entry("ADMIN_EMAILS", " "),
                Map.entry("TRUST_PROXY", ""),
                Map.entry("LOG_FORMAT", " "),
                Map.entry("HEALTH_CHECK_TIMEOUT", "\t"),
                Map.entry("SHUTDOWN_DELAY", ""))));

        assertThat(settings.mode()).isEqualTo(Mode.DEVELOPMENT);
        assertThat(settings.port()).isEqualTo(8080);
        assertThat(settings.baseUrl()).hasToString("http://localhost:8080");
        assertThat(settings.database()).isEmpty();
        assertThat(settings.databasePoolSize()).isEqualTo(10);
        assertThat(settings.dataDir()).isEqualTo(Path.of("data").toAbsolutePath());
        assertThat(settings.redis()).isEmpty();
        assertThat(settings.sessionTokenSecret().value()).matches("[0-9a-f]{64}");
        assertThat(settings.adminEmails()).isEmpty();
        assertThat(settings.trustProxyHops()).isZero();
        assertThat(settings.logFormat()).isEqualTo(LogFormat.JSON);
        assertThat(settings.healthCheckTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.shutdownDelay()).isEqualTo(Duration.ZERO);
    }

    @Test
    void blankRequiredValuesAreReportedAsNotSetInProduction() {
        SettingsResult result = SettingsLoader.load(Map.of(
                "STEWARD_ENV", "production",
                "BASE_URL", " ",
                "DATABASE_URL", "",
                "SESSION_TOKEN_SECRET", ""));

        assertProblems(result)
                .containsExactlyVariables(Variable.BASE_URL, Variable.DATABASE_URL, Variable.SESSION_TOKEN_SECRET);
        assertProblems(result).messageFor(Variable.BASE_URL).contains("is not set");
        assertProblems(result).messageFor(Variable.DATABASE_URL).contains("is not set");
        assertProblems(result).messageFor(Variable.SESSION_TOKEN_SECRET).contains("is not set");
    }

    @Test
    void valuesAreTrimmed() {
        Settings settings = loaded(SettingsLoader.load(Map.of("PORT", " 9090 ", "LOG_FORMAT", " Pretty ")));

        assertThat(settings.port()).isEqualTo(9090);
        assertThat(settings.logFormat()).isEqualTo(LogFormat.PRETTY);
    }

    // --- other variables ---

    @Test
    void redisUrlIsReadWithoutRevealingItsPassword() {
        Settings settings =
                loaded(SettingsLoader.load(Map.of("REDIS_URL", "redis://:redis-password@cache.internal:6380/1")));

        assertThat(settings.redis()).get().satisfies(redis -> {
            assertThat(redis.describe()).isEqualTo("redis://cache.internal:6380/1");
            assertThat(redis.toString()).doesNotContain("redis-password");
        });
    }

    @Test
    void redisUrlMustUseTheRedisScheme() {
        assertProblems(SettingsLoader.load(Map.of("REDIS_URL", "http://cache.internal:6379")))
                .containsExactlyVariables(Variable.REDIS_URL);
    }

    @Test
    void logLevelIsUpperCasedAndUnknownLevelsAreErrors() {
        assertThat(loaded(SettingsLoader.load(Map.of("LOG_LEVEL", "debug"))).logLevel())
                .isEqualTo("DEBUG");
        assertProblems(SettingsLoader.load(Map.of("LOG_LEVEL", "loud"))).containsExactlyVariables(Variable.LOG_LEVEL);
    }

    @Test
    void allowLocalhostProdMustBeABoolean() {
        assertProblems(SettingsLoader.load(Map.of("ALLOW_LOCALHOST_PROD", "maybe")))
                .containsExactlyVariables(Variable.ALLOW_LOCALHOST_PROD)
                .messageFor(Variable.ALLOW_LOCALHOST_PROD)
                .contains("\"maybe\"", "true or false");
    }

    @Test
    void aSessionSecretOfOnlySpacesCountsAsNotSetInProduction() {
        Map<String, String> env = goodProduction();
        env.put("SESSION_TOKEN_SECRET", " ".repeat(40));

        assertProblems(SettingsLoader.load(env))
                .containsExactlyVariables(Variable.SESSION_TOKEN_SECRET)
                .messageFor(Variable.SESSION_TOKEN_SECRET)
                .contains("is not set");
    }

    @Test
    void aDurationTooLargeToRepresentIsReportedNotThrown() {
        assertProblems(SettingsLoader.load(Map.of("SHUTDOWN_DELAY", "9999999999999999d", "PORT", "x")))
                .containsExactlyVariables(Variable.PORT, Variable.SHUTDOWN_DELAY)
                .messageFor(Variable.SHUTDOWN_DELAY)
                .contains("is not a duration");
    }

    @Test
    void localhostWithATrailingDotIsStillLocalhost() {
        Map<String, String> env = goodProduction();
        env.put("BASE_URL", "https://localhost./");

        assertProblems(SettingsLoader.load(env)).containsExactlyVariables(Variable.BASE_URL);
    }

    @Test
    void allowLocalhostProdProblemComesAfterBaseUrlAsInTheTable() {
        SettingsResult result = SettingsLoader.load(
                Map.of("STEWARD_ENV", "production", "ALLOW_LOCALHOST_PROD", "maybe", "LOG_FORMAT", "xml", "PORT", "x"));

        assertProblems(result)
                .containsExactlyVariables(
                        Variable.PORT,
                        Variable.BASE_URL,
                        Variable.ALLOW_LOCALHOST_PROD,
                        Variable.DATABASE_URL,
                        Variable.SESSION_TOKEN_SECRET,
                        Variable.LOG_FORMAT);
    }

    // --- helpers ---

    private static Map<String, String> goodProduction() {
        Map<String, String> env = new HashMap<>();
        env.put("STEWARD_ENV", "production");
        env.put("BASE_URL", "https://steward.example.com");
        env.put("DATABASE_URL", "postgres://steward:db-password@db.internal:5432/steward");
        env.put("SESSION_TOKEN_SECRET", GOOD_SECRET);
        return env;
    }

    private static Settings loaded(SettingsResult result) {
        return loadedResult(result).settings();
    }

    private static SettingsResult.Loaded loadedResult(SettingsResult result) {
        return switch (result) {
            case SettingsResult.Loaded loaded -> loaded;
            case SettingsResult.Invalid invalid -> fail("expected the settings to load, but got " + invalid.summary());
        };
    }

    private static SettingsResult.Invalid invalid(SettingsResult result) {
        return switch (result) {
            case SettingsResult.Invalid invalid -> invalid;
            case SettingsResult.Loaded loaded ->
                fail("expected configuration problems, but settings loaded: " + loaded.settings());
        };
    }

    private static ProblemsAssert assertProblems(SettingsResult result) {
        return new ProblemsAssert(invalid(result).problems());
    }

    /** Assertions on the problems of a result that must be {@link SettingsResult.Invalid}. */
    private record ProblemsAssert(List<SettingProblem> problems) {

        ProblemsAssert containsExactlyVariables(Variable... variables) {
            assertThat(problems)
                    .as("variables with problems in %s", problems)
                    .extracting(SettingProblem::variable)
                    .containsExactly(variables);
            return this;
        }

        /** The message of the one problem with the variable. */
        AbstractStringAssert<?> messageFor(Variable variable) {
            List<String> messages = problems.stream()
                    .filter(problem -> problem.variable() == variable)
                    .map(SettingProblem::message)
                    .toList();
            assertThat(messages)
                    .as("problems with %s in %s", variable, problems)
                    .hasSize(1);
            return assertThat(messages.getFirst());
        }
    }
}
