package dev.steward.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.catalog.ProbeSpec;
import dev.steward.testing.Ports;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TcpProberTest {

    private final TcpProber prober = new TcpProber();

    @Test
    void connectsToAnOpenPort() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Observation observation =
                    prober.probe(new ProbeSpec.Tcp("127.0.0.1", server.getLocalPort()), Duration.ofSeconds(2));

            assertThat(observation.error()).isEmpty();
            assertThat(observation.message()).isEqualTo("connected");
            assertThat(observation.facts().text("CONNECTED")).contains("true");
            assertThat(observation.facts().text("IP")).contains("127.0.0.1");
            assertThat(observation.facts().text("RESPONSE_TIME"))
                    .hasValueSatisfying(ms -> assertThat(Long.parseLong(ms)).isNotNegative());
        }
    }

    @Test
    void reportsConnectionRefusedForAClosedPort() {
        Observation observation = prober.probe(new ProbeSpec.Tcp("127.0.0.1", Ports.free()), Duration.ofSeconds(2));

        assertThat(observation.error()).contains(ErrorCode.CONNECTION_REFUSED);
        assertThat(observation.message()).isEqualTo("connection refused");
        assertThat(observation.facts().text("CONNECTED")).contains("false");
        assertThat(observation.certificateExpiresAt()).isEqualTo(Optional.empty());
    }

    @Test
    void reportsAnUnknownHost() {
        Observation observation = prober.probe(new ProbeSpec.Tcp("no-such-host.invalid", 80), Duration.ofSeconds(2));

        assertThat(observation.error()).contains(ErrorCode.UNKNOWN_HOST);
        assertThat(observation.message()).isEqualTo("unknown host no-such-host.invalid");
        assertThat(observation.facts().text("CONNECTED")).contains("false");
    }
}
