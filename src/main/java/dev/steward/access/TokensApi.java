package dev.steward.access;

import java.security.Principal;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** API tokens, for admins: list, create (the secret is in this one answer only), revoke. */
@RestController
@RequestMapping(path = "/api/v1/tokens", produces = MediaType.APPLICATION_JSON_VALUE)
final class TokensApi {

    /** A token as the API shows it; never the secret. */
    record TokenView(
            long id,
            String name,
            String prefix,
            String role,
            String createdBy,
            String createdAt,
            @Nullable String expiresAt,
            @Nullable String lastUsedAt,
            @Nullable String revokedAt,
            boolean active) {}

    /** A new token with its secret, shown this once. */
    record CreatedToken(TokenView token, String secret, String note) {}

    record NewToken(
            @Nullable String name,
            @Nullable String role,
            @Nullable String expiresIn) {}

    private final ApiTokens tokens;
    private final java.time.Clock clock;

    TokensApi(ApiTokens tokens, java.time.Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    @GetMapping
    List<TokenView> list() {
        return tokens.list().stream().map(this::view).toList();
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    CreatedToken create(@RequestBody NewToken body, Principal principal) {
        Role role = Role.named(body.role() == null ? "viewer" : body.role());
        ApiTokens.Created created = tokens.create(
                body.name() == null ? "" : body.name(),
                role,
                ApiTokens.lifetime(body.expiresIn()),
                principal.getName());
        return new CreatedToken(
                view(created.token()),
                created.secret(),
                "store the secret now: Steward keeps only its digest and cannot show it again");
    }

    @DeleteMapping("/{id}")
    TokenView revoke(@PathVariable long id) {
        return view(tokens.revoke(id));
    }

    TokenView view(ApiTokens.Token token) {
        return new TokenView(
                token.id(),
                token.name(),
                token.prefix(),
                token.role().label(),
                token.createdBy(),
                token.createdAt().toString(),
                token.expiresAt().map(Object::toString).orElse(null),
                token.lastUsedAt().map(Object::toString).orElse(null),
                token.revokedAt().map(Object::toString).orElse(null),
                token.activeAt(clock.instant()));
    }
}
