package dev.steward.cli;

import dev.steward.config.Durations;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
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
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@Command(
        name = "healthcheck",
        mixinStandardHelpOptions = true,
        description = {
            "Call the liveness and readiness endpoints of a Steward, or of any backend with the same convention, and"
                    + " print a verdict.",
            "Exit status 0 when both answer 2xx, 1 otherwise: usable as a container HEALTHCHECK or in a deploy script."
        })
final class HealthcheckCommand implements Callable<Integer> {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Map<String, String> environment;

    @Spec
    CommandSpec spec;

    @Parameters(
            arity = "0..1",
            paramLabel = "URL",
            description = "Base URL of the service (default: http://127.0.0.1:$PORT, PORT defaulting to 8080).")
    @Nullable
    String url;

    @Option(
            names = "--live-path",
            defaultValue = "/healthz",
            description = "Liveness path (default: ${DEFAULT-VALUE}).")
    String livePath = "/healthz";

    @Option(
            names = "--ready-path",
            defaultValue = "/readyz",
            description = "Readiness path (default: ${DEFAULT-VALUE}).")
    String readyPath = "/readyz";

    @Option(
            names = "--timeout",
            defaultValue = "5s",
            description = "Time limit per request (default: ${DEFAULT-VALUE}).")
    String timeout = "5s";

    HealthcheckCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Duration limit = Durations.parse(timeout).orElse(null);
        if (limit == null) {
            err.println("error: --timeout \"" + timeout + "\" is not a duration (use 500ms, 5s, 1m)");
            return 2;
        }
        if (limit.isZero()) {
            err.println("error: --timeout must be longer than 0, e.g. --timeout 5s");
            return 2;
        }
        String base = url != null
                ? url
                : "http://127.0.0.1:" + environment.getOrDefault("PORT", "8080").trim();
        URI baseUri;
        try {
            baseUri = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
            if (baseUri.getScheme() == null || baseUri.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
        } catch (IllegalArgumentException e) {
            err.println("error: \"" + base + "\" is not a URL; write it like http://127.0.0.1:8080");
            return 2;
        }
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(limit)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        List<Probe> probes = new ArrayList<>();
        probes.add(probe(client, baseUri, livePath, limit));
        probes.add(probe(client, baseUri, readyPath, limit));
        boolean healthy = probes.stream().allMatch(Probe::ok);
        out.println((healthy ? "healthy: " : "UNHEALTHY: ") + baseUri);
        for (Probe probe : probes) {
            out.printf(
                    "  %-10s %-4s %-10s %6d ms%s%n",
                    probe.path(),
                    probe.status() == 0 ? "-" : String.valueOf(probe.status()),
                    probe.verdict(),
                    probe.millis(),
                    probe.detail() == null ? "" : "  " + probe.detail());
        }
        return healthy ? 0 : 1;
    }

    private static Probe probe(HttpClient client, URI base, String path, Duration timeout) {
        long started = System.nanoTime();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + (path.startsWith("/") ? path : "/" + path)))
                .timeout(timeout)
                .header("Accept", "application/json")
                .header("User-Agent", "steward-healthcheck/" + VersionProvider.version())
                .GET()
                .build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            long millis = (System.nanoTime() - started) / 1_000_000;
            boolean ok = response.statusCode() / 100 == 2;
            Body body = body(response.body());
            return new Probe(path, ok, response.statusCode(), body.status(ok), millis, ok ? null : body.error());
        } catch (HttpConnectTimeoutException e) {
            return failure(path, started, "no connection within " + Durations.format(timeout));
        } catch (HttpTimeoutException e) {
            return failure(path, started, "no answer within " + Durations.format(timeout));
        } catch (ConnectException e) {
            return failure(path, started, "connection refused");
        } catch (java.io.IOException e) {
            return failure(path, started, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failure(path, started, "interrupted");
        }
    }

    private static Probe failure(String path, long started, String detail) {
        return new Probe(path, false, 0, "down", (System.nanoTime() - started) / 1_000_000, detail);
    }

    /** The parts of a JSON health body worth showing: its status and, for failures, the error it names. */
    private record Body(
            @Nullable String statusField, @Nullable String error) {
        String status(boolean ok) {
            return statusField != null ? statusField : ok ? "ok" : "failing";
        }
    }

    private static Body body(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || !node.isObject()) {
                return new Body(null, null);
            }
            String status = node.path("status").isString() ? node.path("status").asString() : null;
            String error = node.path("details").path("error").isString()
                    ? node.path("details").path("error").asString()
                    : node.path("error").isString() ? node.path("error").asString() : null;
            return new Body(status, error);
        } catch (JacksonException e) {
            return new Body(null, null);
        }
    }

    private record Probe(
            String path,
            boolean ok,
            int status,
            String verdict,
            long millis,
            @Nullable String detail) {}
}
