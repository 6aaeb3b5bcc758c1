package dev.steward.access;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DataAccessException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Signs in requests that carry {@code Authorization: Bearer stw_…} for that request only (no session). A Steward token
 * that is unknown, revoked or expired is refused with 401 at once rather than treated as anonymous, so a script learns
 * why. Public paths are not looked at: a token sent to /readyz costs nothing and works while the database is down.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

    private final ApiTokens tokens;
    private final AuditLog audit;
    private final int trustedProxyHops;
    private final RequestMatcher publicPaths;

    BearerTokenFilter(ApiTokens tokens, AuditLog audit, int trustedProxyHops, RequestMatcher publicPaths) {
        this.tokens = tokens;
        this.audit = audit;
        this.trustedProxyHops = trustedProxyHops;
        this.publicPaths = publicPaths;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return publicPaths.matches(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            chain.doFilter(request, response);
            return;
        }
        String secret = header.substring(7).trim();
        Optional<ApiTokens.Token> token;
        try {
            token = tokens.authenticate(secret);
        } catch (DataAccessException e) {
            response.setHeader("Retry-After", "5");
            Problems.write(
                    response,
                    503,
                    "Service Unavailable",
                    "Steward cannot check the API token: its database is unreachable (see /readyz)",
                    Map.of());
            return;
        }
        if (token.isEmpty()) {
            if (secret.startsWith(ApiTokens.PREFIX)) {
                audit.record(
                        "unknown token",
                        "token.rejected",
                        Optional.of(secret.length() > 10 ? secret.substring(0, 10) + "…" : "(malformed)"),
                        Optional.of(RequestAddress.of(request, trustedProxyHops)),
                        AuditLog.Outcome.DENIED,
                        Optional.of(request.getMethod() + " " + request.getRequestURI()));
                response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                Problems.write(
                        response,
                        401,
                        "Unauthorized",
                        "this API token is unknown, revoked or expired; create a new one under Admin → API tokens or with"
                                + " 'steward token create'",
                        Map.of());
                return;
            }
            // Not a Steward token (e.g. the INTAKE_TOKEN of an endpoint that checks its own): anonymous.
            chain.doFilter(request, response);
            return;
        }
        ApiTokens.Token found = token.get();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        UsernamePasswordAuthenticationToken authentication = UsernamePasswordAuthenticationToken.authenticated(
                found.actor(), null, AccessConfiguration.authorities(found.role()));
        authentication.setDetails(found);
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
