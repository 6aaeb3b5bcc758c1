package dev.steward.access;

import dev.steward.config.Settings;
import java.util.Map;

/**
 * The session cookie, the same with and without Redis: {@code STEWARD_SESSION}, HttpOnly, SameSite=Lax, Secure when
 * BASE_URL is https; sessions end after 12 hours without a request.
 */
public final class SessionCookie {

    /** The cookie's name. */
    public static final String NAME = "STEWARD_SESSION";

    static final int IDLE_SECONDS = 12 * 60 * 60;
    static final String REDIS_SESSIONS = "steward.sessions.redis";

    private SessionCookie() {}

    static boolean secure(Settings settings) {
        return "https".equalsIgnoreCase(settings.baseUrl().getScheme());
    }

    /** The Spring properties for the session cookie and, with Redis, the switch for {@link RedisSessions}. */
    public static Map<String, Object> properties(Settings settings) {
        return Map.of(
                "server.servlet.session.cookie.name",
                NAME,
                "server.servlet.session.cookie.http-only",
                true,
                "server.servlet.session.cookie.same-site",
                "lax",
                "server.servlet.session.cookie.secure",
                secure(settings),
                "server.servlet.session.timeout",
                IDLE_SECONDS + "s",
                "server.servlet.session.tracking-modes",
                "cookie",
                REDIS_SESSIONS,
                settings.redis().isPresent());
    }
}
