package dev.steward;

import dev.steward.access.SessionCookie;
import dev.steward.config.InvalidSettingsException;
import dev.steward.config.LogFormat;
import dev.steward.config.Settings;
import dev.steward.config.SettingsLoader;
import dev.steward.config.SettingsResult;
import dev.steward.ops.StewardLogFormat;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts the Steward server from a set of environment variables. The command line passes the process environment;
 * integration tests pass their own map, so they never depend on or change the real environment.
 */
public final class StewardServer {

    private StewardServer() {}

    /**
     * Starts Steward and returns once it serves requests.
     *
     * @throws RuntimeException when start-up fails; the failure has already been logged as one FATAL line
     */
    public static ConfigurableApplicationContext start(Map<String, String> environment) {
        SpringApplication application = new SpringApplication(StewardApplication.class);
        application.setBannerMode(Banner.Mode.OFF);
        application.setDefaultProperties(loggingProperties(environment));
        SettingsBinding binding = new SettingsBinding(environment);
        application.addListeners(binding);
        application.addInitializers(binding);
        return application.run();
    }

    /**
     * Logging is configured before the settings are validated (so that validation errors are logged in the chosen
     * format); an invalid value here falls back to the default and is reported by the validation.
     */
    private static Map<String, Object> loggingProperties(Map<String, String> environment) {
        Map<String, Object> properties = new HashMap<>();
        String format = environment.getOrDefault("LOG_FORMAT", "json").trim().toLowerCase(Locale.ROOT);
        if (format.equals(LogFormat.PRETTY.name().toLowerCase(Locale.ROOT))) {
            properties.put(
                    "logging.pattern.console",
                    "%clr(%d{yyyy-MM-dd HH:mm:ss.SSS}){faint} %clr(%5p) %clr(%-28.28logger{27}){cyan}"
                            + " %clr(%X{requestId:--}){faint} : %m %clr(%kvp{NONE}){faint}%n%wEx");
        } else {
            properties.put("logging.structured.format.console", StewardLogFormat.class.getName());
        }
        String level = environment.getOrDefault("LOG_LEVEL", "INFO").trim().toUpperCase(Locale.ROOT);
        if (!level.matches("TRACE|DEBUG|INFO|WARN|ERROR")) {
            level = "INFO";
        }
        // Steward's own loggers follow LOG_LEVEL; libraries stay at INFO when Steward is debugged, to keep it readable.
        properties.put("logging.level.dev.steward", level);
        properties.put("logging.level.root", level.matches("WARN|ERROR") ? level : "INFO");
        return properties;
    }

    /**
     * Reads and validates the settings as soon as logging works and before the application context exists, turns
     * them into Spring properties, and registers the {@link Settings} bean.
     */
    static final class SettingsBinding
            implements ApplicationListener<ApplicationEnvironmentPreparedEvent>,
                    ApplicationContextInitializer<ConfigurableApplicationContext>,
                    Ordered {

        private static final Logger log = LoggerFactory.getLogger(StewardServer.class);
        private final Map<String, String> environment;
        private @Nullable Settings settings;

        SettingsBinding(Map<String, String> environment) {
            this.environment = environment;
        }

        @Override
        public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
            Settings loaded = switch (SettingsLoader.load(environment)) {
                case SettingsResult.Invalid invalid -> throw new InvalidSettingsException(invalid);
                case SettingsResult.Loaded result -> {
                    result.adjustments()
                            .forEach(adjustment -> log.atWarn()
                                    .addKeyValue("event", "setting_adjusted")
                                    .log(adjustment));
                    yield result.settings();
                }
            };
            event.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource("steward-settings", springProperties(loaded)));
            this.settings = loaded;
        }

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            if (settings == null) {
                throw new IllegalStateException("Settings were not loaded before the context was created");
            }
            context.getBeanFactory().registerSingleton("settings", settings);
            // The catalog's ${VAR} interpolation reads the same variables the settings came from.
            context.getBeanFactory().registerSingleton("environmentVariables", Map.copyOf(environment));
        }

        @Override
        public int getOrder() {
            return LoggingApplicationListener.DEFAULT_ORDER + 1;
        }

        private static Map<String, Object> springProperties(Settings settings) {
            Map<String, Object> properties = new HashMap<>();
            properties.put("server.port", settings.port());
            // disk_free_bytes for the disk that holds Steward's data, not the working directory's
            properties.put(
                    "management.metrics.system.diskspace.paths",
                    settings.dataDir().toString());
            properties.put(
                    "spring.lifecycle.timeout-per-shutdown-phase",
                    settings.shutdownDrainTimeout().toMillis() + "ms");
            properties.putAll(SessionCookie.properties(settings));
            return properties;
        }
    }
}
