package dev.steward.access;

import dev.steward.config.Settings;
import java.security.Principal;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Users, for admins: list, create (the answer carries a one-time link with which the user chooses a password), change
 * role, disable or enable, and make a new password link.
 */
@RestController
@RequestMapping(path = "/api/v1/users", produces = MediaType.APPLICATION_JSON_VALUE)
final class UsersApi {

    /** A user as the API shows it. */
    record UserView(
            long id,
            String email,
            String role,
            String storedRole,
            boolean listedAdmin,
            boolean hasPassword,
            boolean disabled,
            String createdAt,
            String createdBy,
            @Nullable String lastLoginAt) {}

    /** A user and a one-time link to choose a password, valid for 72 hours. */
    record WithLink(UserView user, String passwordLink, String linkExpiresIn) {}

    record NewUser(@Nullable String email, @Nullable String role) {}

    record Change(@Nullable String role, @Nullable Boolean disabled) {}

    private final Accounts accounts;
    private final String baseUrl;

    UsersApi(Accounts accounts, Settings settings) {
        this.accounts = accounts;
        this.baseUrl = settings.baseUrl().toString().replaceAll("/+$", "");
    }

    @GetMapping
    List<UserView> list() {
        return accounts.list().stream().map(this::view).toList();
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    WithLink create(@RequestBody NewUser body, Principal principal) {
        Role role = Role.named(body.role() == null ? "viewer" : body.role());
        Accounts.User user = accounts.create(body.email() == null ? "" : body.email(), role, principal.getName());
        return withLink(user);
    }

    @PatchMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    UserView change(@PathVariable long id, @RequestBody Change body, Principal principal) {
        return view(accounts.change(
                id,
                Optional.ofNullable(body.role()).map(Role::named),
                Optional.ofNullable(body.disabled()),
                principal.getName()));
    }

    @PostMapping("/{id}/password-link")
    WithLink passwordLink(@PathVariable long id) {
        Accounts.User user = accounts.find(id).orElseThrow(() -> new AccessException("id", "there is no user " + id));
        return withLink(user);
    }

    private WithLink withLink(Accounts.User user) {
        return new WithLink(view(user), baseUrl + "/password/" + accounts.passwordLink(user.id()), "72h");
    }

    UserView view(Accounts.User user) {
        return new UserView(
                user.id(),
                user.email(),
                accounts.effectiveRole(user).label(),
                user.role().label(),
                accounts.listedAdmin(user.email()),
                user.hasPassword(),
                user.disabled(),
                user.createdAt().toString(),
                user.createdBy(),
                user.lastLoginAt().map(Object::toString).orElse(null));
    }
}
