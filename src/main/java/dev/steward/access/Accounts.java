package dev.steward.access;

import dev.steward.config.Settings;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The people who may sign in: users with a role, their password hashes (Argon2id) and the one-time links that create
 * the first admin or let a new user choose a password. No default password ever exists.
 */
public final class Accounts {

    /** How long the first-start setup link works. */
    public static final Duration SETUP_LINK_LIFETIME = Duration.ofHours(24);
    /** How long a link to choose a password works. */
    public static final Duration PASSWORD_LINK_LIFETIME = Duration.ofHours(72);

    static final int MIN_PASSWORD = 12;
    static final int MAX_PASSWORD = 256;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

    /** A user as lists and pages show it; never the password hash. */
    public record User(
            long id,
            String email,
            Role role,
            boolean hasPassword,
            Instant createdAt,
            String createdBy,
            Optional<Instant> lastLoginAt,
            boolean disabled) {}

    /** A one-time link's purpose. */
    public enum LinkPurpose {
        SETUP,
        PASSWORD
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final PasswordEncoder passwords;
    private final Set<String> adminEmails;
    private final Clock clock;

    public Accounts(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            PasswordEncoder passwords,
            Settings settings,
            Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.passwords = passwords;
        this.adminEmails =
                settings.adminEmails().stream().map(Accounts::normalize).collect(Collectors.toUnmodifiableSet());
        this.clock = clock;
    }

    /** How many users exist (disabled ones included). */
    public long count() {
        return jdbc.sql("select count(*) from app_user").query(Long.class).single();
    }

    public List<User> list() {
        return jdbc.sql(SELECT + " order by lower(email)").query(this::user).list();
    }

    public Optional<User> find(String email) {
        return jdbc.sql(SELECT + " where lower(email) = :email")
                .param("email", normalize(email))
                .query(this::user)
                .optional();
    }

    public Optional<User> find(long id) {
        return jdbc.sql(SELECT + " where id = :id")
                .param("id", id)
                .query(this::user)
                .optional();
    }

    /** Whether {@code email} is listed in ADMIN_EMAILS: such a user is an admin whatever role is stored. */
    public boolean listedAdmin(String email) {
        return adminEmails.contains(normalize(email));
    }

    /**
     * Creates a user without a password; the caller hands out {@link #passwordLink(long)}.
     *
     * @throws AccessException when the address is not valid or already has an account
     */
    public User create(String email, Role role, String createdBy) {
        String address = validEmail(email);
        return transactions.execute(status -> {
            if (find(address).isPresent()) {
                throw new AccessException("email", address + " already has an account; change its role instead");
            }
            long id = jdbc.sql("""
                            insert into app_user (email, role, created_at, created_by)
                            values (:email, :role, :now, :by) returning id""")
                    .param("email", address)
                    .param("role", role.label())
                    .param("now", Timestamp.from(clock.instant()))
                    .param("by", createdBy)
                    .query(Long.class)
                    .single();
            return find(id).orElseThrow();
        });
    }

    /** Changes a user's stored role (ADMIN_EMAILS still make a listed address an admin). */
    public User changeRole(long id, Role role) {
        int changed = jdbc.sql("update app_user set role = :role where id = :id")
                .param("role", role.label())
                .param("id", id)
                .update();
        if (changed == 0) {
            throw new AccessException("id", "there is no user " + id);
        }
        return find(id).orElseThrow();
    }

    /**
     * Changes a user's stored role and/or disables or enables them, on behalf of {@code actor} (who acts, e.g. an
     * e-mail address). Nobody demotes or disables themselves, so that Steward always keeps an admin.
     *
     * @throws AccessException when there is no such user, or the actor would demote or disable themselves
     */
    public User change(long id, Optional<Role> role, Optional<Boolean> disabled, String actor) {
        User user = find(id).orElseThrow(() -> new AccessException("id", "there is no user " + id));
        if (user.email().equalsIgnoreCase(actor.strip())
                && (role.filter(wanted -> wanted != Role.ADMIN).isPresent() || disabled.orElse(false))) {
            throw new AccessException(
                    role.isPresent() ? "role" : "disabled",
                    "you cannot demote or disable yourself; another admin can (so Steward always keeps an admin)");
        }
        if (role.isPresent()) {
            user = changeRole(id, role.get());
        }
        if (disabled.isPresent()) {
            user = setDisabled(id, disabled.get());
        }
        return user;
    }

