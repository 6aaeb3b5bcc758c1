package dev.steward.access;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Records every change made over HTTP (POST, PUT, PATCH, DELETE that reached a controller) in the audit log once it is
 * answered: the actor, the action named after the route, the target, the client address and the outcome from the
 * status (2xx/3xx success, 401/403 denied, others failure). Sign-ins are recorded by {@link AuthenticationAudit};
 * the setup and password links record themselves (their paths hold secrets); alerts received from Alertmanager and
 * PagerDuty clients, and heartbeat pings from jobs, are not user actions and are not recorded.
 */
final class AuditInterceptor implements HandlerInterceptor {

    private static final Set<String> CHANGES = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final AuditLog audit;
    private final int trustedProxyHops;

    AuditInterceptor(AuditLog audit, int trustedProxyHops) {
        this.audit = audit;
        this.trustedProxyHops = trustedProxyHops;
    }

    @Override
    public void afterCompletion(
            HttpServletRequest request, HttpServletResponse response, Object handler, @Nullable Exception ex) {
        if (!CHANGES.contains(request.getMethod())) {
            return;
        }
        String path = request.getRequestURI();
        if (path.startsWith("/api/auth/")
                || path.startsWith("/api/v1/integrations/")
                || path.equals("/v2/enqueue")
                || path.startsWith("/ping/")
                || path.startsWith("/setup/")
                || path.startsWith("/password/")) {
            return;
        }
        Object matched = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        String pattern = matched == null ? path : matched.toString();
        @SuppressWarnings("unchecked")
        Map<String, String> variables =
                (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        int status = response.getStatus();
        AuditLog.Outcome outcome = status < 400 && ex == null
                ? AuditLog.Outcome.SUCCESS
                : status == 401 || status == 403 ? AuditLog.Outcome.DENIED : AuditLog.Outcome.FAILURE;
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        audit.record(
                who == null ? "anonymous" : who.getName(),
                AuditActions.action(request.getMethod(), pattern),
                AuditActions.target(pattern, variables == null ? Map.of() : variables),
                Optional.of(RequestAddress.of(request, trustedProxyHops)),
                outcome,
                outcome == AuditLog.Outcome.SUCCESS ? Optional.empty() : Optional.of("HTTP " + status));
    }
}
