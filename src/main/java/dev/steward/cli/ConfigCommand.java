package dev.steward.cli;

import dev.steward.catalog.BackupPolicy;
import dev.steward.catalog.Catalog;
import dev.steward.catalog.CatalogLoad;
import dev.steward.catalog.CatalogProblem;
import dev.steward.catalog.CatalogReader;
import dev.steward.config.Durations;
import dev.steward.config.Mode;
import dev.steward.config.SettingProblem;
import dev.steward.config.Settings;
import dev.steward.config.SettingsLoader;
import dev.steward.config.SettingsResult;
import dev.steward.config.Variable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "config",
        mixinStandardHelpOptions = true,
        description = "Check Steward's configuration.",
        subcommands = {ConfigCommand.Check.class, ConfigCommand.Variables.class, ConfigCommand.Validate.class})
final class ConfigCommand {

    @Command(
            name = "check",
            mixinStandardHelpOptions = true,
            description = {
                "Validate the environment variables as production mode would, list every problem, and exit 1 if"
                        + " there is one.",
                "Secrets are never printed."
            })
    static final class Check implements Callable<Integer> {

        private final Map<String, String> environment;

        @Spec
        CommandSpec spec;

        @Option(
                names = "--mode",
                description = "Rules to check against: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
                defaultValue = "production")
        Mode mode = Mode.PRODUCTION;

        Check(Map<String, String> environment) {
            this.environment = environment;
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            String label = mode.name().toLowerCase(Locale.ROOT) + " rules";
            return switch (SettingsLoader.load(environment, mode)) {
                case SettingsResult.Invalid invalid -> {
                    out.println("Configuration has " + invalid.problems().size()
                            + (invalid.problems().size() == 1 ? " problem" : " problems") + " (" + label + "):");
                    for (SettingProblem problem : invalid.problems()) {
                        out.println("  - " + problem.message());
                    }
                    yield 1;
                }
                case SettingsResult.Loaded loaded -> {
                    out.println("Configuration is valid (" + label + ").");
                    loaded.adjustments().forEach(adjustment -> out.println("  warning: " + adjustment));
                    print(out, loaded.settings());
                    yield 0;
                }
            };
        }

        private void print(PrintWriter out, Settings settings) {
            row(out, "port", String.valueOf(settings.port()));
            row(out, "base URL", settings.baseUrl().toString());
            row(
                    out,
                    "database",
                    settings.database()
                            .map(url ->
                                    url.describe() + (url.username() == null ? "" : " (user " + url.username() + ")"))
                            .orElse("embedded PostgreSQL in " + settings.embeddedDatabaseDir() + ", port "
                                    + settings.embeddedDatabasePort()));
            row(out, "redis", settings.redis().map(redis -> redis.describe()).orElse("not configured"));
            row(
                    out,
                    "session secret",
                    environment.getOrDefault("SESSION_TOKEN_SECRET", "").isBlank()
                            ? "random per start (sessions end at restart)"
                            : "set (" + settings.sessionTokenSecret().length() + " characters)");
            row(out, "admins", settings.adminEmails().isEmpty() ? "none" : String.join(", ", settings.adminEmails()));
            row(
                    out,
                    "OpenID Connect",
                    settings.oidc()
                            .map(oidc -> oidc.name() + " (" + oidc.issuer() + "), client " + oidc.clientId()
                                    + ", redirect URI " + oidc.redirectUri(settings.baseUrl()))
                            .orElse("off"));
            row(
                    out,
                    "CORS origins",
                    settings.corsAllowedOrigins().isEmpty()
                            ? "none"
                            : String.join(", ", settings.corsAllowedOrigins()));
            row(out, "trusted proxies", String.valueOf(settings.trustProxyHops()));
            row(out, "logs", settings.logFormat().name().toLowerCase(Locale.ROOT) + ", " + settings.logLevel());
            row(
                    out,
                    "shutdown",
                    "delay " + Durations.format(settings.shutdownDelay()) + ", drain up to "
                            + Durations.format(settings.shutdownDrainTimeout()));
        }

        private static void row(PrintWriter out, String name, String value) {
            out.printf("  %-16s %s%n", name, value);
        }
    }

    @Command(
            name = "variables",
            mixinStandardHelpOptions = true,
            description = "List every environment variable Steward reads, its default, and whether it is set here"
                    + " (values are not shown).")
    static final class Variables implements Callable<Integer> {

        private final Map<String, String> environment;

        @Spec
        CommandSpec spec;

        Variables(Map<String, String> environment) {
            this.environment = environment;
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            for (Variable variable : Variable.values()) {
                boolean set = !environment.getOrDefault(variable.name(), "").isBlank();
                out.printf("%-24s %-5s default %s%n", variable.name(), set ? "set" : "-", variable.defaultValue());
                out.printf("%-30s %s%n", "", variable.description());
            }
            return 0;
        }
    }

