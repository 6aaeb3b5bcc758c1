package dev.steward.web;

import dev.steward.access.AccessException;
import dev.steward.access.Accounts;
import dev.steward.access.Role;
import dev.steward.config.Settings;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
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
 * Admin → Users: everyone who may sign in, with their effective role and state; admins add users (who then choose a
 * password through a one-time link shown here once), change roles, disable and enable users and make new password
 * links. The rules are {@link Accounts}', the same as {@code /api/v1/users}: nobody demotes or disables themselves.
 */
@Controller
class AdminUsersController {

    private final Accounts accounts;
    private final String baseUrl;
    private final Clock clock;

    AdminUsersController(Accounts accounts, Settings settings, Clock clock) {
        this.accounts = accounts;
        this.baseUrl = settings.baseUrl().toString().replaceAll("/+$", "");
        this.clock = clock;
    }

    /**
     * One user as the table shows them.
     *
     * @param role the effective role (admin for addresses in ADMIN_EMAILS, whatever is stored)
     * @param state {@code active}, {@code no password yet} or {@code disabled}
     * @param self whether this is the admin looking at the page
     */
    record UserRow(
            long id,
            String email,
            String role,
            String storedRole,
            boolean listedAdmin,
            String state,
            boolean disabled,
            IncidentTimes.@Nullable Shown lastSignIn,
            String createdBy,
            IncidentTimes.Shown created,
            boolean self) {

        /** The state as a CSS class: {@code active}, {@code no-password}, {@code disabled}. */
        public String stateClass() {
            return state.replace(" yet", "").replace(' ', '-');
        }
    }

    /** A one-time link to choose a password, shown once right after it is made. */
    record PasswordLink(String email, String url, boolean newUser) {}

    @GetMapping("/admin/users")
    String list(@ModelAttribute(name = "me", binding = false) Viewer me, Model model) {
        return page(me, model);
    }

    @PostMapping("/admin/users")
    String create(
            @RequestParam(defaultValue = "") String email,
            @RequestParam(defaultValue = "viewer") String role,
            @ModelAttribute(name = "me", binding = false) Viewer me,
            Model model,
            HttpServletResponse response) {
        try {
            Accounts.User user = accounts.create(email, Role.named(role), me.name());
            // Rendered, not redirected: the link is a secret and is kept nowhere, not even in the session.
            model.addAttribute("link", link(user, true));
        } catch (AccessException e) {
            model.addAttribute("createError", e.getMessage());
            model.addAttribute("createField", e.field());
            model.addAttribute("email", email);
            model.addAttribute("role", role);
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        }
        return page(me, model);
    }

    @PostMapping("/admin/users/{id}/role")
    String changeRole(
            @PathVariable long id,
            @RequestParam(defaultValue = "") String role,
            @ModelAttribute(name = "me", binding = false) Viewer me,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        return change(id, Optional.of(role), Optional.empty(), me, model, redirect, response);
    }

    @PostMapping("/admin/users/{id}/disable")
    String disable(
            @PathVariable long id,
            @ModelAttribute(name = "me", binding = false) Viewer me,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        return change(id, Optional.empty(), Optional.of(true), me, model, redirect, response);
    }

    @PostMapping("/admin/users/{id}/enable")
    String enable(
            @PathVariable long id,
            @ModelAttribute(name = "me", binding = false) Viewer me,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        return change(id, Optional.empty(), Optional.of(false), me, model, redirect, response);
    }

    @PostMapping("/admin/users/{id}/password-link")
    String passwordLink(
            @PathVariable long id,
            @ModelAttribute(name = "me", binding = false) Viewer me,
            Model model,
            HttpServletResponse response) {
        Optional<Accounts.User> user = accounts.find(id);
        if (user.isEmpty()) {
            model.addAttribute("error", "There is no user " + id + "; it may have been removed.");
            response.setStatus(HttpStatus.NOT_FOUND.value());
            return page(me, model);
        }
        model.addAttribute("link", link(user.get(), false));
        return page(me, model);
    }

    private String change(
            long id,
            Optional<String> role,
            Optional<Boolean> disabled,
            Viewer me,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        try {
            Accounts.User user = accounts.change(id, role.map(Role::named), disabled, me.name());
            String what = disabled.map(off -> off ? "disabled" : "enabled")
                    .orElse("now " + user.role().label());
            String note = accounts.listedAdmin(user.email()) && user.role() != Role.ADMIN
                    ? " It stays an admin while ADMIN_EMAILS lists it."
                    : "";
            redirect.addFlashAttribute("ok", user.email() + " is " + what + "." + note);
            return "redirect:/admin/users";
        } catch (AccessException e) {
            if (e.field().equals("id")) {
                model.addAttribute("error", "There is no user " + id + "; it may have been removed.");
                response.setStatus(HttpStatus.NOT_FOUND.value());
            } else {
                model.addAttribute("rowError", e.getMessage());
                model.addAttribute("rowErrorId", id);
                response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            }
            return page(me, model);
        }
    }

    private PasswordLink link(Accounts.User user, boolean newUser) {
        return new PasswordLink(user.email(), baseUrl + "/password/" + accounts.passwordLink(user.id()), newUser);
    }

    private String page(Viewer me, Model model) {
        IncidentTimes times = new IncidentTimes(clock);
        List<UserRow> rows = accounts.list().stream()
                .map(user -> new UserRow(
                        user.id(),
                        user.email(),
                        accounts.effectiveRole(user).label(),
                        user.role().label(),
                        accounts.listedAdmin(user.email()),
                        user.disabled() ? "disabled" : user.hasPassword() ? "active" : "no password yet",
                        user.disabled(),
                        times.show(user.lastLoginAt()),
                        user.createdBy(),
                        times.show(user.createdAt()),
                        user.email().equalsIgnoreCase(me.name())))
                .toList();
        model.addAttribute("users", rows);
        model.addAttribute("roles", List.of(Role.VIEWER.label(), Role.OPERATOR.label(), Role.ADMIN.label()));
        model.addAttribute("linkHours", Accounts.PASSWORD_LINK_LIFETIME.toHours());
        if (!model.containsAttribute("email")) {
            model.addAttribute("email", "");
            model.addAttribute("role", Role.VIEWER.label());
        }
        return "admin-users";
    }
}
