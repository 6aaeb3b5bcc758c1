package dev.steward.cli;

import com.zaxxer.hikari.HikariDataSource;
import dev.steward.access.AccessException;
import dev.steward.access.ApiTokens;
import dev.steward.access.AuditLog;
import dev.steward.access.Role;
import dev.steward.config.Durations;
import dev.steward.database.DataSources;
import dev.steward.database.DatabaseTarget;
import dev.steward.database.Migrations;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "token",
        mixinStandardHelpOptions = true,
        description = {
            "Manage API tokens for CI and scripts directly in Steward's database (DATABASE_URL, or the embedded one"
                    + " under STEWARD_DATA_DIR); admins can also use Admin → API tokens.",
            "Commands that talk to a running Steward (status, incident, silence, notify) send the token in"
                    + " STEWARD_TOKEN or --token."
        },
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
final class TokenCommand {

    abstract static class TokensTask extends DbCommand.DatabaseTask {

        TokensTask(Map<String, String> environment) {
            super(environment);
        }

        @Override
        int run(DatabaseTarget target, PrintWriter out) {
            try (HikariDataSource dataSource = DataSources.pool(target, 2)) {
                Migrations.migrate(dataSource);
                ApiTokens tokens = new ApiTokens(JdbcClient.create(dataSource), Clock.systemUTC());
                AuditLog audit = new AuditLog(JdbcClient.create(dataSource), Clock.systemUTC());
                try {
                    return run(tokens, audit, out);
                } catch (AccessException e) {
                    throw new DbCommand.CommandFailure(e.field() + ": " + e.getMessage());
                }
            }
        }

        abstract int run(ApiTokens tokens, AuditLog audit, PrintWriter out);
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = {
                "Create a token and print its secret, alone on standard output (TOKEN=$(steward token create …)).",
                "Steward keeps only a digest: the secret cannot be shown again."
            })
    static final class Create extends TokensTask {

        @Option(names = "--name", required = true, description = "What uses the token, e.g. ci-deploy.")
        String name = "";

        @Option(names = "--role", defaultValue = "viewer", description = "admin, operator or viewer (default viewer).")
        String role = "viewer";

        @Option(
                names = "--expires",
                defaultValue = "90d",
                paramLabel = "DURATION",
                description = "Lifetime, e.g. 30d or 12h, or 'never' (default 90d; at most 366d).")
        String expires = "90d";

        Create(Map<String, String> environment) {
            super(environment);
        }

        @Override
        int run(ApiTokens tokens, AuditLog audit, PrintWriter out) {
            Role chosen = UserCommand.roleOf(role);
            Optional<Duration> lifetime = expires.strip().equalsIgnoreCase("never")
                    ? Optional.empty()
                    : Optional.of(Durations.parse(expires.strip())
                            .orElseThrow(() -> new DbCommand.CommandFailure(
                                    "--expires: '" + expires + "' is not a lifetime; write e.g. 30d, 12h or never")));
            ApiTokens.Created created = tokens.create(name, chosen, lifetime, UserCommand.AccountsTask.actor());
            audit.record(
                    UserCommand.AccountsTask.actor(),
                    "tokens.create",
                    Optional.of("tokens " + created.token().id()),
                    Optional.empty(),
                    AuditLog.Outcome.SUCCESS,
                    Optional.of(created.token().name() + " as " + chosen.label()));
            spec.commandLine()
                    .getErr()
                    .println("Created " + chosen.label() + " token '"
                            + created.token().name() + "'"
                            + created.token()
                                    .expiresAt()
                                    .map(at -> ", valid until " + at)
                                    .orElse(", never expires")
                            + ". Store the secret now; it is not shown again.");
            out.println(created.secret());
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List tokens (never their secrets).")
    static final class ListTokens extends TokensTask {

        ListTokens(Map<String, String> environment) {
            super(environment);
        }

        @Override
        int run(ApiTokens tokens, AuditLog audit, PrintWriter out) {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"ID", "NAME", "ROLE", "PREFIX", "STATE", "LAST USED"});
            java.time.Instant now = java.time.Instant.now();
            for (ApiTokens.Token token : tokens.list()) {
                rows.add(new String[] {
                    String.valueOf(token.id()),
                    token.name(),
                    token.role().label(),
                    token.prefix() + "…",
                    token.revokedAt().isPresent()
                            ? "revoked"
                            : token.activeAt(now)
                                    ? token.expiresAt().map(at -> "until " + at).orElse("no expiry")
                                    : "expired",
                    token.lastUsedAt().map(Object::toString).orElse("never")
                });
            }
            if (rows.size() == 1) {
                out.println("No tokens yet: 'steward token create --name ci --role operator' makes one.");
                return 0;
            }
            TextTable.print(out, rows, 0);
            return 0;
        }
    }

    @Command(
            name = "revoke",
            mixinStandardHelpOptions = true,
            description = "Revoke a token; it stops working at once.")
    static final class Revoke extends TokensTask {

        @Parameters(paramLabel = "ID|NAME", description = "The token's id or name (see 'steward token list').")
        String which = "";

        Revoke(Map<String, String> environment) {
            super(environment);
        }

        @Override
        int run(ApiTokens tokens, AuditLog audit, PrintWriter out) {
            ApiTokens.Token token = tokens.list().stream()
                    .filter(found -> found.revokedAt().isEmpty())
                    .filter(found -> String.valueOf(found.id()).equals(which)
                            || found.name().equals(which))
                    .findFirst()
                    .orElseThrow(() -> new DbCommand.CommandFailure(
                            "no active token has the id or name '" + which + "'; 'steward token list' shows them"));
            tokens.revoke(token.id());
            audit.record(
                    UserCommand.AccountsTask.actor(),
                    "tokens.delete",
                    Optional.of("tokens " + token.id()),
                    Optional.empty(),
                    AuditLog.Outcome.SUCCESS,
                    Optional.of(token.name()));
            out.println("Revoked token '" + token.name() + "' (" + token.id() + ").");
            return 0;
        }
    }
}
