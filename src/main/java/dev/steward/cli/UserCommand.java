package dev.steward.cli;

import com.zaxxer.hikari.HikariDataSource;
import dev.steward.access.AccessException;
import dev.steward.access.Accounts;
import dev.steward.access.AuditLog;
import dev.steward.access.Passwords;
import dev.steward.access.Role;
import dev.steward.config.Settings;
import dev.steward.database.DataSources;
import dev.steward.database.DatabaseTarget;
import dev.steward.database.Migrations;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "user",
        mixinStandardHelpOptions = true,
        description = {
            "Manage who may sign in, directly in Steward's database (DATABASE_URL, or the embedded one under"
                    + " STEWARD_DATA_DIR) — for the first admin and for recovery; admins otherwise use Admin → Users.",
            "A new user gets a one-time link (72 hours) to choose a password; no password is ever typed on the command"
                    + " line."
        },
        subcommands = {
            UserCommand.Create.class,
            UserCommand.ListUsers.class,
            UserCommand.SetRole.class,
            UserCommand.Disable.class,
            UserCommand.Enable.class,
            UserCommand.PasswordLink.class
        })
final class UserCommand {

    /** A task on the accounts of the database the settings name. */
    abstract static class AccountsTask extends DbCommand.DatabaseTask {

        private final Map<String, String> environment;
        private @Nullable Settings settings;

        AccountsTask(Map<String, String> environment) {
            super(environment);
            this.environment = environment;
        }

        @Override
        int run(DatabaseTarget target, PrintWriter out) {
            Settings loaded = DbCommand.settings(environment, spec.commandLine().getErr());
            if (loaded == null) {
                return 1;
            }
            settings = loaded;
            try (HikariDataSource dataSource = DataSources.pool(target, 2)) {
                Migrations.migrate(dataSource);
                Accounts accounts = new Accounts(
                        JdbcClient.create(dataSource),
                        new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                        Passwords.encoder(),
                        loaded,
                        Clock.systemUTC());
                AuditLog audit = new AuditLog(JdbcClient.create(dataSource), Clock.systemUTC());
                try {
                    return run(accounts, audit, out);
                } catch (AccessException e) {
                    throw new DbCommand.CommandFailure(e.field() + ": " + e.getMessage());
                }
            }
        }

        abstract int run(Accounts accounts, AuditLog audit, PrintWriter out);

        String link(String secret) {
            return baseUrl() + "/password/" + secret;
        }

        String baseUrl() {
            return settings == null ? "" : settings.baseUrl().toString().replaceAll("/+$", "");
        }

        static String actor() {
            return "command line (" + System.getProperty("user.name", "unknown") + ")";
        }

        static Accounts.User user(Accounts accounts, String email) {
            return accounts.find(email)
                    .orElseThrow(() -> new DbCommand.CommandFailure(
                            "there is no user " + email + "; 'steward user list' shows who exists"));
        }

        static void audit(AuditLog audit, String action, String target, Optional<String> detail) {
            audit.record(actor(), action, Optional.of(target), Optional.empty(), AuditLog.Outcome.SUCCESS, detail);
        }
    }

    static final class RoleChoice {
        @Option(names = "--admin", description = "Make the user an admin.")
        boolean admin;

        @Option(names = "--role", paramLabel = "ROLE", description = "admin, operator or viewer (default viewer).")
        @Nullable
        String role;

        Role role() {
            if (admin) {
                return Role.ADMIN;
            }
            return role == null ? Role.VIEWER : roleOf(role);
        }
    }

