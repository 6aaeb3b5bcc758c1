package dev.steward.probe;

import static dev.steward.probe.Monitors.monitor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.catalog.Monitor;
import dev.steward.catalog.ProbeSpec;
import dev.steward.probe.condition.ConditionOutcome;
import dev.steward.testing.Ports;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProbeRunnerTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final Instant SCHEDULED = NOW.minusMillis(20);

    private final ProbeRunner runner = new ProbeRunner(Clock.fixed(NOW, ZoneOffset.UTC));
    private final HttpTarget target = HttpTarget.http();

    @AfterEach
    void close() {
        runner.close();
        target.close();
    }

    private ProbeSpec.Http get(String path) {
        return new ProbeSpec.Http(
                "GET", URI.create(target.url(path)), Map.of(), Optional.empty(), false, Optional.empty(), false);
    }

    private static ProbeSpec.Tcp closedPort() {
        return new ProbeSpec.Tcp("127.0.0.1", Ports.free());
    }

    @Test
    void upWhenEveryConditionHolds() {
        Monitor monitor =
                monitor(get("/ok"), List.of("[STATUS] == 200", "[BODY].status == ok", "[RESPONSE_TIME] < 5000"));

        ProbeResult result = runner.run(monitor, SCHEDULED);

        assertThat(result.status()).isEqualTo(Status.UP);
        assertThat(result.message()).isEqualTo("HTTP 200");
        assertThat(result.error()).isEmpty();
        assertThat(result.failures()).isEmpty();
        assertThat(result.monitor()).isEqualTo(monitor.key());
        assertThat(result.scheduledAt()).isEqualTo(SCHEDULED);
        assertThat(result.startedAt()).isEqualTo(NOW);
        assertThat(result.latency()).isPositive();
    }

    @Test
    void aWrongStatusIsAStatusMismatch() {
        Monitor monitor = monitor(get("/unavailable"), List.of("[STATUS] == 200", "[BODY].status == ok"));

        ProbeResult result = runner.run(monitor, SCHEDULED);

        assertThat(result.status()).isEqualTo(Status.DOWN);
        assertThat(result.error()).contains(ErrorCode.STATUS_MISMATCH);
        assertThat(result.message()).isEqualTo("HTTP 503; expected [STATUS] (503) == 200 (and 1 more)");
        assertThat(result.failures())
                .extracting(ConditionOutcome::condition)
                .containsExactly("[STATUS] == 200", "[BODY].status == ok");
    }

    @Test
    void aWrongBodyIsAFailedCondition() {
        Monitor monitor = monitor(get("/wrong"), List.of("[STATUS] == 200", "[BODY].status == ok"));

        ProbeResult result = runner.run(monitor, SCHEDULED);

        assertThat(result.status()).isEqualTo(Status.DOWN);
        assertThat(result.error()).contains(ErrorCode.CONDITION_FAILED);
        assertThat(result.message()).isEqualTo("HTTP 200; expected [BODY].status (down) == ok");
    }

    @Test
    void aFailedWarnConditionIsDegraded() {
        Monitor monitor =
                monitor(get("/ok"), Duration.ofSeconds(5), List.of("[STATUS] == 200"), List.of("[RESPONSE_TIME] < 0"));

        ProbeResult result = runner.run(monitor, SCHEDULED);

        assertThat(result.status()).isEqualTo(Status.DEGRADED);
        assertThat(result.error()).isEmpty();
        assertThat(result.message()).startsWith("slow: [RESPONSE_TIME] (").endsWith(") < 0");
        assertThat(result.failures()).extracting(ConditionOutcome::condition).containsExactly("[RESPONSE_TIME] < 0");
    }

    @Test
    void aClosedPortIsUpWhenTheMonitorExpectsItClosed() {
        ProbeResult result = runner.run(monitor(closedPort(), List.of("[CONNECTED] == false")), SCHEDULED);

        assertThat(result.status()).isEqualTo(Status.UP);
        assertThat(result.error()).isEmpty();
        assertThat(result.message()).isEqualTo("connection refused");
    }

    @Test
    void aClosedPortThatShouldBeOpenKeepsTheConnectionError() {
        ProbeResult result = runner.run(monitor(closedPort(), List.of("[CONNECTED] == true")), SCHEDULED);

        assertThat(result.status()).isEqualTo(Status.DOWN);
        assertThat(result.error()).contains(ErrorCode.CONNECTION_REFUSED);
        assertThat(result.message()).isEqualTo("connection refused; expected [CONNECTED] (false) == true");
    }

    @Test
    void anOpenPortThatShouldBeClosedIsAFailedCondition() throws Exception {
        try (var server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            ProbeSpec.Tcp open = new ProbeSpec.Tcp("127.0.0.1", server.getLocalPort());

            ProbeResult result = runner.run(monitor(open, List.of("[CONNECTED] == false")), SCHEDULED);

            assertThat(result.status()).isEqualTo(Status.DOWN);
            assertThat(result.error()).contains(ErrorCode.CONDITION_FAILED);
            assertThat(result.message()).isEqualTo("connected; expected [CONNECTED] (true) == false");
        }
    }

    @Test
    void anUnreachableTargetIsDownWithTheConnectionError() {
        ProbeResult result = runner.run(monitor(closedPort(), List.of("[STATUS] == 200")), SCHEDULED);

        assertThat(result.status()).isEqualTo(Status.DOWN);
        assertThat(result.error()).contains(ErrorCode.CONNECTION_REFUSED);
        assertThat(result.message()).isEqualTo("connection refused");
        assertThat(result.failures()).isEmpty();
    }

    @Test
    void aHungTargetIsDownWithATimeout() {
        Monitor monitor = monitor(get("/hang"), Duration.ofMillis(300), List.of("[STATUS] == 200"), List.of());

        ProbeResult result = runner.run(monitor, SCHEDULED);

        assertThat(result.status()).isEqualTo(Status.DOWN);
        assertThat(result.error()).contains(ErrorCode.TIMEOUT);
        assertThat(result.message()).isEqualTo("timed out after 300ms");
    }

    @Test
    void aMonitorWithoutConditionsIsUpWhenTheTargetAnswers() {
        ProbeResult result = runner.run(monitor(get("/unavailable"), List.of()), SCHEDULED);

        assertThat(result.status()).isEqualTo(Status.UP);
        assertThat(result.message()).isEqualTo("HTTP 503");
    }

    @Test
    void aBugInAProberIsAProbeErrorResult() {
        ProbeSpec.Http broken =
                new ProbeSpec.Http("GET", null, Map.of(), Optional.empty(), false, Optional.empty(), false);

        ProbeResult result = runner.run(monitor(broken, List.of()), SCHEDULED);

        assertThat(result.status()).isEqualTo(Status.DOWN);
        assertThat(result.error()).contains(ErrorCode.PROBE_ERROR);
        assertThat(result.message()).startsWith("Steward failed to run the probe: NullPointerException");
        assertThat(result.startedAt()).isEqualTo(NOW);
    }

    @Test
    void aMissingNameIsUpWhenTheMonitorExpectsNxdomain() {
        try (DnsResponder responder = new DnsResponder(Map.of(), List.of())) {
            ProbeSpec.Dns removed =
                    new ProbeSpec.Dns("old.steward.test", "A", Optional.of(responder.server()), List.of());

            ProbeResult expected = runner.run(monitor(removed, List.of("[DNS_RCODE] == NXDOMAIN")), SCHEDULED);
            ProbeResult unexpected = runner.run(monitor(removed, List.of("[BODY] == 10.0.0.7")), SCHEDULED);

            assertThat(expected.status()).isEqualTo(Status.UP);
            assertThat(unexpected.status()).isEqualTo(Status.DOWN);
            assertThat(unexpected.error()).contains(ErrorCode.DNS_FAILED);
            assertThat(unexpected.message()).isEqualTo("NXDOMAIN for old.steward.test");
        }
    }

    @Test
    void aDnsMonitorsExpectedAddressesAreNeverOverruledByConditions() throws Exception {
        org.xbill.DNS.Name name = org.xbill.DNS.Name.fromString("api.steward.test.");
        var answer = new org.xbill.DNS.ARecord(
                name, org.xbill.DNS.DClass.IN, 60, java.net.InetAddress.getByName("10.0.0.7"));
        try (DnsResponder responder = new DnsResponder(Map.of("api.steward.test.", List.of(answer)), List.of())) {
            ProbeSpec.Dns moved =
                    new ProbeSpec.Dns("api.steward.test", "A", Optional.of(responder.server()), List.of("10.0.0.9"));

            ProbeResult result = runner.run(monitor(moved, List.of("[DNS_RCODE] == NOERROR")), SCHEDULED);

            assertThat(result.status()).isEqualTo(Status.DOWN);
            assertThat(result.error()).contains(ErrorCode.CONDITION_FAILED);
            assertThat(result.message()).isEqualTo("expected 10.0.0.9 among the answers (10.0.0.7)");
        }
    }
}