    /** Disables or enables a user: a disabled user cannot sign in, and their sessions end at the next request. */
    public User setDisabled(long id, boolean disabled) {
        int changed = jdbc.sql("update app_user set disabled_at = :at where id = :id")
                .param("at", disabled ? Timestamp.from(clock.instant()) : null)
                .param("id", id)
                .update();
        if (changed == 0) {
            throw new AccessException("id", "there is no user " + id);
        }
        return find(id).orElseThrow();
    }

    /** The role a user acts with: the stored one, or admin for addresses in ADMIN_EMAILS. */
    public Role effectiveRole(User user) {
        return listedAdmin(user.email()) ? Role.ADMIN : user.role();
    }

    /** The stored password hash of an enabled user, for signing in. */
    Optional<String> passwordHash(String email) {
        return jdbc.sql("select password_hash from app_user where lower(email) = :email and disabled_at is null")
                .param("email", normalize(email))
                .query(String.class)
                .optional();
    }

    void recordLogin(String email) {
        jdbc.sql("update app_user set last_login_at = :now where lower(email) = :email")
                .param("now", Timestamp.from(clock.instant()))
                .param("email", normalize(email))
                .update();
    }

    /** A new one-time link secret for {@code userId} to choose a password; older unused ones stop working. */
    public String passwordLink(long userId) {
        return transactions.execute(status -> {
            jdbc.sql("update account_link set used_at = :now where user_id = :id and used_at is null")
                    .param("now", Timestamp.from(clock.instant()))
                    .param("id", userId)
                    .update();
            return newLink(LinkPurpose.PASSWORD, userId, PASSWORD_LINK_LIFETIME);
        });
    }

    /** A new one-time link secret to create the first admin; only while no user exists. */
    public Optional<String> setupLink() {
        return transactions.execute(status -> {
            if (count() > 0) {
                return Optional.<String>empty();
            }
            return Optional.of(newLink(LinkPurpose.SETUP, null, SETUP_LINK_LIFETIME));
        });
    }

    /** Whether {@code secret} is an unused, unexpired link for {@code purpose}. */
    public boolean linkValid(String secret, LinkPurpose purpose) {
        return jdbc.sql("""
                        select count(*) from account_link
                        where token_hash = :hash and purpose = :purpose and used_at is null and expires_at > :now""")
                        .param("hash", Secrets.digest(secret))
                        .param("purpose", purpose.name().toLowerCase(Locale.ROOT))
                        .param("now", Timestamp.from(clock.instant()))
                        .query(Long.class)
                        .single()
                > 0;
    }

    /**
     * Uses the first-start link: creates the first admin with a password. Refused once any user exists.
     *
     * @throws AccessException naming the field at fault
     */
    public User completeSetup(String secret, String email, String password) {
        String address = validEmail(email);
        validPassword(password, address);
        return transactions.execute(status -> {
            jdbc.sql("lock table app_user in share row exclusive mode").update();
            if (count() > 0) {
                throw new AccessException("link", "Steward already has users; sign in, or ask an admin for an account");
            }
            consume(secret, LinkPurpose.SETUP);
            long id = jdbc.sql("""
                            insert into app_user (email, password_hash, role, created_at, created_by)
                            values (:email, :hash, 'admin', :now, 'setup link') returning id""")
                    .param("email", address)
                    .param("hash", passwords.encode(password))
                    .param("now", Timestamp.from(clock.instant()))
                    .query(Long.class)
                    .single();
            return find(id).orElseThrow();
        });
    }

