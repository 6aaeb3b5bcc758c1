package dev.steward.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The PostgreSQL client tools backups run ({@code pg_dump}, {@code pg_restore}, {@code pg_dumpall}): where they are,
 * which version each is, and whether they can handle a given server. Problems are values (messages that say what to
 * install) so that the catalog load and {@code steward config check} can list them all.
 */
public final class PgTools {

    /** The setting that names a directory with the client tools, named in messages. */
    public static final String DIRECTORY_SETTING = "PG_BIN_DIR";

    private static final Path DEBIAN_VERSIONS = Path.of("/usr/lib/postgresql");

    private final Map<Tool, Lookup> tools;

    PgTools(Map<Tool, Lookup> tools) {
        this.tools = new EnumMap<>(tools);
    }

    /**
     * Finds the tools in {@code directory} when one is configured; otherwise on {@code PATH}, and then in the newest
     * {@code /usr/lib/postgresql/<major>/bin}. Runs each with {@code --version}.
     */
    public static PgTools locate(Optional<Path> directory) {
        return locate(directory, System.getenv("PATH"), DEBIAN_VERSIONS);
    }

    static PgTools locate(Optional<Path> directory, @Nullable String searchPath, Path debianVersions) {
        Map<Tool, Lookup> found = new EnumMap<>(Tool.class);
        for (Tool tool : Tool.values()) {
            found.put(tool, lookup(tool, directory, searchPath, debianVersions));
        }
        return new PgTools(found);
    }

    /** What was found for {@code tool}. */
    public Lookup lookup(Tool tool) {
        return tools.get(tool);
    }

    /** Every tool that is missing or unusable, as messages naming what to install. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (Lookup lookup : tools.values()) {
            if (lookup instanceof Lookup.Missing missing) {
                problems.add(missing.problem());
            }
        }
        return problems;
    }

    /**
     * Why pg_dump cannot dump a server of version {@code server}, if it cannot: it is missing, or older than the
     * server (pg_dump refuses servers newer than itself).
     *
     * @param target the server for the message, e.g. {@code db.internal:5432/booky}
     */
    public Optional<String> dumpProblem(PgVersion server, String target) {
        return switch (lookup(Tool.PG_DUMP)) {
            case Lookup.Missing missing -> Optional.of(missing.problem());
            case Lookup.Found found
            when found.version().olderMajorThan(server) ->
                Optional.of("pg_dump " + found.version() + " cannot dump PostgreSQL " + server + " at " + target + ": "
                        + install(server));
            case Lookup.Found found
            when found.version().majorOrder() >= 1500 && server.majorOrder() < 902 ->
                Optional.of("pg_dump " + found.version() + " cannot dump PostgreSQL " + server + " at " + target
                        + ": pg_dump 15 and newer dump servers from 9.2 on; point " + DIRECTORY_SETTING
                        + " at the client tools of PostgreSQL 14 or older");
            case Lookup.Found found -> Optional.empty();
        };
    }

    /**
     * Why pg_restore cannot read a dump made by pg_dump {@code madeBy}, if it cannot: it is missing, or older (a newer
     * pg_dump may write an archive format an older pg_restore refuses).
     */
    public Optional<String> restoreProblem(PgVersion madeBy) {
        return switch (lookup(Tool.PG_RESTORE)) {
            case Lookup.Missing missing -> Optional.of(missing.problem());
            case Lookup.Found found
            when found.version().olderMajorThan(madeBy) ->
                Optional.of("pg_restore " + found.version() + " cannot read a dump made by pg_dump " + madeBy + ": "
                        + install(madeBy));
            case Lookup.Found found -> Optional.empty();
        };
    }

    /** The tool, or a failure with the message saying what to install. */
    Lookup.Found require(Tool tool) throws PgFailure {
        return switch (lookup(tool)) {
            case Lookup.Found found -> found;
            case Lookup.Missing missing -> throw new PgFailure(missing.problem());
        };
    }

