package dev.steward.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = {
            "Print the current state of every monitor from a running Steward (GET /api/v1/monitors).",
            "Exit status 0 when every enabled monitor is up or degraded, 1 when one is down or has no result yet,"
                    + " 2 when Steward cannot be reached."
        })
final class StatusCommand implements Callable<Integer> {

    private final Map<String, String> environment;

    @Spec
    CommandSpec spec;

    @Parameters(
            arity = "0..1",
            paramLabel = "URL",
            description = "Base URL of Steward (default: http://127.0.0.1:$PORT, PORT defaulting to 8080).")
    @Nullable
    String url;

    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            description = "API token (default: $STEWARD_TOKEN); 'steward token create --name cli' makes one.")
    @Nullable
    String token;

    @Option(names = "--service", paramLabel = "NAME", description = "Only the monitors of this service.")
    @Nullable
    String service;

    @Option(names = "--json", description = "Print Steward's JSON answer unchanged.")
    boolean json;

    StatusCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RemoteSteward.Answer answer;
        try {
            answer = RemoteSteward.at(url, token, environment, "(give its URL as the argument, or set PORT)", "status")
                    .get("/api/v1/monitors" + (service == null ? "" : "?service=" + RemoteSteward.encode(service)));
        } catch (RemoteSteward.Unreachable e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        if (answer.status() == 401 || answer.status() == 403) {
            err.println("error: " + RemoteCommand.denied(answer));
            return 2;
        }
        if (answer.status() != 200) {
            err.println("error: " + answer.uri() + " answered HTTP " + answer.status() + ": " + answer.detail());
            return 2;
        }
        JsonNode body = answer.body();
        if (json) {
            out.println(body.toPrettyString());
        } else {
            print(out, body);
        }
        boolean allUp = true;
        for (JsonNode monitor : body.path("monitors")) {
            if (!monitor.path("enabled").asBoolean(true)) {
                continue; // a disabled monitor is nobody's alarm
            }
            String status = monitor.path("status").asString("");
            allUp &= status.equals("up") || status.equals("degraded");
        }
        return allUp ? 0 : 1;
    }

    private static void print(PrintWriter out, JsonNode body) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"SERVICE", "MONITOR", "STATUS", "SINCE", "LATENCY", "MESSAGE"});
        Instant now = Instant.now();
        for (JsonNode monitor : body.path("monitors")) {
            JsonNode last = monitor.path("lastResult");
            String since = monitor.path("since").isString()
                    ? ago(Instant.parse(monitor.path("since").asString()), now)
                    : "-";
            rows.add(new String[] {
                monitor.path("service").asString(""),
                monitor.path("name").asString(""),
                monitor.path("status").asString(""),
                since,
                last.isObject() ? last.path("latencyMs").asLong() + " ms" : "-",
                last.isObject()
                        ? last.path("message").asString("")
                                + (last.path("error").isString()
                                        ? " (" + last.path("error").asString() + ")"
                                        : "")
                        : monitor.path("enabled").asBoolean(true) ? "no result yet" : "disabled"
            });
        }
        TextTable.print(out, rows, 4);
    }

    /** A short "for how long": {@code 42s}, {@code 5m}, {@code 3h}, {@code 2d}. */
    static String ago(Instant since, Instant now) {
        long seconds = Math.max(0, Duration.between(since, now).toSeconds());
        if (seconds < 120) {
            return seconds + "s";
        }
        if (seconds < 2 * 3600) {
            return seconds / 60 + "m";
        }
        if (seconds < 2 * 86400) {
            return seconds / 3600 + "h";
        }
        return seconds / 86400 + "d";
    }
}
