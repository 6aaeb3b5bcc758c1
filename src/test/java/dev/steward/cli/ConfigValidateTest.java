package dev.steward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code steward config validate}: every problem as file:line:column, a summary, and the exit status. */
class ConfigValidateTest {

    @TempDir
    Path directory;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void summarisesAValidFileAndExitsZero() throws IOException {
        Path file = Files.writeString(directory.resolve("steward.yml"), """
                backups: {}
                services:
                  api:
                    monitors:
                      port: { type: tcp, host: api.example.com, port: 443 }
                      cert: { type: tls, host: api.example.com }
                  db: {}
                """);

        int status = validate(Map.of(), file.toString());

        assertThat(status).isZero();
        assertThat(out.toString()).isEqualTo(file + ": 2 services, 2 monitors\n");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void listsBackupPoliciesWithoutCredentials() throws IOException {
        Path file = Files.writeString(directory.resolve("steward.yml"), """
                backups:
                  nightly:
                    source: postgres://backup:${DB_PASSWORD}@db.internal:5432/booky
                    schedule: "0 2 * * *"
                    timezone: Europe/Berlin
                    storage:
                      - { type: local, path: /var/backups/steward }
                      - type: s3
                        endpoint: https://s3.example.com
                        bucket: booky-backups
                        prefix: nightly
                        accessKey: ${S3_ACCESS_KEY}
                        secretKey: ${S3_SECRET_KEY}
                    retention: { keepLast: 7, daily: 14 }
                    drill:
                      checks: [{ sql: select count(*) from users, expect: "> 0" }]
                  adhoc:
                    source: postgres://backup@db.internal:5432/booky
                    storage: { type: local, path: /var/backups/adhoc }
                    drill: false
                services:
                  db: {}
                """);

        int status = validate(
                Map.of("DB_PASSWORD", "db-pass-4711", "S3_ACCESS_KEY", "access-0815", "S3_SECRET_KEY", "secret-2342"),
                file.toString());

        assertThat(status).isZero();
        assertThat(out.toString())
                .isEqualTo(file + ": 1 service, 0 monitors, 2 backup policies\n"
                        + "  backup nightly\n"
                        + "    source     db.internal:5432/booky (user backup)\n"
                        + "    schedule   0 2 * * * (Europe/Berlin), alert after 2d without a verified backup\n"
                        + "    storage    local /var/backups/steward\n"
                        + "    storage    s3 https://s3.example.com bucket booky-backups prefix nightly/\n"
                        + "    retention  keepLast 7, daily 14, minVerified 1\n"
                        + "    drill      after every backup on Steward's own server, 1 SQL check\n"
                        + "  backup adhoc\n"
                        + "    source     db.internal:5432/booky (user backup)\n"
                        + "    schedule   on demand only\n"
                        + "    storage    local /var/backups/adhoc\n"
                        + "    retention  keepLast 7, minVerified 1\n"
                        + "    drill      off\n");
        assertThat(out.toString()).doesNotContain("db-pass-4711", "access-0815", "secret-2342");
    }

    @Test
    void printsEveryErrorToStandardErrorAndExitsOne() throws IOException {
        Path file = Files.writeString(directory.resolve("steward.yml"), """
                services:
                  api:
                    monitors:
                      port: { type: tcp, host: api.example.com, port: 0 }
                      health: { type: http, url: "${API_URL}" }
                """);

        int status = validate(Map.of(), file.toString());

        assertThat(status).isEqualTo(1);
        assertThat(err.toString())
                .isEqualTo(file + ":4:55 services.api.monitors.port.port: \"0\" is not a port number (1 to 65535)\n"
                        + file + ":5:34 services.api.monitors.health.url: environment variable API_URL is not set; set"
                        + " it, or give a default: ${API_URL:-default}\n"
                        + file + ": 2 errors\n");
    }

    @Test
    void readsTheFileThatStewardConfigNamesAndResolvesVariablesFromTheEnvironment() throws IOException {
        Path file = Files.writeString(directory.resolve("catalog.yml"), """
                services:
                  api:
                    monitors:
                      health: { type: http, url: "${API_URL}" }
                """);

        int status = validate(Map.of("STEWARD_CONFIG", file.toString(), "API_URL", "https://api.example.com/health"));

        assertThat(status).isZero();
        assertThat(out.toString()).isEqualTo(file + ": 1 service, 1 monitor\n");
    }

    @Test
    void exitsTwoWhenTheFileCannotBeRead() {
        Path missing = directory.resolve("missing.yml");

        int status = validate(Map.of(), missing.toString());

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).isEqualTo(missing + ": cannot be read: no such file\n");
    }

    private int validate(Map<String, String> environment, String... file) {
        String[] args = new String[2 + file.length];
        args[0] = "config";
        args[1] = "validate";
        System.arraycopy(file, 0, args, 2, file.length);
        return StewardCommand.execute(environment, new PrintWriter(out, true), new PrintWriter(err, true), args);
    }
}
