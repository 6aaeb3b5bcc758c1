package dev.steward.probe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP(S) server on loopback for prober tests: {@code /ok} answers healthy JSON, {@code /unavailable} 503,
 * {@code /wrong} a body whose status is down, {@code /redirect} 302 to {@code /ok}, {@code /echo} the request's
 * method, authorization, header and body, {@code /big} two MiB, {@code /hang} never answers. It records every request
 * with the client's port, so a test can tell whether connections were reused.
 */
final class HttpTarget implements AutoCloseable {

    /** One request as the server saw it. */
    record Request(
            String method,
            String path,
            int clientPort,
            @Nullable String authorization,
            String body) {}

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    private HttpTarget(HttpServer server) {
        this.server = server;
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::answer);
        server.start();
    }

    static HttpTarget http() {
        try {
            return new HttpTarget(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static HttpTarget https(SSLContext context) {
        try {
            HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            server.setHttpsConfigurator(new HttpsConfigurator(context));
            return new HttpTarget(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url(String path) {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return scheme + "://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<Request> requests() {
        return requests;
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            requests.add(new Request(
                    exchange.getRequestMethod(),
                    path,
                    exchange.getRemoteAddress().getPort(),
                    authorization,
                    body));
            switch (path) {
                case "/ok" -> send(exchange, 200, "{\"status\":\"ok\",\"checks\":{\"db\":{\"ok\":true}}}");
                case "/unavailable" -> send(exchange, 503, "{\"status\":\"down\"}");
                case "/wrong" -> send(exchange, 200, "{\"status\":\"down\",\"checks\":{\"db\":{\"ok\":false}}}");
                case "/redirect" -> {
                    exchange.getResponseHeaders().set("Location", "/ok");
                    exchange.sendResponseHeaders(302, -1);
                }
                case "/echo" ->
                    send(
                            exchange,
                            200,
                            exchange.getRequestMethod() + " " + authorization + " "
                                    + exchange.getRequestHeaders().getFirst("X-Probe") + " " + body);
                case "/big" -> send(exchange, 200, "x".repeat(2 * HttpProber.MAX_BODY_BYTES));
                case "/hang" -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                default -> send(exchange, 404, "{}");
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
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
