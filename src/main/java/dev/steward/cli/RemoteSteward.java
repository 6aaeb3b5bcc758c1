package dev.steward.cli;

import java.io.IOException;
import java.io.Serial;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A running Steward reached over its HTTP API, for the commands that read from or act on one. Anything that keeps the
 * command from getting a JSON answer (a bad URL, nothing listening, no answer in time, an answer that is not JSON) is
 * an {@link Unreachable} whose message names the URL; the command prints it and exits with status 2.
 */
final class RemoteSteward {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

    private final String base;
    private final String hint;
    private final String userAgent;
    private final @Nullable String token;
    private final HttpClient client;

    private RemoteSteward(String base, String hint, String userAgent, @Nullable String token) {
        this.base = base;
        this.hint = hint;
        this.userAgent = userAgent;
        this.token = token;
        this.client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    /**
     * The Steward at {@code url}, else at {@code http://127.0.0.1:$PORT} (PORT defaulting to 8080).
     *
     * @param hint how the user names another Steward, appended to the messages, e.g. {@code "set it with --url URL"}
     * @param token the API token to send; when null, STEWARD_TOKEN's
     * @param command the command's name, for the User-Agent
     */
    static RemoteSteward at(
            @Nullable String url, @Nullable String token, Map<String, String> environment, String hint, String command)
            throws Unreachable {
        String base = url != null
                ? url.replaceAll("/+$", "")
                : "http://127.0.0.1:" + environment.getOrDefault("PORT", "8080").trim();
        try {
            URI uri = URI.create(base);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
        } catch (IllegalArgumentException e) {
            throw new Unreachable("\"" + base + "\" is not a URL; write it like http://127.0.0.1:8080");
        }
        String chosen = token != null ? token : environment.get("STEWARD_TOKEN");
        return new RemoteSteward(
                base,
                hint,
                "steward-" + command + "/" + VersionProvider.version(),
                chosen == null || chosen.isBlank() ? null : chosen.strip());
    }

    /** The base URL, without a trailing slash. */
    String base() {
        return base;
    }

    /** {@code text} encoded for a path segment or a query value. */
    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    Answer get(String path) throws Unreachable, InterruptedException {
        return send(request(path).GET());
    }

    Answer post(String path, JsonNode body) throws Unreachable, InterruptedException {
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)));
    }

    Answer delete(String path) throws Unreachable, InterruptedException {
        return send(request(path).DELETE());
    }

    private HttpRequest.Builder request(String path) throws Unreachable {
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(ANSWER_TIMEOUT)
                    .header("Accept", "application/json, application/problem+json")
                    .header("User-Agent", userAgent);
            if (token != null) {
                builder.header("Authorization", "Bearer " + token);
            }
            return builder;
        } catch (IllegalArgumentException e) {
            throw new Unreachable("\"" + base + path + "\" is not a URL; write the base like http://127.0.0.1:8080");
        }
    }

    private Answer send(HttpRequest.Builder builder) throws Unreachable, InterruptedException {
        HttpRequest request = builder.build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new Unreachable(
                    "no Steward at " + base + " (connection refused); is it running, and on this port? " + hint);
        } catch (HttpTimeoutException e) {
            throw new Unreachable(base + " did not answer within " + ANSWER_TIMEOUT.toSeconds() + "s");
        } catch (IOException e) {
            throw new Unreachable("could not reach " + base + ": " + e + "; " + hint);
        }
        JsonNode body;
        try {
            body = response.body().isBlank() ? JSON.missingNode() : JSON.readTree(response.body());
        } catch (JacksonException e) {
            body = null;
        }
        if (body == null || (body.isMissingNode() && response.statusCode() != 204)) {
            throw new Unreachable(request.uri() + " answered HTTP " + response.statusCode()
                    + " without JSON; is this Steward? " + hint);
        }
        return new Answer(request.uri(), response.statusCode(), body);
    }

    /** One answer of Steward: the request's URI, the HTTP status and the JSON body (missing for 204). */
    record Answer(URI uri, int status, JsonNode body) {

        boolean ok() {
            return status / 100 == 2;
        }

        /** The problem's detail, else its title, else the whole body. */
        String detail() {
            if (body.path("detail").isString()) {
                return body.path("detail").asString();
            }
            return body.path("title").isString() ? body.path("title").asString() : body.toString();
        }
    }

    /** Steward could not be asked, or its answer cannot be used; the message names the URL and the way out. */
    static final class Unreachable extends Exception {
        @Serial
        private static final long serialVersionUID = 1L;

        Unreachable(String message) {
            super(message);
        }
    }
}
