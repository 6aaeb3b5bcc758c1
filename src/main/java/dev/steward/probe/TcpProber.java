package dev.steward.probe;

import dev.steward.catalog.ProbeSpec;
import dev.steward.probe.condition.Facts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * Opens a TCP connection and closes it at once. {@code [CONNECTED]} says whether it could; a refused or timed-out
 * connection is an error unless a condition reads {@code [CONNECTED]} (a check that a port is closed).
 */
final class TcpProber implements Prober<ProbeSpec.Tcp> {

    @Override
    public Observation probe(ProbeSpec.Tcp spec, Duration timeout) {
        long start = System.nanoTime();
        Facts.Builder facts = Facts.builder().text("CONNECTED", "false");
        try {
            InetAddress address = InetAddress.getByName(spec.host());
            facts.text("IP", address.getHostAddress());
            // A blocking socket parks only the caller's virtual thread while it connects.
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address, spec.port()), timeoutMillis(timeout, start));
            }
            Duration latency = Duration.ofNanos(System.nanoTime() - start);
            facts.text("CONNECTED", "true").text("RESPONSE_TIME", String.valueOf(latency.toMillis()));
            return Observation.answered(latency, facts.build(), "connected");
        } catch (IOException | RuntimeException e) {
            Duration latency = Duration.ofNanos(System.nanoTime() - start);
            facts.text("RESPONSE_TIME", String.valueOf(latency.toMillis()));
            return Observation.failed(latency, facts.build(), Failure.of(e, timeout, spec.host()));
        }
    }

    /** What is left of the timeout after name resolution, at least 1 ms (0 would mean no timeout at all). */
    static int timeoutMillis(Duration timeout, long startNanos) {
        long left = timeout.toMillis()
                - Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, left));
    }
}
