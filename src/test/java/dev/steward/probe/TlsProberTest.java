package dev.steward.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.catalog.ProbeSpec;
import dev.steward.testing.Ports;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TlsProberTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static int port(HttpTarget target) {
        return Integer.parseInt(target.url("").replaceAll(".*:", ""));
    }

    private static ProbeSpec.Tls spec(int port, Optional<String> serverName, boolean verifyHostname, boolean insecure) {
        return new ProbeSpec.Tls("127.0.0.1", port, serverName, verifyHostname, insecure);
    }

    @Test
    void reportsTheExpiryOfAnUntrustedChainWhenInsecure() {
        SelfSignedCertificate certificate = SelfSignedCertificate.create("ip:127.0.0.1", 30);
        Instant notAfter = certificate.certificate().getNotAfter().toInstant();
        TlsProber prober = new TlsProber(Clock.fixed(notAfter.minus(Duration.ofDays(3)), ZoneOffset.UTC));
        try (HttpTarget target = HttpTarget.https(certificate.serverContext())) {
            Observation observation = prober.probe(spec(port(target), Optional.empty(), false, true), TIMEOUT);

            assertThat(observation.error()).isEmpty();
            assertThat(observation.facts().text("CONNECTED")).contains("true");
            assertThat(observation.facts().text("IP")).contains("127.0.0.1");
            assertThat(observation.facts().text("CERTIFICATE_EXPIRATION"))
                    .contains(String.valueOf(Duration.ofDays(3).toMillis()));
            assertThat(observation.certificateExpiresAt()).contains(notAfter);
            assertThat(observation.message())
                    .startsWith("certificate expires on ")
                    .endsWith("(in 3 days)");
        }
    }

    @Test
    void reportsAnExpiredCertificateAsANegativeExpirationWhenInsecure() {
        SelfSignedCertificate certificate = SelfSignedCertificate.create("ip:127.0.0.1", "-10d", 5);
        TlsProber prober = new TlsProber(Clock.systemUTC());
        try (HttpTarget target = HttpTarget.https(certificate.serverContext())) {
            Observation observation = prober.probe(spec(port(target), Optional.empty(), true, true), TIMEOUT);

            assertThat(observation.error()).isEmpty();
            assertThat(observation.facts().text("CERTIFICATE_EXPIRATION"))
                    .hasValueSatisfying(ms -> assertThat(Long.parseLong(ms)).isNegative());
            assertThat(observation.message()).startsWith("certificate expired on ");
        }
    }

    @Test
    void refusesAnUntrustedChainWhenVerifying() {
        SelfSignedCertificate certificate = SelfSignedCertificate.create("ip:127.0.0.1", 30);
        try (HttpTarget target = HttpTarget.https(certificate.serverContext())) {
            Observation observation =
                    new TlsProber(Clock.systemUTC()).probe(spec(port(target), Optional.empty(), true, false), TIMEOUT);

            assertThat(observation.error()).contains(ErrorCode.TLS_HANDSHAKE_FAILED);
            assertThat(observation.message()).isEqualTo("TLS handshake failed: certificate not trusted");
            assertThat(observation.facts().text("CONNECTED")).contains("false");
            assertThat(observation.certificateExpiresAt()).isEmpty();
        }
    }

    @Test
    void reportsAHostnameMismatchWhenTheCertificateNamesAnotherHost() {
        SelfSignedCertificate certificate = SelfSignedCertificate.create("dns:other.example", 30);
        try (HttpTarget target = HttpTarget.https(certificate.serverContext())) {
            Observation observation =
                    new TlsProber(Clock.systemUTC()).probe(spec(port(target), Optional.empty(), true, true), TIMEOUT);

            assertThat(observation.error()).contains(ErrorCode.HOSTNAME_MISMATCH);
            assertThat(observation.message()).startsWith("certificate does not name the host: ");
        }
    }

    @Test
    void checksTheNameSentAsServerName() {
        SelfSignedCertificate certificate = SelfSignedCertificate.create("dns:api.steward.test", 30);
        TlsProber prober = new TlsProber(Clock.systemUTC());
        try (HttpTarget target = HttpTarget.https(certificate.serverContext())) {
            Observation named = prober.probe(spec(port(target), Optional.of("api.steward.test"), true, true), TIMEOUT);
            Observation misnamed =
                    prober.probe(spec(port(target), Optional.of("www.steward.test"), true, true), TIMEOUT);
            Observation unchecked =
                    prober.probe(spec(port(target), Optional.of("www.steward.test"), false, true), TIMEOUT);

            assertThat(named.error()).isEmpty();
            assertThat(misnamed.error()).contains(ErrorCode.HOSTNAME_MISMATCH);
            assertThat(unchecked.error()).isEmpty();
        }
    }

    @Test
    void aPlainTextServerFailsTheHandshake() throws IOException {
        try (RawTarget plain = RawTarget.plainText()) {
            Observation observation =
                    new TlsProber(Clock.systemUTC()).probe(spec(plain.port(), Optional.empty(), false, true), TIMEOUT);

            assertThat(observation.error()).contains(ErrorCode.TLS_HANDSHAKE_FAILED);
        }
    }

    @Test
    void reportsConnectionRefusedForAClosedPort() {
        Observation observation =
                new TlsProber(Clock.systemUTC()).probe(spec(Ports.free(), Optional.empty(), true, false), TIMEOUT);

        assertThat(observation.error()).contains(ErrorCode.CONNECTION_REFUSED);
        assertThat(observation.facts().text("CONNECTED")).contains("false");
    }
}
