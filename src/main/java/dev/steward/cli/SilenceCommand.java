package dev.steward.cli;

import dev.steward.cli.RemoteSteward.Unreachable;
import dev.steward.config.Durations;
import java.io.PrintWriter;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

@Command(
        name = "silence",
        mixinStandardHelpOptions = true,
        description = "Silence alerts for a while (their notifications are recorded as suppressed, never lost), list"
                + " silences and end them early.",
        subcommands = {SilenceCommand.Add.class, SilenceCommand.ListSilences.class, SilenceCommand.Expire.class})
final class SilenceCommand {

    private static final String PATH = "/api/v1/silences";

    /** The severities {@code --severity} matches. */
    enum Level {
        CRITICAL,
        HIGH,
        MEDIUM,
        LOW
    }

    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = {
                "Silence the alerts that match every matcher given (at least one) for a while"
                        + " (POST /api/v1/silences).",
                RemoteCommand.EXIT_STATUS
            })
    static final class Add extends RemoteCommand {

        @Option(names = "--service", paramLabel = "NAME", description = "Alerts of this service.")
        @Nullable
        String service;

        @Option(
                names = "--monitor",
                paramLabel = "NAME",
                description = "Alerts of this monitor (of any service unless --service is given).")
        @Nullable
        String monitor;

        @Option(names = "--tag", paramLabel = "TAG", description = "Alerts of the services with this tag.")
        @Nullable
        String tag;

        @Option(
                names = "--severity",
                paramLabel = "LEVEL",
                description = "Alerts of this severity: ${COMPLETION-CANDIDATES}.")
        @Nullable
        Level severity;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Until until = new Until();

        @Option(
                names = "--reason",
                paramLabel = "TEXT",
                required = true,
                description = "Why, for whoever wonders where the alerts went.")
        String reason = "";

        @Mixin
        Author author;

        Add(Map<String, String> environment) {
            super(environment);
        }

        /** How long the silence lasts: a duration from now or an end time. */
        static final class Until {

            @Option(
                    names = "--for",
                    paramLabel = "DURATION",
                    required = true,
                    description = "For this long from now: 30m, 2h, 1d (at most 30d).")
            @Nullable
            String duration;

            @Option(
                    names = "--until",
                    paramLabel = "TIME",
                    required = true,
                    description = "Until this time: 2026-11-23T18:00 (this machine's time zone), or with an offset"
                            + " or Z: 2026-11-23T17:00:00Z.")
            @Nullable
            String time;
        }

        @Override
        int run(RemoteSteward steward, PrintWriter out) throws Unreachable, Refused, BadArgument, InterruptedException {
            ObjectNode request = RemoteSteward.JSON.createObjectNode();
            if (service != null) {
                request.put("service", service);
            }
            if (monitor != null) {
                request.put("monitor", monitor);
            }
            if (tag != null) {
                request.put("tag", tag);
            }
            if (severity != null) {
                request.put("severity", severity.name().toLowerCase(Locale.ROOT));
            }
            author.addTo(request);
            if (reason.isBlank()) {
                throw new BadArgument("--reason is empty; say why the alerts are silenced");
            }
            request.put("reason", reason.strip());
            if (until.duration != null) {
                request.put("duration", duration(until.duration));
            } else if (until.time != null) {
                request.put("endsAt", endsAt(until.time).toString());
            }
            JsonNode body = accepted(steward.post(PATH, request));
            JsonNode silence = body.has("silence") ? body.path("silence") : body;
            out.println("Silence " + text(silence.path("id")) + " added: " + matchers(silence) + " until "
                    + local(silence.path("endsAt")) + ".");
            return 0;
        }

        static String duration(String text) throws BadArgument {
            if (Durations.parse(text).filter(duration -> !duration.isZero()).isEmpty()) {
                throw new BadArgument("--for \"" + text + "\" is not a duration (use 30m, 2h, 1d)");
            }
            return text.trim();
        }

        static Instant endsAt(String text) throws BadArgument {
            String trimmed = text.trim();
            try {
                return Instant.parse(trimmed);
            } catch (DateTimeException notAnInstant) {
                // an offset or a local time, tried next
            }
            try {
                return OffsetDateTime.parse(trimmed).toInstant();
            } catch (DateTimeException noOffset) {
                // a local time, tried next
            }
            try {
                return LocalDateTime.parse(trimmed)
                        .atZone(ZoneId.systemDefault())
                        .toInstant();
            } catch (DateTimeException e) {
                throw new BadArgument("--until \"" + text + "\" is not a time; write it like 2026-11-23T18:00"
                        + " (this machine's time zone) or 2026-11-23T17:00:00Z");
            }
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = {
                "List the silences in force or still to come, or all of them (GET /api/v1/silences).",
                "Exit status 0 when Steward answered, 2 when it cannot be reached."
            })
    static final class ListSilences extends RemoteCommand {

        @Option(names = "--all", description = "Also the silences that ended or were expired.")
        boolean all;

        @Option(names = "--json", description = "Print Steward's JSON answer unchanged.")
        boolean json;

        ListSilences(Map<String, String> environment) {
            super(environment);
        }

        @Override
        int run(RemoteSteward steward, PrintWriter out) throws Unreachable, InterruptedException {
            JsonNode body = listed(steward.get(PATH + (all ? "?all=true" : "")));
            if (json) {
                out.println(body.toPrettyString());
                return 0;
            }
            if (body.path("silences").isEmpty()) {
                out.println(all ? "No silences." : "No silences in force.");
                return 0;
            }
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"ID", "STATE", "MATCHES", "ENDS", "AUTHOR", "REASON"});
            for (JsonNode silence : body.path("silences")) {
                rows.add(new String[] {
                    text(silence.path("id")),
                    state(silence),
                    matchers(silence),
                    local(silence.path("endsAt")),
                    text(silence.path("author")),
                    text(silence.path("reason"))
                });
            }
            TextTable.print(out, rows, -1);
            return 0;
        }

        /** Steward's status of the silence (active, scheduled, ended, expired), with who expired it. */
        private static String state(JsonNode silence) {
            String status = text(silence.path("status"));
            return status
                    + (status.equals("expired") && silence.path("expiredBy").isString()
                            ? " by " + silence.path("expiredBy").asString()
                            : "");
        }
    }

    @Command(
            name = "expire",
            mixinStandardHelpOptions = true,
            description = {
                "End a silence now; the alerts it matched notify again (DELETE /api/v1/silences/ID).",
                RemoteCommand.EXIT_STATUS
            })
    static final class Expire extends RemoteCommand {

        @Parameters(index = "0", paramLabel = "ID", description = "The silence's number (steward silence list).")
        long id;

        @Mixin
        Author author;

        Expire(Map<String, String> environment) {
            super(environment);
        }

        @Override
        int run(RemoteSteward steward, PrintWriter out) throws Unreachable, Refused, BadArgument, InterruptedException {
            JsonNode body = accepted(steward.delete(PATH + "/" + id + author.query("?")));
            out.println("Silence " + id + " expired by " + text(body.path("expiredBy")) + ".");
            return 0;
        }
    }

    /** What a silence matches, e.g. {@code service=shop-api severity=high}. */
    static String matchers(JsonNode silence) {
        List<String> parts = new ArrayList<>();
        for (String field : List.of("service", "monitor", "tag", "severity")) {
            if (silence.path(field).isString()) {
                parts.add(field + "=" + silence.path(field).asString());
            }
        }
        return parts.isEmpty() ? "-" : String.join(" ", parts);
    }
}
