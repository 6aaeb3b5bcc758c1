package dev.steward.probe;

import dev.steward.catalog.ProbeSpec;
import dev.steward.probe.condition.Facts;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends one HTTP/1.1 request with the JDK's client and reads at most {@link #MAX_BODY_BYTES} of the answer.
 *
 * <p>Every probe opens a new connection: a monitor measures the full connect, and a kept-alive connection would hide
 * a listener that no longer accepts. The cheapest way the JDK client offers is shared clients (one per core for each
 * TLS and redirect setting) sending {@code Connection: close} (the server closes after answering, and the client does not pool a
 * connection whose answer says {@code close}). The JDK refuses that header unless the JVM starts with
 * {@code -Djdk.httpclient.allowRestrictedHeaders=connection}; without it, every probe gets a client of its own, which
 * is correct but costs about three and a half times the CPU (see docs/PROBES.md).
 *
 * <p>The whole exchange, headers and body, has one deadline: a target that sends headers and then hangs times out,
 * and the exchange is cancelled (its connection closed).
 */
final class HttpProber implements Prober<ProbeSpec.Http>, AutoCloseable {

    static final int MAX_BODY_BYTES = 1 << 20;

    private static final String USER_AGENT = "steward-monitor";

    private final Clock clock;
    private final JsonMapper json;
    private final boolean sharedClients;
    private final Map<ClientSettings, HttpClient> clients = new ConcurrentHashMap<>();

    /**
     * How many clients share the probes of one setting. Each client does all its I/O, HTTP parsing and completions on
     * one selector thread, which at about a thousand new connections a second is a whole core; a client per core
     * lets the probes use all of them.
     */
    private final int lanes = Math.max(1, Runtime.getRuntime().availableProcessors());

    private final AtomicInteger nextLane = new AtomicInteger();

    /** The redirect and TLS settings a client is built with, and which of the setting's clients it is. */
    private record ClientSettings(boolean followRedirects, boolean insecureTls, int lane) {}

    HttpProber(Clock clock, JsonMapper json) {
        this(clock, json, connectionCloseAllowed());
    }

    /**
     * @param sharedClients share clients and ask for {@code Connection: close}; needs the JDK to allow that header
     */
    HttpProber(Clock clock, JsonMapper json, boolean sharedClients) {
        this.clock = clock;
        this.json = json;
        this.sharedClients = sharedClients;
    }

    /** Whether the JDK lets requests carry {@code Connection: close} (a system property read once per JVM). */
    static boolean connectionCloseAllowed() {
        try {
            HttpRequest.newBuilder().header("Connection", "close");
            return true;
        } catch (IllegalArgumentException restricted) {
            return false;
        }
    }

    boolean sharesClients() {
        return sharedClients;
    }

    @Override
    public Observation probe(ProbeSpec.Http spec, Duration timeout) {
        long start = System.nanoTime();
        HttpRequest request;
        try {
            request = request(spec);
        } catch (IllegalArgumentException e) {
            return Observation.failed(
                    Duration.ZERO,
                    Facts.builder().text("CONNECTED", "false").build(),
                    new Failure(ErrorCode.PROBE_ERROR, "the request cannot be sent: " + e.getMessage()));
        }
        ClientSettings settings = new ClientSettings(
                spec.followRedirects(), spec.insecureTls(), Math.floorMod(nextLane.getAndIncrement(), lanes));
        HttpClient client =
                sharedClients ? clients.computeIfAbsent(settings, HttpProber::newClient) : newClient(settings);
        AtomicReference<HttpResponse.@Nullable ResponseInfo> headers = new AtomicReference<>();
        CompletableFuture<HttpResponse<CappedBody.Bytes>> exchange = null;
        try {
            exchange = client.sendAsync(request, info -> {
                headers.set(info);
                return new CappedBody(MAX_BODY_BYTES);
            });
            HttpResponse<CappedBody.Bytes> response = exchange.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return answered(spec, response, Duration.ofNanos(System.nanoTime() - start));
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return failed(spec, headers.get(), start, Failure.timeout(timeout), " reading the body");
        } catch (InterruptedException e) {
            // The scheduler interrupts a probe that outlived its deadline; it reports the timeout itself.
            if (exchange != null) {
                exchange.cancel(true);
            }
            Thread.currentThread().interrupt();
            return failed(spec, headers.get(), start, Failure.timeout(timeout), " reading the body");
        } catch (ExecutionException e) {
            return failed(
                    spec,
                    headers.get(),
                    start,
                    Failure.of(e.getCause(), timeout, String.valueOf(spec.url().getHost())),
                    "");
        } catch (RuntimeException e) {
            if (exchange != null) {
                exchange.cancel(true);
            }
            return failed(
                    spec,
                    headers.get(),
                    start,
                    Failure.of(e, timeout, String.valueOf(spec.url().getHost())),
                    "");
        } finally {
            if (!sharedClients) {
                client.shutdownNow();
            }
        }
    }

