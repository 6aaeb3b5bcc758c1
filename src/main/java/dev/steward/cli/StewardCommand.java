package dev.steward.cli;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code steward} command and its subcommands. */
@Command(
        name = "steward",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Operations platform for web backends: probes, alerts, incidents and proven backups.",
        subcommands = {
            StartCommand.class,
            ConfigCommand.class,
            DbCommand.class,
            CheckCommand.class,
            StatusCommand.class,
            HealthcheckCommand.class,
            IncidentCommand.class,
            SilenceCommand.class,
            NotifyCommand.class,
            BackupCommand.class,
            UserCommand.class,
            TokenCommand.class,
            CommandLine.HelpCommand.class
        })
public final class StewardCommand {

    /** Runs the command line; with no arguments Steward starts the server, as a container would expect. */
    public static int execute(String... args) {
        return execute(System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the command line against the given environment and output streams (tests use this). */
    public static int execute(Map<String, String> environment, PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new StewardCommand(), new EnvironmentFactory(environment));
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        if (args.length > 0 && !args[0].equals("start")) {
            CliLogging.quiet();
        }
        return commandLine.execute(args.length == 0 ? new String[] {"start"} : args);
    }

    /** Gives every command the environment it should read, instead of {@code System.getenv()}. */
    private record EnvironmentFactory(Map<String, String> environment) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            for (var constructor : type.getDeclaredConstructors()) {
                if (constructor.getParameterCount() == 1 && constructor.getParameterTypes()[0] == Map.class) {
                    constructor.setAccessible(true);
                    return type.cast(constructor.newInstance(environment));
                }
            }
            return CommandLine.defaultFactory().create(type);
        }
    }
}
