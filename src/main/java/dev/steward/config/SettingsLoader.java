package dev.steward.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@link Settings} from environment variables. Impossible values are refused, unwise ones are clamped with a
 * note saying which value is used, and in production the settings a public deployment needs are required. Every
 * problem is collected before returning, so one run reports them all.
 */
public final class SettingsLoader {

    static final int MIN_SECRET_LENGTH = 32;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s,]+@[^@\\s,]+\\.[^@\\s,]+");
    private static final Set<String> LOG_LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

    private final Map<String, String> environment;
    private final List<SettingProblem> problems = new ArrayList<>();
    private final List<String> adjustments = new ArrayList<>();

    private SettingsLoader(Map<String, String> environment) {
        this.environment = environment;
    }

    /** Reads the settings, in the mode that {@code STEWARD_ENV} names. */
    public static SettingsResult load(Map<String, String> environment) {
        return new SettingsLoader(environment).read(null);
    }

    /** Reads the settings as the given mode would, whatever {@code STEWARD_ENV} says. */
    public static SettingsResult load(Map<String, String> environment, Mode mode) {
        return new SettingsLoader(environment).read(mode);
    }

    private SettingsResult read(@Nullable Mode forcedMode) {
        Mode mode = forcedMode != null ? forcedMode : mode();
        boolean production = mode == Mode.PRODUCTION;
        int port = integer(Variable.PORT, 8080, 0, 65535);
        boolean allowLocalhost = bool(Variable.ALLOW_LOCALHOST_PROD, false);
        URI baseUrl = baseUrl(production, allowLocalhost, port);
        Optional<DatabaseUrl> database = database(production);
        int poolSize = clamped(Variable.DATABASE_POOL_SIZE, 10, 2, 100);
        Path dataDir = dataDir();
        int embeddedPort = integer(Variable.EMBEDDED_DB_PORT, 54329, 0, 65535);
        Optional<RedisUrl> redis = redis();
        Secret sessionSecret = sessionSecret(production);
        List<String> adminEmails = adminEmails();
        List<String> origins = origins(production);
        int trustProxy = integer(Variable.TRUST_PROXY, 0, 0, 10);
        LogFormat logFormat = logFormat();
        String logLevel = logLevel();
        Duration healthTimeout = duration(
                Variable.HEALTH_CHECK_TIMEOUT, Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofSeconds(5));
        Duration shutdownDelay = duration(
                Variable.SHUTDOWN_DELAY,
                production ? Duration.ofSeconds(5) : Duration.ZERO,
                Duration.ZERO,
                Duration.ofMinutes(2));
        Duration drainTimeout = duration(
                Variable.SHUTDOWN_DRAIN_TIMEOUT, Duration.ofSeconds(20), Duration.ofSeconds(1), Duration.ofMinutes(10));
        Path catalogFile = path(Variable.STEWARD_CONFIG, "steward.yml");
        Duration resultsRetention =
                duration(Variable.RESULTS_RETENTION, Duration.ofDays(30), Duration.ofDays(1), Duration.ofDays(400));
        Duration rollupRetention =
                duration(Variable.ROLLUP_RETENTION, Duration.ofDays(365), Duration.ofDays(7), Duration.ofDays(3650));
        Optional<Secret> smtpUrl = smtpUrl();
        String smtpFrom = Optional.ofNullable(value(Variable.SMTP_FROM))
                .orElseGet(() ->
                        "steward@" + Optional.ofNullable(baseUrl.getHost()).orElse("localhost"));
        if (!smtpFrom.contains("@")) {
            problem(Variable.SMTP_FROM, quoted(smtpFrom) + " is not an email address; write e.g. steward@example.com");
        }
        Duration notifyRetryHorizon = duration(
                Variable.NOTIFY_RETRY_HORIZON, Duration.ofHours(24), Duration.ofMinutes(1), Duration.ofDays(7));
        Optional<Secret> intakeToken = intakeToken();
        Optional<OidcClient> oidc = oidc();
        if (!problems.isEmpty()) {
            problems.sort(Comparator.comparing(SettingProblem::variable));
            return new SettingsResult.Invalid(problems);
        }
        Settings settings = new Settings(
                mode,
                port,
                baseUrl,
                database,
                poolSize,
                dataDir,
                embeddedPort,
                redis,
                sessionSecret,
                adminEmails,
                origins,
                trustProxy,
                logFormat,
                logLevel,
                healthTimeout,
                shutdownDelay,
                drainTimeout,
                catalogFile,
                resultsRetention,
                rollupRetention,
                smtpUrl,
                smtpFrom,
                notifyRetryHorizon,
                intakeToken,
                oidc,
                pgBinDir());
        return new SettingsResult.Loaded(settings, adjustments);
    }

    private Mode mode() {
        String value = value(Variable.STEWARD_ENV);
        if (value == null) {
            return Mode.DEVELOPMENT;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "development" -> Mode.DEVELOPMENT;
            case "production" -> Mode.PRODUCTION;
            default -> {
                problem(Variable.STEWARD_ENV, quoted(value) + " is not a mode; use development or production");
                yield Mode.PRODUCTION;
            }
        };
    }

    private URI baseUrl(boolean production, boolean allowLocalhost, int port) {
        String value = value(Variable.BASE_URL);
        URI fallback = URI.create("http://localhost:" + (port == 0 ? 8080 : port));
        if (value == null) {
            if (production) {
                problem(Variable.BASE_URL, "is not set; production needs the public URL users reach Steward at");
            }
            return fallback;
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            problem(Variable.BASE_URL, quoted(value) + " is not a URL (" + e.getReason() + ")");
            return fallback;
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            problem(Variable.BASE_URL, quoted(value) + " must be an absolute http:// or https:// URL with a host");
            return fallback;
        }
        if (uri.getQuery() != null || uri.getFragment() != null) {
            problem(Variable.BASE_URL, quoted(value) + " must not have a query or fragment");
            return fallback;
        }
        if (production && !allowLocalhost && isLocalhost(uri.getHost())) {
            problem(
                    Variable.BASE_URL,
                    quoted(value) + " points at this machine; in production it must be the address users reach"
                            + " Steward at (set ALLOW_LOCALHOST_PROD=true if that really is localhost)");
        }
        String text = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        return URI.create(text);
    }

    private static boolean isLocalhost(String host) {
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (bare.endsWith(".")) {
            bare = bare.substring(0, bare.length() - 1); // "localhost." is the same host
        }
        if (bare.equalsIgnoreCase("localhost") || bare.toLowerCase(Locale.ROOT).endsWith(".localhost")) {
            return true;
        }
        if (!bare.matches("[0-9.]+") && !bare.contains(":")) {
            return false; // a name: do not resolve it, DNS may not be reachable at start-up
        }
        try {
            InetAddress address = InetAddress.getByName(bare);
            return address.isLoopbackAddress() || address.isAnyLocalAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private Optional<DatabaseUrl> database(boolean production) {
        String value = value(Variable.DATABASE_URL);
        if (value == null) {
            if (production) {
                problem(
                        Variable.DATABASE_URL,
                        "is not set; production needs an external PostgreSQL (the embedded database is for development)");
            }
            return Optional.empty();
        }
        return switch (DatabaseUrl.parse(value)) {
            case DatabaseUrl.Result.Valid valid -> Optional.of(valid.url());
            case DatabaseUrl.Result.Invalid invalid -> {
                problem(Variable.DATABASE_URL, invalid.problem());
                yield Optional.empty();
            }
        };
    }

    private Path dataDir() {
        return path(Variable.STEWARD_DATA_DIR, "data");
    }

    private Path path(Variable variable, String defaultPath) {
        String value = value(variable);
        try {
            return Path.of(value == null ? defaultPath : value).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            problem(variable, quoted(value) + " is not a valid path (" + e.getReason() + ")");
            return Path.of(defaultPath).toAbsolutePath();
        }
    }

    private Optional<RedisUrl> redis() {
        String value = value(Variable.REDIS_URL);
        if (value == null) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            problem(Variable.REDIS_URL, "is not a valid URL (" + e.getReason() + ")");
            return Optional.empty();
        }
        if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
            problem(Variable.REDIS_URL, "must start with redis:// or rediss://");
        } else if (uri.getHost() == null || uri.getHost().isBlank()) {
            problem(Variable.REDIS_URL, "names no host; write redis://host:6379");
        } else if (uri.getPath() != null && !uri.getPath().matches("/?|/\\d{1,2}")) {
            problem(Variable.REDIS_URL, "may only name a database number after the host, e.g. redis://host:6379/0");
        } else {
            return Optional.of(new RedisUrl(uri));
        }
        return Optional.empty();
    }

    private Optional<Secret> smtpUrl() {
        String value = value(Variable.SMTP_URL);
        if (value == null) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(value);
            if (!"smtp".equals(uri.getScheme()) && !"smtps".equals(uri.getScheme())) {
                problem(Variable.SMTP_URL, "must start with smtp:// (port 587 or 25) or smtps:// (port 465)");
            } else if (uri.getHost() == null) {
                problem(Variable.SMTP_URL, "names no host; write smtp://user:password@mail.example.com:587");
            }
        } catch (URISyntaxException e) {
            // The reason may quote the value, which can hold a password: say where, not what.
            problem(
                    Variable.SMTP_URL,
                    "is not a valid URL (at character " + e.getIndex() + "); percent-encode"
                            + " special characters of the password");
        }
        return Optional.of(new Secret(value));
    }

    private Optional<Path> pgBinDir() {
        String value = value(Variable.PG_BIN_DIR);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Path directory = Path.of(value.strip());
        if (!Files.isDirectory(directory)) {
            problem(
                    Variable.PG_BIN_DIR,
                    quoted(value) + " is not a directory; name the one holding pg_dump, e.g. "
                            + Variable.PG_BIN_DIR.example());
        }
        return Optional.of(directory);
    }

    private Optional<Secret> intakeToken() {
        String value = environment.get(Variable.INTAKE_TOKEN.name());
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        if (value.length() < 16) {
            problem(
                    Variable.INTAKE_TOKEN,
                    "is " + value.length() + " characters long; it must be at least 16 (e.g. openssl rand -hex 24)");
        }
        return Optional.of(new Secret(value));
    }

    /** OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET, all three or none; OIDC_NAME only labels the button. */
    private Optional<OidcClient> oidc() {
        String issuer = value(Variable.OIDC_ISSUER);
        String clientId = value(Variable.OIDC_CLIENT_ID);
        String clientSecret = value(Variable.OIDC_CLIENT_SECRET);
        String name = value(Variable.OIDC_NAME);
        List<Variable> together = List.of(Variable.OIDC_ISSUER, Variable.OIDC_CLIENT_ID, Variable.OIDC_CLIENT_SECRET);
        List<Variable> set = new ArrayList<>();
        List<Variable> missing = new ArrayList<>();
        for (Variable variable : together) {
            (value(variable) == null ? missing : set).add(variable);
        }
        if (set.isEmpty()) {
            if (name != null) {
                adjustments.add(Variable.OIDC_NAME.name() + " has no effect: OpenID Connect sign-in is off until"
                        + " OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are set");
            }
            return Optional.empty();
        }
        for (Variable variable : missing) {
            problem(
                    variable,
                    "is not set; OpenID Connect sign-in needs OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET"
                            + " together (" + names(set) + (set.size() == 1 ? " is" : " are")
                            + " set; unset " + (set.size() == 1 ? "it" : "them") + " to turn it off)");
        }
        URI issuerUri = issuer == null ? null : issuer(issuer);
        if (!missing.isEmpty() || issuerUri == null || clientId == null || clientSecret == null) {
            return Optional.empty();
        }
        return Optional.of(new OidcClient(
                issuerUri,
                clientId,
                new Secret(clientSecret),
                name == null ? Variable.OIDC_NAME.defaultValue() : name));
    }

    private @Nullable URI issuer(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            problem(Variable.OIDC_ISSUER, quoted(value) + " is not a URL (" + e.getReason() + ")");
            return null;
        }
        if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
            problem(Variable.OIDC_ISSUER, quoted(value) + " must be an absolute https:// URL with a host");
        } else if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            problem(
                    Variable.OIDC_ISSUER,
                    quoted(value) + " must not have a user, query or fragment: it is the provider's issuer URL as its"
                            + " documentation gives it");
        } else if ("http".equals(uri.getScheme()) && !isLocalhost(uri.getHost())) {
            problem(
                    Variable.OIDC_ISSUER,
                    quoted(value) + " must use https:// (http:// is accepted only for a provider on this machine)");
        } else {
            return uri;
        }
        return null;
    }

    private static String names(List<Variable> variables) {
        List<String> names = variables.stream().map(Variable::name).toList();
        return names.size() == 1
                ? names.getFirst()
                : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.getLast();
    }

    private Secret sessionSecret(boolean production) {
        // Not trimmed: surrounding spaces are part of the secret as given. Blank counts as unset, like every setting.
        String value = environment.get(Variable.SESSION_TOKEN_SECRET.name());
        if (value == null || value.isBlank()) {
            if (production) {
                problem(
                        Variable.SESSION_TOKEN_SECRET,
                        "is not set; production needs a stable secret of at least 32 characters");
            }
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return new Secret(HexFormat.of().formatHex(random));
        }
        if (value.length() < MIN_SECRET_LENGTH) {
            String problem = "is " + value.length() + " characters long; it must be at least " + MIN_SECRET_LENGTH;
            if (production) {
                problem(Variable.SESSION_TOKEN_SECRET, problem);
            } else {
                adjustments.add(
                        Variable.SESSION_TOKEN_SECRET.name() + " " + problem + " (accepted in development only)");
            }
        }
        return new Secret(value);
    }

    private List<String> adminEmails() {
        List<String> emails = list(Variable.ADMIN_EMAILS);
        List<String> invalid =
                emails.stream().filter(email -> !EMAIL.matcher(email).matches()).toList();
        if (!invalid.isEmpty()) {
            problem(
                    Variable.ADMIN_EMAILS,
                    "contains "
                            + String.join(
                                    ", ",
                                    invalid.stream().map(SettingsLoader::quoted).toList())
                            + (invalid.size() == 1
                                    ? ", which is not an e-mail address"
                                    : ", which are not e-mail addresses"));
        }
        return emails.stream().map(email -> email.toLowerCase(Locale.ROOT)).toList();
    }

    private List<String> origins(boolean production) {
        List<String> origins = list(Variable.CORS_ALLOWED_ORIGINS);
        List<String> invalid = new ArrayList<>();
        for (String origin : origins) {
            if (origin.equals("*")) {
                if (production) {
                    problem(
                            Variable.CORS_ALLOWED_ORIGINS,
                            "is \"*\"; production must name the origins allowed to call the API");
                }
                continue;
            }
            if (!isOrigin(origin)) {
                invalid.add(origin);
            }
        }
        if (!invalid.isEmpty()) {
            problem(
                    Variable.CORS_ALLOWED_ORIGINS,
                    "contains "
                            + String.join(
                                    ", ",
                                    invalid.stream().map(SettingsLoader::quoted).toList())
                            + "; an origin is scheme://host[:port] with no path or trailing slash");
        }
        return origins;
    }

    private static boolean isOrigin(String text) {
        try {
            URI uri = new URI(text);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    && uri.getHost() != null
                    && uri.getRawUserInfo() == null
                    && (uri.getRawPath() == null || uri.getRawPath().isEmpty())
                    && uri.getRawQuery() == null
                    && uri.getRawFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private LogFormat logFormat() {
        String value = value(Variable.LOG_FORMAT);
        if (value == null) {
            return LogFormat.JSON;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "json" -> LogFormat.JSON;
            case "pretty" -> LogFormat.PRETTY;
            default -> {
                problem(Variable.LOG_FORMAT, quoted(value) + " is not a log format; use json or pretty");
                yield LogFormat.JSON;
            }
        };
    }

    private String logLevel() {
        String value = value(Variable.LOG_LEVEL);
        if (value == null) {
            return "INFO";
        }
        String upper = value.toUpperCase(Locale.ROOT);
        if (!LOG_LEVELS.contains(upper)) {
            problem(Variable.LOG_LEVEL, quoted(value) + " is not a level; use DEBUG, INFO, WARN or ERROR");
            return "INFO";
        }
        return upper;
    }

    private int integer(Variable variable, int fallback, int min, int max) {
        String value = value(variable);
        if (value == null) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value);
            if (number < min || number > max) {
                problem(variable, quoted(value) + " is out of range; use " + min + " to " + max);
                return fallback;
            }
            return number;
        } catch (NumberFormatException e) {
            problem(variable, quoted(value) + " is not a whole number");
            return fallback;
        }
    }

    private int clamped(Variable variable, int fallback, int min, int max) {
        String value = value(variable);
        if (value == null) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value);
            int used = Math.max(min, Math.min(max, number));
            if (used != number) {
                adjustments.add(
                        variable.name() + "=" + number + " is outside " + min + " to " + max + "; using " + used);
            }
            return used;
        } catch (NumberFormatException e) {
            problem(variable, quoted(value) + " is not a whole number");
            return fallback;
        }
    }

    private Duration duration(Variable variable, Duration fallback, Duration min, Duration max) {
        String value = value(variable);
        if (value == null) {
            return fallback;
        }
        Optional<Duration> parsed = Durations.parse(value);
        if (parsed.isEmpty()) {
            problem(variable, quoted(value) + " is not a duration (use a number and a unit: 500ms, 30s, 5m)");
            return fallback;
        }
        Duration duration = parsed.get();
        Duration used = duration.compareTo(min) < 0 ? min : duration.compareTo(max) > 0 ? max : duration;
        if (!used.equals(duration)) {
            adjustments.add(variable.name() + "=" + value + " is outside " + Durations.format(min) + " to "
                    + Durations.format(max) + "; using " + Durations.format(used));
        }
        return used;
    }

    private boolean bool(Variable variable, boolean fallback) {
        String value = value(variable);
        if (value == null) {
            return fallback;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> {
                problem(variable, quoted(value) + " is not a boolean; use true or false");
                yield fallback;
            }
        };
    }

    private List<String> list(Variable variable) {
        String value = value(variable);
        if (value == null) {
            return List.of();
        }
        return Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(item -> !item.isEmpty())
                .toList();
    }

    /** The variable's value, or null when it is unset or blank (compose files often set a variable to nothing). */
    private @Nullable String value(Variable variable) {
        String value = environment.get(variable.name());
        return value == null || value.isBlank() ? null : value.trim();
    }

    private void problem(Variable variable, String problem) {
        problems.add(new SettingProblem(variable, problem));
    }

    private static String quoted(@Nullable String value) {
        return "\"" + value + "\"";
    }
}
