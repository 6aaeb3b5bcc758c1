package dev.steward.probe;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** A self-signed certificate made at test time with the JDK's keytool, and a server TLS context that presents it. */
final class SelfSignedCertificate {

    private static final char[] PASSWORD = "changeit".toCharArray();

    private final KeyStore keyStore;

    private SelfSignedCertificate(KeyStore keyStore) {
        this.keyStore = keyStore;
    }

    /**
     * @param subjectAlternativeNames keytool's form, e.g. {@code ip:127.0.0.1,dns:localhost}
     * @param validityDays how long it is valid from now
     */
    static SelfSignedCertificate create(String subjectAlternativeNames, int validityDays) {
        return create(subjectAlternativeNames, "+0d", validityDays);
    }

    /**
     * @param startDate keytool's relative form, e.g. {@code -10d} for a certificate that became valid ten days ago
     */
    static SelfSignedCertificate create(String subjectAlternativeNames, String startDate, int validityDays) {
        try {
            Path directory = Files.createTempDirectory("steward-test-tls");
            Path file = directory.resolve("server.p12");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair",
                    "-alias",
                    "server",
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-dname",
                    "CN=steward-test",
                    "-startdate",
                    startDate,
                    "-validity",
                    String.valueOf(validityDays),
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    file.toString(),
                    "-storepass",
                    new String(PASSWORD)));
            if (!subjectAlternativeNames.isEmpty()) {
                command.addAll(List.of("-ext", "san=" + subjectAlternativeNames));
            }
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(file)) {
                keyStore.load(in, PASSWORD);
            }
            Files.delete(file);
            Files.delete(directory);
            return new SelfSignedCertificate(keyStore);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    X509Certificate certificate() {
        try {
            return (X509Certificate) keyStore.getCertificate("server");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    SSLContext serverContext() {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(keyStore, PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
