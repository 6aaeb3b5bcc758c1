package dev.steward.testing;

import static org.awaitility.Awaitility.await;

import dev.steward.catalog.BackupPolicy;
import dev.steward.config.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server on a free loopback port for one test class: S3Proxy, run as its own Java process with
 * its buckets in a temporary directory. Maven copies its self-contained jar from Maven Central into
 * {@code target/s3proxy/} before the integration tests (pre-integration-test phase); the system property
 * {@code s3proxy.jar} points elsewhere. Register with {@code @RegisterExtension static final S3Server s3 = new
 * S3Server();}, then use {@link #storage(String, String)} for a catalog storage spec and {@link #client()} to look at
 * the bucket directly.
 */
public final class S3Server implements BeforeAllCallback, AfterAllCallback {

    private final int port = Ports.free();
    private final String accessKey = "steward-test";
    private final String secretKey = "test-secret-" + UUID.randomUUID();
    private @Nullable Path data;
    private @Nullable Process process;
    private @Nullable S3Client client;

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    /** {@code http://127.0.0.1:<port>}; buckets need path-style addressing. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public String region() {
        return "us-east-1";
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    /** Creates a bucket (a directory of the server's store) and returns its name. */
    public String createBucket(String name) {
        try {
            Files.createDirectories(dataDirectory().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return name;
    }

    /** A catalog storage spec for a bucket and prefix on this server (path-style, this server's credentials). */
    public BackupPolicy.Storage.S3 storage(String bucket, String prefix) {
        return new BackupPolicy.Storage.S3(
                endpoint(), region(), bucket, prefix, true, new Secret(accessKey), new Secret(secretKey));
    }

    /** An SDK client for this server, to look at buckets and multipart uploads behind the code under test. */
    public synchronized S3Client client() {
        if (client == null) {
            client = S3Client.builder()
                    .httpClient(UrlConnectionHttpClient.create())
                    .endpointOverride(endpoint())
                    .region(Region.of(region()))
                    .credentialsProvider(
                            StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                    .forcePathStyle(true)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                    .build();
        }
        return client;
    }

    public synchronized void start() {
        if (process != null) {
            return;
        }
        Path jar = Path.of(System.getProperty("s3proxy.jar", "target/s3proxy/s3proxy.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: run the integration tests through"
                    + " Maven (./run-tests, or mvn verify -Dit.test=...), whose pre-integration-test phase copies"
                    + " S3Proxy there from Maven Central, or set -Ds3proxy.jar=<path to"
                    + " s3proxy-<version>-jar-with-dependencies.jar>");
        }
        try {
            data = Files.createTempDirectory("steward-s3-");
            Path blobs = Files.createDirectory(data.resolve("blobs"));
            Path properties = data.resolve("s3proxy.conf");
            Files.writeString(
                    properties,
                    String.join(
                            "\n",
                            "s3proxy.endpoint=" + endpoint(),
                            "s3proxy.authorization=aws-v2-or-v4",
                            "s3proxy.identity=" + accessKey,
                            "s3proxy.credential=" + secretKey,
                            "jclouds.provider=filesystem",
                            "jclouds.identity=unused",
                            "jclouds.credential=unused",
                            "jclouds.filesystem.basedir=" + blobs,
                            ""),
                    StandardCharsets.UTF_8);
            String java = ProcessHandle.current().info().command().orElse("java");
            ProcessBuilder builder = new ProcessBuilder(List.of(
                            java,
                            "-Xmx256m",
                            "-XX:+UseSerialGC",
                            "-XX:TieredStopAtLevel=1",
                            "-jar",
                            jar.toAbsolutePath().toString(),
                            "--properties",
                            properties.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(data.resolve("s3proxy.log").toFile());
            builder.environment().put("LOG_LEVEL", "warn");
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("S3Proxy could not be started", e);
        }
        Process started = process;
        try {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .failFast("S3Proxy exited", () -> !started.isAlive())
                    .until(this::accepts);
        } catch (RuntimeException e) {
            String log = log();
            stop();
            throw new IllegalStateException("S3Proxy did not start on " + endpoint() + "; its log:\n" + log, e);
        }
    }

    public synchronized void stop() {
        if (client != null) {
            client.close();
            client = null;
        }
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
        if (data != null) {
            deleteTree(data);
            data = null;
        }
    }

    private Path dataDirectory() {
        if (data == null) {
            throw new IllegalStateException("S3Server is not started");
        }
        return data.resolve("blobs");
    }

    private boolean accepts() {
        try {
            new Socket(InetAddress.getLoopbackAddress(), port).close();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String log() {
        try {
            return data == null ? "" : Files.readString(data.resolve("s3proxy.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
