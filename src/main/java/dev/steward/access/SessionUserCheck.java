package dev.steward.access;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Optional;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Re-reads the signed-in user of a session on every request: a disabled or removed user is signed out at once, and a
 * changed role applies at once, not at the next sign-in. One indexed lookup per request.
 */
final class SessionUserCheck extends OncePerRequestFilter {

    private final Accounts accounts;

    SessionUserCheck(Accounts accounts) {
        this.accounts = accounts;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication current = SecurityContextHolder.getContext().getAuthentication();
        if (current == null
                || !current.isAuthenticated()
                || current.getDetails() instanceof ApiTokens.Token
                || "anonymousUser".equals(current.getName())) {
            chain.doFilter(request, response);
            return;
        }
        Optional<Accounts.User> user = accounts.find(current.getName()).filter(found -> !found.disabled());
        if (user.isEmpty()) {
            SecurityContextHolder.clearContext();
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
            chain.doFilter(request, response);
            return;
        }
        Role role = accounts.effectiveRole(user.get());
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        UsernamePasswordAuthenticationToken refreshed = UsernamePasswordAuthenticationToken.authenticated(
                current.getPrincipal(), null, AccessConfiguration.authorities(role));
        refreshed.setDetails(current.getDetails());
        context.setAuthentication(refreshed);
        SecurityContextHolder.setContext(context);
        chain.doFilter(request, response);
    }
}
