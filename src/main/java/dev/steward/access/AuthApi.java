package dev.steward.access;

import dev.steward.config.Settings;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sign-in for scripts and other clients that want a session rather than a token: {@code POST /api/auth/login} with
 * {@code {"email": …, "password": …}} answers the user and sets the session cookie; {@code GET /api/auth/me} says who
 * the caller is (session or token); {@code POST /api/auth/logout} ends the session.
 */
@RestController
@RequestMapping(path = "/api/auth", produces = MediaType.APPLICATION_JSON_VALUE)
final class AuthApi {

    /** Who the caller is. */
    record Me(String name, String role, String via) {}

    /** The body of a sign-in. */
    record Credentials(@Nullable String email, @Nullable String password) {}

    private final AuthenticationManager authentication;
    private final LoginLimits limits;
    private final AuditLog audit;
    private final int trustedProxyHops;
    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

    AuthApi(AuthenticationManager authentication, LoginLimits limits, AuditLog audit, Settings settings) {
        this.authentication = authentication;
        this.limits = limits;
        this.audit = audit;
        this.trustedProxyHops = settings.trustProxyHops();
    }

    @PostMapping(path = "/login", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Nullable
    Me login(@RequestBody Credentials credentials, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String email = credentials.email() == null ? "" : credentials.email().strip();
        String password = credentials.password() == null ? "" : credentials.password();
        if (email.isEmpty() || password.isEmpty()) {
            throw new AccessException(
                    email.isEmpty() ? "email" : "password",
                    "send both fields: {\"email\": \"alice@example.com\", \"password\": \"…\"}");
        }
        Optional<Duration> wait = limits.accountWait(email);
        if (wait.isPresent()) {
            LoginLimitFilter.refuse(
                    request,
                    response,
                    RequestAddress.of(request, trustedProxyHops),
                    Optional.of(email),
                    wait.get(),
                    audit);
            return null;
        }
        Authentication signedIn;
        try {
            signedIn =
                    authentication.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(email, password));
        } catch (AuthenticationException e) {
            Problems.write(
                    response,
                    401,
                    "Unauthorized",
                    "wrong e-mail address or password, or the account is disabled or has no password yet",
                    Map.of());
            return null;
        }
        HttpSession existing = request.getSession(false);
        if (existing != null) {
            request.changeSessionId();
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(signedIn);
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        return me(signedIn);
    }

    @GetMapping("/me")
    Me me() {
        return me(SecurityContextHolder.getContext().getAuthentication());
    }

    @PostMapping("/logout")
    Map<String, String> logout(HttpServletRequest request) {
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        SecurityContextHolder.clearContext();
        if (who != null) {
            audit.record(
                    who.getName(),
                    "logout",
                    Optional.empty(),
                    Optional.of(RequestAddress.of(request, trustedProxyHops)),
                    AuditLog.Outcome.SUCCESS,
                    Optional.empty());
        }
        return Map.of("status", "signed out");
    }

    private static Me me(@Nullable Authentication who) {
        if (who == null) {
            throw new AccessException("session", "not signed in");
        }
        Role role = Role.ofAuthorities(who.getAuthorities().stream()
                        .map(authority -> String.valueOf(authority.getAuthority()))
                        .toList())
                .orElse(Role.VIEWER);
        return new Me(who.getName(), role.label(), who.getDetails() instanceof ApiTokens.Token ? "token" : "session");
    }
}
