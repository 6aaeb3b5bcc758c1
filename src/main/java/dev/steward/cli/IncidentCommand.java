package dev.steward.cli;

import dev.steward.cli.RemoteSteward.Unreachable;
import dev.steward.config.Durations;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

@Command(
        name = "incident",
        mixinStandardHelpOptions = true,
        description = "List, inspect, acknowledge, annotate and resolve the incidents of a running Steward, and post"
                + " their public updates for the status page.",
        subcommands = {
            IncidentCommand.ListIncidents.class,
            IncidentCommand.Show.class,
            IncidentCommand.Acknowledge.class,
            IncidentCommand.Resolve.class,
            IncidentCommand.Note.class,
            IncidentCommand.Update.class,
            IncidentCommand.Stats.class
        })
final class IncidentCommand {

    private static final String PATH = "/api/v1/incidents";

    /** The statuses {@code --status} filters on; unresolved is open or acknowledged. */
    enum Status {
        UNRESOLVED,
        OPEN,
        ACKNOWLEDGED,
        RESOLVED,
        ALL
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = {
                "List incidents, newest first (GET /api/v1/incidents).",
                "Exit status 0 when Steward answered, 2 when it cannot be reached."
            })
    static final class ListIncidents extends RemoteCommand {

        @Option(
                names = "--status",
                paramLabel = "STATUS",
                defaultValue = "unresolved",
                description = "Only incidents in this status: ${COMPLETION-CANDIDATES}; unresolved is open or"
                        + " acknowledged (default: ${DEFAULT-VALUE}).")
        Status status = Status.UNRESOLVED;

        @Option(names = "--service", paramLabel = "NAME", description = "Only the incidents of this service.")
        @Nullable
        String service;

        @Option(names = "--limit", paramLabel = "N", description = "At most this many incidents (default: Steward's).")
        @Nullable
        Integer limit;

        @Option(names = "--json", description = "Print Steward's JSON answer unchanged.")
        boolean json;

        ListIncidents(Map<String, String> environment) {
            super(environment);
        }

