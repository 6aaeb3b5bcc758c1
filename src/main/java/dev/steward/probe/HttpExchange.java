package dev.steward.probe;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP/1.1 request and its answer over a new connection of its own, closed afterwards: written and read with
 * blocking I/O on the probe's virtual thread, which costs about half the CPU of Java's HTTP client (docs/PROBES.md).
 *
 * <p>One deadline covers the exchange: the connect timeout and the socket's read timeout are what remains of it
 * before each step, so a target that sends its headers and then stalls times out like one that never answers. The
 * request says {@code Connection: close}; the answer's body is read by {@code Content-Length}, chunked, or until the
 * target closes, at most {@code maxBody} bytes of it.
 */
final class HttpExchange {

    /** What to send; {@code headers} are the caller's, validated, without the ones this class writes itself. */
    record Request(String method, URI url, Map<String, String> headers, byte @Nullable [] body) {}

    /**
     * The answer. {@code headers} look names up ignoring case and keep the first value of a repeated name;
     * {@code truncated} says the body was cut at the limit; {@code tls} is the session of an {@code https} exchange.
     */
    record Response(
            int status,
            Map<String, String> headers,
            byte[] body,
            boolean truncated,
            InetAddress address,
            Optional<SSLSession> tls) {}

    private static final int BUFFER_BYTES = 8192;
    private static final int MAX_LINE_BYTES = 8192;
    private static final int MAX_HEADER_LINES = 200;

    private final long deadline;
    private final int maxBody;
    private @Nullable InetAddress address;
    private int status = -1;

    private @Nullable Socket socket;
    private @Nullable InputStream in;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int position;
    private int limit;

    /**
     * @param deadline the {@link System#nanoTime()} by which the whole exchange must be over
     * @param maxBody the most bytes of the body to read
     */
    HttpExchange(long deadline, int maxBody) {
        this.deadline = deadline;
        this.maxBody = maxBody;
    }

    /** The address the host resolved to, once it did. */
    Optional<InetAddress> address() {
        return Optional.ofNullable(address);
    }

    /** The answer's status, once its headers arrived. */
    Optional<Integer> status() {
        return status < 0 ? Optional.empty() : Optional.of(status);
    }

