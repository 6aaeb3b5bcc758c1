package dev.steward.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.catalog.ProbeSpec;
import dev.steward.config.Secret;
import dev.steward.testing.Ports;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class HttpProberTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Clock clock = Clock.systemUTC();
    private final HttpProber prober = new HttpProber(clock, JSON);
    private final HttpTarget target = HttpTarget.http();

    @AfterEach
    void close() {
        target.close();
    }

    private static ProbeSpec.Http get(String url) {
        return new ProbeSpec.Http("GET", URI.create(url), Map.of(), Optional.empty(), false, Optional.empty(), false);
    }

    @Test
    void reportsStatusBodyAndAddressOfAHealthyTarget() {
        Observation observation = prober.probe(get(target.url("/ok")), TIMEOUT);

        assertThat(observation.error()).isEmpty();
        assertThat(observation.message()).isEqualTo("HTTP 200");
        assertThat(observation.facts().text("STATUS")).contains("200");
        assertThat(observation.facts().text("CONNECTED")).contains("true");
        assertThat(observation.facts().text("IP")).contains("127.0.0.1");
        assertThat(observation.facts().text("BODY"))
                .hasValueSatisfying(body -> assertThat(body).contains("\"status\":\"ok\""));
        assertThat(observation.facts().json("BODY"))
                .hasValueSatisfying(json -> assertThat(
                                json.path("checks").path("db").path("ok").asBoolean())
                        .isTrue());
        assertThat(observation.facts().text("RESPONSE_TIME"))
                .hasValueSatisfying(ms -> assertThat(Long.parseLong(ms))
                        .isEqualTo(observation.latency().toMillis()));
        assertThat(observation.facts().text("CERTIFICATE_EXPIRATION")).isEmpty();
        assertThat(observation.certificateExpiresAt()).isEmpty();
    }

    @Test
    void anErrorStatusIsAnAnswerForTheConditionsToJudge() {
        Observation observation = prober.probe(get(target.url("/unavailable")), TIMEOUT);

        assertThat(observation.error()).isEmpty();
        assertThat(observation.message()).isEqualTo("HTTP 503");
        assertThat(observation.facts().text("STATUS")).contains("503");
        assertThat(observation.facts().json("BODY"))
                .hasValueSatisfying(
                        json -> assertThat(json.path("status").asString()).isEqualTo("down"));
    }

    @Test
    void aBodyThatIsNotJsonIsStillText() {
        Observation observation = prober.probe(get(target.url("/echo")), TIMEOUT);

        assertThat(observation.facts().text("BODY")).contains("GET null null ");
        assertThat(observation.facts().json("BODY")).isEmpty();
    }

    @Test
    void timesOutOnATargetThatNeverAnswers() {
        Observation observation = prober.probe(get(target.url("/hang")), Duration.ofMillis(300));

        assertThat(observation.error()).contains(ErrorCode.TIMEOUT);
        assertThat(observation.message()).isEqualTo("timed out after 300ms");
        assertThat(observation.facts().text("STATUS")).isEmpty();
    }

    @Test
    void timesOutWhenTheHeadersArriveButTheBodyNever() throws IOException {
        try (RawTarget hanging = RawTarget.headersThenHang()) {
            Observation observation = prober.probe(get(hanging.url("/health")), Duration.ofMillis(300));

            assertThat(observation.error()).contains(ErrorCode.TIMEOUT);
            assertThat(observation.message()).isEqualTo("timed out after 300ms reading the body (HTTP 200)");
            assertThat(observation.facts().text("CONNECTED")).contains("true");
            assertThat(observation.facts().text("STATUS")).contains("200");
        }
    }

    @Test
    void reportsConnectionRefusedForAClosedPort() {
        Observation observation = prober.probe(get("http://127.0.0.1:" + Ports.free() + "/health"), TIMEOUT);

        assertThat(observation.error()).contains(ErrorCode.CONNECTION_REFUSED);
        assertThat(observation.message()).isEqualTo("connection refused");
        assertThat(observation.facts().text("CONNECTED")).contains("false");
        assertThat(observation.facts().text("STATUS")).isEmpty();
    }

    @Test
    void reportsAResetWhenTheTargetClosesWithoutAnswering() throws IOException {
        try (RawTarget closing = RawTarget.closesWithoutAnswer()) {
            Observation observation = prober.probe(get(closing.url("/health")), TIMEOUT);

            assertThat(observation.error()).contains(ErrorCode.CONNECTION_RESET);
            assertThat(observation.facts().text("CONNECTED")).contains("false");
        }
    }

    @Test
    void reportsAnUnknownHost() {
        Observation observation = prober.probe(get("http://no-such-host.invalid/health"), TIMEOUT);

        assertThat(observation.error()).contains(ErrorCode.UNKNOWN_HOST);
        assertThat(observation.message()).isEqualTo("unknown host no-such-host.invalid");
    }

    @Test
    void followsRedirectsOnlyWhenAsked() {
        ProbeSpec.Http notFollowing = get(target.url("/redirect"));
        ProbeSpec.Http following = new ProbeSpec.Http(
                "GET", notFollowing.url(), Map.of(), Optional.empty(), true, Optional.empty(), false);

        assertThat(prober.probe(notFollowing, TIMEOUT).facts().text("STATUS")).contains("302");
        assertThat(prober.probe(following, TIMEOUT).facts().text("STATUS")).contains("200");
        assertThat(target.requests())
                .extracting(HttpTarget.Request::path)
                .containsExactly("/redirect", "/redirect", "/ok");
    }

    @Test
    void sendsMethodHeadersBodyAndBasicAuthorization() {
        ProbeSpec.Http post = new ProbeSpec.Http(
                "POST",
                URI.create(target.url("/echo")),
                Map.of("X-Probe", "steward"),
                Optional.of("{\"ping\":1}"),
                false,
                Optional.of(new ProbeSpec.HttpAuth.Basic("monitor", new Secret("s3cret"))),
                false);

        Observation observation = prober.probe(post, TIMEOUT);

        assertThat(observation.facts().text("BODY"))
                .contains("POST Basic bW9uaXRvcjpzM2NyZXQ= steward {\"ping\":1}"); // base64 of monitor:s3cret
    }

    @Test
    void sendsABearerToken() {
        ProbeSpec.Http bearer = new ProbeSpec.Http(
                "GET",
                URI.create(target.url("/echo")),
                Map.of(),
                Optional.empty(),
                false,
                Optional.of(new ProbeSpec.HttpAuth.Bearer(new Secret("t0ken"))),
                false);

        prober.probe(bearer, TIMEOUT);

        assertThat(target.requests())
                .extracting(HttpTarget.Request::authorization)
                .containsExactly("Bearer t0ken");
    }

    @Test
    void readsAtMostOneMebibyteOfBody() {
        Observation observation = prober.probe(get(target.url("/big")), TIMEOUT);

        assertThat(observation.facts().text("STATUS")).contains("200");
        assertThat(observation.facts().text("BODY"))
                .hasValueSatisfying(body -> assertThat(body).hasSize(HttpProber.MAX_BODY_BYTES));
    }

    @Test
    void everyProbeOpensANewConnection() {
        for (int i = 0; i < 5; i++) {
            assertThat(prober.probe(get(target.url("/ok")), TIMEOUT).error()).isEmpty();
        }

        assertThat(target.requests()).extracting(HttpTarget.Request::clientPort).doesNotHaveDuplicates();
    }

    @Test
    void acceptsASelfSignedCertificateWhenInsecureAndReportsItsExpiry() {
        SelfSignedCertificate certificate = SelfSignedCertificate.create("ip:127.0.0.1", 30);
        Clock fixed =
                Clock.fixed(certificate.certificate().getNotAfter().toInstant().minusSeconds(3600), ZoneOffset.UTC);
        HttpProber insecureProber = new HttpProber(fixed, JSON);
        try (HttpTarget https = HttpTarget.https(certificate.serverContext())) {
            ProbeSpec.Http insecure = new ProbeSpec.Http(
                    "GET", URI.create(https.url("/ok")), Map.of(), Optional.empty(), false, Optional.empty(), true);

            Observation observation = insecureProber.probe(insecure, TIMEOUT);

            assertThat(observation.error()).isEmpty();
            assertThat(observation.facts().text("STATUS")).contains("200");
            assertThat(observation.facts().text("CERTIFICATE_EXPIRATION")).contains("3600000");
            assertThat(observation.certificateExpiresAt())
                    .contains(certificate.certificate().getNotAfter().toInstant());
        }
    }

    @Test
    void insecureAlsoAcceptsACertificateForAnotherHost() {
        SelfSignedCertificate certificate = SelfSignedCertificate.create("dns:other.example", 30);
        try (HttpTarget https = HttpTarget.https(certificate.serverContext())) {
            ProbeSpec.Http insecure = new ProbeSpec.Http(
                    "GET", URI.create(https.url("/ok")), Map.of(), Optional.empty(), false, Optional.empty(), true);

            assertThat(prober.probe(insecure, TIMEOUT).facts().text("STATUS")).contains("200");
        }
    }

    @Test
    void refusesAnUntrustedCertificateWhenVerifying() {
        SelfSignedCertificate certificate = SelfSignedCertificate.create("ip:127.0.0.1", 30);
        try (HttpTarget https = HttpTarget.https(certificate.serverContext())) {
            Observation observation = prober.probe(get(https.url("/ok")), TIMEOUT);

            assertThat(observation.error()).contains(ErrorCode.TLS_HANDSHAKE_FAILED);
            assertThat(observation.message()).isEqualTo("TLS handshake failed: certificate not trusted");
            assertThat(observation.facts().text("CONNECTED")).contains("false");
        }
    }

    @Test
    void anUnsendableRequestIsAProbeError() {
        ProbeSpec.Http withHost = new ProbeSpec.Http(
                "GET",
                URI.create(target.url("/ok")),
                Map.of("Host", "example.com"),
                Optional.empty(),
                false,
                Optional.empty(),
                false);

        Observation observation = prober.probe(withHost, TIMEOUT);

        assertThat(observation.error()).contains(ErrorCode.PROBE_ERROR);
        assertThat(observation.message()).contains("Host");
    }
}
