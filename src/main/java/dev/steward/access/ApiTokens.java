package dev.steward.access;

import dev.steward.config.Durations;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * API tokens for CI and scripts: {@code stw_} and 43 random characters, shown once when created, stored as a SHA-256
 * digest, each with a role and an optional expiry. Revoked and expired tokens stop working at once.
 */
public final class ApiTokens {

    /** Every token starts with this, so that secret scanners and people recognise one. */
    public static final String PREFIX = "stw_";

    static final int NAME_LENGTH = 100;
    /** The longest expiry a token may have. */
    public static final Duration MAX_LIFETIME = Duration.ofDays(366);
    /** A token's lifetime when none is asked for. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofDays(90);
    /** last_used_at is written at most this often per token, not on every request. */
    private static final Duration USE_RESOLUTION = Duration.ofMinutes(1);

    /** A token as lists show it; never the secret. */
    public record Token(
            long id,
            String name,
            String prefix,
            Role role,
            String createdBy,
            Instant createdAt,
            Optional<Instant> expiresAt,
            Optional<Instant> lastUsedAt,
            Optional<Instant> revokedAt) {

        /** Whether the token still works at {@code now}. */
        public boolean activeAt(Instant now) {
            return revokedAt.isEmpty() && expiresAt.map(now::isBefore).orElse(true);
        }

        /** The name under which the token acts in timelines and the audit log. */
        public String actor() {
            return "token:" + name;
        }
    }

    /** A new token and its secret, which is shown this once. */
    public record Created(Token token, String secret) {}

    private final JdbcClient jdbc;
    private final Clock clock;

    public ApiTokens(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Creates a token.
     *
     * @param lifetime how long it works; empty for no expiry
     * @throws AccessException when the name is empty, too long or taken, or the lifetime is out of range
     */
    public Created create(String name, Role role, Optional<Duration> lifetime, String createdBy) {
        String trimmed = name.strip();
        if (trimmed.isEmpty() || trimmed.length() > NAME_LENGTH || !trimmed.matches("[\\p{L}\\p{N}._:@/ -]+")) {
            throw new AccessException(
                    "name",
                    "name a token by what uses it, e.g. 'ci-deploy' (1 to " + NAME_LENGTH
                            + " letters, digits, spaces and . _ : @ / -)");
        }
        if (lifetime.isPresent()
                && (lifetime.get().isNegative()
                        || lifetime.get().isZero()
                        || lifetime.get().compareTo(MAX_LIFETIME) > 0)) {
            throw new AccessException("expiresIn", "a token's lifetime must be between 1 minute and 366 days");
        }
        String secret = PREFIX + Secrets.random(32);
        Instant now = clock.instant();
        try {
            long id = jdbc.sql("""
                            insert into api_token (name, prefix, token_hash, role, created_by, created_at, expires_at)
                            values (:name, :prefix, :hash, :role, :by, :now, :expires) returning id""")
                    .param("name", trimmed)
                    .param("prefix", secret.substring(0, PREFIX.length() + 6))
                    .param("hash", Secrets.digest(secret))
                    .param("role", role.label())
                    .param("by", createdBy)
                    .param("now", Timestamp.from(now))
                    .param(
                            "expires",
                            lifetime.map(now::plus).map(Timestamp::from).orElse(null))
                    .query(Long.class)
                    .single();
            return new Created(find(id).orElseThrow(), secret);
        } catch (DuplicateKeyException e) {
            throw new AccessException(
                    "name", "a token named '" + trimmed + "' exists; revoke it first or choose another name");
        }
    }

    /**
     * A token's lifetime as people write it: {@code 90d}, {@code 12h}, {@code never} (empty: no expiry), or nothing
     * for the default of 90 days. {@link #create} checks the range.
     *
     * @throws AccessException when the text is none of these
     */
    public static Optional<Duration> lifetime(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return Optional.of(DEFAULT_LIFETIME);
        }
        if (text.strip().equalsIgnoreCase("never")) {
            return Optional.empty();
        }
        return Optional.of(Durations.parse(text.strip())
                .orElseThrow(() -> new AccessException(
                        "expiresIn", "'" + text + "' is not a lifetime; write e.g. 30d, 12h or never (default 90d)")));
    }

    /** The active token whose secret this is; records its use. */
    public Optional<Token> authenticate(String secret) {
        if (!secret.startsWith(PREFIX)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<Token> token = jdbc.sql(SELECT + " where token_hash = :hash")
                .param("hash", Secrets.digest(secret))
                .query(ApiTokens::token)
                .optional()
                .filter(found -> found.activeAt(now));
        token.filter(found -> found.lastUsedAt()
                        .map(used -> used.plus(USE_RESOLUTION).isBefore(now))
                        .orElse(true))
                .ifPresent(found -> jdbc.sql("update api_token set last_used_at = :now where id = :id")
                        .param("now", Timestamp.from(now))
                        .param("id", found.id())
                        .update());
        return token;
    }

    public List<Token> list() {
        return jdbc.sql(SELECT + " order by revoked_at is not null, created_at desc")
                .query(ApiTokens::token)
                .list();
    }

    public Optional<Token> find(long id) {
        return jdbc.sql(SELECT + " where id = :id")
                .param("id", id)
                .query(ApiTokens::token)
                .optional();
    }

    /**
     * Revokes a token; it stops working at once. Revoking a revoked token changes nothing.
     *
     * @throws AccessException when there is no such token
     */
    public Token revoke(long id) {
        jdbc.sql("update api_token set revoked_at = :now where id = :id and revoked_at is null")
                .param("now", Timestamp.from(clock.instant()))
                .param("id", id)
                .update();
        return find(id).orElseThrow(() -> new AccessException("id", "there is no token " + id));
    }

    private static final String SELECT = """
            select id, name, prefix, role, created_by, created_at, expires_at, last_used_at, revoked_at
            from api_token""";

    private static Token token(ResultSet row, int index) throws SQLException {
        return new Token(
                row.getLong("id"),
                row.getString("name"),
                row.getString("prefix"),
                Role.parse(row.getString("role")).orElseThrow(),
                row.getString("created_by"),
                row.getTimestamp("created_at").toInstant(),
                instant(row, "expires_at"),
                instant(row, "last_used_at"),
                instant(row, "revoked_at"));
    }

    private static Optional<Instant> instant(ResultSet row, String column) throws SQLException {
        Timestamp value = row.getTimestamp(column);
        return Optional.ofNullable(value).map(Timestamp::toInstant);
    }
}
