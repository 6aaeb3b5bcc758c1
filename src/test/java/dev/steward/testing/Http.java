package dev.steward.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for tests: each request on a fresh connection, with a time limit so no test can hang. */
public final class Http {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Http() {}

    /** An HTTP response with its body parsed as JSON when it is JSON. */
    public record Response(int status, HttpResponse<String> raw) {
        public String body() {
            return raw.body();
        }

        public JsonNode json() {
            return JSON.readTree(raw.body());
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    /**
     * API tokens of the Stewards a test started (by "host:port"): requests to them carry an admin token unless the
     * test sends its own Authorization header or asks for {@link #anonymous}. Tests about access say who they are.
     */
    private static final Map<String, String> TOKENS = new java.util.concurrent.ConcurrentHashMap<>();

    /** A header value that means "send no Authorization at all". */
    public static final String NONE = "(none)";

    static void authenticate(String hostAndPort, String token) {
        TOKENS.put(hostAndPort, token);
    }

    static void forget(String hostAndPort) {
        TOKENS.remove(hostAndPort);
    }

    /** Headers for a request as nobody in particular (no token, no session). */
    public static Map<String, String> anonymous() {
        return Map.of("Authorization", NONE);
    }

    /** The Authorization header a request to {@code url} gets by default, if any. */
    public static java.util.Optional<String> authorization(String url) {
        URI uri = URI.create(url);
        return java.util.Optional.ofNullable(TOKENS.get(uri.getHost() + ":" + uri.getPort()))
                .map(token -> "Bearer " + token);
    }

    public static Response get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET(), Map.of());
    }

    public static Response get(String url, Map<String, String> headers) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET(), headers);
    }

    /** POSTs without a body. */
    public static Response post(String url) {
        return post(url, Map.of());
    }

    public static Response post(String url, Map<String, String> headers) {
        return send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody()), headers);
    }

    public static Response options(String url, Map<String, String> headers) {
        return send(
                HttpRequest.newBuilder(URI.create(url)).method("OPTIONS", HttpRequest.BodyPublishers.noBody()),
                headers);
    }

    public static CompletableFuture<Response> getAsync(String url) {
        HttpClient client = client();
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET();
        authorization(url).ifPresent(value -> request.header("Authorization", value));
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> new Response(response.statusCode(), response))
                .whenComplete((response, error) -> client.close());
    }

    private static Response send(HttpRequest.Builder builder, Map<String, String> headers) {
        headers.forEach((name, value) -> {
            if (!NONE.equals(value)) {
                builder.header(name, value);
            }
        });
        HttpRequest peek = builder.copy().build();
        if (!headers.containsKey("Authorization")) {
            authorization(peek.uri().toString()).ifPresent(value -> builder.header("Authorization", value));
        }
        try (HttpClient client = client()) {
            HttpResponse<String> response =
                    client.send(builder.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpClient client() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }
}