    private HttpRequest request(ProbeSpec.Http spec) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(spec.url())
                .method(
                        spec.method(),
                        spec.body()
                                .map(HttpRequest.BodyPublishers::ofString)
                                .orElse(HttpRequest.BodyPublishers.noBody()));
        builder.header("User-Agent", USER_AGENT);
        if (sharedClients) {
            builder.header("Connection", "close");
        }
        spec.auth().ifPresent(auth -> builder.header("Authorization", authorization(auth)));
        spec.headers().forEach(builder::setHeader);
        return builder.build();
    }

    private static String authorization(ProbeSpec.HttpAuth auth) {
        return switch (auth) {
            case ProbeSpec.HttpAuth.Basic basic ->
                "Basic "
                        + Base64.getEncoder()
                                .encodeToString((basic.username() + ":"
                                                + basic.password().value())
                                        .getBytes(StandardCharsets.UTF_8));
            case ProbeSpec.HttpAuth.Bearer bearer -> "Bearer " + bearer.token().value();
        };
    }

    private Observation answered(ProbeSpec.Http spec, HttpResponse<CappedBody.Bytes> response, Duration latency) {
        String body = new String(response.body().data(), charset(response.headers()));
        Facts.Builder facts = Facts.builder()
                .text("CONNECTED", "true")
                .text("STATUS", String.valueOf(response.statusCode()))
                .text("RESPONSE_TIME", String.valueOf(latency.toMillis()))
                .text("BODY", body)
                .json("BODY", () -> parse(body));
        address(response.uri()).ifPresent(ip -> facts.text("IP", ip));
        Optional<X509Certificate[]> chain = response.sslSession().flatMap(HttpProber::chain);
        chain.ifPresent(certificates -> facts.text(
                "CERTIFICATE_EXPIRATION",
                String.valueOf(certificates[0].getNotAfter().getTime() - clock.millis())));
        return Observation.answered(latency, facts.build(), "HTTP " + response.statusCode())
                .withCertificateExpiry(chain.map(HttpProber::earliestExpiry));
    }

    private Observation failed(
            ProbeSpec.Http spec,
            HttpResponse.@Nullable ResponseInfo headers,
            long start,
            Failure failure,
            String whileReadingBody) {
        Duration latency = Duration.ofNanos(System.nanoTime() - start);
        Facts.Builder facts = Facts.builder()
                .text("CONNECTED", String.valueOf(headers != null))
                .text("RESPONSE_TIME", String.valueOf(latency.toMillis()));
        address(spec.url()).ifPresent(ip -> facts.text("IP", ip));
        Failure reported = failure;
        if (headers != null) {
            facts.text("STATUS", String.valueOf(headers.statusCode()));
            reported = new Failure(
                    failure.code(), failure.message() + whileReadingBody + " (HTTP " + headers.statusCode() + ")");
        }
        return Observation.failed(latency, facts.build(), reported);
    }

    private Optional<JsonNode> parse(String body) {
        try {
            return Optional.of(json.readTree(body));
        } catch (JacksonException notJson) {
            return Optional.empty();
        }
    }

    /**
     * The address the host resolves to. The JDK client does not expose the peer's address; it resolved the name just
     * before, so this is answered from the JVM's name cache.
     */
    private static Optional<String> address(URI uri) {
        String host = uri.getHost();
        if (host == null) {
            return Optional.empty();
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return Optional.of(InetAddress.getByName(host).getHostAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static Charset charset(HttpHeaders headers) {
        return headers.firstValue("Content-Type")
                .flatMap(type -> {
                    for (String parameter : type.split(";")) {
                        String trimmed = parameter.trim();
                        if (trimmed.regionMatches(true, 0, "charset=", 0, 8)) {
                            try {
                                return Optional.of(Charset.forName(
                                        trimmed.substring(8).replace("\"", "").trim()));
                            } catch (IllegalArgumentException unknownCharset) {
                                return Optional.empty();
                            }
                        }
                    }
                    return Optional.empty();
                })
                .orElse(StandardCharsets.UTF_8);
    }

    static Optional<X509Certificate[]> chain(SSLSession session) {
        try {
            Certificate[] certificates = session.getPeerCertificates();
            if (certificates.length == 0 || !(certificates[0] instanceof X509Certificate)) {
                return Optional.empty();
            }
            X509Certificate[] chain = new X509Certificate[certificates.length];
            for (int i = 0; i < certificates.length; i++) {
                if (!(certificates[i] instanceof X509Certificate certificate)) {
                    return Optional.empty();
                }
                chain[i] = certificate;
            }
            return Optional.of(chain);
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }

    static Instant earliestExpiry(X509Certificate[] chain) {
        Instant earliest = chain[0].getNotAfter().toInstant();
        for (X509Certificate certificate : chain) {
            Instant notAfter = certificate.getNotAfter().toInstant();
            if (notAfter.isBefore(earliest)) {
                earliest = notAfter;
            }
        }
        return earliest;
    }

    private static HttpClient newClient(ClientSettings settings) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(settings.followRedirects() ? HttpClient.Redirect.NORMAL : HttpClient.Redirect.NEVER)
                // Completions run on the client's selector thread and only complete a future the probe's own
                // virtual thread waits on: no executor threads, the cheapest setting measured.
                .executor(Runnable::run);
        if (settings.insecureTls()) {
            builder.sslContext(TrustAll.context());
        }
        return builder.build();
    }

    @Override
    public void close() {
        clients.values().forEach(HttpClient::shutdownNow);
        clients.clear();
    }
}
