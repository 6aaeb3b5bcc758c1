package dev.steward.probe;

import static org.awaitility.Awaitility.await;

import dev.steward.catalog.ProbeSpec;
import dev.steward.probe.condition.Facts;
import dev.steward.testing.Ports;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Measurements behind docs/PROBES.md ("A new connection for every probe"), not a test: the CPU of this JVM per 1,000
 * HTTP probes started at a steady rate on virtual threads against nginx on loopback, which closes every connection
 * after its answer ({@code keepalive_timeout 0}), for each way of making the exchange. Run one way per JVM by hand:
 * {@code mvn -B test -Dtest='HttpProbeMeasurement#prober' -Dsurefire.failIfNoSpecifiedTests=false} (also
 * {@code #jdkClient}, {@code #rawSocket}); {@code -Dmeasure.rate=1000 -Dmeasure.seconds=15}. It prints the first
 * probe's latency in the fresh JVM, then the CPU-s per 1,000 probes after a 5 s warm-up.
 *
 * <p>Apache HttpClient 5 classic was measured the same way (docs/PROBES.md) with one client built by
 * {@code HttpClients.custom()}: a pooling connection manager for 10,000 connections with 5 s connect and socket
 * timeouts, a reuse strategy that never reuses, no retries, redirects, cookies or compression, and the body read by
 * {@code EntityUtils.toString(entity, 1 MiB)}; it is not a dependency of Steward, so the method is not kept here.
 */
class HttpProbeMeasurement {

    private static final int RATE = Integer.getInteger("measure.rate", 1_000);
    private static final int SECONDS = Integer.getInteger("measure.seconds", 15);
    private static final int WARM_UP_SECONDS = 5;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String BODY = "{\"status\":\"ok\",\"checks\":{\"db\":{\"ok\":true}}}";

    private static Process nginx;
    private static int port;

    @BeforeAll
    static void startNginx() throws Exception {
        Path dir = Files.createTempDirectory("steward-nginx");
        port = Ports.free();
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, """
                daemon off;
                master_process off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 8192; }
                http {
                  access_log off;
                  keepalive_timeout 0;
                  client_body_temp_path %1$s/body;
                  proxy_temp_path %1$s/proxy;
                  fastcgi_temp_path %1$s/fastcgi;
                  uwsgi_temp_path %1$s/uwsgi;
                  scgi_temp_path %1$s/scgi;
                  server {
                    listen 127.0.0.1:%2$d backlog=4096;
                    location / { default_type application/json; return 200 '%3$s'; }
                  }
                }
                """.formatted(dir, port, BODY));
        nginx = new ProcessBuilder("nginx", "-c", conf.toString(), "-p", dir.toString())
                .inheritIO()
                .start();
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> {
            new Socket("127.0.0.1", port).close();
            return true;
        });
    }

    @AfterAll
    static void stopNginx() throws InterruptedException {
        nginx.destroy();
        nginx.waitFor(5, TimeUnit.SECONDS);
    }

    private static ProbeSpec.Http spec() {
        return new ProbeSpec.Http(
                "GET",
                URI.create("http://127.0.0.1:" + port + "/health"),
                Map.of(),
                Optional.empty(),
                false,
                Optional.empty(),
                false);
    }

    /** Steward's own HTTP prober. */
    @Test
    void prober() {
        HttpProber prober =
                new HttpProber(Clock.systemUTC(), JsonMapper.builder().build());
        measure("HttpProber", spec -> prober.probe(spec, TIMEOUT));
    }

    /**
     * Java's HTTP client as Steward used it before: one client per core taken in turn, {@code Connection: close},
     * completions on the client's selector thread.
     */
    @Test
    void jdkClient() {
        // Read once, when the client's classes load: nothing in this JVM used them yet.
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "connection");
        int lanes = Runtime.getRuntime().availableProcessors();
        List<HttpClient> clients = new ArrayList<>();
        for (int i = 0; i < lanes; i++) {
            clients.add(HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .executor(Runnable::run)
                    .build());
        }
        AtomicInteger next = new AtomicInteger();
        measure("JDK HttpClient", spec -> {
            long start = System.nanoTime();
            HttpRequest request = HttpRequest.newBuilder(spec.url())
                    .header("User-Agent", "steward-monitor")
                    .header("Connection", "close")
                    .build();
            HttpClient client = clients.get(Math.floorMod(next.getAndIncrement(), lanes));
            try {
                HttpResponse<String> response = client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                        .get(TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
                return observation(start, response.statusCode(), response.body());
            } catch (IOException | ExecutionException | TimeoutException e) {
                return Observation.failed(
                        Duration.ofNanos(System.nanoTime() - start),
                        Facts.builder().build(),
                        Failure.of(e, TIMEOUT));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Observation.failed(
                        Duration.ofNanos(System.nanoTime() - start),
                        Facts.builder().build(),
                        Failure.timeout(TIMEOUT));
            }
        });
        clients.forEach(HttpClient::shutdownNow);
    }

    /** A minimal HTTP/1.1 exchange over a blocking socket on the probe's virtual thread. */
    @Test
    void rawSocket() {
        measure("raw socket", spec -> {
            long start = System.nanoTime();
            URI url = spec.url();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getByName(url.getHost()), url.getPort()), 5_000);
                socket.setSoTimeout(5_000);
                OutputStream out = new BufferedOutputStream(socket.getOutputStream());
                out.write(("GET " + url.getRawPath() + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
                                + "\r\nUser-Agent: steward-monitor\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                InputStream in = new BufferedInputStream(socket.getInputStream());
                String statusLine = line(in);
                int status = Integer.parseInt(statusLine.substring(9, 12));
                Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                for (String header = line(in); !header.isEmpty(); header = line(in)) {
                    int colon = header.indexOf(':');
                    headers.put(
                            header.substring(0, colon).trim(),
                            header.substring(colon + 1).trim());
                }
                int length = Integer.parseInt(headers.getOrDefault("Content-Length", "-1"));
                byte[] body = length >= 0 ? in.readNBytes(length) : in.readNBytes(1 << 20);
                return observation(start, status, new String(body, StandardCharsets.UTF_8));
            } catch (IOException e) {
                return Observation.failed(
                        Duration.ofNanos(System.nanoTime() - start),
                        Facts.builder().build(),
                        Failure.of(e, TIMEOUT));
            }
        });
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    /** The facts Steward's prober gives, so that every way does the same work after the exchange. */
    private static Observation observation(long start, int status, String body) throws IOException {
        Duration latency = Duration.ofNanos(System.nanoTime() - start);
        Facts facts = Facts.builder()
                .text("CONNECTED", "true")
                .text("STATUS", String.valueOf(status))
                .text("RESPONSE_TIME", String.valueOf(latency.toMillis()))
                .text("BODY", body)
                .text("IP", InetAddress.getByName("127.0.0.1").getHostAddress())
                .build();
        return Observation.answered(latency, facts, "HTTP " + status);
    }

    private static void measure(String name, Function<ProbeSpec.Http, Observation> probe) {
        ProbeSpec.Http spec = spec();
        Observation first = probe.apply(spec);
        System.out.printf(
                "%s: first probe in this JVM %s, %d ms%n",
                name, first.message(), first.latency().toMillis());
        run(spec, probe, WARM_UP_SECONDS);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuBefore = os.getProcessCpuTime();
        Result result = run(spec, probe, SECONDS);
        long cpu = os.getProcessCpuTime() - cpuBefore;
        System.out.printf(
                "%s: %d probes at %d/s for %d s: %d answered, %d failed (%s), %.3f CPU-s per 1,000 probes, %d s wall%n",
                name,
                result.started,
                RATE,
                SECONDS,
                result.answered,
                result.started - result.answered,
                result.firstFailure,
                cpu / 1e9 / result.started * 1_000,
                result.wallNanos / 1_000_000_000);
    }

    private record Result(int started, int answered, String firstFailure, long wallNanos) {}

    /** Starts {@code RATE} probes a second for {@code seconds} and waits for all of them. */
    private static Result run(ProbeSpec.Http spec, Function<ProbeSpec.Http, Observation> probe, int seconds) {
        int total = RATE * seconds;
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        StringBuffer failure = new StringBuffer();
        long start = System.nanoTime();
        long interval = 1_000_000_000L / RATE;
        for (int i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            Thread.ofVirtual().start(() -> {
                Observation observation = probe.apply(spec);
                if (observation.error().isEmpty()) {
                    answered.incrementAndGet();
                } else if (failure.isEmpty()) {
                    failure.append(observation.message());
                }
                done.incrementAndGet();
            });
        }
        while (done.get() < total) {
            LockSupport.parkNanos(1_000_000);
        }
        return new Result(total, answered.get(), failure.toString(), System.nanoTime() - start);
    }
}
