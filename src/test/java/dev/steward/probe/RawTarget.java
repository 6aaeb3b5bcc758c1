package dev.steward.probe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A TCP server on loopback that misbehaves the way broken backends do: it reads the request and then writes a fixed
 * answer (possibly only the headers) and holds the connection, or closes it without a word.
 */
final class RawTarget implements AutoCloseable {

    private final ServerSocket server;
    private final byte[] answer;
    private final boolean hold;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);

    private RawTarget(String answer, boolean hold) {
        this.answer = answer.getBytes(StandardCharsets.US_ASCII);
        this.hold = hold;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().name("raw-target").start(this::serve);
    }

    /** Sends a status line and headers announcing a body, then never sends the body. */
    static RawTarget headersThenHang() {
        return new RawTarget("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n", true);
    }

    /** Accepts, reads the request, and holds the connection without answering. */
    static RawTarget silent() {
        return new RawTarget("", true);
    }

    /** Answers every request with a plain-text HTTP 400 and closes, as an HTTP server does to a TLS client. */
    static RawTarget plainText() {
        return new RawTarget("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", false);
    }

    /** Accepts, reads the request, and closes the connection without answering. */
    static RawTarget closesWithoutAnswer() {
        return new RawTarget("", false);
    }

    int port() {
        return server.getLocalPort();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
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
            byte[] request = new byte[8192];
            in.read(request); // the request line and headers arrive in one segment on loopback
            OutputStream out = socket.getOutputStream();
            out.write(answer);
            out.flush();
            if (hold) {
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
