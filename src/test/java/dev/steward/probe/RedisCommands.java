package dev.steward.probe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** Sends one command to a test Redis over a plain socket (authenticating first when the URL has a password). */
final class RedisCommands {

    private RedisCommands() {}

    static String send(String url, String... command) {
        URI uri = URI.create(url);
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            String userInfo = uri.getUserInfo();
            if (userInfo != null && userInfo.contains(":")) {
                out.write(encode("AUTH", userInfo.substring(userInfo.indexOf(':') + 1)));
                line(in);
            }
            out.write(encode(command));
            return line(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] encode(String... parts) {
        StringBuilder resp = new StringBuilder("*" + parts.length + "\r\n");
        for (String part : parts) {
            resp.append('$')
                    .append(part.getBytes(StandardCharsets.UTF_8).length)
                    .append("\r\n")
                    .append(part)
                    .append("\r\n");
        }
        return resp.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            line.append((char) c);
        }
        return line.toString().trim();
    }
}
