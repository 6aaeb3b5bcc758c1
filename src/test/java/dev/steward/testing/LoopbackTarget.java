package dev.steward.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * A backend on loopback whose {@code /health} can be switched between the ways real backends fail: healthy JSON, 503,
 * a wrong body, a hang (accepts and never answers) and a closed port. It stays on the same port throughout.
 */
public final class LoopbackTarget implements AutoCloseable {

    /** How the target answers. */
    public enum Behaviour {
        /** 200 with {@code {"status":"ok","checks":{"db":{"ok":true},"redis":{"ok":true}}}}. */
        HEALTHY,
        /** 503 with {@code {"status":"down"}}. */
        UNAVAILABLE,
        /** 200 with a body whose database check failed. */
        WRONG_BODY,
        /** Accepts the request and never answers. */
        HANG,
        /** Nothing listens on the port. */
        CLOSED
    }

    private final int port = Ports.free();
    private final AtomicReference<Behaviour> behaviour = new AtomicReference<>(Behaviour.HEALTHY);
    private final java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
    private volatile CountDownLatch release = new CountDownLatch(1);
    private @Nullable HttpServer server;

    private LoopbackTarget() {}

    public static LoopbackTarget start() {
        LoopbackTarget target = new LoopbackTarget();
        target.listen();
        return target;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public int port() {
        return port;
    }

    /** How many requests the target has received. */
    public int requests() {
        return requests.get();
    }

    /** Changes how the target answers from the next request on; hung requests are released when it stops hanging. */
    public synchronized void behave(Behaviour next) {
        Behaviour previous = behaviour.getAndSet(next);
        if (previous == Behaviour.HANG && next != Behaviour.HANG) {
            release.countDown();
            release = new CountDownLatch(1);
        }
        if (next == Behaviour.CLOSED && server != null) {
            server.stop(0);
            server = null;
        } else if (next != Behaviour.CLOSED && server == null) {
            listen();
        }
    }

    private void listen() {
        try {
            HttpServer created = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 512);
            created.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            created.createContext("/", this::answer);
            created.start();
            server = created;
        } catch (IOException e) {
            throw new UncheckedIOException("could not listen on 127.0.0.1:" + port, e);
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            switch (behaviour.get()) {
                case HEALTHY ->
                    send(
                            exchange,
                            200,
                            "{\"status\":\"ok\",\"checks\":{\"db\":{\"ok\":true},\"redis\":{\"ok\":true}}}");
                case UNAVAILABLE -> send(exchange, 503, "{\"status\":\"down\"}");
                case WRONG_BODY ->
                    send(
                            exchange,
                            200,
                            "{\"status\":\"ok\",\"checks\":{\"db\":{\"ok\":false},\"redis\":{\"ok\":true}}}");
                case HANG -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                case CLOSED -> exchange.close();
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public synchronized void close() {
        release.countDown();
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }
}