    @Command(
            name = "validate",
            mixinStandardHelpOptions = true,
            description = {
                "Check a catalog file (services and monitors) without starting Steward: print every error (to"
                        + " stderr) and warning as file:line:column, then a summary.",
                "Exit status: 0 valid, 1 invalid, 2 the file cannot be read. ${VAR} references are resolved from this"
                        + " environment; their values are never printed."
            })
    static final class Validate implements Callable<Integer> {

        private final Map<String, String> environment;

        @Spec
        CommandSpec spec;

        @Parameters(
                arity = "0..1",
                paramLabel = "FILE",
                description = "The catalog file (default: STEWARD_CONFIG, else ./steward.yml).")
        @Nullable
        String file;

        Validate(Map<String, String> environment) {
            this.environment = environment;
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            String name =
                    file != null ? file : CatalogFiles.configured(environment).toString();
            byte[] content;
            try {
                content = Files.readAllBytes(Path.of(name));
            } catch (NoSuchFileException e) {
                err.println(name + ": cannot be read: no such file");
                return 2;
            } catch (AccessDeniedException e) {
                err.println(name + ": cannot be read: permission denied");
                return 2;
            } catch (IOException | InvalidPathException e) {
                err.println(name + ": cannot be read: " + e.getMessage());
                return 2;
            }
            CatalogLoad load = CatalogReader.read(name, content, environment);
            List<CatalogProblem> warnings = load.warnings();
            List<CatalogProblem> errors = load instanceof CatalogLoad.Rejected rejected ? rejected.errors() : List.of();
            // In file order, each on its own stream, so that a terminal shows them as they appear in the file.
            Stream.concat(errors.stream(), warnings.stream())
                    .sorted(CatalogProblem.BY_POSITION)
                    .forEach(problem -> {
                        if (problem.severity() == CatalogProblem.Severity.ERROR) {
                            err.println(problem);
                            err.flush();
                        } else {
                            out.println(asWarning(problem));
                            out.flush();
                        }
                    });
            return switch (load) {
                case CatalogLoad.Rejected rejected -> {
                    err.println(name + ": " + count(errors.size(), "error") + suffix(warnings));
                    yield 1;
                }
                case CatalogLoad.Loaded loaded -> {
                    Catalog catalog = loaded.catalog();
                    int backups = catalog.backups().size();
                    out.println(name + ": " + count(catalog.services().size(), "service") + ", "
                            + count(catalog.monitors().size(), "monitor")
                            + (backups == 0
                                    ? ""
                                    : ", " + backups + (backups == 1 ? " backup policy" : " backup policies"))
                            + suffix(warnings));
                    catalog.backups().values().forEach(policy -> backup(out, policy));
                    yield 0;
                }
            };
        }

        /** A backup policy as the file says it will run; no credentials. */
        private static void backup(PrintWriter out, BackupPolicy policy) {
            String zone = " (" + policy.zone().getId() + ")";
            out.println("  backup " + policy.name());
            out.printf(
                    "    %-10s %s%n",
                    "source",
                    policy.backsUpSteward()
                            ? "steward (Steward's own database)"
                            : policy.source().describe()
                                    + (policy.source().username() == null
                                            ? ""
                                            : " (user " + policy.source().username() + ")"));
            out.printf(
                    "    %-10s %s%n",
                    "schedule",
                    policy.schedule().map(cron -> cron + zone).orElse("on demand only")
                            + policy.maxAge()
                                    .map(age -> ", alert after " + Durations.format(age) + " without a verified backup")
                                    .orElse(""));
            policy.storage().forEach(storage -> out.printf("    %-10s %s%n", "storage", storage.describe()));
            out.printf("    %-10s %s%n", "retention", policy.retention().describe());
            BackupPolicy.Drill drill = policy.drill();
            out.printf(
                    "    %-10s %s%n",
                    "drill",
                    !drill.enabled()
                            ? "off"
                            : drill.schedule().map(cron -> cron + zone).orElse("after every backup") + " on "
                                    + drill.server()
                                            .map(server -> server.describe())
                                            .orElse("Steward's own server")
                                    + (drill.checks().isEmpty()
                                            ? ""
                                            : ", " + count(drill.checks().size(), "SQL check")));
        }

        private static String asWarning(CatalogProblem warning) {
            return warning.location() + " " + (warning.path().isEmpty() ? "" : warning.path() + ": ") + "warning: "
                    + warning.message();
        }

        private static String suffix(List<CatalogProblem> warnings) {
            return warnings.isEmpty() ? "" : " (" + count(warnings.size(), "warning") + ")";
        }

        private static String count(int n, String noun) {
            return n + " " + noun + (n == 1 ? "" : "s");
        }
    }
}
