package dev.steward.access;

import dev.steward.config.RedisUrl;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in counters in Redis, shared by every Steward instance using it. When Redis cannot be reached the counts fall
 * back to this instance's memory (logged), so sign-in keeps working and keeps being limited.
 */
final class RedisCounters implements LoginLimits.Counters, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisCounters.class);
    private static final String NAMESPACE = "steward:login-limit:";
    /** INCR, start the window on the first hit, answer the count and the window's rest in one round trip. */
    private static final String INCREMENT = """
            local n = redis.call('INCR', KEYS[1])
            if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            return {n, redis.call('PTTL', KEYS[1])}""";

    private final RedisClient client;
    private final RedisURI uri;
    private final LoginLimits.Counters fallback;
    private @Nullable StatefulRedisConnection<String, String> connection;

    RedisCounters(RedisUrl url, LoginLimits.Counters fallback) {
        this.uri = RedisURI.create(url.uri());
        this.uri.setTimeout(Duration.ofSeconds(2));
        this.client = RedisClient.create();
        this.fallback = fallback;
    }

    @Override
    public LoginLimits.Count increment(String key, Duration window) {
        try {
            List<Long> answer = connection()
                    .sync()
                    .eval(
                            INCREMENT,
                            ScriptOutputType.MULTI,
                            new String[] {NAMESPACE + key},
                            String.valueOf(window.toMillis()));
            return new LoginLimits.Count(answer.get(0), Duration.ofMillis(Math.max(0, answer.get(1))));
        } catch (RuntimeException e) {
            unavailable(e);
            return fallback.increment(key, window);
        }
    }

    @Override
    public LoginLimits.Count peek(String key) {
        try {
            var commands = connection().sync();
            String value = commands.get(NAMESPACE + key);
            if (value == null) {
                return new LoginLimits.Count(0, Duration.ZERO);
            }
            return new LoginLimits.Count(
                    Long.parseLong(value), Duration.ofMillis(Math.max(0, commands.pttl(NAMESPACE + key))));
        } catch (RuntimeException e) {
            unavailable(e);
            return fallback.peek(key);
        }
    }

    @Override
    public String kind() {
        return "redis";
    }

    private synchronized StatefulRedisConnection<String, String> connection() {
        StatefulRedisConnection<String, String> current = connection;
        if (current == null || !current.isOpen()) {
            current = client.connect(uri);
            connection = current;
        }
        return current;
    }

    private void unavailable(RuntimeException e) {
        log.atWarn()
                .addKeyValue("event", "login_limits_fallback")
                .addKeyValue("error", e.getClass().getSimpleName())
                .log("Redis is unreachable; sign-in attempts are counted in this instance's memory until it is back");
        synchronized (this) {
            if (connection != null) {
                connection.closeAsync();
                connection = null;
            }
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (connection != null) {
                connection.close();
            }
        }
        client.shutdown();
    }
}
