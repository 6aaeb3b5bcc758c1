package dev.steward.access;

import dev.steward.config.Settings;
import io.lettuce.core.RedisURI;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.session.data.redis.config.annotation.web.http.EnableRedisHttpSession;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;

/**
 * Sessions in Redis when REDIS_URL is set, so that every Steward instance behind a load balancer knows every signed-in
 * user. Without Redis, sessions live in this instance's memory and end with it (the README says so).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(SessionCookie.REDIS_SESSIONS)
@EnableRedisHttpSession(maxInactiveIntervalInSeconds = SessionCookie.IDLE_SECONDS, redisNamespace = "steward:session")
class RedisSessions {

    @Bean
    LettuceConnectionFactory redisConnectionFactory(Settings settings) {
        RedisURI uri = RedisURI.create(settings.redis().orElseThrow().uri());
        RedisStandaloneConfiguration server = new RedisStandaloneConfiguration(uri.getHost(), uri.getPort());
        server.setDatabase(uri.getDatabase());
        String userInfo = settings.redis().orElseThrow().uri().getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            if (!user.isEmpty() && colon >= 0) {
                server.setUsername(user);
            }
            server.setPassword(RedisPassword.of(colon < 0 ? user : decode(userInfo.substring(colon + 1))));
        }
        LettuceClientConfiguration.LettuceClientConfigurationBuilder client = LettuceClientConfiguration.builder()
                .commandTimeout(settings.healthCheckTimeout().multipliedBy(2));
        if (uri.isSsl()) {
            client.useSsl();
        }
        return new LettuceConnectionFactory(server, client.build());
    }

    private static String decode(String text) {
        return java.net.URLDecoder.decode(text, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Bean
    CookieSerializer cookieSerializer(Settings settings) {
        DefaultCookieSerializer cookie = new DefaultCookieSerializer();
        cookie.setCookieName(SessionCookie.NAME);
        cookie.setUseHttpOnlyCookie(true);
        cookie.setSameSite("Lax");
        cookie.setUseSecureCookie(SessionCookie.secure(settings));
        cookie.setCookiePath("/");
        cookie.setUseBase64Encoding(false);
        return cookie;
    }
}
