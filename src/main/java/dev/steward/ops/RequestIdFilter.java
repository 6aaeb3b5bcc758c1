package dev.steward.ops;

import dev.steward.config.Settings;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id (the caller's {@code X-Request-Id} when it is a sane token, a new UUID otherwise), returns
 * it in the response header, puts it on every log line written while the request runs, and writes one access-log
 * event when the request ends.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestIdFilter extends OncePerRequestFilter {

    static final String HEADER = "X-Request-Id";
    static final String MDC_KEY = "requestId";
    private static final Pattern ACCEPTED_ID = Pattern.compile("[A-Za-z0-9._:/+=@-]{1,128}");
    /** Probed every few seconds by orchestrators; logged at DEBUG so they do not drown the access log. */
    private static final Set<String> PROBE_PATHS = Set.of("/healthz", "/readyz", "/ready", "/metrics");

    private static final Logger log = LoggerFactory.getLogger(RequestIdFilter.class);
    private final int trustedProxyHops;

    RequestIdFilter(Settings settings) {
        this.trustedProxyHops = settings.trustProxyHops();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String requestId = requestId(request.getHeader(HEADER));
        response.setHeader(HEADER, requestId);
        MDC.put(MDC_KEY, requestId);
        long started = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            boolean probe = PROBE_PATHS.contains(request.getRequestURI());
            (probe ? log.atDebug() : log.atInfo())
                    .addKeyValue("event", "http_request")
                    .addKeyValue("method", request.getMethod())
                    .addKeyValue("path", request.getRequestURI())
                    .addKeyValue("status", response.getStatus())
                    .addKeyValue("durationMs", Math.round((System.nanoTime() - started) / 10_000.0) / 100.0)
                    .addKeyValue("clientIp", ClientAddress.of(request, trustedProxyHops))
                    .log("{} {} {}", request.getMethod(), request.getRequestURI(), response.getStatus());
            MDC.remove(MDC_KEY);
        }
    }

    static String requestId(@Nullable String incoming) {
        if (incoming != null && ACCEPTED_ID.matcher(incoming).matches()) {
            return incoming;
        }
        return UUID.randomUUID().toString();
    }
}
