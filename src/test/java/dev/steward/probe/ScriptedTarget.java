package dev.steward.probe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * A loopback server whose answers are written byte for byte by the test, for what a well-behaved server would not
 * send: chunked bodies, bodies cut short, redirects across schemes, answers that stall. It records every request as
 * received (request line and headers, then the body).
 */
final class ScriptedTarget implements AutoCloseable {

    /** A request as received: its head (request line and header lines, CR LF each) and its body. */
    record Request(String head, String body) {

        String line() {
            return head.substring(0, head.indexOf("\r\n"));
        }

        String path() {
            return line().split(" ")[1];
        }

        /** The first value of the header, or null. */
        @Nullable
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).strip();
                }
            }
            return null;
        }
    }

    /** What to send back, and whether to hold the connection open afterwards instead of closing it. */
    record Answer(String text, boolean hold) {

        static Answer of(String text) {
            return new Answer(text, false);
        }
    }

    private final ServerSocket server;
    private final boolean tls;
    private final Function<Request, Answer> script;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);

    private ScriptedTarget(ServerSocket server, boolean tls, Function<Request, Answer> script) {
        this.server = server;
        this.tls = tls;
        this.script = script;
        Thread.ofVirtual().name("scripted-target").start(this::serve);
    }

    static ScriptedTarget http(Function<Request, Answer> script) {
        try {
            return new ScriptedTarget(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), false, script);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ScriptedTarget https(SSLContext context, Function<Request, Answer> script) {
        try {
            return new ScriptedTarget(
                    context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress()),
                    true,
                    script);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url(String path) {
        return (tls ? "https" : "http") + "://127.0.0.1:" + server.getLocalPort() + path;
    }

    List<Request> requests() {
        return requests;
    }

    private void serve() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                accepted.add(socket);
                Thread.ofVirtual().start(() -> answer(socket));
            } catch (IOException closing) {
                return;
            }
        }
    }

    private void answer(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    socket.close();
                    return;
                }
                head.write(b);
            }
            String headText = head.toString(StandardCharsets.ISO_8859_1);
            int length = 0;
            for (String line : headText.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).strip());
                }
            }
            Request request = new Request(headText, new String(in.readNBytes(length), StandardCharsets.UTF_8));
            requests.add(request);
            Answer answer = script.apply(request);
            OutputStream out = socket.getOutputStream();
            out.write(answer.text().getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (answer.hold()) {
                closed.await();
            }
            socket.close();
        } catch (IOException | InterruptedException ignored) {
            // the probe hung up first
        }
    }

    @Override
    public void close() throws IOException {
        closed.countDown();
        server.close();
        for (Socket socket : accepted) {
            socket.close();
        }
    }
}
