package dev.steward.probe;

import dev.steward.catalog.ProbeSpec;
import dev.steward.probe.condition.Facts;
import java.io.IOException;
import java.net.ProtocolException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocketFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends one HTTP/1.1 request on a new connection and reads at most {@link #MAX_BODY_BYTES} of the answer, following
 * redirects when the monitor asks.
 *
 * <p>Every probe opens a new connection: a monitor measures the full connect, and a kept-alive connection would hide
 * a listener that no longer accepts. The exchange is plain blocking I/O on the probe's virtual thread
 * ({@link HttpExchange}): on a busy machine Java's HTTP client costs about twice the CPU for the same probes, and
 * Apache HttpClient's classic client about one and a half times (measured in docs/PROBES.md).
 *
 * <p>The whole exchange, redirects, headers and body, has one deadline: a target that sends headers and then hangs
 * times out.
 */
final class HttpProber implements Prober<ProbeSpec.Http> {

    static final int MAX_BODY_BYTES = 1 << 20;

    static final int MAX_REDIRECTS = 10;

    private static final String USER_AGENT = "steward-monitor";

    /** Headers the exchange writes itself; a monitor setting them would send a request that contradicts itself. */
    private static final Set<String> RESTRICTED =
            Set.of("host", "connection", "content-length", "transfer-encoding", "expect", "upgrade", "te");

    private static final String TOKEN_CHARACTERS = "!#$%&'*+-.^_`|~";

    private final Clock clock;
    private final JsonMapper json;

    /** TLS socket factories, made on the first https probe (the default one loads the trust store). */
    private final AtomicReference<@Nullable SSLSocketFactory> verifying = new AtomicReference<>();

    private final AtomicReference<@Nullable SSLSocketFactory> trustingAll = new AtomicReference<>();

    HttpProber(Clock clock, JsonMapper json) {
        this.clock = clock;
        this.json = json;
    }

    /** A prober that verifies certificates against {@code trusted} instead of Java's default trust store. */
    HttpProber(Clock clock, JsonMapper json, SSLContext trusted) {
        this(clock, json);
        verifying.set(trusted.getSocketFactory());
    }

    @Override
    public Observation probe(ProbeSpec.Http spec, Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        URI url = spec.url();
        String method = spec.method();
        byte @Nullable [] body;
        Map<String, String> headers;
        try {
            checkUrl(url);
            checkToken("method", method);
            headers = headers(spec);
            body = spec.body()
                    .map(text -> text.getBytes(StandardCharsets.UTF_8))
                    .orElse(needsLength(method) ? new byte[0] : null);
        } catch (IllegalArgumentException e) {
            return Observation.failed(
                    Duration.ZERO,
                    Facts.builder().text("CONNECTED", "false").build(),
                    new Failure(ErrorCode.PROBE_ERROR, "the request cannot be sent: " + e.getMessage()));
        }
        HttpExchange exchange = new HttpExchange(deadline, MAX_BODY_BYTES);
        try {
            for (int redirects = 0; ; redirects++) {
                HttpExchange.Response response =
                        exchange.send(new HttpExchange.Request(method, url, headers, body), tls(url, spec));
                Optional<URI> next = spec.followRedirects() ? redirect(url, response) : Optional.empty();
                if (next.isEmpty()) {
                    return answered(response, Duration.ofNanos(System.nanoTime() - start));
                }
                if (redirects == MAX_REDIRECTS) {
                    return failed(
                            exchange,
                            start,
                            new Failure(
                                    ErrorCode.PROTOCOL_ERROR,
                                    "more than " + MAX_REDIRECTS + " redirects, the last to " + shown(next.get())));
                }
                if (response.status() == 303 && !method.equals("HEAD")
                        || (response.status() == 301 || response.status() == 302) && method.equals("POST")) {
                    method = "GET";
                    body = null;
                }
                if (!sameOrigin(url, next.get())) {
                    // Credentials are for the monitor's own origin, never for wherever it redirects to.
                    headers = withoutAuthorization(headers);
                }
                url = next.get();
                exchange = new HttpExchange(deadline, MAX_BODY_BYTES);
            }
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                // The scheduler interrupts a probe that outlived its deadline (closing its socket); a timeout.
                return failed(exchange, start, Failure.timeout(timeout));
            }
            if (e instanceof ProtocolException notHttp) {
                return failed(
                        exchange, start, new Failure(ErrorCode.PROTOCOL_ERROR, String.valueOf(notHttp.getMessage())));
            }
            return failed(exchange, start, Failure.of(e, timeout, String.valueOf(url.getHost())));
        }
    }

    private static void checkUrl(URI url) {
        String scheme = url.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw new IllegalArgumentException("the url must start with http:// or https://");
        }
        HttpExchange.hostOf(url);
    }

    private static boolean needsLength(String method) {
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    }

    /** The request headers in the order sent: User-Agent, Authorization, then the monitor's own. */
    private static Map<String, String> headers(ProbeSpec.Http spec) {
        Map<String, String> headers = new LinkedHashMap<>();
        boolean ownAgent = spec.headers().keySet().stream().anyMatch(name -> name.equalsIgnoreCase("User-Agent"));
        if (!ownAgent) {
            headers.put("User-Agent", USER_AGENT);
        }
        spec.auth().ifPresent(auth -> headers.put("Authorization", authorization(auth)));
        spec.headers().forEach((name, value) -> {
            checkToken("header name", name);
            if (RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException(
                        "headers: " + name + " is set by Steward itself; remove it from the monitor's headers");
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '\r' || c == '\n' || c == 0) {
                    throw new IllegalArgumentException(
                            "headers: the value of " + name + " contains a line break or NUL; remove it");
                }
            }
            headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
            headers.put(name, value);
        });
        return headers;
    }

    private static void checkToken(String what, String token) {
        if (token.isEmpty()) {
            throw new IllegalArgumentException("the " + what + " is empty");
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || TOKEN_CHARACTERS.indexOf(c) >= 0;
            if (!allowed) {
                throw new IllegalArgumentException(
                        "the " + what + " '" + token + "' contains '" + c + "', which HTTP does not allow there");
            }
        }
    }

    private static Map<String, String> withoutAuthorization(Map<String, String> headers) {
        Map<String, String> kept = new LinkedHashMap<>(headers);
        kept.keySet().removeIf(name -> name.equalsIgnoreCase("Authorization"));
        return kept;
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

    /**
     * Where a redirect answer points, when it is to be followed: 301, 302, 303, 307 or 308 with a Location, relative
     * or absolute, to http or https — but never from https down to http (that answer is judged as it is).
     */
    private static Optional<URI> redirect(URI from, HttpExchange.Response response) throws ProtocolException {
        int status = response.status();
        if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
            return Optional.empty();
        }
        String location = response.headers().get("Location");
        if (location == null || location.isBlank()) {
            return Optional.empty();
        }
        URI next;
        try {
            URI base = from.getRawPath() == null || from.getRawPath().isEmpty() ? from.resolve("/") : from;
            next = base.resolve(new URI(location.strip()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new ProtocolException("HTTP " + status + " redirects to an invalid Location");
        }
        String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.empty();
        }
        if (from.getScheme().equalsIgnoreCase("https") && scheme.equals("http")) {
            return Optional.empty();
        }
        return Optional.of(next);
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme())
                && String.valueOf(a.getHost()).equalsIgnoreCase(String.valueOf(b.getHost()))
                && port(a) == port(b);
    }

    private static int port(URI url) {
        return url.getPort() >= 0 ? url.getPort() : url.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    /** A URL as a message may show it: without user info or query, which can carry credentials. */
    private static String shown(URI url) {
        return url.getScheme() + "://" + url.getRawAuthority().replaceFirst("^.*@", "")
                + (url.getRawPath() == null ? "" : url.getRawPath());
    }

    private @Nullable SSLSocketFactory tls(URI url, ProbeSpec.Http spec) {
        if (!url.getScheme().equalsIgnoreCase("https")) {
            return null;
        }
        AtomicReference<@Nullable SSLSocketFactory> cached = spec.insecureTls() ? trustingAll : verifying;
        SSLSocketFactory factory = cached.get();
        if (factory == null) {
            factory = spec.insecureTls() ? TrustAll.context().getSocketFactory() : defaultFactory();
            cached.compareAndSet(null, factory);
        }
        return factory;
    }

    private static SSLSocketFactory defaultFactory() {
        try {
            return SSLContext.getDefault().getSocketFactory();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK offers no default TLS context", e);
        }
    }

    private Observation answered(HttpExchange.Response response, Duration latency) {
        String body = new String(response.body(), charset(response.headers().get("Content-Type")));
        Facts.Builder facts = Facts.builder()
                .text("CONNECTED", "true")
                .text("STATUS", String.valueOf(response.status()))
                .text("RESPONSE_TIME", String.valueOf(latency.toMillis()))
                .text("BODY", body)
                .json("BODY", () -> parse(body))
                .text("IP", response.address().getHostAddress());
        Optional<X509Certificate[]> chain = response.tls().flatMap(HttpProber::chain);
        chain.ifPresent(certificates -> facts.text(
                "CERTIFICATE_EXPIRATION",
                String.valueOf(certificates[0].getNotAfter().getTime() - clock.millis())));
        return Observation.answered(latency, facts.build(), "HTTP " + response.status())
                .withCertificateExpiry(chain.map(HttpProber::earliestExpiry));
    }

    /** The exchange failed; when its answer's headers had arrived, the message says it failed reading the body. */
    private static Observation failed(HttpExchange exchange, long start, Failure failure) {
        Duration latency = Duration.ofNanos(System.nanoTime() - start);
        Optional<Integer> status = exchange.status();
        Facts.Builder facts = Facts.builder()
                .text("CONNECTED", String.valueOf(status.isPresent()))
                .text("RESPONSE_TIME", String.valueOf(latency.toMillis()));
        exchange.address().ifPresent(ip -> facts.text("IP", ip.getHostAddress()));
        Failure reported = failure;
        if (status.isPresent()) {
            facts.text("STATUS", String.valueOf(status.get()));
            String message = switch (failure.code()) {
                case TIMEOUT -> failure.message() + " reading the body";
                case CONNECTION_RESET -> "connection closed reading the body";
                default -> failure.message();
            };
            reported = new Failure(failure.code(), message + " (HTTP " + status.get() + ")");
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

    private static Charset charset(@Nullable String contentType) {
        if (contentType == null) {
            return StandardCharsets.UTF_8;
        }
        for (String parameter : contentType.split(";")) {
            String trimmed = parameter.trim();
            if (trimmed.regionMatches(true, 0, "charset=", 0, 8)) {
                try {
                    return Charset.forName(
                            trimmed.substring(8).replace("\"", "").trim());
                } catch (IllegalArgumentException unknownCharset) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
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
}
