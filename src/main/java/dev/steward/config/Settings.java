package dev.steward.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Steward's process settings, read from environment variables by {@link SettingsLoader}. Values here are already
 * validated; secrets are wrapped so that printing the record never reveals them.
 *
 * @param database empty when Steward runs its embedded PostgreSQL
 * @param oidc empty when sign-in with OpenID Connect is off
 * @param pgBinDir where backups find pg_dump and pg_restore, when not on PATH
 */
public record Settings(
        Mode mode,
        int port,
        URI baseUrl,
        Optional<DatabaseUrl> database,
        int databasePoolSize,
        Path dataDir,
        int embeddedDatabasePort,
        Optional<RedisUrl> redis,
        Secret sessionTokenSecret,
        List<String> adminEmails,
        List<String> corsAllowedOrigins,
        int trustProxyHops,
        LogFormat logFormat,
        String logLevel,
        Duration healthCheckTimeout,
        Duration shutdownDelay,
        Duration shutdownDrainTimeout,
        Path catalogFile,
        Duration resultsRetention,
        Duration rollupRetention,
        Optional<Secret> smtpUrl,
        String smtpFrom,
        Duration notifyRetryHorizon,
        Optional<Secret> intakeToken,
        Optional<OidcClient> oidc,
        Optional<Path> pgBinDir) {

    public Settings {
        adminEmails = List.copyOf(adminEmails);
        corsAllowedOrigins = List.copyOf(corsAllowedOrigins);
    }

    /** Where the embedded PostgreSQL keeps its data. */
    public Path embeddedDatabaseDir() {
        return dataDir.resolve("postgres");
    }
}
