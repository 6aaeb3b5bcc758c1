package dev.steward.config;

/**
 * Every environment variable Steward reads, with its default and an example of a good value. This is the one list
 * that the loader, the error messages, {@code steward config check} and the README's configuration table agree on.
 */
public enum Variable {
    STEWARD_ENV(
            "development", "production", "development or production; production refuses missing or unsafe settings"),
    PORT("8080", "8080", "HTTP port Steward listens on (0 picks a free port)"),
    BASE_URL(
            "http://localhost:PORT",
            "https://steward.example.com",
            "public URL of Steward, used in links it sends; required in production and not localhost there unless ALLOW_LOCALHOST_PROD=true"),
    ALLOW_LOCALHOST_PROD(
            "false", "true", "allow a localhost BASE_URL in production (a single-host install behind a local proxy)"),
    DATABASE_URL(
            "(embedded PostgreSQL)",
            "postgres://steward:secret@db.internal:5432/steward",
            "PostgreSQL for Steward's own data, as postgres://user:pass@host:port/db or a JDBC URL; required in production"),
    DATABASE_POOL_SIZE("10", "10", "maximum connections Steward keeps to its database (2 to 100)"),
    STEWARD_DATA_DIR(
            "./data",
            "/var/lib/steward",
            "directory for local state; the embedded PostgreSQL keeps its data in DATA_DIR/postgres"),
    EMBEDDED_DB_PORT("54329", "54329", "port of the embedded PostgreSQL, bound to 127.0.0.1 (0 picks a free port)"),
    REDIS_URL(
            "(none)",
            "redis://:secret@cache.internal:6379/0",
            "Redis, as redis:// or rediss:// URL; when set, readiness and health check it"),
    SESSION_TOKEN_SECRET(
            "(random per start)",
            "$(openssl rand -hex 32)",
            "secret that signs session tokens; required in production, at least 32 characters"),
    ADMIN_EMAILS(
            "(none)",
            "alice@example.com,bob@example.com",
            "comma-separated e-mail addresses of administrators (may be empty)"),
    CORS_ALLOWED_ORIGINS(
            "(none)",
            "https://app.example.com,https://admin.example.com",
            "comma-separated origins allowed to call /api/ from a browser"),
    TRUST_PROXY(
            "0",
            "1",
            "number of reverse proxies in front of Steward whose X-Forwarded-For entries are trusted for the client address"),
    LOG_FORMAT("json", "pretty", "json (one object per line) or pretty (for humans)"),
    LOG_LEVEL("INFO", "INFO", "DEBUG, INFO, WARN or ERROR"),
    HEALTH_CHECK_TIMEOUT("1s", "1s", "time limit of each dependency check in /readyz and /health (100ms to 5s)"),
    SHUTDOWN_DELAY(
            "0s in development, 5s in production",
            "5s",
            "after SIGTERM, how long Steward keeps serving with /readyz answering 503 so load balancers stop sending traffic"),
    SHUTDOWN_DRAIN_TIMEOUT(
            "20s",
            "30s",
            "after the delay, how long in-flight requests may take to finish before Steward stops anyway"),
    STEWARD_CONFIG(
            "./steward.yml",
            "/etc/steward/steward.yml",
            "the catalog file: services and their monitors; re-read when it changes"),
    RESULTS_RETENTION("30d", "30d", "how long every single probe result is kept (1d to 400d)"),
    ROLLUP_RETENTION("365d", "400d", "how long hourly uptime and latency summaries are kept (7d to 3650d)"),
    SMTP_URL(
            "(none)",
            "smtp://alerts:secret@mail.example.com:587",
            "SMTP server for email channels: smtp:// (STARTTLS when offered; ?starttls=required insists) or smtps:// (TLS)"),
    SMTP_FROM("steward@HOST of BASE_URL", "steward@example.com", "sender address of email notifications"),
    NOTIFY_RETRY_HORIZON(
            "24h",
            "24h",
            "how long Steward keeps retrying a notification the receiver does not accept (1m to 7d), then marks it failed"),
    INTAKE_TOKEN(
            "(none: intake is off)",
            "$(openssl rand -hex 24)",
            "token that /api/v1/integrations/alertmanager (Bearer) and /v2/enqueue (routing_key) require; at least 16 characters"),
    OIDC_ISSUER(
            "(none: OpenID Connect sign-in is off)",
            "https://accounts.google.com",
            "https URL of an OpenID Connect provider users may sign in with; set OIDC_CLIENT_ID and OIDC_CLIENT_SECRET too, and register BASE_URL/login/oauth2/code/oidc as the redirect URI there"),
    OIDC_CLIENT_ID(
            "(none)",
            "1234567890-abc.apps.googleusercontent.com",
            "Steward's client ID at the OpenID Connect provider"),
    OIDC_CLIENT_SECRET(
            "(none)",
            "<the client secret the provider issued>",
            "Steward's client secret at the OpenID Connect provider; never printed"),
    OIDC_NAME("OpenID Connect", "Google", "the provider's name on the sign-in button: Sign in with NAME"),
    PG_BIN_DIR(
            "(none: PATH, then the newest /usr/lib/postgresql/<n>/bin)",
            "/usr/lib/postgresql/17/bin",
            "directory with the pg_dump, pg_restore and pg_dumpall that backups use; must not be older than the servers backed up");

    private final String defaultValue;
    private final String example;
    private final String description;

    Variable(String defaultValue, String example, String description) {
        this.defaultValue = defaultValue;
        this.example = example;
        this.description = description;
    }

    /** The default, as documented (e.g. {@code 8080} or {@code (none)}). */
    public String defaultValue() {
        return defaultValue;
    }

    /** A good value to show in an error message. */
    public String example() {
        return example;
    }

    /** What the variable controls. */
    public String description() {
        return description;
    }
}
