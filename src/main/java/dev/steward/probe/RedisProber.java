package dev.steward.probe;

import dev.steward.catalog.ProbeSpec;
import dev.steward.probe.condition.Facts;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.ConnectionFuture;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Opens a new connection to Redis (authenticating and selecting the database the URL names, TLS for
 * {@code rediss://}), sends PING, and INFO when a condition reads {@code [INFO]}; then closes the connection. One
 * Lettuce client and its event loops serve every probe.
 */
final class RedisProber implements Prober<ProbeSpec.Redis>, AutoCloseable {

    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("-?\\d+\\.\\d+");

    private final JsonMapper json;
    private final ClientResources resources;
    private final RedisClient client;

    RedisProber(JsonMapper json) {
        this.json = json;
        this.resources = DefaultClientResources.builder().build();
        this.client = RedisClient.create(resources);
        this.client.setOptions(ClientOptions.builder()
                .autoReconnect(false)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                // RESP2: AUTH and SELECT only, no HELLO round trip that older servers refuse.
                .protocolVersion(ProtocolVersion.RESP2)
                // The probe's own deadline ends the connect sooner; this only bounds Netty's attempt.
                .socketOptions(SocketOptions.builder()
                        .connectTimeout(Duration.ofSeconds(60))
                        .build())
                .build());
    }

    @Override
    public Observation probe(ProbeSpec.Redis spec, Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        Facts.Builder facts = Facts.builder().text("CONNECTED", "false");
        CompletableFuture<StatefulRedisConnection<String, String>> connecting = null;
        StatefulRedisConnection<String, String> connection = null;
        try {
            RedisURI uri = RedisURI.create(spec.url().uri());
            uri.setTimeout(timeout);
            ConnectionFuture<StatefulRedisConnection<String, String>> future =
                    client.connectAsync(StringCodec.UTF8, uri);
            connecting = future.toCompletableFuture();
            connection = connecting.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            facts.text("CONNECTED", "true");
            String pong = connection.async().ping().get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            String message = pong;
            if (spec.info()) {
                String info = connection.async().info().get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                facts.text("INFO", info).json("INFO", () -> Optional.of(info(info)));
                message = pong + ", " + version(info);
            }
            Duration latency = Duration.ofNanos(System.nanoTime() - start);
            facts.text("RESPONSE_TIME", String.valueOf(latency.toMillis()));
            return Observation.answered(latency, facts.build(), message);
        } catch (TimeoutException e) {
            return failed(facts, start, Failure.timeout(timeout));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(facts, start, Failure.timeout(timeout));
        } catch (ExecutionException | RuntimeException e) {
            return failed(facts, start, failure(e, spec, timeout));
        } finally {
            if (connection != null) {
                connection.closeAsync();
            } else if (connecting != null) {
                // A connection that completes after the deadline is closed at once.
                connecting.thenAccept(StatefulRedisConnection::closeAsync);
            }
        }
    }

    private static Failure failure(Throwable thrown, ProbeSpec.Redis spec, Duration timeout) {
        Throwable e = thrown instanceof ExecutionException && thrown.getCause() != null ? thrown.getCause() : thrown;
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof RedisCommandTimeoutException) {
                return Failure.timeout(timeout);
            }
            if (cause instanceof RedisCommandExecutionException command) {
                String reply = command.getMessage() == null ? "" : command.getMessage();
                String upper = reply.toUpperCase(Locale.ROOT);
                if (upper.startsWith("WRONGPASS")
                        || upper.startsWith("NOAUTH")
                        || upper.startsWith("ERR AUTH")
                        || upper.contains("INVALID PASSWORD")) {
                    return new Failure(ErrorCode.AUTHENTICATION_FAILED, "Redis refused the credentials: " + reply);
                }
                return new Failure(ErrorCode.QUERY_FAILED, "Redis answered " + reply);
            }
        }
        return Failure.of(e, timeout, String.valueOf(spec.url().uri().getHost()));
    }

    /** INFO's {@code field:value} lines as one JSON object; numbers as numbers, the rest as text. */
    private JsonNode info(String info) {
        ObjectNode fields = json.createObjectNode();
        for (String line : info.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (line.isBlank() || line.startsWith("#") || colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon);
            String value = line.substring(colon + 1).trim();
            if (INTEGER.matcher(value).matches()) {
                fields.put(name, Long.parseLong(value));
            } else if (DECIMAL.matcher(value).matches()) {
                fields.put(name, Double.parseDouble(value));
            } else {
                fields.put(name, value);
            }
        }
        return fields;
    }

    private static String version(String info) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("redis_version:")) {
                return "Redis " + line.substring("redis_version:".length()).trim();
            }
        }
        return "INFO read";
    }

    private static Observation failed(Facts.Builder facts, long start, Failure failure) {
        Duration latency = Duration.ofNanos(System.nanoTime() - start);
        facts.text("RESPONSE_TIME", String.valueOf(latency.toMillis()));
        return Observation.failed(latency, facts.build(), failure);
    }

    @Override
    public void close() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
