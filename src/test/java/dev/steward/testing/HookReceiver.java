package dev.steward.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A notification receiver on loopback for end-to-end tests: keeps every POST body it was sent with the status it
 * answered, and answers 200 unless told otherwise.
 */
public final class HookReceiver implements AutoCloseable {

    /** One request: its body, its Idempotency-Key header (if any) and the status it was answered with. */
    public record Received(String body, String idempotencyKey, int answered) {}

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile int status = 200;

    private HookReceiver(HttpServer server) {
        this.server = server;
    }

    public static HookReceiver start() {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HookReceiver receiver = new HookReceiver(server);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int answer = receiver.status;
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            receiver.received.add(new Received(body, key == null ? "" : key, answer));
            byte[] reply = (answer == 202 ? "{\"status\":\"success\"}" : "ok").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.start();
        return receiver;
    }

    /** Answers every later request with this status. */
    public void answer(int next) {
        status = next;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Every request so far, in arrival order. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Requests it accepted (answered 2xx) whose body matches. */
    public List<Received> accepted(Predicate<String> body) {
        return received.stream()
                .filter(r -> r.answered() / 100 == 2 && body.test(r.body()))
                .toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
