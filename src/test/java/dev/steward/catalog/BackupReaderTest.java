package dev.steward.catalog;

import static dev.steward.catalog.CatalogAssertions.errors;
import static dev.steward.catalog.CatalogAssertions.loaded;
import static dev.steward.catalog.CatalogAssertions.read;
import static dev.steward.catalog.CatalogAssertions.warnings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.catalog.BackupPolicy.Codec;
import dev.steward.catalog.BackupPolicy.Compression;
import dev.steward.catalog.BackupPolicy.Drill;
import dev.steward.catalog.BackupPolicy.DrillCheck;
import dev.steward.catalog.BackupPolicy.Encryption;
import dev.steward.catalog.BackupPolicy.Format;
import dev.steward.catalog.BackupPolicy.Retention;
import dev.steward.catalog.BackupPolicy.Storage;
import dev.steward.config.Secret;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The backups section: every field's default, every value it accepts, and every mistake named with its fix. */
class BackupReaderTest {

    private static final String SERVICES = """
            services:
              booky-api: {}
              booky-db: {}
            """;

    private static final String HEX_KEY = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    private static final String BASE64_KEY = "ABEiM0RVZneImaq7zN3u/wARIjNEVWZ3iJmqu8zd7v8=";

    private static final Map<String, String> ENVIRONMENT = Map.of(
            "BOOKY_DB_PASSWORD", "db-pass-4711",
            "S3_ACCESS_KEY", "AKIA-access-0815",
            "S3_SECRET_KEY", "s3-secret-2342",
            "BACKUP_KEY", HEX_KEY,
            "BACKUP_KEY_B64", BASE64_KEY,
            "DRILL_DB_PASSWORD", "drill-pass-1337",
            "SHORT_KEY", "too-short-key-value");

    /** A policy with only what is required, to which each test adds the field it is about. */
    private static String minimal(String fields) {
        return """
                backups:
                  nightly:
                    source: postgres://backup:${BOOKY_DB_PASSWORD}@db.internal:5432/booky
                    storage: { type: local, path: /var/backups/steward }
                """ + fields.indent(4) + SERVICES;
    }

    private static BackupPolicy policy(String fields) {
        return loaded(read(minimal(fields), ENVIRONMENT)).backup("nightly").orElseThrow();
    }

    private static List<String> policyErrors(String fields) {
        return errors(read(minimal(fields), ENVIRONMENT));
    }

