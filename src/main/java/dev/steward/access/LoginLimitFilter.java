package dev.steward.access;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Limits sign-in attempts ({@code POST /login} and every {@code POST /api/auth/…}) per client address and per
 * account before anything else looks at them; over the limit the answer is 429 with {@code Retry-After}.
 */
final class LoginLimitFilter extends OncePerRequestFilter {

    private final LoginLimits limits;
    private final AuditLog audit;
    private final int trustedProxyHops;

    LoginLimitFilter(LoginLimits limits, AuditLog audit, int trustedProxyHops) {
        this.limits = limits;
        this.audit = audit;
        this.trustedProxyHops = trustedProxyHops;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !"POST".equals(request.getMethod()) || !(path.equals("/login") || path.startsWith("/api/auth/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String address = RequestAddress.of(request, trustedProxyHops);
        // The form names the account; the JSON login checks its account limit itself once it has read the body.
        Optional<String> account =
                Optional.ofNullable(request.getParameter("email")).filter(email -> !email.isBlank());
        Optional<Duration> wait = limits.attempt(address, account);
        if (wait.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        refuse(request, response, address, account, wait.get(), audit);
    }

    static void refuse(
            HttpServletRequest request,
            HttpServletResponse response,
            String address,
            Optional<String> account,
            Duration wait,
            AuditLog audit)
            throws IOException {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        audit.record(
                account.orElse("anonymous"),
                "login.throttled",
                account,
                Optional.of(address),
                AuditLog.Outcome.DENIED,
                Optional.of("too many sign-in attempts; retry after " + seconds + " s"));
        response.setHeader("Retry-After", String.valueOf(seconds));
        String detail =
                "too many sign-in attempts from this address or for this account; try again in " + seconds + " seconds";
        if (Problems.api(request)) {
            Problems.write(response, 429, "Too Many Requests", detail, Map.of("retryAfterSeconds", seconds));
        } else {
            Problems.page(response, 429, "Too many sign-in attempts", detail + ".");
        }
    }
}
