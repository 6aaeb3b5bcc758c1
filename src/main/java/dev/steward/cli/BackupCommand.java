package dev.steward.cli;

import dev.steward.cli.RemoteSteward.Unreachable;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(
        name = "backup",
        mixinStandardHelpOptions = true,
        description = {
            "Backups of the catalog's PostgreSQL databases: list them and their policies, run one, drill one, apply"
                    + " retention and import backups from storage on a running Steward; restore one over a database"
                    + " from this machine, without Steward.",
            "See docs/BACKUPS.md."
        },
        subcommands = {
            BackupCommand.ListBackups.class,
            BackupCommand.Policies.class,
            BackupCommand.Show.class,
            BackupCommand.Run.class,
            BackupCommand.Verify.class,
            BackupCommand.Prune.class,
            BackupCommand.Import.class,
            BackupRestore.class
        })
final class BackupCommand {

    private static final String PATH = "/api/v1/backups";

    /** How often {@code --wait} asks Steward how a run or a drill advances. */
    static final Duration POLL = Duration.ofSeconds(1);

    /** How long a new run may be unknown to Steward's records (it is recorded as its worker starts). */
    static final Duration UNKNOWN_FOR = Duration.ofSeconds(30);

    private static final String WAIT_EXIT = "Exit status 0 when started (with --wait: when it completed), 1 when"
            + " Steward refuses (no such policy or backup, one already running) or, with --wait, when it failed (the"
            + " error goes to stderr), 2 when Steward cannot be reached.";

