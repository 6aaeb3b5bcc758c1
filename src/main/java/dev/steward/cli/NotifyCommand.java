package dev.steward.cli;

import dev.steward.cli.RemoteSteward.Unreachable;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

@Command(
        name = "notify",
        mixinStandardHelpOptions = true,
        description = "Try the notification channels of a running Steward: send a test, preview a message, list them.",
        subcommands = {NotifyCommand.Test.class, NotifyCommand.Preview.class, NotifyCommand.Channels.class})
final class NotifyCommand {

    private static final String PATH = "/api/v1/channels";

    /** The messages a channel can be sent. */
    enum Event {
        TRIGGER,
        REPEAT,
        ACKNOWLEDGE,
        RESOLVE
    }

    @Command(
            name = "test",
            mixinStandardHelpOptions = true,
            description = {
                "Send a test message through a channel now and print what its receiver answered"
                        + " (POST /api/v1/channels/NAME/test).",
                "Exit status 0 when the receiver accepted it, 1 when it did not (or there is no such channel),"
                        + " 2 when Steward cannot be reached."
            })
    static final class Test extends RemoteCommand {

        @Parameters(index = "0", paramLabel = "CHANNEL", description = "The channel's name in the catalog.")
        String channel = "";

        @Mixin
        Author author;

        Test(Map<String, String> environment) {
            super(environment);
        }

        @Override
        int run(RemoteSteward steward, PrintWriter out) throws Unreachable, Refused, BadArgument, InterruptedException {
            JsonNode body = accepted(steward.post(
                    PATH + "/" + RemoteSteward.encode(channel) + "/test",
                    author.addTo(RemoteSteward.JSON.createObjectNode())));
            boolean delivered = body.path("delivered").asBoolean(false);
            String status = body.path("status").isNull() || body.path("status").isMissingNode()
                    ? ""
                    : " (status "
                            + body.path("status").asString(body.path("status").toString()) + ")";
            out.println((delivered ? "Delivered to " : "NOT delivered to ") + channel + status + ".");
            if (body.path("answer").isString()
                    && !body.path("answer").asString().isBlank()) {
                out.println("The receiver answered:");
                out.println(body.path("answer").asString().stripTrailing());
            }
            if (delivered) {
                return 0;
            }
            spec.commandLine()
                    .getErr()
                    .println("error: " + channel + " did not accept the test message"
                            + (body.path("error").isString()
                                    ? ": " + body.path("error").asString()
                                    : ""));
            return 1;
        }
    }

    @Command(
            name = "preview",
            mixinStandardHelpOptions = true,
            description = {
                "Print the body of the message a channel would be sent for a made-up alert, as rendered for it, without"
                        + " sending it; JSON bodies are indented, secrets masked (GET /api/v1/channels/NAME/preview).",
                RemoteCommand.EXIT_STATUS
            })
    static final class Preview extends RemoteCommand {

        @Parameters(index = "0", paramLabel = "CHANNEL", description = "The channel's name in the catalog.")
        String channel = "";

        @Option(
                names = "--event",
                paramLabel = "EVENT",
                defaultValue = "trigger",
                description = "Which message: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
        Event event = Event.TRIGGER;

        @Option(names = "--json", description = "Print Steward's JSON answer (target, headers, body) unchanged.")
        boolean json;

        Preview(Map<String, String> environment) {
            super(environment);
        }

        @Override
        int run(RemoteSteward steward, PrintWriter out) throws Unreachable, Refused, InterruptedException {
            JsonNode body = accepted(steward.get(PATH + "/" + RemoteSteward.encode(channel) + "/preview?event="
                    + event.name().toLowerCase(Locale.ROOT)));
            if (json) {
                out.println(body.toPrettyString());
            } else {
                out.println(readable(body));
            }
            return 0;
        }
    }

    /** The rendered body, a JSON body indented for reading. */
    private static String readable(JsonNode preview) {
        String body = preview.path("body").asString("").stripTrailing();
        boolean json = false;
        for (var header : preview.path("headers").properties()) {
            json |= header.getKey().equalsIgnoreCase("Content-Type")
                    && header.getValue().asString("").contains("json");
        }
        if (!json) {
            return body;
        }
        try {
            return RemoteSteward.JSON.readTree(body).toPrettyString();
        } catch (JacksonException e) {
            return body; // not JSON after all: shown as it would be sent
        }
    }

    @Command(
            name = "channels",
            mixinStandardHelpOptions = true,
            description = {
                "List the notification channels of the catalog (GET /api/v1/channels).",
                "Exit status 0 when Steward answered, 2 when it cannot be reached."
            })
    static final class Channels extends RemoteCommand {

        @Option(names = "--json", description = "Print Steward's JSON answer unchanged.")
        boolean json;

        Channels(Map<String, String> environment) {
            super(environment);
        }

        @Override
        int run(RemoteSteward steward, PrintWriter out) throws Unreachable, InterruptedException {
            JsonNode body = listed(steward.get(PATH));
            if (json) {
                out.println(body.toPrettyString());
                return 0;
            }
            if (body.path("channels").isEmpty()) {
                out.println("No channels: the catalog declares none (see docs/ALERTS.md).");
                return 0;
            }
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"NAME", "TYPE", "TARGET"});
            for (JsonNode channel : body.path("channels")) {
                rows.add(new String[] {
                    text(channel.path("name")), text(channel.path("type")), text(channel.path("target"))
                });
            }
            TextTable.print(out, rows, -1);
            return 0;
        }
    }
}
