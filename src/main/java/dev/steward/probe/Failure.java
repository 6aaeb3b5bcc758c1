package dev.steward.probe;

import dev.steward.config.Durations;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * Why a probe could not observe its target: an {@link ErrorCode} and a short message for people. Built from the
 * exceptions the JDK's network APIs throw, so that every kind reports the same code for the same situation.
 */
record Failure(ErrorCode code, String message) {

    /** {@code sun.security.…Exception: } prefixes the JDK puts in front of the reason that matters. */
    private static final Pattern CLASS_PREFIX = Pattern.compile("^([a-z][\\w$]*\\.)+[A-Z][\\w$]*(Exception|Error): ");

    static Failure timeout(Duration timeout) {
        return new Failure(ErrorCode.TIMEOUT, "timed out after " + Durations.format(timeout));
    }

    /** Like {@link #of(Throwable, Duration)}, naming the host when it does not resolve. */
    static Failure of(Throwable thrown, Duration timeout, String host) {
        Failure failure = of(thrown, timeout);
        return failure.code() == ErrorCode.UNKNOWN_HOST
                ? new Failure(ErrorCode.UNKNOWN_HOST, "unknown host " + host)
                : failure;
    }

    /** A failure of Steward itself, keeping the cause's type and message. */
    static Failure probeError(Throwable cause) {
        return new Failure(ErrorCode.PROBE_ERROR, "Steward failed to run the probe: " + describe(cause));
    }

    /**
     * Classifies an exception thrown by a network exchange. The cause chain is searched from the outside in for the
     * first exception that says what happened; anything unrecognised becomes {@link ErrorCode#PROTOCOL_ERROR} (an
     * {@link IOException}: the target answered something unexpected) or {@link ErrorCode#PROBE_ERROR} (anything else),
     * with the cause's type and message.
     */
    static Failure of(Throwable thrown, Duration timeout) {
        Throwable outer = unwrap(thrown);
        for (Throwable e = outer; e != null; e = e.getCause()) {
            // The JDK's HTTP client reports an unknown host as a ConnectException caused by this.
            if (e instanceof UnresolvedAddressException || e instanceof UnknownHostException) {
                return new Failure(ErrorCode.UNKNOWN_HOST, "unknown host");
            }
        }
        for (Throwable e = outer; e != null; e = e.getCause()) {
            Failure known = known(e, timeout);
            if (known != null) {
                return known;
            }
        }
        if (outer instanceof IOException) {
            return new Failure(ErrorCode.PROTOCOL_ERROR, describe(outer));
        }
        return probeError(outer);
    }

    private static @Nullable Failure known(Throwable e, Duration timeout) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        String lower = message.toLowerCase(Locale.ROOT);
        return switch (e) {
            case HttpTimeoutException ignored -> timeout(timeout);
            case SocketTimeoutException ignored -> timeout(timeout);
            case TimeoutException ignored -> timeout(timeout);
            case NoRouteToHostException ignored -> new Failure(ErrorCode.HOST_UNREACHABLE, "no route to host");
            case PortUnreachableException ignored -> new Failure(ErrorCode.CONNECTION_REFUSED, "port unreachable");
            case ConnectException ignored
            when lower.contains("unreachable") ->
                new Failure(ErrorCode.HOST_UNREACHABLE, lower.isEmpty() ? "host unreachable" : lower);
            case ConnectException ignored when lower.contains("timed out") -> timeout(timeout);
            case ConnectException ignored -> new Failure(ErrorCode.CONNECTION_REFUSED, "connection refused");
            case SSLException ssl -> tls(ssl);
            case EOFException ignored -> new Failure(ErrorCode.CONNECTION_RESET, "connection closed before an answer");
            case SocketException ignored
            when lower.contains("reset") || lower.contains("broken pipe") ->
                new Failure(ErrorCode.CONNECTION_RESET, "connection reset");
            case SocketException ignored
            when lower.contains("closed") ->
                new Failure(ErrorCode.CONNECTION_RESET, "connection closed before an answer");
            case IOException ignored
            when lower.contains("received no bytes") || lower.contains("connection closed") ->
                new Failure(ErrorCode.CONNECTION_RESET, "connection closed before an answer");
            case InterruptedIOException ignored -> timeout(timeout);
            default -> null;
        };
    }

    /** The TLS failure in a few words: hostname mismatch, untrusted, expired, or the JDK's innermost reason. */
    static Failure tls(SSLException e) {
        Throwable innermost = e;
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CertificateExpiredException) {
                return new Failure(ErrorCode.TLS_HANDSHAKE_FAILED, "TLS handshake failed: certificate expired");
            }
            if (cause instanceof CertificateNotYetValidException) {
                return new Failure(ErrorCode.TLS_HANDSHAKE_FAILED, "TLS handshake failed: certificate not yet valid");
            }
            innermost = cause;
        }
        String reason = shorten(e.getMessage());
        String lower = reason.toLowerCase(Locale.ROOT);
        if (lower.contains("no subject alternative") || lower.contains("no name matching")) {
            return new Failure(ErrorCode.HOSTNAME_MISMATCH, "certificate does not name the host: " + reason);
        }
        if (lower.contains("unable to find valid certification path")) {
            return new Failure(ErrorCode.TLS_HANDSHAKE_FAILED, "TLS handshake failed: certificate not trusted");
        }
        if (lower.contains("validity check failed")) {
            return new Failure(ErrorCode.TLS_HANDSHAKE_FAILED, "TLS handshake failed: certificate expired");
        }
        if (reason.isEmpty() && innermost != e) {
            reason = shorten(innermost.getMessage());
        }
        return new Failure(ErrorCode.TLS_HANDSHAKE_FAILED, "TLS handshake failed: " + reason);
    }

    /** The reason without the class names the JDK prefixes it with. */
    private static String shorten(@Nullable String message) {
        if (message == null) {
            return "";
        }
        String reason = message.trim();
        int colon = reason.indexOf(": ");
        // "PKIX path building failed: sun.security…Exception: unable to find …" → the last, most specific part.
        while (colon >= 0) {
            String rest = reason.substring(colon + 2);
            if (!CLASS_PREFIX.matcher(rest).find()) {
                break;
            }
            reason = CLASS_PREFIX.matcher(rest).replaceFirst("");
            colon = reason.indexOf(": ");
        }
        return CLASS_PREFIX.matcher(reason).replaceFirst("");
    }

    /** The exception's simple type and message, e.g. {@code IllegalStateException: no body}. */
    static String describe(Throwable e) {
        return e.getMessage() == null
                ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static Throwable unwrap(Throwable thrown) {
        Throwable e = thrown;
        while ((e instanceof CompletionException
                        || e instanceof ExecutionException
                        || e instanceof UncheckedIOException)
                && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
