package dev.steward.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.sun.net.httpserver.HttpServer;
import dev.steward.catalog.ProbeSpec;
import dev.steward.config.Secret;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** What HttpProber does on the wire itself: framing of bodies, redirects, deadlines, addresses. */
class HttpProberWireTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpProber prober =
            new HttpProber(Clock.systemUTC(), JsonMapper.builder().build());

    private static ProbeSpec.Http get(String url) {
        return new ProbeSpec.Http("GET", URI.create(url), Map.of(), Optional.empty(), false, Optional.empty(), false);
    }

    private static ProbeSpec.Http following(String method, String url, Optional<String> body, boolean insecure) {
        return new ProbeSpec.Http(method, URI.create(url), Map.of(), body, true, Optional.empty(), insecure);
    }

    @Test
    void sendsARequestLineHostUserAgentAndConnectionClose() throws IOException {
        try (ScriptedTarget target =
                ScriptedTarget.http(request -> ScriptedTarget.Answer.of("HTTP/1.1 204 No Content\r\n\r\n"))) {
            ProbeSpec.Http post = new ProbeSpec.Http(
                    "POST",
                    URI.create(target.url("/health?deep=1")),
                    Map.of("X-Probe", "steward"),
                    Optional.of("{\"ping\":\"é\"}"),
                    false,
                    Optional.empty(),
                    false);

            Observation observation = prober.probe(post, TIMEOUT);

            assertThat(observation.facts().text("STATUS")).contains("204");
            ScriptedTarget.Request request = target.requests().getFirst();
            assertThat(request.line()).isEqualTo("POST /health?deep=1 HTTP/1.1");
            assertThat(request.header("Host"))
                    .isEqualTo(URI.create(target.url("/")).getAuthority());
            assertThat(request.header("User-Agent")).isEqualTo("steward-monitor");
            assertThat(request.header("Connection")).isEqualTo("close");
            assertThat(request.header("X-Probe")).isEqualTo("steward");
            assertThat(request.header("Content-Length")).isEqualTo("13");
            assertThat(request.body()).isEqualTo("{\"ping\":\"é\"}");
        }
    }

    @Test
    void readsAChunkedBodyWithExtensionsAndTrailers() throws IOException {
        try (ScriptedTarget target = ScriptedTarget.http(request -> ScriptedTarget.Answer.of(
                "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\ncontent-type: application/json\r\n\r\n"
                        + "7;name=value\r\n{\"statu\r\n"
                        + "8\r\ns\":\"ok\"}\r\n"
                        + "0\r\nX-Trailer: yes\r\n\r\n"))) {
            Observation observation = prober.probe(get(target.url("/health")), TIMEOUT);

            assertThat(observation.error()).isEmpty();
            assertThat(observation.facts().text("BODY")).contains("{\"status\":\"ok\"}");
            assertThat(observation.facts().json("BODY"))
                    .hasValueSatisfying(
                            json -> assertThat(json.path("status").asString()).isEqualTo("ok"));
        }
    }

    @Test
    void readsABodyWithoutLengthUntilTheTargetCloses() throws IOException {
        try (ScriptedTarget target =
                ScriptedTarget.http(request -> ScriptedTarget.Answer.of("HTTP/1.0 200 OK\r\n\r\nall of it"))) {
            Observation observation = prober.probe(get(target.url("/health")), TIMEOUT);

            assertThat(observation.facts().text("BODY")).contains("all of it");
        }
    }

    @Test
    void readsAtMostOneMebibyteOfAChunkedBody() throws IOException {
        String chunk = "x".repeat(65_536);
        String chunks = (Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n").repeat(20);
        try (ScriptedTarget target = ScriptedTarget.http(request ->
                new ScriptedTarget.Answer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks, true))) {
            Observation observation = prober.probe(get(target.url("/big")), TIMEOUT);

            assertThat(observation.error()).isEmpty();
            assertThat(observation.facts().text("BODY"))
                    .hasValueSatisfying(body -> assertThat(body).hasSize(HttpProber.MAX_BODY_BYTES));
        }
    }

    @Test
    void skipsAnInterimAnswerBeforeTheRealOne() throws IOException {
        try (ScriptedTarget target = ScriptedTarget.http(
                request -> ScriptedTarget.Answer.of("HTTP/1.1 103 Early Hints\r\nLink: </style.css>\r\n\r\n"
                        + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"))) {
            Observation observation = prober.probe(get(target.url("/health")), TIMEOUT);

            assertThat(observation.facts().text("STATUS")).contains("200");
            assertThat(observation.facts().text("BODY")).contains("ok");
        }
    }

    @Test
    void reportsTheConnectionClosedInTheMiddleOfTheBody() throws IOException {
        try (ScriptedTarget target = ScriptedTarget.http(
                request -> ScriptedTarget.Answer.of("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten b"))) {
            Observation observation = prober.probe(get(target.url("/health")), TIMEOUT);

            assertThat(observation.error()).contains(ErrorCode.CONNECTION_RESET);
            assertThat(observation.message()).isEqualTo("connection closed reading the body (HTTP 200)");
            assertThat(observation.facts().text("CONNECTED")).contains("true");
            assertThat(observation.facts().text("STATUS")).contains("200");
        }
    }

    @Test
    void timesOutWhenAChunkedBodyStalls() throws IOException {
        try (ScriptedTarget target = ScriptedTarget.http(request -> new ScriptedTarget.Answer(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nfirst\r\n", true))) {
            Observation observation = prober.probe(get(target.url("/health")), Duration.ofMillis(300));

            assertThat(observation.error()).contains(ErrorCode.TIMEOUT);
            assertThat(observation.message()).isEqualTo("timed out after 300ms reading the body (HTTP 200)");
        }
    }

    @Test
    void anAnswerThatIsNotHttpIsAProtocolError() throws IOException {
        try (ScriptedTarget target =
                ScriptedTarget.http(request -> ScriptedTarget.Answer.of("SSH-2.0-OpenSSH_9.2\r\n"))) {
            Observation observation = prober.probe(get(target.url("/health")), TIMEOUT);

            assertThat(observation.error()).contains(ErrorCode.PROTOCOL_ERROR);
            assertThat(observation.message()).isEqualTo("the answer is not HTTP: SSH-2.0-OpenSSH_9.2");
            assertThat(observation.facts().text("CONNECTED")).contains("false");
        }
    }

    @Test
    void followsARedirectFromHttpToHttps() throws IOException {
        SelfSignedCertificate certificate = SelfSignedCertificate.create("ip:127.0.0.1", 30);
        try (HttpTarget https = HttpTarget.https(certificate.serverContext());
                ScriptedTarget http = ScriptedTarget.http(
                        request -> ScriptedTarget.Answer.of("HTTP/1.1 301 Moved Permanently\r\nLocation: "
                                + https.url("/ok") + "\r\nContent-Length: 0\r\n\r\n"))) {
            Observation observation = prober.probe(following("GET", http.url("/"), Optional.empty(), true), TIMEOUT);

            assertThat(observation.error()).isEmpty();
            assertThat(observation.facts().text("STATUS")).contains("200");
            assertThat(observation.facts().text("CERTIFICATE_EXPIRATION")).isPresent();
            assertThat(https.requests()).extracting(HttpTarget.Request::path).containsExactly("/ok");
        }
    }

    @Test
    void neverFollowsARedirectFromHttpsDownToHttp() throws IOException {
        SelfSignedCertificate certificate = SelfSignedCertificate.create("ip:127.0.0.1", 30);
        try (HttpTarget http = HttpTarget.http();
                ScriptedTarget https = ScriptedTarget.https(
                        certificate.serverContext(),
                        request -> ScriptedTarget.Answer.of("HTTP/1.1 302 Found\r\nLocation: " + http.url("/ok")
                                + "\r\nContent-Length: 0\r\n\r\n"))) {
            Observation observation = prober.probe(following("GET", https.url("/"), Optional.empty(), true), TIMEOUT);

            assertThat(observation.facts().text("STATUS")).contains("302");
            assertThat(http.requests()).isEmpty();
        }
    }

    @Test
    void aSeeOtherRedirectTurnsAPostIntoAGetWithoutBody() throws IOException {
        try (ScriptedTarget target = ScriptedTarget.http(request -> ScriptedTarget.Answer.of(
                request.path().equals("/submit")
                        ? "HTTP/1.1 303 See Other\r\nLocation: result?id=1\r\nContent-Length: 0\r\n\r\n"
                        : "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"))) {
            Observation observation =
                    prober.probe(following("POST", target.url("/submit"), Optional.of("{}"), false), TIMEOUT);

            assertThat(observation.facts().text("STATUS")).contains("200");
            assertThat(target.requests())
                    .extracting(ScriptedTarget.Request::line)
                    .containsExactly("POST /submit HTTP/1.1", "GET /result?id=1 HTTP/1.1");
            assertThat(target.requests().get(1).body()).isEmpty();
        }
    }

    @Test
    void aTemporaryRedirectKeepsTheMethodAndBody() throws IOException {
        try (ScriptedTarget target = ScriptedTarget.http(request -> ScriptedTarget.Answer.of(
                request.path().equals("/old")
                        ? "HTTP/1.1 307 Temporary Redirect\r\nLocation: /new\r\nContent-Length: 0\r\n\r\n"
                        : "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"))) {
            prober.probe(following("POST", target.url("/old"), Optional.of("{\"a\":1}"), false), TIMEOUT);

            assertThat(target.requests())
                    .extracting(ScriptedTarget.Request::line, ScriptedTarget.Request::body)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("POST /old HTTP/1.1", "{\"a\":1}"),
                            org.assertj.core.groups.Tuple.tuple("POST /new HTTP/1.1", "{\"a\":1}"));
        }
    }

    @Test
    void stopsAfterTenRedirects() throws IOException {
        try (ScriptedTarget target = ScriptedTarget.http(request ->
                ScriptedTarget.Answer.of("HTTP/1.1 302 Found\r\nLocation: /again\r\nContent-Length: 0\r\n\r\n"))) {
            Observation observation =
                    prober.probe(following("GET", target.url("/loop"), Optional.empty(), false), TIMEOUT);

            assertThat(observation.error()).contains(ErrorCode.PROTOCOL_ERROR);
            assertThat(observation.message()).startsWith("more than 10 redirects");
            assertThat(target.requests()).hasSize(HttpProber.MAX_REDIRECTS + 1);
        }
    }

    @Test
    void credentialsAreNotSentToAnotherOrigin() throws IOException {
        try (ScriptedTarget other =
                        ScriptedTarget.http(request -> ScriptedTarget.Answer.of("HTTP/1.1 204 No Content\r\n\r\n"));
                ScriptedTarget target = ScriptedTarget.http(request -> ScriptedTarget.Answer.of(
                        request.path().equals("/here")
                                ? "HTTP/1.1 302 Found\r\nLocation: /there\r\nContent-Length: 0\r\n\r\n"
                                : "HTTP/1.1 302 Found\r\nLocation: " + other.url("/away")
                                        + "\r\nContent-Length: 0\r\n\r\n"))) {
            ProbeSpec.Http withToken = new ProbeSpec.Http(
                    "GET",
                    URI.create(target.url("/here")),
                    Map.of(),
                    Optional.empty(),
                    true,
                    Optional.of(new ProbeSpec.HttpAuth.Bearer(new Secret("t0ken"))),
                    false);

            assertThat(prober.probe(withToken, TIMEOUT).facts().text("STATUS")).contains("204");
            assertThat(target.requests())
                    .extracting(request -> request.header("Authorization"))
                    .containsExactly("Bearer t0ken", "Bearer t0ken");
            assertThat(other.requests().getFirst().header("Authorization")).isNull();
        }
    }

    @Test
    void probesAnIpv6LoopbackTarget() throws IOException {
        InetAddress ipv6Loopback = InetAddress.getByName("::1");
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(ipv6Loopback, 0), 8);
        } catch (IOException noIpv6) {
            assumeThat(false).as("IPv6 loopback available").isTrue();
            return;
        }
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestHeaders().getFirst("Host").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            int port = server.getAddress().getPort();
            Observation observation = prober.probe(get("http://[::1]:" + port + "/health"), TIMEOUT);

            assertThat(observation.error()).isEmpty();
            assertThat(observation.facts().text("BODY")).contains("[::1]:" + port);
            assertThat(observation.facts().text("IP")).contains(ipv6Loopback.getHostAddress());
        } finally {
            server.stop(0);
        }
    }

    private static SSLContext trusting(SelfSignedCertificate certificate) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setCertificateEntry("target", certificate.certificate());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void verifiesThatATrustedCertificateNamesTheHost() {
        SelfSignedCertificate forLocalhost = SelfSignedCertificate.create("dns:localhost", 30);
        SelfSignedCertificate forOther = SelfSignedCertificate.create("dns:other.example", 30);
        try (HttpTarget named = HttpTarget.https(forLocalhost.serverContext());
                HttpTarget misnamed = HttpTarget.https(forOther.serverContext())) {
            Observation matching = new HttpProber(
                            Clock.systemUTC(), JsonMapper.builder().build(), trusting(forLocalhost))
                    .probe(get(named.url("/ok").replace("127.0.0.1", "localhost")), TIMEOUT);
            Observation mismatching = new HttpProber(
                            Clock.systemUTC(), JsonMapper.builder().build(), trusting(forOther))
                    .probe(get(misnamed.url("/ok")), TIMEOUT);

            assertThat(matching.error()).isEmpty();
            assertThat(matching.facts().text("STATUS")).contains("200");
            assertThat(mismatching.error()).contains(ErrorCode.HOSTNAME_MISMATCH);
            assertThat(mismatching.facts().text("CONNECTED")).contains("false");
        }
    }
}