    /**
     * Sends the request on a new connection and reads the answer.
     *
     * @param tls the socket factory for an {@code https} URL, with the trust the monitor asks for
     * @throws IOException as the JDK's sockets throw it: unknown host, refused, reset, TLS failures,
     *     {@link SocketTimeoutException} at the deadline, {@link ProtocolException} for an answer that is not HTTP
     */
    Response send(Request request, @Nullable SSLSocketFactory tls) throws IOException {
        URI url = request.url();
        boolean https = "https".equalsIgnoreCase(url.getScheme());
        String host = hostOf(url);
        int port = url.getPort() >= 0 ? url.getPort() : https ? 443 : 80;
        address = InetAddress.getByName(host);
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(address, port), remainingMillis());
            Socket connected = plain;
            Optional<SSLSession> session = Optional.empty();
            if (https) {
                if (tls == null) {
                    throw new IllegalStateException("an https exchange needs a TLS socket factory");
                }
                SSLSocket secure = (SSLSocket) tls.createSocket(plain, host, port, true);
                SSLParameters parameters = secure.getSSLParameters();
                if (!isAddressLiteral(host)) {
                    try {
                        parameters.setServerNames(List.of(new SNIHostName(host)));
                    } catch (IllegalArgumentException notAnSniName) {
                        // e.g. a name with an underscore: resolvable, but not allowed in SNI; sent without it
                    }
                }
                // Verified connections check the certificate names the host; TrustAll accepts any name itself.
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                secure.setSSLParameters(parameters);
                secure.setSoTimeout(remainingMillis());
                secure.startHandshake();
                session = Optional.of(secure.getSession());
                connected = secure;
            }
            try (Socket closing = connected) {
                socket = closing;
                in = closing.getInputStream();
                write(closing.getOutputStream(), request, host, port, https);
                return read(request.method(), session);
            }
        }
    }

    /** The host of a URL without the brackets of an IPv6 literal. */
    static String hostOf(URI url) {
        String host = url.getHost();
        if (host == null) {
            throw new IllegalArgumentException("the URL " + url + " names no host");
        }
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static boolean isAddressLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }

    private static void write(OutputStream out, Request request, String host, int port, boolean https)
            throws IOException {
        URI url = request.url();
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String target = url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
        StringBuilder head = new StringBuilder(256)
                .append(request.method())
                .append(' ')
                .append(target)
                .append(" HTTP/1.1\r\nHost: ");
        head.append(host.indexOf(':') >= 0 ? "[" + host + "]" : host);
        if (port != (https ? 443 : 80)) {
            head.append(':').append(port);
        }
        head.append("\r\nConnection: close\r\n");
        request.headers()
                .forEach((name, value) ->
                        head.append(name).append(": ").append(value).append("\r\n"));
        byte[] body = request.body();
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] bytes = head.toString().getBytes(StandardCharsets.UTF_8);
        if (body != null && body.length > 0) {
            byte[] whole = new byte[bytes.length + body.length];
            System.arraycopy(bytes, 0, whole, 0, bytes.length);
            System.arraycopy(body, 0, whole, bytes.length, body.length);
            bytes = whole;
        }
        out.write(bytes);
        out.flush();
    }

    private Response read(String method, Optional<SSLSession> session) throws IOException {
        Map<String, String> headers;
        int code;
        do {
            String statusLine = line(true);
            code = statusCode(statusLine);
            headers = headers();
            // 1xx answers (100 Continue, 103 Early Hints) come before the real one; 101 would switch protocols.
        } while (code >= 100 && code < 200 && code != 101);
        status = code;
        InetAddress peer = address;
        if (peer == null) {
            throw new IllegalStateException("answered before connecting");
        }
        if (method.equals("HEAD") || code < 200 || code == 204 || code == 304) {
            return new Response(code, headers, new byte[0], false, peer, session);
        }
        String encoding = headers.get("Transfer-Encoding");
        String length = headers.get("Content-Length");
        Body body = new Body(maxBody);
        if (encoding != null && !encoding.isBlank()) {
            if (!encoding.toLowerCase(Locale.ROOT).strip().endsWith("chunked")) {
                readUntilClose(body);
            } else {
                readChunked(body);
            }
        } else if (length != null) {
            readLength(body, contentLength(length));
        } else {
            readUntilClose(body);
        }
        return new Response(code, headers, body.bytes(), body.truncated, peer, session);
    }

    private static int statusCode(String line) throws ProtocolException {
        // HTTP/1.1 200 OK — the reason phrase is optional, the three digits are not.
        if (line.length() < 12
                || !line.startsWith("HTTP/")
                || line.charAt(8) != ' '
                || (line.length() > 12 && line.charAt(12) != ' ')) {
            throw new ProtocolException("the answer is not HTTP: " + printable(line));
        }
        int code = 0;
        for (int i = 9; i < 12; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') {
                throw new ProtocolException("the answer is not HTTP: " + printable(line));
            }
            code = code * 10 + (c - '0');
        }
        if (code < 100) {
            throw new ProtocolException("the answer is not HTTP: " + printable(line));
        }
        return code;
    }

    private Map<String, String> headers() throws IOException {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        String previous = null;
        for (int count = 0; ; count++) {
            String line = line(false);
            if (line.isEmpty()) {
                return headers;
            }
            if (count == MAX_HEADER_LINES) {
                throw new ProtocolException("the answer has more than " + MAX_HEADER_LINES + " header lines");
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && previous != null) {
                headers.computeIfPresent(previous, (name, value) -> value + " " + line.strip());
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new ProtocolException("the answer has a malformed header line: " + printable(line));
            }
            String name = line.substring(0, colon).strip();
            previous = name;
            headers.putIfAbsent(name, line.substring(colon + 1).strip());
        }
    }

    private static long contentLength(String value) throws ProtocolException {
        try {
            long length = Long.parseLong(value.strip());
            if (length >= 0) {
                return length;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new ProtocolException("the answer has an invalid Content-Length: " + printable(value));
    }

    private void readLength(Body body, long length) throws IOException {
        long left = length;
        while (left > 0 && !body.full()) {
            int n = fill();
            if (n < 0) {
                throw new EOFException(
                        "connection closed reading the body, " + left + " of " + length + " bytes missing");
            }
            int take = (int) Math.min(left, limit - position);
            body.add(buffer, position, take);
            position += take;
            left -= take;
        }
        body.truncated = left > 0;
    }

    private void readChunked(Body body) throws IOException {
        while (!body.full()) {
            String sizeLine = line(false);
            int extension = sizeLine.indexOf(';');
            String hex = (extension >= 0 ? sizeLine.substring(0, extension) : sizeLine).strip();
            long size;
            try {
                size = Long.parseLong(hex, 16);
            } catch (NumberFormatException notHex) {
                throw new ProtocolException("the answer has an invalid chunk size: " + printable(sizeLine));
            }
            if (size < 0) {
                throw new ProtocolException("the answer has an invalid chunk size: " + printable(sizeLine));
            }
            if (size == 0) {
                while (!line(false).isEmpty()) {
                    // trailer fields: not reported
                }
                return;
            }
            long left = size;
            while (left > 0 && !body.full()) {
                int n = fill();
                if (n < 0) {
                    throw new EOFException("connection closed reading the body");
                }
                int take = (int) Math.min(left, limit - position);
                body.add(buffer, position, take);
                position += take;
                left -= take;
            }
            if (left > 0) {
                break;
            }
            if (!line(false).isEmpty()) {
                throw new ProtocolException("the answer has a chunk longer than its size");
            }
        }
        body.truncated = true;
    }

    private void readUntilClose(Body body) throws IOException {
        while (!body.full()) {
            if (fill() < 0) {
                return;
            }
            body.add(buffer, position, limit - position);
            position = limit;
        }
        // Full: the body was cut unless the target closes right at the limit, which is not worth a read to learn.
        body.truncated = true;
    }

    /** Makes buffered bytes available; the number available, or -1 at the end of the stream. */
    private int fill() throws IOException {
        if (position < limit) {
            return limit - position;
        }
        Socket open = socket;
        InputStream input = in;
        if (open == null || input == null) {
            throw new IllegalStateException("reading before connecting");
        }
        open.setSoTimeout(remainingMillis());
        int n = input.read(buffer, 0, buffer.length);
        position = 0;
        limit = Math.max(n, 0);
        return n;
    }

    /**
     * One line without its CR LF, read as Latin-1. At the start of an answer, a closed connection is "closed before
     * an answer"; within one, the answer was cut short.
     */
    private String line(boolean firstOfAnswer) throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            if (fill() < 0) {
                throw new EOFException(
                        firstOfAnswer && line.isEmpty()
                                ? "connection closed before an answer"
                                : "connection closed reading the answer");
            }
            while (position < limit) {
                byte b = buffer[position++];
                if (b == '\n') {
                    int end = line.length();
                    if (end > 0 && line.charAt(end - 1) == '\r') {
                        line.setLength(end - 1);
                    }
                    return line.toString();
                }
                if (line.length() == MAX_LINE_BYTES) {
                    throw new ProtocolException("the answer has a line longer than " + MAX_LINE_BYTES + " bytes");
                }
                line.append((char) (b & 0xff));
            }
        }
    }

    /** What is left of the deadline, for the next blocking step; at least a millisecond, since 0 means forever. */
    private int remainingMillis() throws SocketTimeoutException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("the deadline passed");
        }
        return Math.clamp((left + 999_999) / 1_000_000, 1, Integer.MAX_VALUE);
    }

    /** At most 60 characters, without control characters: an answer quoted in a message. */
    private static String printable(String text) {
        String cut = text.length() > 60 ? text.substring(0, 60) + "…" : text;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    /** The body read so far, up to its limit. */
    private static final class Body {
        private final int max;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        private boolean truncated;

        Body(int max) {
            this.max = max;
        }

        boolean full() {
            return bytes.size() >= max;
        }

        void add(byte[] source, int offset, int length) {
            int take = Math.min(length, max - bytes.size());
            bytes.write(source, offset, take);
            if (take < length) {
                truncated = true;
            }
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }
    }
}