    /**
     * Uses a password link: sets the user's password.
     *
     * @throws AccessException naming the field at fault
     */
    public User choosePassword(String secret, String password) {
        return transactions.execute(status -> {
            long userId = consume(secret, LinkPurpose.PASSWORD);
            User user = find(userId).orElseThrow(() -> new AccessException("link", "this link's user was removed"));
            validPassword(password, user.email());
            jdbc.sql("update app_user set password_hash = :hash where id = :id")
                    .param("hash", passwords.encode(password))
                    .param("id", userId)
                    .update();
            return find(userId).orElseThrow();
        });
    }

    /** The user a valid password link belongs to. */
    public Optional<User> linkUser(String secret) {
        return jdbc.sql("""
                        select user_id from account_link
                        where token_hash = :hash and purpose = 'password' and used_at is null and expires_at > :now""")
                .param("hash", Secrets.digest(secret))
                .param("now", Timestamp.from(clock.instant()))
                .query(Long.class)
                .optional()
                .flatMap(this::find);
    }

    private long consume(String secret, LinkPurpose purpose) {
        return jdbc.sql("""
                        update account_link set used_at = :now
                        where token_hash = :hash and purpose = :purpose and used_at is null and expires_at > :now
                        returning coalesce(user_id, 0)""")
                .param("now", Timestamp.from(clock.instant()))
                .param("hash", Secrets.digest(secret))
                .param("purpose", purpose.name().toLowerCase(Locale.ROOT))
                .query(Long.class)
                .optional()
                .orElseThrow(() -> new AccessException(
                        "link",
                        "this link is not valid any more (used, expired or mistyped); "
                                + (purpose == LinkPurpose.SETUP
                                        ? "restart Steward for a new one, or run 'steward user create --admin EMAIL'"
                                        : "ask an admin for a new one")));
    }

    private String newLink(LinkPurpose purpose, Long userId, Duration lifetime) {
        String secret = Secrets.random(32);
        Instant now = clock.instant();
        jdbc.sql("""
                        insert into account_link (token_hash, purpose, user_id, created_at, expires_at)
                        values (:hash, :purpose, :user, :now, :expires)""")
                .param("hash", Secrets.digest(secret))
                .param("purpose", purpose.name().toLowerCase(Locale.ROOT))
                .param("user", userId)
                .param("now", Timestamp.from(now))
                .param("expires", Timestamp.from(now.plus(lifetime)))
                .update();
        return secret;
    }

    static String normalize(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    static String validEmail(String email) {
        String address = normalize(email);
        if (address.length() > 254 || !EMAIL.matcher(address).matches()) {
            throw new AccessException(
                    "email", "'" + email.strip() + "' is not an e-mail address; write e.g. alice@example.com");
        }
        return address;
    }

    static void validPassword(String password, String email) {
        if (password.length() < MIN_PASSWORD) {
            throw new AccessException(
                    "password",
                    "the password has " + password.length() + " characters; use at least " + MIN_PASSWORD
                            + " (a few random words work well)");
        }
        if (password.length() > MAX_PASSWORD) {
            throw new AccessException("password", "the password is longer than " + MAX_PASSWORD + " characters");
        }
        if (password.equalsIgnoreCase(email) || password.chars().distinct().count() < 4) {
            throw new AccessException("password", "the password is too easy to guess; choose another");
        }
    }

    private static final String SELECT = """
            select id, email, role, password_hash is not null as has_password, created_at, created_by,
                   last_login_at, disabled_at is not null as disabled
            from app_user""";

    private User user(ResultSet row, int index) throws SQLException {
        Timestamp lastLogin = row.getTimestamp("last_login_at");
        return new User(
                row.getLong("id"),
                row.getString("email"),
                Role.parse(row.getString("role")).orElseThrow(),
                row.getBoolean("has_password"),
                row.getTimestamp("created_at").toInstant(),
                row.getString("created_by"),
                Optional.ofNullable(lastLogin).map(Timestamp::toInstant),
                row.getBoolean("disabled"));
    }
}