        @Override
        int run(RemoteSteward steward, PrintWriter out) throws Unreachable, InterruptedException {
            List<String> query = new ArrayList<>();
            if (status != Status.ALL) {
                query.add("status=" + status.name().toLowerCase(Locale.ROOT));
            }
            if (service != null) {
                query.add("service=" + RemoteSteward.encode(service));
            }
            if (limit != null) {
                query.add("limit=" + limit);
            }
            JsonNode body = listed(steward.get(PATH + (query.isEmpty() ? "" : "?" + String.join("&", query))));
            if (json) {
                out.println(body.toPrettyString());
                return 0;
            }
            if (body.path("incidents").isEmpty()) {
                out.println("No "
                        + (status == Status.ALL ? "" : status.name().toLowerCase(Locale.ROOT) + " ")
                        + "incidents" + (service == null ? "" : " of " + service) + ".");
                return 0;
            }
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"ID", "SEVERITY", "STATUS", "SERVICE", "OPENED", "FIRING", "TITLE"});
            for (JsonNode incident : body.path("incidents")) {
                rows.add(new String[] {
                    text(incident.path("id")),
                    text(incident.path("severity")),
                    text(incident.path("status")),
                    text(incident.path("service")),
                    local(incident.path("openedAt")),
                    text(incident.path("alertsFiring")),
                    text(incident.path("title"))
                });
            }
            TextTable.print(out, rows, 5);
            return 0;
        }
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = {
                "Print an incident and its timeline, times in this machine's time zone (GET /api/v1/incidents/ID).",
                RemoteCommand.EXIT_STATUS
            })
    static final class Show extends RemoteCommand {

        @Parameters(index = "0", paramLabel = "ID", description = "The incident's number.")
        long id;

        @Option(names = "--json", description = "Print Steward's JSON answer unchanged.")
        boolean json;

        Show(Map<String, String> environment) {
            super(environment);
        }

        @Override
        int run(RemoteSteward steward, PrintWriter out) throws Unreachable, Refused, InterruptedException {
            JsonNode body = accepted(steward.get(PATH + "/" + id));
            if (json) {
                out.println(body.toPrettyString());
                return 0;
            }
            JsonNode incident = body.path("incident");
            out.println("Incident " + text(incident.path("id")) + ": " + text(incident.path("title")));
            List<String[]> facts = new ArrayList<>();
            facts.add(new String[] {"service", text(incident.path("service"))});
            facts.add(new String[] {"severity", text(incident.path("severity"))});
            facts.add(new String[] {"status", text(incident.path("status"))});
            facts.add(new String[] {"opened", local(incident.path("openedAt"))});
            facts.add(new String[] {
                "acknowledged", byWhom(incident.path("acknowledgedAt"), incident.path("acknowledgedBy"))
            });
            facts.add(new String[] {"resolved", byWhom(incident.path("resolvedAt"), incident.path("resolvedBy"))});
            facts.add(new String[] {"alerts firing", text(incident.path("alertsFiring"))});
            facts.add(new String[] {"runbook", text(incident.path("runbook"))});
            for (String[] fact : facts) {
                out.printf("  %-14s%s%n", fact[0], fact[1]);
            }
            out.println();
            out.println("Timeline:");
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"  AT", "KIND", "BY", "TEXT"});
            for (JsonNode entry : body.path("timeline")) {
                rows.add(new String[] {
                    "  " + local(entry.path("at")),
                    text(entry.path("kind")),
                    text(entry.path("author")),
                    text(entry.path("text"))
                });
            }
            TextTable.print(out, rows, -1);
            return 0;
        }

        private static String byWhom(JsonNode at, JsonNode by) {
            if (!at.isString()) {
                return "-";
            }
            return local(at) + (by.isString() ? " by " + by.asString() : "");
        }
    }

    @Command(
            name = "ack",
            aliases = "acknowledge",
            mixinStandardHelpOptions = true,
            description = {
                "Acknowledge an open incident: its alerts stop repeating and escalating, and the channels that were"
                        + " paged are told who took it (POST /api/v1/incidents/ID/acknowledge).",
                RemoteCommand.EXIT_STATUS
            })
    static final class Acknowledge extends RemoteCommand {

        @Parameters(index = "0", paramLabel = "ID", description = "The incident's number.")
        long id;

        @Mixin
        Author author;

        Acknowledge(Map<String, String> environment) {
            super(environment);
        }

        @Override
        int run(RemoteSteward steward, PrintWriter out) throws Unreachable, Refused, BadArgument, InterruptedException {
            ObjectNode request = author.addTo(RemoteSteward.JSON.createObjectNode());
            JsonNode body = accepted(steward.post(PATH + "/" + id + "/acknowledge", request));
            out.println("Incident " + id + describe(body) + " acknowledged by " + lastAuthor(body) + ".");
            return 0;
        }
    }

    @Command(
            name = "resolve",
            mixinStandardHelpOptions = true,
            description = {
                "Resolve an incident by hand, with an optional closing note; its alerts keep their own state"
                        + " (POST /api/v1/incidents/ID/resolve).",
                RemoteCommand.EXIT_STATUS
            })
    static final class Resolve extends RemoteCommand {

        @Parameters(index = "0", paramLabel = "ID", description = "The incident's number.")
        long id;

        @Option(names = "--note", paramLabel = "TEXT", description = "A closing note for the timeline.")
        @Nullable
        String note;

        @Mixin
        Author author;

        Resolve(Map<String, String> environment) {
            super(environment);
        }

        @Override
        int run(RemoteSteward steward, PrintWriter out) throws Unreachable, Refused, BadArgument, InterruptedException {
            ObjectNode request = author.addTo(RemoteSteward.JSON.createObjectNode());
            if (note != null && !note.isBlank()) {
                request.put("note", note);
            }
            JsonNode body = accepted(steward.post(PATH + "/" + id + "/resolve", request));
            out.println("Incident " + id + describe(body) + " resolved by " + lastAuthor(body) + ".");
            return 0;
        }
    }

    @Command(
            name = "note",
            mixinStandardHelpOptions = true,
            description = {
                "Add a note to an incident's timeline, resolved incidents too (POST /api/v1/incidents/ID/notes).",
                RemoteCommand.EXIT_STATUS
            })
    static final class Note extends RemoteCommand {

        @Parameters(index = "0", paramLabel = "ID", description = "The incident's number.")
        long id;

        @Parameters(
                index = "1..*",
                arity = "1..*",
                paramLabel = "TEXT",
                description = "The note; several words are joined with spaces.")
        List<String> words = new ArrayList<>();

        @Mixin
        Author author;

        Note(Map<String, String> environment) {
            super(environment);
        }

        @Override
        int run(RemoteSteward steward, PrintWriter out) throws Unreachable, Refused, BadArgument, InterruptedException {
            String text = String.join(" ", words).strip();
            if (text.isEmpty()) {
                throw new BadArgument("the note is empty; write it after the incident's number");
            }
            ObjectNode request =
                    author.addTo(RemoteSteward.JSON.createObjectNode()).put("text", text);
            JsonNode body = accepted(steward.post(PATH + "/" + id + "/notes", request));
            out.println("Note added to incident " + id + describe(body) + ".");
            return 0;
        }
    }

    /** The statuses of a public update, as hosted status pages name them. */
    enum PublicStatus {
        INVESTIGATING,
        IDENTIFIED,
        MONITORING,
        RESOLVED
    }

    @Command(
            name = "update",
            mixinStandardHelpOptions = true,
            description = {
                "Post a public update on an incident for the status page (POST /api/v1/incidents/ID/updates). It"
                        + " changes only what the public reads: posting resolved does not resolve the incident.",
                RemoteCommand.EXIT_STATUS
            })
    static final class Update extends RemoteCommand {

        @Parameters(index = "0", paramLabel = "ID", description = "The incident's number.")
        long id;

        @Option(
                names = "--status",
                paramLabel = "STATUS",
                required = true,
                description = "Where the incident stands for the public: ${COMPLETION-CANDIDATES}.")
        PublicStatus status = PublicStatus.INVESTIGATING;

        @Option(
                names = "--message",
                paramLabel = "TEXT",
                required = true,
                description = "What the public reads, e.g. \"We found the cause and are deploying a fix.\"")
        String message = "";

        @Mixin
        Author author;

        Update(Map<String, String> environment) {
            super(environment);
        }

        @Override
        int run(RemoteSteward steward, PrintWriter out) throws Unreachable, Refused, BadArgument, InterruptedException {
            if (message.isBlank()) {
                throw new BadArgument("the message is empty; write what the public should read with --message");
            }
            String code = status.name().toLowerCase(Locale.ROOT);
            ObjectNode request =
                    RemoteSteward.JSON.createObjectNode().put("status", code).put("message", message.strip());
            author.addTo(request);
            accepted(steward.post(PATH + "/" + id + "/updates", request));
            out.println("Public update posted on incident " + id + " (" + code + ").");
            return 0;
        }
    }

    @Command(
            name = "stats",
            mixinStandardHelpOptions = true,
            description = {
                "Print each service's incident count and mean times to acknowledge (MTTA) and to resolve (MTTR) over"
                        + " the incidents opened in a window (GET /api/v1/incidents/response-times).",
                "Exit status 0 when Steward answered, 2 when it cannot be reached or the window is bad."
            })
    static final class Stats extends RemoteCommand {

        @Option(
                names = "--window",
                paramLabel = "DURATION",
                defaultValue = "30d",
                description = "How far back to look: 7d, 30d, 90d, … (default: ${DEFAULT-VALUE}).")
        String window = "30d";

        @Option(names = "--json", description = "Print Steward's JSON answer unchanged.")
        boolean json;

        Stats(Map<String, String> environment) {
            super(environment);
        }

        @Override
        int run(RemoteSteward steward, PrintWriter out) throws Unreachable, BadArgument, InterruptedException {
            if (Durations.parse(window).filter(duration -> !duration.isZero()).isEmpty()) {
                throw new BadArgument("--window \"" + window + "\" is not a duration (use 7d, 30d, 12h)");
            }
            JsonNode body = listed(steward.get(PATH + "/response-times?window=" + RemoteSteward.encode(window.trim())));
            if (json) {
                out.println(body.toPrettyString());
                return 0;
            }
            String over = body.path("window").asString(window);
            if (body.path("services").isEmpty()) {
                out.println("No incidents opened in the last " + over + ".");
                return 0;
            }
            out.println("Incidents opened in the last " + over + ":");
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"SERVICE", "INCIDENTS", "ACKNOWLEDGED", "RESOLVED", "MTTA", "MTTR"});
            for (JsonNode service : body.path("services")) {
                rows.add(new String[] {
                    text(service.path("service")),
                    text(service.path("incidents")),
                    text(service.path("acknowledged")),
                    text(service.path("resolved")),
                    span(service.path("mttaSeconds")),
                    span(service.path("mttrSeconds"))
                });
            }
            TextTable.print(out, rows, 4);
            return 0;
        }
    }

    /** A duration in seconds for people: {@code 42s}, {@code 12m 05s}, {@code 3h 07m}, {@code 2d 04h}; "-" for none. */
    static String span(JsonNode seconds) {
        if (!seconds.isNumber()) {
            return "-";
        }
        long s = Math.round(seconds.asDouble());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
        }
        if (s < 86400) {
            return String.format(Locale.ROOT, "%dh %02dm", s / 3600, s % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%dd %02dh", s / 86400, s % 86400 / 3600);
    }

    /** " (service: title)" from an answer carrying the incident, else nothing. */
    private static String describe(JsonNode body) {
        JsonNode incident = body.has("incident") ? body.path("incident") : body;
        if (!incident.path("service").isString() || !incident.path("title").isString()) {
            return "";
        }
        return " (" + incident.path("service").asString() + ": "
                + incident.path("title").asString() + ")";
    }

    /** Who made the newest entry of an incident's timeline (the change just made), as Steward recorded it. */
    static String lastAuthor(JsonNode incident) {
        JsonNode timeline = incident.path("timeline");
        for (int i = timeline.size() - 1; i >= 0; i--) {
            JsonNode author = timeline.get(i).path("author");
            if (author.isString()) {
                return author.asString();
            }
        }
        return "you";
    }
}
