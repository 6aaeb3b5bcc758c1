package dev.steward.access;

import dev.steward.catalog.CatalogFileReloaded;
import dev.steward.catalog.CatalogLoad;
import dev.steward.config.Settings;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.authentication.event.LogoutSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Records sign-ins, failed sign-ins and sign-outs in the audit log (failed ones also count against the account), and
 * catalog reloads by the file watcher.
 */
@Component
final class AuthenticationAudit {

    private final AuditLog audit;
    private final LoginLimits limits;
    private final Accounts accounts;
    private final int trustedProxyHops;

    AuthenticationAudit(AuditLog audit, LoginLimits limits, Accounts accounts, Settings settings) {
        this.audit = audit;
        this.limits = limits;
        this.accounts = accounts;
        this.trustedProxyHops = settings.trustProxyHops();
    }

    @EventListener
    void succeeded(AuthenticationSuccessEvent event) {
        Authentication who = event.getAuthentication();
        if (who.getDetails() instanceof ApiTokens.Token) {
            return;
        }
        accounts.recordLogin(who.getName());
        audit.record(who.getName(), "login", Optional.empty(), address(), AuditLog.Outcome.SUCCESS, method(who));
    }

    @EventListener
    void failed(AbstractAuthenticationFailureEvent event) {
        String account = String.valueOf(event.getAuthentication().getName());
        if (event instanceof AuthenticationFailureBadCredentialsEvent) {
            limits.failed(account);
        }
        audit.record(
                account,
                "login",
                Optional.empty(),
                address(),
                AuditLog.Outcome.FAILURE,
                Optional.of(event.getException()
                        .getClass()
                        .getSimpleName()
                        .replace("Exception", "")
                        .replaceAll("([a-z])([A-Z])", "$1 $2")
                        .toLowerCase(java.util.Locale.ROOT)));
    }

    @EventListener
    void signedOut(LogoutSuccessEvent event) {
        audit.record(
                event.getAuthentication().getName(),
                "logout",
                Optional.empty(),
                address(),
                AuditLog.Outcome.SUCCESS,
                Optional.empty());
    }

    /** A reload by the file watcher: no person asked for it, the file changed (API reloads are recorded as requests). */
    @EventListener
    void catalogFileReloaded(CatalogFileReloaded event) {
        boolean accepted = event.load() instanceof CatalogLoad.Loaded;
        audit.record(
                "file watcher",
                "catalog.reload",
                Optional.of(event.file()),
                Optional.empty(),
                accepted ? AuditLog.Outcome.SUCCESS : AuditLog.Outcome.FAILURE,
                event.load() instanceof CatalogLoad.Rejected rejected
                        ? Optional.of(rejected.errors().size() + " error(s); the previous catalog keeps running")
                        : Optional.empty());
    }

    private static Optional<String> method(Authentication who) {
        return Optional.of(who.getClass().getSimpleName().startsWith("OAuth2") ? "OpenID Connect" : "password");
    }

    private Optional<String> address() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpServletRequest request = attributes.getRequest();
            return Optional.of(RequestAddress.of(request, trustedProxyHops));
        }
        return Optional.empty();
    }
}