    static Role roleOf(String text) {
        return Role.parse(text)
                .orElseThrow(() ->
                        new DbCommand.CommandFailure("'" + text + "' is not a role; use admin, operator or viewer"));
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create a user and print a one-time link with which they choose a password.")
    static final class Create extends AccountsTask {

        @Parameters(paramLabel = "EMAIL", description = "The user's e-mail address (their sign-in name).")
        String email = "";

        @ArgGroup(exclusive = true)
        @Nullable
        RoleChoice choice;

        Create(Map<String, String> environment) {
            super(environment);
        }

        @Override
        int run(Accounts accounts, AuditLog audit, PrintWriter out) {
            Role role = choice == null ? Role.VIEWER : choice.role();
            Accounts.User user = accounts.create(email, role, actor());
            String link = link(accounts.passwordLink(user.id()));
            audit(audit, "users.create", "users " + user.id(), Optional.of(user.email() + " as " + role.label()));
            out.println("Created " + role.label() + " " + user.email() + ".");
            out.println("They choose a password at this one-time link (valid for 72 hours):");
            out.println("  " + link);
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the users and their roles.")
    static final class ListUsers extends AccountsTask {

        ListUsers(Map<String, String> environment) {
            super(environment);
        }

        @Override
        int run(Accounts accounts, AuditLog audit, PrintWriter out) {
            List<Accounts.User> users = accounts.list();
            if (users.isEmpty()) {
                out.println("No users yet: create the first admin with 'steward user create --admin EMAIL'.");
                return 0;
            }
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"EMAIL", "ROLE", "STATE", "LAST SIGN-IN"});
            for (Accounts.User user : users) {
                rows.add(new String[] {
                    user.email(),
                    accounts.effectiveRole(user).label()
                            + (accounts.listedAdmin(user.email()) ? " (ADMIN_EMAILS)" : ""),
                    user.disabled() ? "disabled" : user.hasPassword() ? "active" : "no password yet",
                    user.lastLoginAt().map(Object::toString).orElse("never")
                });
            }
            TextTable.print(out, rows, -1);
            return 0;
        }
    }

    @Command(name = "role", mixinStandardHelpOptions = true, description = "Change a user's role.")
    static final class SetRole extends AccountsTask {

        @Parameters(index = "0", paramLabel = "EMAIL")
        String email = "";

        @Parameters(index = "1", paramLabel = "ROLE", description = "admin, operator or viewer")
        String role = "";

        SetRole(Map<String, String> environment) {
            super(environment);
        }

        @Override
        int run(Accounts accounts, AuditLog audit, PrintWriter out) {
            Accounts.User user = accounts.changeRole(user(accounts, email).id(), roleOf(role));
            audit(
                    audit,
                    "users.update",
                    "users " + user.id(),
                    Optional.of("role " + user.role().label()));
            out.println(user.email() + " is now " + accounts.effectiveRole(user).label() + ".");
            return 0;
        }
    }

    @Command(
            name = "disable",
            mixinStandardHelpOptions = true,
            description = "Stop a user from signing in; their sessions end at their next request.")
    static final class Disable extends AccountsTask {

        @Parameters(paramLabel = "EMAIL")
        String email = "";

        Disable(Map<String, String> environment) {
            super(environment);
        }

        @Override
        int run(Accounts accounts, AuditLog audit, PrintWriter out) {
            Accounts.User user = accounts.setDisabled(user(accounts, email).id(), true);
            audit(audit, "users.update", "users " + user.id(), Optional.of("disabled"));
            out.println(user.email() + " is disabled.");
            return 0;
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Let a disabled user sign in again.")
    static final class Enable extends AccountsTask {

        @Parameters(paramLabel = "EMAIL")
        String email = "";

        Enable(Map<String, String> environment) {
            super(environment);
        }

        @Override
        int run(Accounts accounts, AuditLog audit, PrintWriter out) {
            Accounts.User user = accounts.setDisabled(user(accounts, email).id(), false);
            audit(audit, "users.update", "users " + user.id(), Optional.of("enabled"));
            out.println(user.email() + " may sign in again.");
            return 0;
        }
    }

    @Command(
            name = "password-link",
            mixinStandardHelpOptions = true,
            description = "Print a new one-time link with which a user chooses a new password (e.g. a forgotten one).")
    static final class PasswordLink extends AccountsTask {

        @Parameters(paramLabel = "EMAIL")
        String email = "";

        PasswordLink(Map<String, String> environment) {
            super(environment);
        }

        @Override
        int run(Accounts accounts, AuditLog audit, PrintWriter out) {
            Accounts.User user = user(accounts, email);
            String link = link(accounts.passwordLink(user.id()));
            audit(audit, "users.password-link", "users " + user.id(), Optional.empty());
            out.println("One-time link for " + user.email() + " (valid for 72 hours; older links stop working):");
            out.println("  " + link);
            return 0;
        }
    }
}
