package dev.steward.access;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;

/**
 * 403 for a signed-in user or token whose role does not allow the request (or a form without its CSRF token): a
 * problem for API clients, a page for browsers; changes that were refused are recorded in the audit log.
 */
final class AccessDenied implements AccessDeniedHandler {

    private final AuditLog audit;
    private final int trustedProxyHops;

    AccessDenied(AuditLog audit, int trustedProxyHops) {
        this.audit = audit;
        this.trustedProxyHops = trustedProxyHops;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        String actor = who == null ? "anonymous" : who.getName();
        String needed = needed(request);
        boolean csrf = e instanceof CsrfException;
        String detail = csrf
                ? "the form was stale or came from another site (missing or wrong CSRF token); reload the page and try"
                        + " again"
                : "this needs the " + needed + " role; " + actor + " has " + role(who) + ". An admin can change"
                        + " roles under Admin → Users.";
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            audit.record(
                    actor,
                    AuditActions.action(request.getMethod(), request.getRequestURI()),
                    Optional.of(request.getRequestURI()),
                    Optional.of(RequestAddress.of(request, trustedProxyHops)),
                    AuditLog.Outcome.DENIED,
                    Optional.of(csrf ? "missing or wrong CSRF token" : "needs role " + needed));
        }
        if (Problems.api(request)) {
            Problems.write(response, 403, "Forbidden", detail, Map.of("requiredRole", needed));
        } else {
            Problems.page(response, 403, "Not allowed", detail);
        }
    }

    private static String needed(HttpServletRequest request) {
        String path = request.getRequestURI();
        for (String admin : AccessConfiguration.ADMIN) {
            String prefix = admin.replace("/**", "");
            if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                return Role.ADMIN.label();
            }
        }
        return "GET".equals(request.getMethod()) ? Role.VIEWER.label() : Role.OPERATOR.label();
    }

    private static String role(Authentication who) {
        if (who == null) {
            return "no role";
        }
        return Role.ofAuthorities(who.getAuthorities().stream()
                        .map(authority -> String.valueOf(authority.getAuthority()))
                        .toList())
                .map(Role::label)
                .orElse("no role");
    }
}
