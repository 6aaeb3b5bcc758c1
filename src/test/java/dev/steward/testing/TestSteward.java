package dev.steward.testing;

import dev.steward.StewardServer;
import dev.steward.access.Accounts;
import dev.steward.access.ApiTokens;
import dev.steward.access.Role;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Steward running inside the test JVM, started from an environment map exactly as {@code steward start} does. */
public final class TestSteward implements AutoCloseable {

    private static final AtomicInteger TOKEN_NUMBER = new AtomicInteger();
    private final ConfigurableApplicationContext context;

    private TestSteward(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /**
     * Starts Steward on a free port with an empty catalog (not the repository's sample {@code steward.yml}); the given
     * variables are added to (or override) those defaults.
     */
    public static TestSteward start(Map<String, String> environment) {
        Map<String, String> effective = new HashMap<>();
        effective.put("PORT", "0");
        effective.put("STEWARD_CONFIG", EmptyCatalog.path());
        effective.putAll(environment);
        TestSteward steward = new TestSteward(StewardServer.start(effective));
        Http.authenticate("127.0.0.1:" + steward.port(), steward.token(Role.ADMIN));
        return steward;
    }

    /**
     * A new API token with {@code role} (every call makes another). {@link Http} sends an admin token to this Steward
     * by default.
     */
    public String token(Role role) {
        return context.getBean(ApiTokens.class)
                .create("test-" + role.label() + "-" + TOKEN_NUMBER.incrementAndGet(), role, Optional.empty(), "tests")
                .secret();
    }

    /** Creates a user with {@code role} and {@code password}; answers the e-mail address. */
    public String user(String email, Role role, String password) {
        Accounts accounts = context.getBean(Accounts.class);
        Accounts.User user = accounts.create(email, role, "tests");
        accounts.choosePassword(accounts.passwordLink(user.id()), password);
        return user.email();
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    @Override
    public void close() {
        Http.forget("127.0.0.1:" + port());
        context.close();
    }
}
