package dev.steward.ops;

import dev.steward.config.RedisUrl;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Sends {@code PING} over one kept connection. A failed check drops the connection and the next check connects
 * again, so Redis coming back is noticed without a restart and without a reconnect loop in the logs.
 */
final class RedisCheck implements DependencyCheck, AutoCloseable {

    private final RedisClient client;
    private final RedisURI uri;
    private final ReentrantLock lock = new ReentrantLock();
    private @Nullable StatefulRedisConnection<String, String> connection;

    RedisCheck(RedisUrl url, Duration timeout) {
        this.uri = RedisURI.create(url.uri());
        this.uri.setTimeout(timeout);
        this.client = RedisClient.create();
        this.client.setOptions(ClientOptions.builder()
                .autoReconnect(false)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build());
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public String failureMessage() {
        return "Redis connection failed";
    }

    @Override
    public void check(Duration timeout) throws Exception {
        if (!lock.tryLock(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new java.util.concurrent.TimeoutException("an earlier check is still waiting for Redis");
        }
        try {
            if (connection == null || !connection.isOpen()) {
                connection = client.connect(uri);
            }
            String reply = connection.async().ping().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!"PONG".equals(reply)) {
                throw new IllegalStateException("unexpected reply to PING: " + reply);
            }
        } catch (Exception e) {
            dropConnection();
            throw e;
        } finally {
            lock.unlock();
        }
    }

    private void dropConnection() {
        if (connection != null) {
            connection.closeAsync();
            connection = null;
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            dropConnection();
        } finally {
            lock.unlock();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
