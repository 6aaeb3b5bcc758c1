package dev.steward.access;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * A sign-in with the OpenID Connect provider that did not work — the provider cannot be reached, Steward does not know
 * the address, the provider's answer was refused: recorded in the audit log as a failed {@code login}, and explained
 * on the sign-in page the browser is sent back to.
 */
final class OidcFailures implements AuthenticationFailureHandler {

    /** The session attribute that carries the explanation to the next sign-in page. */
    static final String MESSAGE = OidcFailures.class.getName() + ".message";

    private static final Logger log = LoggerFactory.getLogger(OidcFailures.class);

    private final String provider;
    private final AuditLog audit;
    private final int trustedProxyHops;

    OidcFailures(String provider, AuditLog audit, int trustedProxyHops) {
        this.provider = provider;
        this.audit = audit;
        this.trustedProxyHops = trustedProxyHops;
    }

    @Override
    public void onAuthenticationFailure(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        OAuth2AuthenticationException failure = oauth2(exception);
        String actor = "anonymous";
        String reason;
        String message;
        if (failure instanceof OidcUsers.Refused refused) {
            actor = refused.email().orElse(actor);
            reason = description(refused);
            message = "Sign-in with " + provider + " did not work: " + reason + ".";
        } else if (failure != null
                && OidcLogin.UNAVAILABLE.equals(failure.getError().getErrorCode())) {
            message = description(failure);
            reason = "the provider is unavailable";
        } else {
            String code = failure == null
                    ? exception.getClass().getSimpleName()
                    : failure.getError().getErrorCode();
            reason = "the provider's answer was not accepted (" + code + ")";
            message = "Sign-in with " + provider + " did not work (" + code
                    + "); try again, or sign in with your password.";
            log.atWarn()
                    .addKeyValue("event", "oidc_login_failed")
                    .addKeyValue("code", code)
                    .setCause(exception)
                    .log("Sign-in with {} failed: {}", provider, exception.getMessage());
        }
        audit.record(
                actor,
                "login",
                Optional.empty(),
                Optional.of(RequestAddress.of(request, trustedProxyHops)),
                AuditLog.Outcome.FAILURE,
                Optional.of("OpenID Connect: " + reason));
        request.getSession().setAttribute(MESSAGE, message);
        response.sendRedirect(request.getContextPath() + "/login");
    }

    /** The explanation a failure left for this session's sign-in page, once. */
    static Optional<String> take(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null || !(session.getAttribute(MESSAGE) instanceof String message)) {
            return Optional.empty();
        }
        session.removeAttribute(MESSAGE);
        return Optional.of(message);
    }

    private static @Nullable OAuth2AuthenticationException oauth2(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof OAuth2AuthenticationException oauth2) {
                return oauth2;
            }
        }
        return null;
    }

    private static String description(OAuth2AuthenticationException failure) {
        String description = failure.getError().getDescription();
        return description == null ? failure.getError().getErrorCode() : description;
    }
}