    private BackupCommand() {}

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = {
                "List backups, newest first, times in this machine's time zone (GET /api/v1/backups).",
                "Exit status 0 when Steward answered, 2 when it cannot be reached."
            })
    static final class ListBackups extends RemoteCommand {

        @Option(names = "--policy", paramLabel = "POLICY", description = "Only the backups of this policy.")
        @Nullable
        String policy;

        @Option(names = "--all", description = "Also the backups retention deleted.")
        boolean all;

        @Option(
                names = "--limit",
                paramLabel = "N",
                description = "At most this many backups (default: Steward's, 50).")
        @Nullable
        Integer limit;

        @Option(names = "--json", description = "Print Steward's JSON answer unchanged.")
        boolean json;

        ListBackups(Map<String, String> environment) {
            super(environment);
        }

        @Override
        int run(RemoteSteward steward, PrintWriter out) throws Unreachable, InterruptedException {
            List<String> query = new ArrayList<>();
            if (policy != null) {
                query.add("policy=" + RemoteSteward.encode(policy));
            }
            if (all) {
                query.add("deleted=true");
            }
            if (limit != null) {
                query.add("limit=" + limit);
            }
            JsonNode body = listed(steward.get(PATH + (query.isEmpty() ? "" : "?" + String.join("&", query))));
            if (json) {
                out.println(body.toPrettyString());
                return 0;
            }
            if (body.path("backups").isEmpty()) {
                out.println("No backups" + (policy == null ? "" : " of " + policy) + " yet.");
                return 0;
            }
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"ID", "POLICY", "KIND", "STATUS", "STARTED", "SIZE", "DURATION", "ERROR"});
            for (JsonNode backup : body.path("backups")) {
                rows.add(new String[] {
                    text(backup.path("id")),
                    text(backup.path("policy")),
                    text(backup.path("kind")),
                    text(backup.path("status")),
                    local(backup.path("startedAt")),
                    size(backup.path("bytes")),
                    took(backup.path("startedAt"), backup.path("finishedAt")),
                    backup.path("error").isString()
                            ? BackupFormat.excerpt(backup.path("error").asString(), 60)
                            : ""
                });
            }
            TextTable.print(out, rows, 5);
            return 0;
        }
    }

    @Command(
            name = "policies",
            mixinStandardHelpOptions = true,
            description = {
                "Print the catalog's backup policies: schedule and next run, the newest backup and the newest verified"
                        + " one, storages, what runs now and what keeps backups from running"
                        + " (GET /api/v1/backups/policies).",
                "Exit status 0 when Steward answered, 2 when it cannot be reached."
            })
    static final class Policies extends RemoteCommand {

        @Option(names = "--json", description = "Print Steward's JSON answer unchanged.")
        boolean json;

        Policies(Map<String, String> environment) {
            super(environment);
        }

        @Override
        int run(RemoteSteward steward, PrintWriter out) throws Unreachable, InterruptedException {
            JsonNode body = listed(steward.get(PATH + "/policies"));
            if (json) {
                out.println(body.toPrettyString());
                return 0;
            }
            if (body.path("policies").isEmpty()) {
                out.println("The catalog has no backup policies (a backups: section in steward.yml).");
                return 0;
            }
            boolean first = true;
            for (JsonNode policy : body.path("policies")) {
                if (!first) {
                    out.println();
                }
                first = false;
                printPolicy(out, policy);
            }
            return 0;
        }

        private static void printPolicy(PrintWriter out, JsonNode policy) {
            out.println(text(policy.path("name")) + ": " + text(policy.path("source")));
            List<String[]> facts = new ArrayList<>();
            facts.add(new String[] {
                "schedule",
                policy.path("schedule").isString()
                        ? policy.path("schedule").asString() + " (" + text(policy.path("timezone")) + ")"
                        : "on demand only"
            });
            facts.add(new String[] {"next run", local(policy.path("nextRun"))});
            facts.add(new String[] {"newest", summary(policy.path("newest"))});
            facts.add(new String[] {"newest verified", summary(policy.path("newestVerified"))});
            facts.add(new String[] {"drill", drill(policy)});
            facts.add(new String[] {
                "format",
                text(policy.path("format")) + ", " + text(policy.path("compression"))
                        + (policy.path("encrypted").asBoolean(false) ? ", encrypted" : "")
            });
            List<String> storages = new ArrayList<>();
            policy.path("storage").forEach(storage -> storages.add(storage.asString()));
            facts.add(new String[] {"storages", storages.isEmpty() ? "-" : String.join("; ", storages)});
            for (String running : List.of("running", "drillRunning")) {
                JsonNode progress = policy.path(running);
                if (progress.isObject()) {
                    facts.add(new String[] {
                        running.equals("running") ? "running" : "drilling",
                        text(progress.path("id")) + ": "
                                + BackupFormat.progressText(
                                        text(progress.path("phase")),
                                        progress.path("bytes").asLong(0),
                                        progress.path("total").asLong(-1),
                                        since(progress.path("startedAt")))
                    });
                }
            }
            JsonNode problems = policy.path("problems");
            if (problems.isArray()) {
                if (problems.isEmpty()) {
                    facts.add(new String[] {"problems", "none"});
                }
                for (JsonNode problem : problems) {
                    facts.add(new String[] {"problem", problem.asString()});
                }
            }
            for (String[] fact : facts) {
                out.printf("  %-17s%s%n", fact[0], fact[1]);
            }
        }

        private static String summary(JsonNode backup) {
            if (!backup.isObject()) {
                return "none";
            }
            return text(backup.path("id")) + "  " + local(backup.path("startedAt")) + " ("
                    + BackupFormat.duration(since(backup.path("startedAt"))) + " ago)  "
                    + size(backup.path("bytes"));
        }

        private static String drill(JsonNode policy) {
            if (!policy.path("drill").asBoolean(false)) {
                return "off";
            }
            return policy.path("drillSchedule").isString()
                    ? policy.path("drillSchedule").asString() + " (" + text(policy.path("timezone")) + ")"
                    : "after every backup";
        }
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = {
                "Print a backup: its run, what its manifest says (source, versions, format, tables and rows, checksum),"
                        + " its copies per storage and its drills with their checks (GET /api/v1/backups/ID).",
                RemoteCommand.EXIT_STATUS
            })
    static final class Show extends RemoteCommand {

        @Parameters(index = "0", paramLabel = "ID", description = "The backup's id, e.g. 20261124T020000Z-3f9a.")
        String id = "";

        @Option(names = "--json", description = "Print Steward's JSON answer unchanged.")
        boolean json;

        Show(Map<String, String> environment) {
            super(environment);
        }

        @Override
        int run(RemoteSteward steward, PrintWriter out) throws Unreachable, Refused, InterruptedException {
            JsonNode body = accepted(steward.get(PATH + "/" + RemoteSteward.encode(id)));
            if (json) {
                out.println(body.toPrettyString());
                return 0;
            }
            BackupShow.print(out, body);
            return 0;
        }
    }

    @Command(
            name = "run",
            mixinStandardHelpOptions = true,
            description = {
                "Start a backup of a policy now and print its id; with --wait, follow it (and the drill that follows"
                        + " it) to the end (POST /api/v1/backups/policies/POLICY/run).",
                WAIT_EXIT
            })
    static final class Run extends RemoteCommand {

        @Parameters(index = "0", paramLabel = "POLICY", description = "The backup policy's name in the catalog.")
        String policy = "";

        @Option(
                names = "--wait",
                description = "Follow the backup until it is complete (and verified, when a drill follows every"
                        + " backup), with a progress bar on a terminal.")
        boolean waiting;

        Run(Map<String, String> environment) {
            super(environment);
        }

        @Override
        int run(RemoteSteward steward, PrintWriter out) throws Unreachable, Refused, InterruptedException {
            JsonNode started = accepted(steward.post(
                    PATH + "/policies/" + RemoteSteward.encode(policy) + "/run",
                    RemoteSteward.JSON.createObjectNode()));
            String backup = text(started.path("id"));
            out.println("Backup " + backup + " of " + policy + " started.");
            if (!waiting) {
                out.println("Follow it with: steward backup show " + backup);
                return 0;
            }
            return new Following(steward, out, spec.commandLine().getErr(), Terminal.system()).backup(backup, policy);
        }
    }

    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            description = {
                "Start a restore drill of a backup, or of a policy's newest complete backup, and print the backup's id;"
                        + " with --wait, follow it to the end (POST /api/v1/backups/ID/verify).",
                WAIT_EXIT
            })
    static final class Verify extends RemoteCommand {

        @Parameters(
                index = "0",
                paramLabel = "ID|POLICY",
                description = "A backup's id, or a policy's name for its newest complete backup.")
        String target = "";

        @Option(
                names = "--wait",
                description = "Follow the drill until it passed or failed, with a progress bar on a" + " terminal.")
        boolean waiting;

        Verify(Map<String, String> environment) {
            super(environment);
        }

        @Override
        int run(RemoteSteward steward, PrintWriter out) throws Unreachable, Refused, InterruptedException {
            JsonNode started = accepted(steward.post(
                    PATH + "/" + RemoteSteward.encode(target) + "/verify", RemoteSteward.JSON.createObjectNode()));
            String backup = text(started.path("id"));
            out.println("Drill of backup " + backup + " (" + text(started.path("policy")) + ") started.");
            if (!waiting) {
                out.println("Follow it with: steward backup show " + backup);
                return 0;
            }
            Optional<Long> drill = started.path("drillId").isNumber()
                    ? Optional.of(started.path("drillId").asLong())
                    : Optional.empty();
            return new Following(steward, out, spec.commandLine().getErr(), Terminal.system())
                    .drill(backup, text(started.path("policy")), instant(started.path("startedAt")), drill);
        }
    }

    @Command(
            name = "prune",
            mixinStandardHelpOptions = true,
            description = {
                "Apply a policy's retention: delete the backups no rule keeps, and print every backup with why it is"
                        + " kept or deleted; with --dry-run, only print (POST"
                        + " /api/v1/backups/policies/POLICY/prune).",
                RemoteCommand.EXIT_STATUS
            })
    static final class Prune extends RemoteCommand {

        @Parameters(index = "0", paramLabel = "POLICY", description = "The backup policy's name in the catalog.")
        String policy = "";

        @Option(names = "--dry-run", description = "Only list what retention would keep and delete.")
        boolean dryRun;

        @Option(names = "--json", description = "Print Steward's JSON answer unchanged.")
        boolean json;

        Prune(Map<String, String> environment) {
            super(environment);
        }

        @Override
        int run(RemoteSteward steward, PrintWriter out) throws Unreachable, Refused, InterruptedException {
            JsonNode body = accepted(steward.post(
                    PATH + "/policies/" + RemoteSteward.encode(policy) + "/prune?dryRun=" + dryRun,
                    RemoteSteward.JSON.createObjectNode()));
            if (json) {
                out.println(body.toPrettyString());
                return 0;
            }
            List<JsonNode> decisions = new ArrayList<>();
            body.path("keep").forEach(decisions::add);
            body.path("delete").forEach(decisions::add);
            decisions.sort((a, b) -> b.path("startedAt")
                    .asString("")
                    .compareTo(a.path("startedAt").asString("")));
            int deleted = body.path("delete").size();
            if (decisions.isEmpty()) {
                out.println("Policy " + policy + " has no stored backups; retention has nothing to do.");
                return 0;
            }
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"", "ID", "STARTED", "STATUS", "WHY"});
            for (JsonNode decision : decisions) {
                boolean keep = containsId(body.path("keep"), decision.path("id").asString(""));
                List<String> reasons = new ArrayList<>();
                decision.path("reasons").forEach(reason -> reasons.add(reason.asString()));
                rows.add(new String[] {
                    keep ? "keep" : (dryRun ? "delete" : "deleted"),
                    text(decision.path("id")),
                    local(decision.path("startedAt")),
                    text(decision.path("status")),
                    String.join(", ", reasons)
                });
            }
            TextTable.print(out, rows, -1);
            out.println();
            out.println(
                    dryRun
                            ? "Dry run: retention would delete " + deleted + " of " + decisions.size()
                                    + " backups; nothing was deleted."
                            : "Deleted " + deleted + " of " + decisions.size() + " backups.");
            return 0;
        }

        private static boolean containsId(JsonNode decisions, String id) {
            for (JsonNode decision : decisions) {
                if (decision.path("id").asString("").equals(id)) {
                    return true;
                }
            }
            return false;
        }
    }

    @Command(
            name = "import",
            mixinStandardHelpOptions = true,
            description = {
                "Register the backups found in a policy's storages by their manifests, e.g. after Steward's own"
                        + " database was lost, or the safety backups of guided restores (POST"
                        + " /api/v1/backups/policies/POLICY/import).",
                RemoteCommand.EXIT_STATUS
            })
    static final class Import extends RemoteCommand {

        @Parameters(index = "0", paramLabel = "POLICY", description = "The backup policy's name in the catalog.")
        String policy = "";

        @Option(names = "--json", description = "Print Steward's JSON answer unchanged.")
        boolean json;

        Import(Map<String, String> environment) {
            super(environment);
        }

        @Override
        int run(RemoteSteward steward, PrintWriter out) throws Unreachable, Refused, InterruptedException {
            JsonNode body = accepted(steward.post(
                    PATH + "/policies/" + RemoteSteward.encode(policy) + "/import",
                    RemoteSteward.JSON.createObjectNode()));
            if (json) {
                out.println(body.toPrettyString());
                return 0;
            }
            long found = body.path("found").asLong(0);
            long added = body.path("added").asLong(0);
            out.println("Found " + found + " backup" + (found == 1 ? "" : "s") + " of " + policy
                    + " in storage; added " + added + " that Steward did not know"
                    + (found > added ? " (the others it knew already)" : "") + ".");
            for (JsonNode problem : body.path("problems")) {
                spec.commandLine().getErr().println("warning: " + problem.asString());
            }
            return 0;
        }
    }

    /** Follows a run or a drill on Steward until it ends, showing its progress. */
    static final class Following {
        private final RemoteSteward steward;
        private final PrintWriter out;
        private final PrintWriter err;
        private final ProgressDisplay display;

        Following(RemoteSteward steward, PrintWriter out, PrintWriter err, Terminal terminal) {
            this.steward = steward;
            this.out = out;
            this.err = err;
            this.display = new ProgressDisplay(out, terminal.interactive());
        }

        /** Until the backup is stored (and its drill, when one follows, is done): 0 complete or verified, else 1. */
        int backup(String id, String policy) throws Unreachable, InterruptedException {
            out.println("Following it (Ctrl-C stops following; the backup goes on).");
            Instant since = Instant.now();
            JsonNode detail;
            while (true) {
                RemoteSteward.Answer answer = steward.get(PATH + "/" + RemoteSteward.encode(id));
                if (answer.status() == 404 && Instant.now().isBefore(since.plus(UNKNOWN_FOR))) {
                    display.update("starting", 0, -1);
                    Thread.sleep(POLL);
                    continue;
                }
                detail = listedOrGone(answer, id);
                String status = detail.path("backup").path("status").asString("");
                JsonNode progress = detail.path("progress");
                if (!progress.isObject() && !status.equals("running")) {
                    break;
                }
                if (status.equals("running") && progress.isObject()) {
                    display.update(
                            progress.path("phase").asString("running"),
                            progress.path("bytes").asLong(0),
                            progress.path("total").asLong(-1));
                } else {
                    drillProgress(policy, id)
                            .ifPresentOrElse(
                                    drill -> display.update(
                                            "drill: " + drill.path("phase").asString("running"),
                                            drill.path("bytes").asLong(0),
                                            drill.path("total").asLong(-1)),
                                    () -> display.update(status.equals("running") ? "running" : "finishing", 0, -1));
                }
                Thread.sleep(POLL);
            }
            display.finish();
            return ended(detail);
        }

        /** Until the drill that started at {@code started} (or has id {@code drillId}) ends: 0 passed, else 1. */
        int drill(String id, String policy, Optional<Instant> started, Optional<Long> drillId)
                throws Unreachable, InterruptedException {
            out.println("Following it (Ctrl-C stops following; the drill goes on).");
            Optional<Long> known = drillId;
            while (true) {
                Optional<JsonNode> progress = drillProgress(policy, id);
                if (known.isEmpty()) {
                    known = progress.filter(drill -> drill.path("drillId").isNumber())
                            .map(drill -> drill.path("drillId").asLong());
                }
                JsonNode detail = listedOrGone(steward.get(PATH + "/" + RemoteSteward.encode(id)), id);
                Optional<JsonNode> drill = find(detail.path("drills"), known, started);
                if (drill.isPresent()
                        && !drill.get().path("status").asString("").equals("running")) {
                    display.finish();
                    return drillEnded(detail, drill.get());
                }
                progress.ifPresentOrElse(
                        running -> display.update(
                                running.path("phase").asString("running"),
                                running.path("bytes").asLong(0),
                                running.path("total").asLong(-1)),
                        () -> display.update("waiting", 0, -1));
                Thread.sleep(POLL);
            }
        }

        private Optional<JsonNode> drillProgress(String policy, String id) throws Unreachable, InterruptedException {
            for (JsonNode candidate : listed(steward.get(PATH + "/policies")).path("policies")) {
                JsonNode running = candidate.path("drillRunning");
                if (candidate.path("name").asString("").equals(policy)
                        && running.isObject()
                        && running.path("id").asString("").equals(id)) {
                    return Optional.of(running);
                }
            }
            return Optional.empty();
        }

        /** The drill with the known id, else the newest one started since the command started it. */
        private static Optional<JsonNode> find(JsonNode drills, Optional<Long> id, Optional<Instant> started) {
            for (JsonNode drill : drills) {
                if (id.isPresent()) {
                    if (drill.path("id").asLong(-1) == id.get()) {
                        return Optional.of(drill);
                    }
                } else if (started.isPresent()
                        && instant(drill.path("startedAt"))
                                .filter(at -> !at.isBefore(started.get().minusMillis(1)))
                                .isPresent()) {
                    return Optional.of(drill);
                }
            }
            return Optional.empty();
        }

        private int ended(JsonNode detail) {
            JsonNode backup = detail.path("backup");
            String status = backup.path("status").asString("");
            String id = text(backup.path("id"));
            switch (status) {
                case "complete", "verified" -> {
                    out.println("Backup " + id + " is " + status + ": " + size(backup.path("bytes")) + " in "
                            + took(backup.path("startedAt"), backup.path("finishedAt")) + ".");
                    Iterator<JsonNode> drills = detail.path("drills").iterator();
                    if (drills.hasNext()) {
                        printDrill(drills.next());
                    }
                    return 0;
                }
                case "drill_failed" -> {
                    out.println("Backup " + id + " is stored (" + size(backup.path("bytes")) + "), but its drill"
                            + " failed.");
                    Iterator<JsonNode> drills = detail.path("drills").iterator();
                    err.println("error: the restore drill of " + id + " failed: "
                            + (drills.hasNext() ? text(drills.next().path("error")) : "see steward backup show " + id));
                    return 1;
                }
                default -> {
                    err.println("error: backup " + id + " " + status + ": " + text(backup.path("error")));
                    return 1;
                }
            }
        }

        private int drillEnded(JsonNode detail, JsonNode drill) {
            String id = text(detail.path("backup").path("id"));
            if (drill.path("status").asString("").equals("passed")) {
                out.println("Drill of backup " + id + " passed.");
                printDrill(drill);
                return 0;
            }
            err.println("error: the restore drill of " + id + " failed: " + text(drill.path("error")));
            return 1;
        }

        private void printDrill(JsonNode drill) {
            out.println("Drill " + text(drill.path("status")) + ": restored in "
                    + seconds(drill.path("restoreSeconds")) + " (RTO), the backup was "
                    + seconds(drill.path("backupAgeSeconds")) + " old (RPO); "
                    + BackupShow.checked(drill.path("checks")) + ".");
        }

        /** The body of the backup's detail; a 404 once it was known means it went away. */
        private static JsonNode listedOrGone(RemoteSteward.Answer answer, String id) throws Unreachable {
            if (answer.status() == 404) {
                throw new Unreachable("Steward no longer knows backup " + id + "; was its database replaced?");
            }
            return listed(answer);
        }
    }

    // ---- how values of Steward's answers are shown

    static String size(JsonNode bytes) {
        return bytes.isNumber() ? BackupFormat.size(bytes.asLong()) : "-";
    }

    static String seconds(JsonNode seconds) {
        return seconds.isNumber() ? BackupFormat.seconds(seconds.asDouble()) : "-";
    }

    /** How long from one instant of an answer to another; "-" when either is missing. */
    static String took(JsonNode from, JsonNode to) {
        Optional<Instant> start = instant(from);
        Optional<Instant> end = instant(to);
        if (start.isEmpty() || end.isEmpty()) {
            return "-";
        }
        return BackupFormat.duration(Duration.between(start.get(), end.get()));
    }

    static Duration since(JsonNode at) {
        return instant(at).map(start -> Duration.between(start, Instant.now())).orElse(Duration.ZERO);
    }

    static Optional<Instant> instant(JsonNode at) {
        if (!at.isString()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(at.asString()));
        } catch (DateTimeParseException e) {
            return Optional.empty(); // shown as "-" rather than failing the command
        }
    }

    static String text(JsonNode node) {
        return RemoteCommand.text(node);
    }

    static String local(JsonNode instant) {
        return RemoteCommand.local(instant);
    }

    static JsonNode listed(RemoteSteward.Answer answer) throws Unreachable {
        return RemoteCommand.listed(answer);
    }
}
