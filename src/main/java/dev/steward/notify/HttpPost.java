package dev.steward.notify;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * POSTs notification bodies over one shared HTTP/1.1 client and classifies what came of it: 2xx delivered; 408, 429,
 * 5xx and I/O errors retryable (with the receiver's Retry-After); other statuses not. One deadline covers the whole
 * exchange, and only the first kilobyte of an answer is read.
 */
final class HttpPost implements AutoCloseable {

    static final int ANSWER_BYTES = 1024;

    private final HttpClient client;
    private final Duration timeout;
    private final Clock clock;

    HttpPost(Duration timeout, Clock clock) {
        this.timeout = timeout;
        this.clock = clock;
        // Redirects are not followed: a POST redirected elsewhere is a configuration to fix, not a hop to take
        // silently with a signed body (and Java's client would turn it into a GET).
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** POSTs the body with the headers, in order; never throws. Errors name the receiver's host, never a secret. */
    Delivery post(URI uri, Map<String, String> headers, String body, Masking masking) {
        String receiver = Masking.receiver(uri);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        for (Map.Entry<String, String> header : headers.entrySet()) {
            try {
                builder.setHeader(header.getKey(), header.getValue());
            } catch (IllegalArgumentException e) {
                // The JDK's reason can quote the value, which may be a secret: name the header only.
                return failed(
                        "the header " + Wording.oneLine(header.getKey())
                                + " cannot be sent to " + receiver
                                + ": restricted (Host, Connection, Content-Length, Expect, Upgrade) or not a valid"
                                + " header name or value",
                        false);
            }
        }
        HttpRequest request;
        try {
            request = builder.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            return failed("the request to " + receiver + " cannot be built: " + masking.redact(reason(e)), false);
        }
        CompletableFuture<HttpResponse<String>> exchange = client.sendAsync(request, info -> new FirstKilobyte());
        try {
            HttpResponse<String> response = exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return classify(response.statusCode(), response.headers(), masking.redact(response.body()), receiver);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return failed("no complete answer from " + receiver + " within " + Wording.duration(timeout), true);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            return failed("interrupted before " + receiver + " answered", true);
        } catch (ExecutionException | CancellationException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            return failed(ioError(cause, uri, masking), true);
        }
    }

    /** The delivery for an answer: 2xx delivered; 408, 429 and 5xx retryable; anything else not. */
    Delivery classify(int status, HttpHeaders headers, String answer, String receiver) {
        if (status >= 200 && status < 300) {
            return new Delivery.Delivered(status, answer);
        }
        boolean retryable = status == 408 || status == 429 || status >= 500;
        StringBuilder error =
                new StringBuilder("HTTP ").append(status).append(" from ").append(receiver);
        if (status >= 300 && status < 400) {
            error.append(": redirects are not followed; configure the URL it redirects to");
        } else if (isText(headers) && !answer.isBlank()) {
            // Slack answers "no_service", PagerDuty a JSON reason: worth a look without opening the answer.
            error.append(": ").append(Wording.truncate(Wording.oneLine(answer), 200));
        }
        Optional<Duration> retryAfter = retryable
                ? headers.firstValue("Retry-After").flatMap(value -> retryAfter(value, clock.instant()))
                : Optional.empty();
        return new Delivery.Failed(error.toString(), Optional.of(status), answer, retryable, retryAfter);
    }

    /** Retry-After as delay seconds or an HTTP date; empty when it is neither. */
    static Optional<Duration> retryAfter(String value, Instant now) {
        String text = value.strip();
        if (!text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            // A year is plenty; longer values are no less a request to wait long.
            return Optional.of(text.length() > 8 ? Duration.ofDays(365) : Duration.ofSeconds(Long.parseLong(text)));
        }
        try {
            Instant when = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
            Duration wait = Duration.between(now, when);
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            // Neither form: the receiver gave no usable hint, and the dispatcher's own backoff applies.
            return Optional.empty();
        }
    }

    private static boolean isText(HttpHeaders headers) {
        String type = headers.firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        return type.startsWith("text/plain") || type.contains("json");
    }

    private String ioError(Throwable failure, URI uri, Masking masking) {
        String receiver = Masking.receiver(uri);
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            switch (cause) {
                case HttpConnectTimeoutException e -> {
                    return "connecting to " + receiver + " timed out after " + Wording.duration(timeout);
                }
                case HttpTimeoutException e -> {
                    return "no answer from " + receiver + " within " + Wording.duration(timeout);
                }
                case UnresolvedAddressException e -> {
                    return "cannot resolve " + uri.getHost();
                }
                case UnknownHostException e -> {
                    return "cannot resolve " + uri.getHost();
                }
                case SSLException e -> {
                    return "TLS with " + receiver + " failed: " + masking.redact(reason(e));
                }
                default -> {}
            }
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return "connection refused by " + receiver;
            }
        }
        String kind = failure instanceof IOException ? "I/O error" : "error";
        return kind + " talking to " + receiver + ": " + masking.redact(reason(failure));
    }

    private static String reason(Throwable e) {
        String message = e.getMessage();
        String text = message == null || message.isBlank()
                ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + message;
        return Wording.truncate(Wording.oneLine(text), 300);
    }

    private static Delivery.Failed failed(String error, boolean retryable) {
        return new Delivery.Failed(error, Optional.empty(), "", retryable, Optional.empty());
    }

    @Override
    public void close() {
        client.close();
    }

    /** Keeps the first kilobyte of a body and stops reading there; a body cut short keeps what arrived. */
    static final class FirstKilobyte implements HttpResponse.BodySubscriber<String> {

        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<String> body = new CompletableFuture<>();
        private Flow.@Nullable Subscription subscription;

        @Override
        public CompletionStage<String> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (body.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                int take = Math.min(buffer.remaining(), ANSWER_BYTES - bytes.size());
                byte[] chunk = new byte[take];
                buffer.get(chunk);
                bytes.write(chunk, 0, take);
                if (bytes.size() >= ANSWER_BYTES) {
                    Flow.Subscription current = subscription;
                    if (current != null) {
                        current.cancel();
                    }
                    complete();
                    return;
                }
            }
        }

        @Override
        public void onError(Throwable throwable) {
            // The status line and headers arrived, which decide the delivery; the answer is only for people.
            complete();
        }

        @Override
        public void onComplete() {
            complete();
        }

        private void complete() {
            body.complete(bytes.toString(StandardCharsets.UTF_8));
        }
    }
}
