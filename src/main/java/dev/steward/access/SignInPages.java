package dev.steward.access;

import dev.steward.config.Settings;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The pages anyone reaches before signing in: the sign-in form, the first-start setup link and the link a new user
 * gets to choose a password. Signing in itself is Spring Security's form login ({@code POST /login}).
 */
@Controller
final class SignInPages {

    private final Accounts accounts;
    private final AuditLog audit;
    private final Optional<OidcLogin> oidc;
    private final int trustedProxyHops;

    SignInPages(Accounts accounts, AuditLog audit, Optional<OidcLogin> oidc, Settings settings) {
        this.accounts = accounts;
        this.audit = audit;
        this.oidc = oidc;
        this.trustedProxyHops = settings.trustProxyHops();
    }

    @GetMapping("/login")
    String login(Model model, HttpServletRequest request) {
        model.addAttribute("noUsers", accounts.count() == 0);
        model.addAttribute("oidcName", oidc.map(OidcLogin::displayName).orElse(null));
        // What went wrong at the last sign-in with the provider in this browser, else whether the provider is known to
        // be unavailable (it is tried again at the next click on the button).
        model.addAttribute(
                "oidcError",
                OidcFailures.take(request)
                        .or(() -> oidc.flatMap(OidcLogin::unavailable))
                        .orElse(null));
        return "access/login";
    }

    @GetMapping("/setup/{secret}")
    String setup(@PathVariable String secret, Model model) {
        model.addAttribute("secret", secret);
        model.addAttribute("valid", accounts.count() == 0 && accounts.linkValid(secret, Accounts.LinkPurpose.SETUP));
        model.addAttribute("email", "");
        return "access/setup";
    }

    @PostMapping("/setup/{secret}")
    String completeSetup(
            @PathVariable String secret,
            @RequestParam(defaultValue = "") String email,
            @RequestParam(defaultValue = "") String password,
            @RequestParam(defaultValue = "") String confirm,
            HttpServletRequest request,
            Model model,
            RedirectAttributes redirect) {
        try {
            if (!password.equals(confirm)) {
                throw new AccessException("confirm", "the two passwords differ; type the same password twice");
            }
            Accounts.User admin = accounts.completeSetup(secret, email, password);
            record(admin.email(), "setup", admin.email(), request, AuditLog.Outcome.SUCCESS, Optional.empty());
            redirect.addFlashAttribute("notice", "Admin " + admin.email() + " created. Sign in with your password.");
            redirect.addFlashAttribute("email", admin.email());
            return "redirect:/login";
        } catch (AccessException e) {
            record(email, "setup", email, request, AuditLog.Outcome.FAILURE, Optional.of(e.getMessage()));
            model.addAttribute("secret", secret);
            model.addAttribute("valid", true);
            model.addAttribute("email", email);
            model.addAttribute("error", e.getMessage());
            model.addAttribute("field", e.field());
            if (e.field().equals("link")) {
                model.addAttribute("valid", false);
            }
            return "access/setup";
        }
    }

    @GetMapping("/password/{secret}")
    String password(@PathVariable String secret, Model model) {
        Optional<Accounts.User> user = accounts.linkUser(secret);
        model.addAttribute("secret", secret);
        model.addAttribute("valid", user.isPresent());
        model.addAttribute("email", user.map(Accounts.User::email).orElse(""));
        return "access/password";
    }

    @PostMapping("/password/{secret}")
    String choosePassword(
            @PathVariable String secret,
            @RequestParam(defaultValue = "") String password,
            @RequestParam(defaultValue = "") String confirm,
            HttpServletRequest request,
            Model model,
            RedirectAttributes redirect) {
        Optional<Accounts.User> user = accounts.linkUser(secret);
        try {
            if (!password.equals(confirm)) {
                throw new AccessException("confirm", "the two passwords differ; type the same password twice");
            }
            Accounts.User updated = accounts.choosePassword(secret, password);
            record(
                    updated.email(),
                    "password.set",
                    updated.email(),
                    request,
                    AuditLog.Outcome.SUCCESS,
                    Optional.empty());
            redirect.addFlashAttribute("notice", "Password set for " + updated.email() + ". Sign in.");
            redirect.addFlashAttribute("email", updated.email());
            return "redirect:/login";
        } catch (AccessException e) {
            String who = user.map(Accounts.User::email).orElse("anonymous");
            record(who, "password.set", who, request, AuditLog.Outcome.FAILURE, Optional.of(e.getMessage()));
            model.addAttribute("secret", secret);
            model.addAttribute("valid", user.isPresent() && !e.field().equals("link"));
            model.addAttribute("email", user.map(Accounts.User::email).orElse(""));
            model.addAttribute("error", e.getMessage());
            model.addAttribute("field", e.field());
            return "access/password";
        }
    }

    private void record(
            String actor,
            String action,
            String target,
            HttpServletRequest request,
            AuditLog.Outcome outcome,
            Optional<String> detail) {
        audit.record(
                actor.isBlank() ? "anonymous" : actor,
                action,
                Optional.of(target).filter(value -> !value.isBlank()),
                Optional.of(RequestAddress.of(request, trustedProxyHops)),
                outcome,
                detail);
    }
}