    @Test
    void readsTheSharedExamplesSection() {
        // The backups section of steward.example.yml, as the design shows it.
        Catalog catalog = loaded(read("""
                backups:
                  booky-nightly:
                    source: postgres://backup:${BOOKY_DB_PASSWORD}@db.internal:5432/booky
                    schedule: "0 2 * * *"
                    format: custom                         # custom | directory
                    storage:
                      type: s3
                      endpoint: https://s3.example.com
                      bucket: booky-backups
                      prefix: nightly/
                      accessKey: ${S3_ACCESS_KEY}
                      secretKey: ${S3_SECRET_KEY}
                    encryption: { keyFile: /etc/steward/backup.key }
                    retention: { keepLast: 7, daily: 14, weekly: 8, monthly: 12 }
                    drill:
                      schedule: "0 5 * * *"
                      checks:
                        - sql: select count(*) from users
                          expect: "> 0"
                """ + SERVICES, ENVIRONMENT));

        assertThat(catalog.backups()).containsOnlyKeys("booky-nightly");
        BackupPolicy policy = catalog.backup("booky-nightly").orElseThrow();
        assertThat(policy.name()).isEqualTo("booky-nightly");
        assertThat(policy.source().jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/booky");
        assertThat(policy.source().username()).isEqualTo("backup");
        assertThat(policy.source().password()).isEqualTo(new Secret("db-pass-4711"));
        assertThat(policy.schedule()).contains("0 2 * * *");
        assertThat(policy.zone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(policy.format()).isEqualTo(Format.CUSTOM);
        assertThat(policy.jobs()).isEqualTo(2);
        assertThat(policy.compression()).isEqualTo(new Compression(Codec.ZSTD, 3));
        assertThat(policy.globals()).isFalse();
        assertThat(policy.storage())
                .containsExactly(new Storage.S3(
                        URI.create("https://s3.example.com"),
                        "us-east-1",
                        "booky-backups",
                        "nightly/",
                        false,
                        new Secret("AKIA-access-0815"),
                        new Secret("s3-secret-2342")));
        assertThat(policy.encryption()).contains(new Encryption.KeyFile(Path.of("/etc/steward/backup.key")));
        assertThat(policy.retention()).isEqualTo(new Retention(7, 14, 8, 12, 1));
        assertThat(policy.maxAge()).contains(Duration.ofDays(2));
        assertThat(policy.service()).isEmpty();
        assertThat(policy.drill())
                .isEqualTo(new Drill(
                        true,
                        Optional.of("0 5 * * *"),
                        Optional.empty(),
                        0,
                        List.of(new DrillCheck("select count(*) from users", "> 0"))));
        assertThat(catalog.backup("other")).isEmpty();
    }

    @Test
    void theConfigurationGuidesExampleLoadsWithoutWarnings() throws IOException {
        String guide = Files.readString(Path.of("docs/CONFIGURATION.md"));
        int section = guide.indexOf("### `backups.<name>`");
        int start = guide.indexOf("```yaml\n", section) + "```yaml\n".length();
        String example = guide.substring(start, guide.indexOf("```", start));

        CatalogLoad load = CatalogReader.read("CONFIGURATION.md", example, ENVIRONMENT);

        assertThat(load).as("%s", load).isInstanceOf(CatalogLoad.Loaded.class);
        assertThat(load.warnings()).isEmpty();
        BackupPolicy policy =
                ((CatalogLoad.Loaded) load).catalog().backup("booky-nightly").orElseThrow();
        assertThat(policy.storage()).hasSize(2);
        assertThat(policy.retention()).isEqualTo(new Retention(7, 14, 8, 12, 2));
        assertThat(policy.drill().checks()).hasSize(2);
        assertThat(policy.service()).contains("booky-db");
    }

    @Test
    void appliesEveryDefaultToAPolicyWithOnlySourceAndStorage() {
        BackupPolicy policy = policy("");

        assertThat(policy.schedule()).isEmpty();
        assertThat(policy.zone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(policy.format()).isEqualTo(Format.CUSTOM);
        assertThat(policy.jobs()).isEqualTo(BackupReader.DEFAULT_JOBS).isEqualTo(2);
        assertThat(policy.compression()).isEqualTo(Compression.standard());
        assertThat(policy.globals()).isFalse();
        assertThat(policy.storage()).containsExactly(new Storage.Local(Path.of("/var/backups/steward")));
        assertThat(policy.retention()).isEqualTo(Retention.standard()).isEqualTo(new Retention(7, 0, 0, 0, 1));
        assertThat(policy.encryption()).isEmpty();
        assertThat(policy.maxAge()).as("no schedule, no maxAge").isEmpty();
        assertThat(policy.service()).isEmpty();
        assertThat(policy.drill()).isEqualTo(Drill.standard());
        assertThat(policy.drill().enabled()).isTrue();
        assertThat(policy.drill().schedule()).as("after every backup").isEmpty();
        assertThat(policy.drill().server()).as("Steward's own server").isEmpty();
        assertThat(policy.nextRun(Instant.parse("2026-11-20T10:00:00Z"))).isEmpty();
    }

    @Test
    void sourceStewardBacksUpStewardsOwnDatabase() {
        BackupPolicy policy =
                loaded(read("""
                        backups:
                          self:
                            source: steward
                            storage: { type: local, path: /var/backups/steward-self }
                        """ + SERVICES, ENVIRONMENT)).backup("self").orElseThrow();

        assertThat(policy.backsUpSteward()).isTrue();
        assertThat(policy("").backsUpSteward()).isFalse();
    }

    @Test
    void readsEveryOptionalField() {
        BackupPolicy policy = policy("""
                schedule: "30 1 * * *"
                timezone: Europe/Berlin
                format: directory
                jobs: 4
                compression: gzip:9
                globals: true
                retention: { keepLast: 3, daily: 7, minVerified: 2 }
                encryption: { key: "${BACKUP_KEY}" }
                maxAge: 3d
                service: booky-db
                """);

        assertThat(policy.schedule()).contains("30 1 * * *");
        assertThat(policy.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(policy.format()).isEqualTo(Format.DIRECTORY);
        assertThat(policy.jobs()).isEqualTo(4);
        assertThat(policy.compression()).isEqualTo(new Compression(Codec.GZIP, 9));
        assertThat(policy.globals()).isTrue();
        assertThat(policy.retention()).isEqualTo(new Retention(3, 7, 0, 0, 2));
        assertThat(policy.encryption()).contains(new Encryption.Key(new Secret(HEX_KEY)));
        assertThat(policy.maxAge()).contains(Duration.ofDays(3));
        assertThat(policy.service()).contains("booky-db");
    }

    @Test
    void schedulesRunInThePolicysTimeZone() {
        BackupPolicy policy = policy("""
                schedule: "30 1 * * *"
                timezone: Europe/Berlin
                drill: { schedule: "0 5 * * SUN" }
                """);

        // 01:30 in Berlin is 00:30 UTC in winter.
        assertThat(policy.nextRun(Instant.parse("2026-11-20T10:00:00Z")))
                .contains(Instant.parse("2026-11-21T00:30:00Z"));
        assertThat(policy.nextDrill(Instant.parse("2026-11-20T10:00:00Z")))
                .contains(Instant.parse("2026-11-22T04:00:00Z"));
        assertThat(policy("drill: false").nextDrill(Instant.parse("2026-11-20T10:00:00Z")))
                .isEmpty();
    }

    @Test
    void readsEveryCompression() {
        assertThat(policy("compression: zstd").compression()).isEqualTo(new Compression(Codec.ZSTD, 3));
        assertThat(policy("compression: zstd:1").compression()).isEqualTo(new Compression(Codec.ZSTD, 1));
        assertThat(policy("compression: zstd:19").compression()).isEqualTo(new Compression(Codec.ZSTD, 19));
        assertThat(policy("compression: gzip").compression()).isEqualTo(new Compression(Codec.GZIP, 6));
        assertThat(policy("compression: gzip:0").compression()).isEqualTo(new Compression(Codec.GZIP, 0));
        assertThat(policy("compression: none").compression()).isEqualTo(new Compression(Codec.NONE, 0));
    }

    @Test
    void maxAgeDefaultsToTwiceTheLongestTimeBetweenTwoScheduledBackups() {
        assertThat(policy("schedule: \"0 2 * * *\"").maxAge()).contains(Duration.ofDays(2));
        assertThat(policy("schedule: \"@hourly\"").maxAge()).contains(Duration.ofHours(2));
        assertThat(policy("schedule: \"*/15 * * * *\"").maxAge()).contains(Duration.ofMinutes(30));
        // Friday to Monday is the longest gap: an alert every weekend would be noise.
        assertThat(policy("schedule: \"0 2 * * MON-FRI\"").maxAge()).contains(Duration.ofDays(6));
        // A 31-day month between two monthly runs.
        assertThat(policy("schedule: \"@monthly\"").maxAge()).contains(Duration.ofDays(62));
        // Daylight saving changes neither add an hour nor skip a day (02:30 does not exist once a year in Berlin).
        assertThat(policy("""
                        schedule: "30 2 * * *"
                        timezone: Europe/Berlin
                        """).maxAge()).contains(Duration.ofDays(2));
    }

    @Test
    void warnsWhenMaxAgeWouldAlertBetweenScheduledRuns() {
        CatalogLoad load = read(minimal("""
                schedule: "0 2 * * *"
                maxAge: 12h
                """), ENVIRONMENT);

        assertThat(loaded(load).backup("nightly").orElseThrow().maxAge()).contains(Duration.ofHours(12));
        assertThat(warnings(load))
                .containsExactly("steward.yml:6:13 backups.nightly.maxAge: maxAge 12h is not longer than the"
                        + " schedule's longest time between two backups (1d), so it alerts between runs; e.g. maxAge:"
                        + " 2d");
    }

    @Test
    void readsOneStorageOrAListOfThem() {
        BackupPolicy policy =
                loaded(read("""
                        backups:
                          nightly:
                            source: jdbc:postgresql://db.internal:5432/booky?user=backup&password=${BOOKY_DB_PASSWORD}
                            storage:
                              - type: local
                                path: ./backups
                              - type: s3
                                endpoint: http://127.0.0.1:9000/
                                region: eu-central-1
                                bucket: booky.backups-2026
                                prefix: steward/nightly
                                pathStyle: true
                                accessKey: ${S3_ACCESS_KEY}
                                secretKey: ${S3_SECRET_KEY}
                              - type: s3
                                endpoint: https://s3.example.com
                                bucket: booky-backups
                                prefix: ""
                                accessKey: ${S3_ACCESS_KEY}
                                secretKey: ${S3_SECRET_KEY}
                        """ + SERVICES, ENVIRONMENT)).backup("nightly").orElseThrow();

        assertThat(policy.source().jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/booky");
        assertThat(policy.source().password()).isEqualTo(new Secret("db-pass-4711"));
        assertThat(policy.storage())
                .containsExactly(
                        new Storage.Local(Path.of("./backups")),
                        new Storage.S3(
                                URI.create("http://127.0.0.1:9000"),
                                "eu-central-1",
                                "booky.backups-2026",
                                "steward/nightly/",
                                true,
                                new Secret("AKIA-access-0815"),
                                new Secret("s3-secret-2342")),
                        new Storage.S3(
                                URI.create("https://s3.example.com"),
                                "us-east-1",
                                "booky-backups",
                                "",
                                false,
                                new Secret("AKIA-access-0815"),
                                new Secret("s3-secret-2342")));
        assertThat(policy.storage().stream().map(Storage::describe))
                .containsExactly(
                        "local ./backups",
                        "s3 http://127.0.0.1:9000 bucket booky.backups-2026 prefix steward/nightly/ (path-style)",
                        "s3 https://s3.example.com bucket booky-backups");
    }

    @Test
    void readsAKeyFromTheEnvironmentInHexOrBase64() {
        assertThat(policy("encryption: { key: \"${BACKUP_KEY}\" }").encryption())
                .contains(new Encryption.Key(new Secret(HEX_KEY)));
        assertThat(policy("encryption: { key: \"${BACKUP_KEY_B64}\" }").encryption())
                .contains(new Encryption.Key(new Secret(BASE64_KEY)));
    }

    @Test
    void readsDrillsOffOnAndConfigured() {
        assertThat(policy("drill: false").drill()).isEqualTo(Drill.off());
        assertThat(policy("drill: false").drill().enabled()).isFalse();
        assertThat(policy("drill: true").drill()).isEqualTo(Drill.standard());
        assertThat(policy("drill: {}").drill()).isEqualTo(Drill.standard());

        Drill drill = policy("""
                        drill:
                          server: postgres://drill:${DRILL_DB_PASSWORD}@drill.internal:5433/postgres
                          rowTolerance: 0.01
                          checks:
                            - sql: select count(*) from users
                              expect: ">= 1"
                            - sql: select status from health
                              expect: "== 'ok'"
                        """).drill();

        assertThat(drill.enabled()).isTrue();
        assertThat(drill.schedule()).isEmpty();
        assertThat(drill.server().orElseThrow().jdbcUrl()).isEqualTo("jdbc:postgresql://drill.internal:5433/postgres");
        assertThat(drill.server().orElseThrow().password()).isEqualTo(new Secret("drill-pass-1337"));
        assertThat(drill.rowTolerance()).isEqualTo(0.01);
        assertThat(drill.checks())
                .containsExactly(
                        new DrillCheck("select count(*) from users", ">= 1"),
                        new DrillCheck("select status from health", "== 'ok'"));
    }

    @Test
    void warnsThatJobsHaveNoEffectWithTheCustomFormat() {
        CatalogLoad load = read(minimal("jobs: 4"), ENVIRONMENT);

        assertThat(loaded(load).backup("nightly").orElseThrow().jobs()).isEqualTo(4);
        assertThat(warnings(load))
                .containsExactly("steward.yml:5:5 backups.nightly.jobs: jobs has no effect with format: custom"
                        + " (pg_dump writes one file with one job); use format: directory for parallel dumps and"
                        + " restores");
        assertThat(warnings(read(minimal("format: directory\njobs: 4"), ENVIRONMENT)))
                .isEmpty();
    }

    @Test
    void reportsMissingRequiredFieldsAtThePolicy() {
        assertThat(errors(read("""
                        backups:
                          nightly:
                            schedule: "0 2 * * *"
                        """ + SERVICES, ENVIRONMENT)))
                .containsExactly(
                        "steward.yml:2:3 backups.nightly.source: required, e.g. source:"
                                + " postgres://backup:${BOOKY_DB_PASSWORD}@db.internal:5432/booky",
                        "steward.yml:2:3 backups.nightly.storage: required, e.g. storage: {type: local, path:"
                                + " /var/backups/steward}");
    }

    @Test
    void reportsEveryMistakeOfThePolicysOwnFields() {
        assertThat(errors(read("""
                        backups:
                          Nightly_Dump:
                            source: mysql://backup:${BOOKY_DB_PASSWORD}@db.internal/booky
                            schedule: "0 25 * * *"
                            timezone: Europe/Berln
                            format: dierctory
                            jobs: 0
                            compression: zstd:22
                            globals: maybe
                            storage: { type: local, path: /var/backups/steward }
                            maxAge: soon
                            service: booky-apj
                            schedul: "@daily"
                        """ + SERVICES, ENVIRONMENT)))
                .containsExactly(
                        "steward.yml:2:3 backups.Nightly_Dump: \"Nightly_Dump\" is not a valid backup policy name: use"
                                + " lowercase letters, digits, -, _ and ., starting with a letter or digit, at most 64"
                                + " characters (e.g. nightly_dump)",
                        "steward.yml:3:13 backups.Nightly_Dump.source: must start with postgres://, postgresql:// or"
                                + " jdbc:postgresql:// (e.g. postgres://backup:${BOOKY_DB_PASSWORD}@db.internal:5432/booky,"
                                + " or steward for Steward's own database)",
                        "steward.yml:4:15 backups.Nightly_Dump.schedule: \"0 25 * * *\" is not a valid schedule: the"
                                + " hour field \"25\" is not 0-23 (a value, range, list or step such as */15); write"
                                + " minute hour day-of-month month day-of-week, e.g. \"0 3 * * SUN\", or a macro such as"
                                + " @daily",
                        "steward.yml:5:15 backups.Nightly_Dump.timezone: \"Europe/Berln\" is not a time zone; did you"
                                + " mean `Europe/Berlin`? (a region such as Europe/Berlin, or UTC)",
                        "steward.yml:6:13 backups.Nightly_Dump.format: \"dierctory\" is not a format; did you mean"
                                + " `directory`? (one of custom, directory)",
                        "steward.yml:7:11 backups.Nightly_Dump.jobs: \"0\" is not a whole number from 1 to 64",
                        "steward.yml:8:18 backups.Nightly_Dump.compression: \"zstd:22\": zstd levels are 1 to 19 (3 is"
                                + " fast and small; 19 is slow)",
                        "steward.yml:9:14 backups.Nightly_Dump.globals: \"maybe\" is not true or false",
                        "steward.yml:11:13 backups.Nightly_Dump.maxAge: \"soon\" is not a duration (use 30s, 5m)",
                        "steward.yml:12:14 backups.Nightly_Dump.service: no service is named booky-apj; did you mean"
                                + " `booky-api`?",
                        "steward.yml:13:5 backups.Nightly_Dump.schedul: unknown field; did you mean `schedule`?");
    }

    @Test
    void reportsCompressionsThatAreNotOneOfTheCodecs() {
        assertThat(policyErrors("compression: zstandard"))
                .containsExactly("steward.yml:5:18 backups.nightly.compression: \"zstandard\" is not a compression;"
                        + " write zstd, zstd:<1-19>, gzip, gzip:<0-9> or none (default zstd:3)");
        assertThat(policyErrors("compression: gzp"))
                .containsExactly("steward.yml:5:18 backups.nightly.compression: \"gzp\" is not a compression; did you"
                        + " mean `gzip`?; write zstd, zstd:<1-19>, gzip, gzip:<0-9> or none (default zstd:3)");
        assertThat(policyErrors("compression: gzip:10"))
                .containsExactly("steward.yml:5:18 backups.nightly.compression: \"gzip:10\": gzip levels are 0 to 9");
        assertThat(policyErrors("compression: zstd:0"))
                .containsExactly("steward.yml:5:18 backups.nightly.compression: \"zstd:0\": zstd levels are 1 to 19 (3"
                        + " is fast and small; 19 is slow)");
        assertThat(policyErrors("compression: none:1"))
                .containsExactly(
                        "steward.yml:5:18 backups.nightly.compression: \"none:1\": none takes no level; write none");
    }

    @Test
    void reportsEveryMistakeOfAStorage() {
        assertThat(errors(read("""
                        backups:
                          nightly:
                            source: postgres://backup@db.internal/booky
                            storage:
                              - type: local
                                bucket: booky-backups
                              - type: s3
                                endpoint: https://AKIA:${S3_SECRET_KEY}@s3.example.com
                                bucket: Booky_Backups
                                prefix: /nightly
                                pathStyle: yes
                              - type: ftp
                              - path: /var/backups
                              - type: s3
                                endpoint: ftp://s3.example.com
                                bucket: 192.168.1.10
                                accessKey: ${S3_ACCESS_KEY}
                                secretKey: ${S3_SECRET_KEY}
                                region: ""
                              - type: s3
                                endpoint: https://s3.example.com/booky-backups?x=1
                                bucket: a..b
                                accessKey: ${S3_ACCESS_KEY}
                                secretKey: ${S3_SECRET_KEY}
                              - type: s3
                                endpoint: https://s3.example.com/booky-backups
                                bucket: ab
                                accessKey: ${S3_ACCESS_KEY}
                                secretKey: ${S3_SECRET_KEY}
                          empty:
                            source: postgres://backup@db.internal/booky
                            storage: []
                        """ + SERVICES, ENVIRONMENT)))
                .containsExactly(
                        "steward.yml:5:9 backups.nightly.storage[0].path: required for local storage, e.g. path:"
                                + " /var/backups/steward",
                        "steward.yml:6:9 backups.nightly.storage[0].bucket: not a field of local storage (bucket"
                                + " belongs to s3 storage); local storage has path",
                        "steward.yml:7:9 backups.nightly.storage[1].accessKey: required for s3 storage, e.g."
                                + " accessKey: ${S3_ACCESS_KEY}",
                        "steward.yml:7:9 backups.nightly.storage[1].secretKey: required for s3 storage, e.g."
                                + " secretKey: ${S3_SECRET_KEY}",
                        "steward.yml:8:19 backups.nightly.storage[1].endpoint: carries credentials; give them as"
                                + " accessKey and secretKey, and the endpoint as https://s3.eu-central-1.amazonaws.com",
                        "steward.yml:9:17 backups.nightly.storage[1].bucket: \"Booky_Backups\" is not a valid bucket"
                                + " name: bucket names have 3 to 63 lowercase letters, digits, - and ., start and end"
                                + " with a letter or digit, and are not IP addresses, e.g. booky-backups",
                        "steward.yml:10:17 backups.nightly.storage[1].prefix: \"/nightly\" starts with /; keys are"
                                + " relative to the bucket, write e.g. nightly/",
                        "steward.yml:11:20 backups.nightly.storage[1].pathStyle: \"yes\" is not true or false",
                        "steward.yml:12:15 backups.nightly.storage[2].type: \"ftp\" is not a storage type (one of local,"
                                + " s3)",
                        "steward.yml:13:9 backups.nightly.storage[3].type: required; one of local, s3, e.g. {type:"
                                + " local, path: /var/backups/steward}",
                        "steward.yml:15:19 backups.nightly.storage[4].endpoint: must start with http:// or https://"
                                + " (found ftp://), e.g. https://s3.eu-central-1.amazonaws.com",
                        "steward.yml:16:17 backups.nightly.storage[4].bucket: \"192.168.1.10\" is not a valid bucket"
                                + " name: bucket names have 3 to 63 lowercase letters, digits, - and ., start and end"
                                + " with a letter or digit, and are not IP addresses, e.g. booky-backups",
                        "steward.yml:19:17 backups.nightly.storage[4].region: is empty; write the bucket's region, e.g."
                                + " eu-central-1",
                        "steward.yml:21:19 backups.nightly.storage[5].endpoint: has a query or fragment; the endpoint"
                                + " is the service's URL only, e.g. https://s3.eu-central-1.amazonaws.com",
                        "steward.yml:22:17 backups.nightly.storage[5].bucket: \"a..b\" is not a valid bucket name:"
                                + " bucket names have 3 to 63 lowercase letters, digits, - and ., start and end with a"
                                + " letter or digit, and are not IP addresses, e.g. booky-backups",
                        "steward.yml:26:19 backups.nightly.storage[6].endpoint: has a path (/booky-backups); give the"
                                + " bucket as bucket and a folder as prefix, and the endpoint as"
                                + " https://s3.eu-central-1.amazonaws.com",
                        "steward.yml:27:17 backups.nightly.storage[6].bucket: \"ab\" is not a valid bucket name: bucket"
                                + " names have 3 to 63 lowercase letters, digits, - and ., start and end with a letter"
                                + " or digit, and are not IP addresses, e.g. booky-backups",
                        "steward.yml:32:14 backups.empty.storage: is empty; give at least one storage, e.g. {type:"
                                + " local, path: /var/backups/steward}");
    }

    @Test
    void reportsRetentionCountsOutOfRangeAndARetentionThatKeepsNothing() {
        assertThat(policyErrors("retention: { keepLast: -1, daily: x, minVerified: 0, yearly: 2 }"))
                .containsExactly(
                        "steward.yml:5:28 backups.nightly.retention.keepLast: \"-1\" is not a whole number of at least"
                                + " 0",
                        "steward.yml:5:39 backups.nightly.retention.daily: \"x\" is not a whole number of at least 0",
                        "steward.yml:5:55 backups.nightly.retention.minVerified: \"0\" is not a whole number of at"
                                + " least 1",
                        "steward.yml:5:58 backups.nightly.retention.yearly: unknown field; allowed here: keepLast,"
                                + " daily, weekly, monthly, minVerified");
        assertThat(policyErrors("retention: { keepLast: 0, minVerified: 3 }"))
                .containsExactly("steward.yml:5:5 backups.nightly.retention: keeps nothing but the verified backups;"
                        + " set keepLast and/or daily, weekly, monthly, e.g. {keepLast: 7, daily: 14}");
        assertThat(policy("retention: { monthly: 6 }").retention()).isEqualTo(new Retention(0, 0, 0, 6, 1));
    }

    @Test
    void reportsAnEncryptionWithoutExactlyOneKeyOrWithAKeyThatIsNotOne() {
        assertThat(policyErrors("encryption: {}"))
                .containsExactly("steward.yml:5:5 backups.nightly.encryption: names no key: {keyFile:"
                        + " /etc/steward/backup.key} or {key: ${BACKUP_KEY}} (32 bytes in hex or base64, e.g. from"
                        + " openssl rand -base64 32)");
        assertThat(policyErrors("encryption: { keyFile: /etc/steward/backup.key, key: \"${BACKUP_KEY}\" }"))
                .containsExactly("steward.yml:5:5 backups.nightly.encryption: gives both keyFile and key; keep one:"
                        + " {keyFile: /etc/steward/backup.key} or {key: ${BACKUP_KEY}} (32 bytes in hex or base64, e.g."
                        + " from openssl rand -base64 32)");
        assertThat(policyErrors("encryption: { key: " + HEX_KEY + " }"))
                .containsExactly("steward.yml:5:24 backups.nightly.encryption.key: is written in the file; give it"
                        + " from the environment, e.g. key: ${BACKUP_KEY}, or use keyFile");
        assertThat(policyErrors("encryption: { key: \"${SHORT_KEY}\" }"))
                .containsExactly("steward.yml:5:24 backups.nightly.encryption.key: \"${SHORT_KEY}\" is not a 32-byte"
                        + " key in hex (64 characters) or base64 (44 characters); create one with: openssl rand -base64"
                        + " 32");
        assertThat(policyErrors("encryption: { keyfile: /etc/steward/backup.key }"))
                .containsExactly(
                        "steward.yml:5:5 backups.nightly.encryption: names no key: {keyFile: /etc/steward/backup.key}"
                                + " or {key: ${BACKUP_KEY}} (32 bytes in hex or base64, e.g. from openssl rand -base64"
                                + " 32)",
                        "steward.yml:5:19 backups.nightly.encryption.keyfile: unknown field; did you mean `keyFile`?");
    }

    @Test
    void reportsAZeroMaxAge() {
        assertThat(policyErrors("maxAge: 0s"))
                .containsExactly("steward.yml:5:13 backups.nightly.maxAge: must be longer than 0, e.g. 2d");
    }

    @Test
    void reportsEveryMistakeOfADrill() {
        assertThat(policyErrors("""
                        drill:
                          schedule: "0 5 * *"
                          server: https://drill.internal
                          rowTolerance: 5%
                          check: []
                          checks:
                            - sql: select count(*) from users
                              expect: "= 0"
                            - sql: select status from health
                              expect: "> 'ok'"
                            - expect: ok
                            - sql: select 1
                              expect: "== ok"
                            - sql: select 1
                              expect: ">="
                            - sql: " "
                        """))
                .containsExactly(
                        "steward.yml:6:17 backups.nightly.drill.schedule: \"0 5 * *\" has 4 fields; a schedule has 5"
                                + " (no seconds): write minute hour day-of-month month day-of-week, e.g. \"0 3 * * SUN\","
                                + " or a macro such as @daily",
                        "steward.yml:7:15 backups.nightly.drill.server: must start with postgres://, postgresql:// or"
                                + " jdbc:postgresql:// (e.g."
                                + " postgres://drill:${DRILL_DB_PASSWORD}@drill.internal:5432/postgres)",
                        "steward.yml:8:21 backups.nightly.drill.rowTolerance: \"5%\" is not a fraction from 0 to 1;"
                                + " write e.g. 0.01 to allow row counts to differ by 1 %, or 0 for exact counts",
                        "steward.yml:9:7 backups.nightly.drill.check: unknown field; did you mean `checks`?",
                        "steward.yml:12:19 backups.nightly.drill.checks[0].expect: \"= 0\" compares with =; write =="
                                + " (e.g. \"== 0\")",
                        "steward.yml:14:19 backups.nightly.drill.checks[1].expect: \"> 'ok'\" compares a text with >;"
                                + " texts are compared with == or != only",
                        "steward.yml:15:11 backups.nightly.drill.checks[2].sql: required, e.g. sql: select count(*) from"
                                + " users",
                        "steward.yml:15:19 backups.nightly.drill.checks[2].expect: \"ok\" does not start with an"
                                + " operator; write one of ==, !=, >, >=, <, <= and a number or a quoted text, e.g. \"> 0\""
                                + " or \"== 'ok'\"",
                        "steward.yml:17:19 backups.nightly.drill.checks[3].expect: \"== ok\" compares with ok, which is"
                                + " neither a number nor a text in single quotes; e.g. \"== 42\" or \"== 'ok'\"",
                        "steward.yml:19:19 backups.nightly.drill.checks[4].expect: \">=\" has no value after >=; e.g."
                                + " \">= 0\"",
                        "steward.yml:20:11 backups.nightly.drill.checks[5].expect: required, e.g. expect: \"> 0\"",
                        "steward.yml:20:16 backups.nightly.drill.checks[5].sql: is empty; write a query, e.g. select"
                                + " count(*) from users");
        assertThat(policyErrors("drill: sometimes"))
                .containsExactly("steward.yml:5:12 backups.nightly.drill: \"sometimes\" is not true or false");
    }

    @Test
    void reportsASectionOrPolicyOfTheWrongKind() {
        assertThat(errors(read("backups: [nightly]\n" + SERVICES, ENVIRONMENT)))
                .containsExactly("steward.yml:1:10 backups: expected a mapping of backup policy names to policies, e.g."
                        + " booky-nightly: {source: …, storage: …}, got a list");
        assertThat(errors(read("backups:\n  nightly: yes\n" + SERVICES, ENVIRONMENT)))
                .containsExactly("steward.yml:2:12 backups.nightly: expected the backup policy's fields (source,"
                        + " schedule, storage, …), got a single value");
    }

    @Test
    void anEmptySectionDeclaresNoPolicies() {
        assertThat(loaded(read("backups:\n" + SERVICES, ENVIRONMENT)).backups()).isEmpty();
        assertThat(loaded(read("backups: {}\n" + SERVICES, ENVIRONMENT)).backups())
                .isEmpty();
        assertThat(loaded(read(SERVICES, ENVIRONMENT)).backups()).isEmpty();
    }

    @Test
    void neverShowsASecretInAMessageOrInThePolicysText() {
        Map<String, String> environment = Map.of(
                "BOOKY_DB_PASSWORD", "db-pass-4711",
                "S3_ACCESS_KEY", "AKIA-access-0815",
                "S3_SECRET_KEY", "s3-secret-2342",
                "BACKUP_KEY", HEX_KEY,
                "BAD_URL", "mysql://backup:db-pass-4711@db.internal/booky",
                "BAD_ENDPOINT", "https://AKIA-access-0815:s3-secret-2342@s3.example.com",
                "BAD_KEY", "s3-secret-2342-but-not-a-key");
        CatalogLoad rejected = read("""
                backups:
                  broken:
                    source: ${BAD_URL}
                    storage:
                      type: s3
                      endpoint: ${BAD_ENDPOINT}
                      bucket: booky-backups
                      accessKey: ${S3_ACCESS_KEY}
                      secretKey: ${S3_SECRET_KEY}
                    encryption: { key: "${BAD_KEY}" }
                    drill: { server: "${BAD_URL}" }
                """ + SERVICES, environment);
        List<String> messages = new ArrayList<>(errors(rejected));
        messages.addAll(warnings(rejected));
        assertThat(messages).hasSize(4);

        BackupPolicy policy =
                loaded(read("""
                        backups:
                          good:
                            source: postgres://backup:${BOOKY_DB_PASSWORD}@db.internal:5432/booky
                            storage:
                              type: s3
                              endpoint: https://s3.example.com
                              bucket: booky-backups
                              accessKey: ${S3_ACCESS_KEY}
                              secretKey: ${S3_SECRET_KEY}
                            encryption: { key: "${BACKUP_KEY}" }
                            drill: { server: "postgres://drill:${BOOKY_DB_PASSWORD}@drill.internal/postgres" }
                        """ + SERVICES, environment)).backup("good").orElseThrow();
        messages.add(policy.toString());

        for (String secret : List.of("db-pass-4711", "AKIA-access-0815", "s3-secret-2342", HEX_KEY)) {
            assertThat(messages).noneMatch(message -> message.contains(secret));
        }
        assertThat(policy.toString()).contains("db.internal:5432/booky", "s3.example.com", "booky-backups");
    }

    @Test
    void backupPoliciesFollowTheNamingRuleAndAreKeptInFileOrder() {
        Catalog catalog = loaded(read("""
                backups:
                  z-last:
                    source: postgres://backup@db.internal/booky
                    storage: { type: local, path: /b }
                  a.first_2:
                    source: postgres://backup@db.internal/booky
                    storage: { type: local, path: /b }
                """ + SERVICES, ENVIRONMENT));

        assertThat(catalog.backups().keySet()).containsExactly("z-last", "a.first_2");
    }
}