    private static String install(PgVersion version) {
        return "install the PostgreSQL " + version.major() + " client tools (Debian/Ubuntu: postgresql-client-"
                + version.major() + "), or point " + DIRECTORY_SETTING + " at them";
    }

    private static Lookup lookup(
            Tool tool, Optional<Path> directory, @Nullable String searchPath, Path debianVersions) {
        if (directory.isPresent()) {
            Path candidate = directory.get().resolve(tool.command());
            return Files.isExecutable(candidate)
                    ? version(tool, candidate)
                    : new Lookup.Missing(
                            tool,
                            tool.command() + " not found in " + directory.get() + " (" + DIRECTORY_SETTING
                                    + "): point " + DIRECTORY_SETTING + " at the bin directory of the PostgreSQL client"
                                    + " tools, e.g. /usr/lib/postgresql/17/bin");
        }
        Optional<Path> onPath = onPath(tool, searchPath);
        if (onPath.isPresent()) {
            return version(tool, onPath.get());
        }
        Optional<Path> debian = newestDebian(tool, debianVersions);
        if (debian.isPresent()) {
            return version(tool, debian.get());
        }
        return new Lookup.Missing(
                tool,
                tool.command() + " not found on PATH or in " + debianVersions + "/*/bin: install postgresql-client"
                        + " (Debian/Ubuntu: apt-get install postgresql-client), or point " + DIRECTORY_SETTING
                        + " at the client tools");
    }

    private static Optional<Path> onPath(Tool tool, @Nullable String searchPath) {
        if (searchPath == null || searchPath.isBlank()) {
            return Optional.empty();
        }
        for (String entry : searchPath.split(java.io.File.pathSeparator)) {
            if (!entry.isBlank()) {
                Path candidate = Path.of(entry).resolve(tool.command());
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** The tool in the highest numbered {@code <root>/<major>/bin}, as Debian's packages install them. */
    private static Optional<Path> newestDebian(Tool tool, Path root) {
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.filter(path -> path.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                    .map(path -> path.resolve("bin").resolve(tool.command()))
                    .filter(Files::isExecutable)
                    .max(Comparator.comparing(path -> PgVersion.parse(
                                    path.getParent().getParent().getFileName().toString())
                            .map(PgVersion::majorOrder)
                            .orElse(0)));
        } catch (IOException e) {
            // An unreadable directory is as good as none: the caller reports the tool as missing.
            return Optional.empty();
        }
    }

    private static Lookup version(Tool tool, Path path) {
        String output;
        try {
            Process process = new ProcessBuilder(path.toString(), "--version")
                    .redirectErrorStream(true)
                    .start();
            process.getOutputStream().close();
            try (InputStream stdout = process.getInputStream()) {
                output = new String(stdout.readNBytes(4096), StandardCharsets.UTF_8).strip();
            }
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Lookup.Missing(tool, path + " --version did not answer within 10 s: reinstall it");
            }
        } catch (IOException e) {
            return new Lookup.Missing(tool, path + " cannot be run (" + e.getMessage() + "): reinstall it");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Lookup.Missing(tool, path + " --version was interrupted");
        }
        return PgVersion.ofToolOutput(output)
                .<Lookup>map(version -> new Lookup.Found(tool, path, version))
                .orElseGet(() -> new Lookup.Missing(
                        tool,
                        path + " --version answered '" + output + "', not a PostgreSQL version: point "
                                + DIRECTORY_SETTING + " at the PostgreSQL client tools"));
    }

    /** The client tools backups use. */
    public enum Tool {
        PG_DUMP("pg_dump"),
        PG_RESTORE("pg_restore"),
        PG_DUMPALL("pg_dumpall");

        private final String command;

        Tool(String command) {
            this.command = command;
        }

        /** The program's name. */
        public String command() {
            return command;
        }
    }

    /** What was found for one tool. */
    public sealed interface Lookup {

        /** The tool, where it is and its version. */
        record Found(Tool tool, Path path, PgVersion version) implements Lookup {}

        /** Why the tool cannot be used, and what to install. */
        record Missing(Tool tool, String problem) implements Lookup {}
    }
}
