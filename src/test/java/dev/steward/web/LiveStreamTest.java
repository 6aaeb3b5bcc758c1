package dev.steward.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.steward.catalog.Catalog;
import dev.steward.catalog.Monitor;
import dev.steward.catalog.MonitorKey;
import dev.steward.catalog.MonitoredService;
import dev.steward.catalog.ProbeSpec;
import dev.steward.catalog.PublicListing;
import dev.steward.probe.ErrorCode;
import dev.steward.probe.ProbeResult;
import dev.steward.probe.Status;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class LiveStreamTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    private final LiveResults results = new LiveResults();
    private final LiveStream stream = new LiveStream(
            results, LiveStreamTest::catalog, JsonMapper.builder().build(), new SimpleMeterRegistry());
    private final List<Thread> served = new ArrayList<>();

    @BeforeEach
    void start() {
        stream.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        stream.stop();
        for (Thread thread : served) {
            thread.join(Duration.ofSeconds(10));
        }
    }

    private static Catalog catalog() {
        Map<String, MonitoredService> services = new LinkedHashMap<>();
        for (String name : List.of("shop-api", "blog")) {
            Monitor monitor = new Monitor(
                    new MonitorKey(name, "health"),
                    "",
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(1),
                    true,
                    new ProbeSpec.Tcp("127.0.0.1", 9),
                    List.of(),
                    List.of(),
                    Optional.empty(),
                    "steward.yml:1:1");
            services.put(
                    name,
                    new MonitoredService(
                            name,
                            "",
                            Optional.empty(),
                            List.of(),
                            Optional.empty(),
                            Map.of(),
                            List.of(),
                            List.of(monitor),
                            PublicListing.hidden(name)));
        }
        return new Catalog("steward.yml", services);
    }

    private void probe(String service, int second, Status status) {
        Instant at = T0.plusSeconds(second);
        ProbeResult result = new ProbeResult(
                new MonitorKey(service, "health"),
                at,
                at,
                Duration.ofMillis(7),
                status,
                status == Status.UP ? "HTTP 200" : "HTTP 503",
                status == Status.UP ? Optional.empty() : Optional.of(ErrorCode.STATUS_MISMATCH),
                List.of(),
                Optional.empty());
        stream.publish(result, results.add(result));
    }

    /** What a page receives, as text; writes block while {@link #hold} is not released. */
    private static final class Page extends OutputStream {
        final StringBuffer text = new StringBuffer();
        volatile CountDownLatch hold = new CountDownLatch(0);

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            text.append(new String(bytes, offset, length, StandardCharsets.UTF_8));
        }
    }

    private Page open(Optional<String> service, Optional<Long> after) {
        LiveStream.Subscriber subscriber = stream.subscribe(service, after).orElseThrow();
        Page page = new Page();
        served.add(Thread.ofVirtual().start(() -> subscriber.serve(page)));
        return page;
    }

    @Test
    void sendsEachResultOfTheServiceAskedForWithItsServiceState() {
        Page page = open(Optional.of("shop-api"), Optional.empty());
        await().until(() -> page.text.toString().contains("event: hello"));

        probe("blog", 1, Status.UP);
        probe("shop-api", 2, Status.DOWN);

        await().untilAsserted(() -> assertThat(page.text.toString())
                .contains("event: results\ndata: [{\"service\":\"shop-api\",\"monitor\":\"health\",\"state\":\"down\","
                        + "\"serviceState\":\"down\",\"at\":"
                        + T0.plusSeconds(2).toEpochMilli())
                .contains("\"latency\":\"7.0 ms\",\"message\":\"HTTP 503\",\"error\":\"status_mismatch\"}]"));
        assertThat(page.text.toString()).doesNotContain("\"blog\"");
    }

    @Test
    void replaysWhatThePageHasNotSeenFirst() {
        probe("shop-api", 1, Status.UP);
        long seen = results.sequence();
        probe("shop-api", 2, Status.DOWN);

        Page page = open(Optional.empty(), Optional.of(seen));

        await().untilAsserted(() -> assertThat(page.text.toString())
                .contains("\"at\":" + T0.plusSeconds(2).toEpochMilli())
                .doesNotContain("\"at\":" + T0.plusSeconds(1).toEpochMilli()));
    }

    @Test
    void tellsAPageThatFellBehindToResyncInsteadOfSendingTheBacklog() {
        LiveStream.Subscriber subscriber =
                stream.subscribe(Optional.empty(), Optional.empty()).orElseThrow();
        Page page = new Page();
        page.hold = new CountDownLatch(1); // the page reads nothing: its first write waits
        served.add(Thread.ofVirtual().start(() -> subscriber.serve(page)));

        for (int batch = 0; batch <= LiveStream.QUEUE; batch++) {
            subscriber.offer(List.of(new LiveStream.Encoded("shop-api", "{\"batch\":" + batch + "}")));
        }
        page.hold.countDown();

        await().untilAsserted(() -> assertThat(page.text.toString()).contains("event: resync"));
        assertThat(page.text.toString()).doesNotContain("\"batch\"");
    }

    @Test
    void refusesStreamsBeyondTheLimit() {
        List<LiveStream.Subscriber> open = new ArrayList<>();
        for (int i = 0; i < LiveStream.MAX_SUBSCRIBERS; i++) {
            open.add(stream.subscribe(Optional.empty(), Optional.empty()).orElseThrow());
        }

        assertThat(stream.subscribe(Optional.empty(), Optional.empty())).isEmpty();
        assertThat(stream.subscribers()).isEqualTo(LiveStream.MAX_SUBSCRIBERS);
    }

    @Test
    void endsEveryStreamWhenStewardStops() throws InterruptedException {
        open(Optional.empty(), Optional.empty());
        await().until(() -> stream.subscribers() == 1);

        stream.stop();

        await().until(() -> stream.subscribers() == 0);
        assertThat(stream.subscribe(Optional.empty(), Optional.empty())).isEmpty();
    }
}
