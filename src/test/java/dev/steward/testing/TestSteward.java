package dev.steward.testing;

import dev.steward.StewardServer;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Steward running inside the test JVM, started from an environment map exactly as {@code steward start} does. */
public final class TestSteward implements AutoCloseable {

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
        return new TestSteward(StewardServer.start(effective));
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
        context.close();
    }
}
