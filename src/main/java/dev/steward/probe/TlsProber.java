package dev.steward.probe;

import dev.steward.catalog.ProbeSpec;
import dev.steward.probe.condition.Facts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Connects to host:port and completes a TLS handshake, sending the server name (SNI) and, when asked, checking that
 * the certificate names the host with the JDK's HTTPS endpoint identification. Reports the leaf certificate's expiry.
 */
final class TlsProber implements Prober<ProbeSpec.Tls> {

    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|.*:.*");

    private final Clock clock;
    private final SSLSocketFactory verifying;
    private final SSLSocketFactory trustingAll;
    private final SSLSocketFactory checkingNamesOnly;

    TlsProber(Clock clock) {
        this.clock = clock;
        try {
            this.verifying = SSLContext.getDefault().getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no default TLS context", e);
        }
        this.trustingAll = TrustAll.context().getSocketFactory();
        this.checkingNamesOnly = namesOnlyContext().getSocketFactory();
    }

    @Override
    public Observation probe(ProbeSpec.Tls spec, Duration timeout) {
        long start = System.nanoTime();
        Facts.Builder facts = Facts.builder().text("CONNECTED", "false");
        try {
            InetAddress address = InetAddress.getByName(spec.host());
            facts.text("IP", address.getHostAddress());
            String serverName = spec.serverName().orElse(spec.host());
            try (Socket plain = new Socket()) {
                plain.connect(new InetSocketAddress(address, spec.port()), TcpProber.timeoutMillis(timeout, start));
                plain.setSoTimeout(TcpProber.timeoutMillis(timeout, start));
                try (SSLSocket tls = (SSLSocket) factory(spec).createSocket(plain, serverName, spec.port(), false)) {
                    SSLParameters parameters = tls.getSSLParameters();
                    if (!IP_LITERAL.matcher(serverName).matches()) {
                        parameters.setServerNames(List.of(new SNIHostName(serverName)));
                    }
                    if (spec.verifyHostname()) {
                        parameters.setEndpointIdentificationAlgorithm("HTTPS");
                    }
                    tls.setSSLParameters(parameters);
                    tls.startHandshake();
                    Duration latency = Duration.ofNanos(System.nanoTime() - start);
                    Optional<X509Certificate[]> chain = HttpProber.chain(tls.getSession());
                    facts.text("CONNECTED", "true").text("RESPONSE_TIME", String.valueOf(latency.toMillis()));
                    if (chain.isEmpty()) {
                        return Observation.failed(
                                latency,
                                facts.build(),
                                new Failure(ErrorCode.PROTOCOL_ERROR, "the server sent no X.509 certificate"));
                    }
                    Instant leafExpiry = chain.get()[0].getNotAfter().toInstant();
                    facts.text("CERTIFICATE_EXPIRATION", String.valueOf(leafExpiry.toEpochMilli() - clock.millis()));
                    return Observation.answered(latency, facts.build(), expiryMessage(leafExpiry))
                            .withCertificateExpiry(Optional.of(HttpProber.earliestExpiry(chain.get())));
                }
            }
        } catch (IOException | RuntimeException e) {
            Duration latency = Duration.ofNanos(System.nanoTime() - start);
            facts.text("RESPONSE_TIME", String.valueOf(latency.toMillis()));
            return Observation.failed(latency, facts.build(), Failure.of(e, timeout, spec.host()));
        }
    }

    private SSLSocketFactory factory(ProbeSpec.Tls spec) {
        if (!spec.insecureTls()) {
            return verifying;
        }
        return spec.verifyHostname() ? checkingNamesOnly : trustingAll;
    }

    private String expiryMessage(Instant notAfter) {
        long days = ChronoUnit.DAYS.between(clock.instant(), notAfter);
        String date = notAfter.truncatedTo(ChronoUnit.DAYS).toString().substring(0, 10);
        return days < 0
                ? "certificate expired on " + date
                : "certificate expires on " + date + " (in " + days + (days == 1 ? " day)" : " days)");
    }

    /**
     * For {@code insecure} with {@code verifyHostname}: any chain is accepted, but the leaf must name the host. The
     * JDK checks names only after it trusts the chain, so each handshake trusts the chain it was shown (the leaf
     * itself, which also skips the date check) and lets the JDK's endpoint identification run.
     */
    private static SSLContext namesOnlyContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new NamesOnly()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no TLS context", e);
        }
    }

    private static final class NamesOnly extends X509ExtendedTrustManager {

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            trusting(chain).checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            trusting(chain).checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // no socket, so no host to check: nothing to verify
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("Steward's monitors do not accept TLS clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }

        private static X509ExtendedTrustManager trusting(X509Certificate[] chain) throws CertificateException {
            try {
                KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
                anchors.load(null, null);
                for (int i = 0; i < chain.length; i++) {
                    anchors.setCertificateEntry("presented-" + i, chain[i]);
                }
                TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
                factory.init(anchors);
                for (TrustManager manager : factory.getTrustManagers()) {
                    if (manager instanceof X509ExtendedTrustManager extended) {
                        return extended;
                    }
                }
                throw new CertificateException("the JDK offers no X.509 trust manager");
            } catch (IOException | GeneralSecurityException e) {
                throw new CertificateException("could not check the certificate's names: " + e.getMessage(), e);
            }
        }
    }
}
