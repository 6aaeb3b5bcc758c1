package dev.steward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.access.Role;
import dev.steward.testing.Http;
import dev.steward.testing.PostgresExtension;
import dev.steward.testing.TestSteward;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code steward user …} and {@code steward token …} against a real database, used by a real Steward. */
class AccessCommandsIT {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    static TestSteward steward;

    @BeforeAll
    static void start() {
        steward = TestSteward.start(
                Map.of("DATABASE_URL", postgres.databaseUrl(), "BASE_URL", "https://ops.example.com"));
    }

    @AfterAll
    static void stop() {
        steward.close();
    }

    @Test
    void userCreatePrintsAOneTimeLinkThatWorksOnce() {
        Run created = steward(Map.of(), "user", "create", "--admin", "Root@Example.com");

        assertThat(created.status()).as(created.err()).isZero();
        assertThat(created.out()).startsWith("Created admin root@example.com.");
        String link = created.out()
                .lines()
                .filter(line -> line.contains("/password/"))
                .findFirst()
                .orElseThrow()
                .strip();
        assertThat(link).startsWith("https://ops.example.com/password/");
        String path = link.substring("https://ops.example.com".length());

        assertThat(Http.get(steward.url(path), Http.anonymous()).body()).contains("root@example.com");
        Run list = steward(Map.of(), "user", "list");
        assertThat(list.out()).containsPattern("root@example.com\\s+admin\\s+no password yet\\s+never");

        Run again = steward(Map.of(), "user", "create", "root@example.com");
        assertThat(again.status()).isEqualTo(1);
        assertThat(again.err()).contains("root@example.com already has an account");
    }

    @Test
    void aBadAddressOrRoleIsRefusedWithTheFix() {
        Run address = steward(Map.of(), "user", "create", "not-an-address");
        assertThat(address.status()).isEqualTo(1);
        assertThat(address.err()).contains("email: 'not-an-address' is not an e-mail address; write e.g.");

        Run role = steward(Map.of(), "user", "create", "--role", "owner", "x@example.com");
        assertThat(role.status()).isEqualTo(1);
        assertThat(role.err()).contains("'owner' is not a role; use admin, operator or viewer");
    }

    @Test
    void tokenCreatePrintsOnlyTheSecretWhichTheRemoteCommandsUse() {
        Run created = steward(Map.of(), "token", "create", "--name", "deploy-bot", "--role", "operator");

        assertThat(created.status()).as(created.err()).isZero();
        String secret = created.out().strip();
        assertThat(secret).startsWith("stw_").doesNotContain("\n");
        assertThat(created.err())
                .contains("Created operator token 'deploy-bot'")
                .contains("not shown again");

        Run incidents = steward(Map.of("STEWARD_TOKEN", secret), "incident", "list");
        assertThat(incidents.status()).as(incidents.err()).isZero();

        Run list = steward(Map.of(), "token", "list");
        assertThat(list.out()).contains("deploy-bot").contains("operator").doesNotContain(secret);

        Run revoked = steward(Map.of(), "token", "revoke", "deploy-bot");
        assertThat(revoked.out()).startsWith("Revoked token 'deploy-bot'");
        Run refused = steward(Map.of("STEWARD_TOKEN", secret), "incident", "list");
        assertThat(refused.status()).isEqualTo(2);
        assertThat(refused.err()).contains("steward token create").contains("revoked");
    }

    @Test
    void aRemoteCommandWithoutATokenSaysHowToGetOne() {
        Run refused = steward(Map.of(), "incident", "ack", "1");
        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.err())
                .contains("Steward wants an API token")
                .contains("steward token create --name cli --role operator")
                .contains("STEWARD_TOKEN");

        Run viewer = steward(Map.of("STEWARD_TOKEN", steward.token(Role.VIEWER)), "incident", "ack", "1");
        assertThat(viewer.status()).isEqualTo(1);
        assertThat(viewer.err())
                .contains("the token's role does not allow this")
                .contains("operator role");
    }

    private record Run(int status, String out, String err) {}

    private static Run steward(Map<String, String> extra, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> environment = new HashMap<>();
        environment.put("PORT", String.valueOf(steward.port()));
        environment.put("DATABASE_URL", postgres.databaseUrl());
        environment.put("BASE_URL", "https://ops.example.com");
        environment.putAll(extra);
        int status = StewardCommand.execute(environment, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(status, out.toString(), err.toString());
    }
}
