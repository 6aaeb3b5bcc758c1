package dev.steward.cli;

import dev.steward.cli.RemoteSteward.Answer;
import dev.steward.cli.RemoteSteward.Unreachable;
import java.io.PrintWriter;
import java.io.Serial;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A command that acts on a running Steward through its API ({@code incident}, {@code silence}, {@code notify}): the
 * {@code --url} option and the exit statuses they share — 0 done, 1 Steward refused (404, 409, 422; the problem's
 * detail goes to stderr), 2 Steward unreachable or its answer unusable, or a bad argument.
 */
abstract class RemoteCommand implements Callable<Integer> {

    static final String EXIT_STATUS = "Exit status 0 when done, 1 when Steward refuses (no such id, a conflict, an"
            + " invalid request; its reason goes to stderr), 2 when Steward cannot be reached or an argument is bad.";

    private static final String HINT = "(name the Steward with --url URL, or set PORT for one on this machine)";
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");

    final Map<String, String> environment;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--url",
            paramLabel = "URL",
            description = "Base URL of Steward (default: http://127.0.0.1:$PORT, PORT defaulting to 8080).")
    @Nullable
    String url;

    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            description = "API token to act with (default: $STEWARD_TOKEN); 'steward token create' makes one.")
    @Nullable
    String token;

    RemoteCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public final Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        try {
            return run(
                    RemoteSteward.at(
                            url,
                            token,
                            environment,
                            HINT,
                            spec.qualifiedName("-").replaceFirst("^steward-", "")),
                    spec.commandLine().getOut());
        } catch (Refused e) {
            err.println("error: " + e.getMessage());
            return 1;
        } catch (Unreachable | BadArgument e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
    }

    /** Does the command's work; returns the exit status for an answer Steward gave. */
    abstract int run(RemoteSteward steward, PrintWriter out)
            throws Unreachable, Refused, BadArgument, InterruptedException;

    /**
     * The body of an answer that says Steward did what was asked. A refusal (404 no such thing, 409 conflict, 422
     * invalid) becomes {@link Refused} with the problem's detail; any other status means the request or this Steward
     * is unusable.
     */
    static JsonNode accepted(Answer answer) throws Refused, Unreachable {
        if (answer.ok()) {
            return answer.body();
        }
        if (answer.status() == 404 || answer.status() == 409 || answer.status() == 422) {
            throw new Refused(refusal(answer));
        }
        if (answer.status() == 401 || answer.status() == 403) {
            throw new Refused(denied(answer));
        }
        throw new Unreachable(answer.uri() + " answered HTTP " + answer.status() + ": " + answer.detail());
    }

    /** Why Steward would not let this command act, and how to fix it from the command line. */
    static String denied(Answer answer) {
        return answer.status() == 401
                ? "Steward wants an API token: create one with 'steward token create --name cli --role operator' on"
                        + " Steward's host (or under Admin → API tokens) and set STEWARD_TOKEN or pass --token ("
                        + answer.detail() + ")"
                : "the token's role does not allow this: " + answer.detail();
    }

    /**
     * What Steward said when it refused: the problem's detail, or for an invalid body ({@code errors} listing each
     * field's problem) the detail's summary and one line per problem.
     */
    private static String refusal(Answer answer) {
        String detail = answer.detail();
        JsonNode errors = answer.body().path("errors");
        if (!errors.isArray() || errors.isEmpty()) {
            return detail;
        }
        int colon = detail.indexOf(": ");
        StringBuilder message = new StringBuilder(
                colon > 0 && detail.substring(0, colon).matches(".* problems?")
                        ? detail.substring(0, colon) + ":"
                        : detail);
        for (JsonNode problem : errors) {
            message.append(System.lineSeparator()).append("  - ");
            if (problem.path("field").isString() && problem.path("message").isString()) {
                message.append(problem.path("field").asString())
                        .append(": ")
                        .append(problem.path("message").asString());
            } else {
                message.append(problem.isString() ? problem.asString() : problem.toString());
            }
        }
        return message.toString();
    }

    /** The body of the answer to a listing: a 404 there means this Steward does not have the endpoint. */
    static JsonNode listed(Answer answer) throws Unreachable {
        if (answer.ok()) {
            return answer.body();
        }
        if (answer.status() == 404) {
            throw new Unreachable(answer.uri() + " answered HTTP 404: this Steward does not know the endpoint;"
                    + " is it an older version?");
        }
        if (answer.status() == 401 || answer.status() == 403) {
            throw new Unreachable(denied(answer));
        }
        throw new Unreachable(answer.uri() + " answered HTTP " + answer.status() + ": " + answer.detail());
    }

    /** A time of Steward's answer in this machine's time zone, e.g. {@code 2026-11-23 22:53:58 CET}; "-" for none. */
    static String local(JsonNode instant) {
        if (!instant.isString()) {
            return "-";
        }
        try {
            return LOCAL.format(Instant.parse(instant.asString()).atZone(ZoneId.systemDefault()));
        } catch (DateTimeParseException e) {
            return instant.asString(); // shown as Steward wrote it rather than hidden
        }
    }

    /** A text field of Steward's answer, or "-" when it is null or absent. */
    static String text(JsonNode node) {
        return node.isNull() || node.isMissingNode() ? "-" : node.asString(node.toString());
    }

    /** Steward answered, and refused what was asked; exit status 1. */
    static final class Refused extends Exception {
        @Serial
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /** An argument the command cannot use, found before asking Steward; exit status 2. */
    static final class BadArgument extends Exception {
        @Serial
        private static final long serialVersionUID = 1L;

        BadArgument(String message) {
            super(message);
        }
    }

    /** The {@code --author} option: the person an API token acts for, recorded as "alice via token:NAME". */
    static final class Author {

        @Option(
                names = "--author",
                paramLabel = "NAME",
                description = "The person the API token acts for, recorded as \"NAME via token:TOKEN-NAME\" (default:"
                        + " the token's own name).")
        @Nullable
        String name;

        /** Adds {@code author} to a request body when one was given. */
        ObjectNode addTo(ObjectNode request) {
            if (name != null && !name.isBlank()) {
                request.put("author", name.strip());
            }
            return request;
        }

        /** The query suffix naming the author, or "" when none was given. */
        String query(String separator) {
            return name == null || name.isBlank() ? "" : separator + "author=" + RemoteSteward.encode(name.strip());
        }
    }
}
