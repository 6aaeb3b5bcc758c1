package dev.steward.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseUrlTest {

    @Test
    void libpqUrlBecomesAJdbcUrlWithCredentialsKeptApart() {
        DatabaseUrl url = valid("postgres://user:p%40ss@db.internal:6543/steward?sslmode=require");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/steward?sslmode=require");
        assertThat(url.username()).isEqualTo("user");
        assertThat(url.password()).isNotNull();
        assertThat(url.password().value()).isEqualTo("p@ss");
    }

    @Test
    void portDefaultsTo5432() {
        DatabaseUrl url = valid("postgres://steward@db.internal/steward");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/steward");
        assertThat(url.username()).isEqualTo("steward");
        assertThat(url.password()).isNull();
    }

    @Test
    void postgresqlSchemeIsAcceptedToo() {
        DatabaseUrl url = valid("postgresql://steward:pw@db.internal:5433/steward");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5433/steward");
        assertThat(url.username()).isEqualTo("steward");
        assertThat(url.password()).isEqualTo(new Secret("pw"));
    }

    @Test
    void urlWithoutCredentialsHasNoUserOrPassword() {
        DatabaseUrl url = valid("postgres://db.internal/steward");

        assertThat(url.username()).isNull();
        assertThat(url.password()).isNull();
    }

    @Test
    void plusSignInThePasswordStaysAPlusSign() {
        assertThat(valid("postgres://steward:a+b%2Bc@db/steward").password()).isEqualTo(new Secret("a+b+c"));
    }

    @Test
    void colonsAfterTheFirstBelongToThePassword() {
        assertThat(valid("postgres://steward:a:b@db/steward").password()).isEqualTo(new Secret("a:b"));
    }

    @Test
    void surroundingWhitespaceIsIgnored() {
        assertThat(valid("  postgres://steward:pw@db/steward \n").jdbcUrl())
                .isEqualTo("jdbc:postgresql://db:5432/steward");
    }

    @Test
    void jdbcUrlHasUserAndPasswordMovedOutOfTheQuery() {
        DatabaseUrl url =
                valid("jdbc:postgresql://db.internal:5432/steward?user=steward&password=s%3Dcret&sslmode=require");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/steward?sslmode=require");
        assertThat(url.username()).isEqualTo("steward");
        assertThat(url.password()).isEqualTo(new Secret("s=cret"));
    }

    @Test
    void libpqUrlWithCredentialsInTheQueryHasThemMovedOutToo() {
        DatabaseUrl url = valid("postgres://db.internal/steward?user=u&password=hunter2&sslmode=require");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/steward?sslmode=require");
        assertThat(url.username()).isEqualTo("u");
        assertThat(url.password()).isEqualTo(new Secret("hunter2"));
    }

    @Test
    void jdbcUrlWithOnlyCredentialsInTheQueryLosesTheQuery() {
        DatabaseUrl url = valid("jdbc:postgresql://db.internal:5432/steward?password=pw&user=steward");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/steward");
        assertThat(url.username()).isEqualTo("steward");
        assertThat(url.password()).isEqualTo(new Secret("pw"));
    }

    @Test
    void jdbcUrlWithoutCredentialsIsKeptAsItIs() {
        DatabaseUrl url = valid("jdbc:postgresql://db.internal:5432/steward?sslmode=verify-full");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/steward?sslmode=verify-full");
        assertThat(url.username()).isNull();
        assertThat(url.password()).isNull();
    }

    @Test
    void otherDatabasesAreRefusedNamingTheAcceptedSchemes() {
        assertThat(invalid("mysql://steward:pw@db.internal:3306/steward"))
                .contains("postgres://", "postgresql://", "jdbc:postgresql://");
    }

    @Test
    void jdbcUrlOfAnotherDriverIsRefused() {
        assertThat(invalid("jdbc:mysql://db.internal:3306/steward")).contains("postgres://");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres:///steward", "postgres://steward:pw@/steward"})
    void urlWithoutAHostIsRefusedShowingTheExpectedForm(String text) {
        assertThat(invalid(text)).contains("no host", "postgres://user:password@host:5432/database");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:postgresql://", "jdbc:postgresql://?user=steward", "jdbc:postgresql:steward"})
    void jdbcUrlWithoutAHostIsRefused(String text) {
        assertThat(invalid(text)).contains("must name a host", "jdbc:postgresql://host:5432/database");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "postgres://steward:pw@db.internal:5432",
                "postgres://steward:pw@db.internal:5432/",
                "postgres://steward:pw@db.internal:5432/steward/extra"
            })
    void urlWithoutADatabaseIsRefusedShowingTheExpectedForm(String text) {
        assertThat(invalid(text)).contains("no database", "postgres://user:password@host:5432/database");
    }

    @Test
    void malformedUrlExplainsPercentEncodingWithoutEchoingThePassword() {
        String problem = invalid("postgres://steward:bad pass word@db.internal/steward");

        assertThat(problem).contains("not a valid URL", "p%40ss").doesNotContain("bad pass word");
    }

    @Test
    void problemsNeverContainThePassword() {
        assertThat(invalid("mysql://steward:hunter2@db.internal/steward")).doesNotContain("hunter2");
        assertThat(invalid("postgres://steward:hunter2@db.internal")).doesNotContain("hunter2");
        assertThat(invalid("postgres://steward:hunter2@/steward")).doesNotContain("hunter2");
    }

    @Test
    void describeNamesHostPortAndDatabaseOnly() {
        DatabaseUrl url = valid("postgres://steward:hunter2@db.internal:6543/steward?sslmode=require");

        assertThat(url.describe()).isEqualTo("db.internal:6543/steward");
    }

    @Test
    void toStringNamesTheUserButNeverThePassword() {
        DatabaseUrl libpq = valid("postgres://steward:hunter2@db.internal:6543/steward?sslmode=require");
        DatabaseUrl jdbc = valid("jdbc:postgresql://db.internal:6543/steward?user=steward&password=hunter2");

        assertThat(libpq).hasToString("DatabaseUrl[db.internal:6543/steward, user steward]");
        assertThat(jdbc.toString()).doesNotContain("hunter2");
        assertThat(jdbc.describe()).doesNotContain("hunter2");
        assertThat(jdbc.jdbcUrl()).doesNotContain("hunter2");
        assertThat(String.valueOf(jdbc.password())).doesNotContain("hunter2");
    }

    @Test
    void toStringWithoutUserNamesTheTargetOnly() {
        assertThat(valid("postgres://db.internal/steward")).hasToString("DatabaseUrl[db.internal:5432/steward]");
    }

    @Test
    void ipv6HostIsKeptInBrackets() {
        DatabaseUrl url = valid("postgres://steward:pw@[2001:db8::1]:5433/steward");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://[2001:db8::1]:5433/steward");
        assertThat(url.describe()).isEqualTo("[2001:db8::1]:5433/steward");
        assertThat(url.username()).isEqualTo("steward");
    }

    @Test
    void ipv6LoopbackWithDefaultPort() {
        assertThat(valid("postgresql://[::1]/steward").jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5432/steward");
    }

    private static DatabaseUrl valid(String text) {
        return switch (DatabaseUrl.parse(text)) {
            case DatabaseUrl.Result.Valid valid -> valid.url();
            case DatabaseUrl.Result.Invalid invalid -> fail("expected %s to parse, but it %s", text, invalid.problem());
        };
    }

    private static String invalid(String text) {
        return switch (DatabaseUrl.parse(text)) {
            case DatabaseUrl.Result.Invalid invalid -> invalid.problem();
            case DatabaseUrl.Result.Valid valid -> fail("expected %s to be refused, but it parsed as %s", text, valid);
        };
    }
}
