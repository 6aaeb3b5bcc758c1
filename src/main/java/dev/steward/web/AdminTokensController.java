package dev.steward.web;

import dev.steward.access.AccessException;
import dev.steward.access.ApiTokens;
import dev.steward.access.Role;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Admin → API tokens: the tokens CI and scripts use, with their role, expiry, last use and state; admins create one
 * (its secret is shown once, on the answer to the form) and revoke them. The rules are {@link ApiTokens}', the same as
 * {@code /api/v1/tokens} and {@code steward token create}.
 */
@Controller
class AdminTokensController {

    /** The lifetimes the form offers, as {@link ApiTokens#lifetime} reads them, and what they are called. */
    static final List<Choice> LIFETIMES = List.of(
            new Choice("30d", "30 days"),
            new Choice("90d", "90 days"),
            new Choice("365d", "1 year"),
            new Choice("never", "never expires"));

    private final ApiTokens tokens;
    private final Clock clock;

    AdminTokensController(ApiTokens tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    /** One option of a select: the value sent and the words shown. */
    record Choice(String value, String label) {}

    /**
     * One token as the table shows it.
     *
     * @param state {@code active}, {@code expired} or {@code revoked}
     */
    record TokenRow(
            long id,
            String name,
            String prefix,
            String role,
            String createdBy,
            IncidentTimes.Shown created,
            IncidentTimes.@Nullable Shown expires,
            IncidentTimes.@Nullable Shown lastUsed,
            IncidentTimes.@Nullable Shown revoked,
            String state) {

        static TokenRow of(ApiTokens.Token token, IncidentTimes times) {
            Instant now = times.now();
            String state = token.revokedAt().isPresent() ? "revoked" : token.activeAt(now) ? "active" : "expired";
            return new TokenRow(
                    token.id(),
                    token.name(),
                    token.prefix(),
                    token.role().label(),
                    token.createdBy(),
                    times.show(token.createdAt()),
                    times.show(token.expiresAt()),
                    times.show(token.lastUsedAt()),
                    times.show(token.revokedAt()),
                    state);
        }

        public boolean revocable() {
            return !state.equals("revoked");
        }
    }

    /** A token just made and its secret, shown this once. */
    record NewSecret(String name, String role, String secret) {}

    @GetMapping("/admin/tokens")
    String list(Model model) {
        return page(model);
    }

    @PostMapping("/admin/tokens")
    String create(
            @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "viewer") String role,
            @RequestParam(defaultValue = "90d") String expires,
            @ModelAttribute(name = "me", binding = false) Viewer me,
            Model model,
            HttpServletResponse response) {
        try {
            ApiTokens.Created created = tokens.create(name, Role.named(role), ApiTokens.lifetime(expires), me.name());
            // Rendered, not redirected: the secret is kept nowhere, not even in the session.
            model.addAttribute(
                    "created",
                    new NewSecret(created.token().name(), created.token().role().label(), created.secret()));
        } catch (AccessException e) {
            model.addAttribute("createError", e.getMessage());
            model.addAttribute("createField", e.field());
            model.addAttribute("name", name);
            model.addAttribute("role", role);
            model.addAttribute("expires", expires);
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        }
        return page(model);
    }

    @PostMapping("/admin/tokens/{id}/revoke")
    String revoke(
            @PathVariable long id,
            @ModelAttribute(name = "me", binding = false) Viewer me,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        Optional<ApiTokens.Token> before = tokens.find(id);
        if (before.isEmpty()) {
            model.addAttribute("error", "There is no token " + id + ".");
            response.setStatus(HttpStatus.NOT_FOUND.value());
            return page(model);
        }
        ApiTokens.Token revoked = tokens.revoke(id);
        redirect.addFlashAttribute(
                "ok",
                before.get().revokedAt().isPresent()
                        ? "Token " + revoked.name() + " was revoked already."
                        : "Token " + revoked.name() + " revoked: it stopped working at once.");
        return "redirect:/admin/tokens";
    }

    private String page(Model model) {
        IncidentTimes times = new IncidentTimes(clock);
        model.addAttribute(
                "tokens",
                tokens.list().stream().map(token -> TokenRow.of(token, times)).toList());
        model.addAttribute("roles", List.of(Role.VIEWER.label(), Role.OPERATOR.label(), Role.ADMIN.label()));
        model.addAttribute("lifetimes", LIFETIMES);
        if (!model.containsAttribute("name")) {
            model.addAttribute("name", "");
            model.addAttribute("role", Role.VIEWER.label());
            model.addAttribute("expires", "90d");
        }
        return "admin-tokens";
    }
}
