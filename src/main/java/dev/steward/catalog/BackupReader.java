package dev.steward.catalog;

import dev.steward.catalog.BackupPolicy.Codec;
import dev.steward.catalog.BackupPolicy.Compression;
import dev.steward.catalog.BackupPolicy.Drill;
import dev.steward.catalog.BackupPolicy.DrillCheck;
import dev.steward.catalog.BackupPolicy.Encryption;
import dev.steward.catalog.BackupPolicy.Format;
import dev.steward.catalog.BackupPolicy.Retention;
import dev.steward.catalog.BackupPolicy.Storage;
import dev.steward.config.DatabaseUrl;
import dev.steward.config.Durations;
import dev.steward.config.Secret;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads the {@code backups} section: per policy, what to dump, when, how, where to keep it, for how long, and how the
 * restore drill proves it. Credentials (in the source URL, S3 keys, the encryption key) are held as secrets and never
 * quoted in a message.
 */
final class BackupReader {

    static final int DEFAULT_JOBS = 2;
    static final int MAX_JOBS = 64;
    static final String DEFAULT_REGION = "us-east-1";
    static final int ZSTD_MAX_LEVEL = 19;
    static final int GZIP_DEFAULT_LEVEL = 6;

    private static final String SOURCE_EXAMPLE = "postgres://backup:${BOOKY_DB_PASSWORD}@db.internal:5432/booky";
    private static final String STORAGE_EXAMPLE = "{type: local, path: /var/backups/steward}";
    private static final String COMPRESSIONS = "zstd, zstd:<1-19>, gzip, gzip:<0-9> or none";
    private static final Pattern COMPRESSION = Pattern.compile("([a-z]+)(?::(\\d{1,3}))?");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern HEX_KEY = Pattern.compile("[0-9a-fA-F]{64}");
    private static final int KEY_BYTES = 32;

    private final CatalogValues values;
    private final CatalogProblems problems;
    private final ScheduleReader schedules;

    BackupReader(CatalogValues values) {
        this.values = values;
        this.problems = values.problems();
        this.schedules = new ScheduleReader(values);
    }

    /** The valid policies by name, in file order; every problem of the others is reported. */
    Map<String, BackupPolicy> read(YamlValue section, CatalogReferences references) {
        Map<String, BackupPolicy> read = new LinkedHashMap<>();
        YamlMapping.of(
                        section,
                        problems,
                        "a mapping of backup policy names to policies, e.g. booky-nightly: {source: …, storage: …}")
                .ifPresent(policies -> policies.fields().forEach((name, value) -> {
                    values.checkName(name, value, "backup policy");
                    policy(name, value, references).ifPresent(policy -> read.put(name, policy));
                }));
        return read;
    }

    private Optional<BackupPolicy> policy(String name, YamlValue value, CatalogReferences references) {
        int errorsBefore = problems.errorCount();
        Optional<YamlMapping> found =
                YamlMapping.of(value, problems, "the backup policy's fields (source, schedule, storage, …)");
        if (found.isEmpty()) {
            return Optional.empty();
        }
        YamlMapping policy = found.get();
        policy.rejectUnknown(CatalogFields.BACKUP, problems);
        Optional<DatabaseUrl> source = required(policy, "source", SOURCE_EXAMPLE)
                .flatMap(v -> v.node() instanceof ScalarNode scalar
                                && "steward".equals(scalar.getValue().strip())
                        ? Optional.of(BackupPolicy.STEWARD_DATABASE)
                        : database(v, SOURCE_EXAMPLE + ", or steward for Steward's own database"));
        Optional<String> schedule =
                policy.get("schedule").filter(v -> !v.isNull()).flatMap(schedules::cron);
        ZoneId zone = policy.get("timezone").flatMap(schedules::zone).orElse(ScheduleReader.DEFAULT_ZONE);
        Optional<YamlValue> formatValue = policy.get("format").filter(v -> !v.isNull());
        Optional<Format> format =
                formatValue.isPresent() ? formatValue.flatMap(this::format) : Optional.of(Format.CUSTOM);
        Optional<YamlValue> jobsValue = policy.get("jobs").filter(v -> !v.isNull());
        Optional<Integer> jobs = jobsValue.flatMap(v -> values.integer(v, 1, MAX_JOBS));
        if (jobs.isPresent() && format.equals(Optional.of(Format.CUSTOM))) {
            problems.warning(
                    jobsValue.get().anchor(),
                    jobsValue.get().path(),
                    "jobs has no effect with format: custom (pg_dump writes one file with one job); use format:"
                            + " directory for parallel dumps and restores");
        }
        Compression compression =
                policy.get("compression").flatMap(this::compression).orElseGet(Compression::standard);
        boolean globals = policy.get("globals").flatMap(values::bool).orElse(false);
        List<Storage> storage = storage(policy);
        Retention retention = policy.get("retention")
                .filter(v -> !v.isNull())
                .flatMap(this::retention)
                .orElseGet(Retention::standard);
        Optional<Encryption> encryption =
                policy.get("encryption").filter(v -> !v.isNull()).flatMap(this::encryption);
        Optional<Duration> maxAge = maxAge(policy, schedule);
        Optional<String> service = policy.get("service")
                .flatMap(v -> values.nonBlankText(v, "the name of the service whose incidents backup alerts join")
                        .map(text -> {
                            CatalogReferences.Reference reference = CatalogReferences.Reference.of(text, v);
                            references.backupService(reference);
                            return reference.name();
                        }));
        Drill drill =
                policy.get("drill").filter(v -> !v.isNull()).map(this::drill).orElseGet(Drill::standard);
        if (problems.errorCount() > errorsBefore || source.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new BackupPolicy(
                name,
                source.get(),
                schedule,
                zone,
                format.orElseThrow(),
                jobs.orElse(DEFAULT_JOBS),
                compression,
                globals,
                storage,
                retention,
                encryption,
                maxAge,
                service,
                drill));
    }

    /** A field the policy (or one of its parts) needs; missing, it is an error at the part's key. */
    private Optional<YamlValue> required(YamlMapping mapping, String field, String example) {
        return required(mapping, field, "", example);
    }

    /** Like {@link #required(YamlMapping, String, String)}, saying for what, e.g. {@code " for s3 storage"}. */
    private Optional<YamlValue> required(YamlMapping mapping, String field, String forWhat, String example) {
        Optional<YamlValue> value = mapping.get(field).filter(v -> !v.isNull());
        if (value.isEmpty()) {
            problems.error(
                    mapping.get(field).orElse(mapping.value()).anchor(),
                    mapping.value().path() + "." + field,
                    "required" + forWhat + ", e.g. " + field + ": " + example);
        }
        return value;
    }

    /** A PostgreSQL URL (libpq or JDBC form); never quoted, it may hold a password. */
    private Optional<DatabaseUrl> database(YamlValue value, String example) {
        return values.text(value, "a PostgreSQL URL such as " + example).flatMap(text -> switch (DatabaseUrl.parse(
                text.value())) {
            case DatabaseUrl.Result.Valid valid -> Optional.of(valid.url());
            case DatabaseUrl.Result.Invalid invalid -> {
                problems.error(value.node(), value.path(), invalid.problem() + " (e.g. " + example + ")");
                yield Optional.empty();
            }
        });
    }

    private Optional<Format> format(YamlValue value) {
        List<String> formats = List.of("custom", "directory");
        return choice(value, "a format", formats).map(written -> Format.valueOf(written.toUpperCase(Locale.ROOT)));
    }

    /** One of {@code choices}, with "did you mean" for a misspelt one. */
    private Optional<String> choice(YamlValue value, String what, List<String> choices) {
        return values.text(value, what + " (" + String.join(", ", choices) + ")")
                .flatMap(text -> {
                    String written = text.value().trim();
                    if (choices.contains(written)) {
                        return Optional.of(written);
                    }
                    problems.error(
                            value.node(),
                            value.path(),
                            text.quoted() + " is not " + what
                                    + (text.interpolated()
                                            ? ""
                                            : Suggestions.closest(written, choices)
                                                    .map(suggestion -> "; did you mean `" + suggestion + "`?")
                                                    .orElse(""))
                                    + " (one of " + String.join(", ", choices) + ")");
                    return Optional.empty();
                });
    }

    /** {@code zstd}, {@code zstd:<1-19>}, {@code gzip}, {@code gzip:<0-9>} or {@code none}. */
    private Optional<Compression> compression(YamlValue value) {
        return values.text(value, "a compression (" + COMPRESSIONS + ")").flatMap(text -> {
            String written = text.value().trim().toLowerCase(Locale.ROOT);
            Matcher matcher = COMPRESSION.matcher(written);
            if (matcher.matches()) {
                String codec = matcher.group(1);
                Optional<Integer> level = Optional.ofNullable(matcher.group(2)).map(Integer::parseInt);
                switch (codec) {
                    case "zstd" -> {
                        int chosen = level.orElse(Compression.standard().level());
                        if (chosen >= 1 && chosen <= ZSTD_MAX_LEVEL) {
                            return Optional.of(new Compression(Codec.ZSTD, chosen));
                        }
                        problems.error(
                                value.node(),
                                value.path(),
                                text.quoted() + ": zstd levels are 1 to " + ZSTD_MAX_LEVEL
                                        + " (3 is fast and small; 19 is slow)");
                        return Optional.empty();
                    }
                    case "gzip" -> {
                        int chosen = level.orElse(GZIP_DEFAULT_LEVEL);
                        if (chosen <= 9) {
                            return Optional.of(new Compression(Codec.GZIP, chosen));
                        }
                        problems.error(value.node(), value.path(), text.quoted() + ": gzip levels are 0 to 9");
                        return Optional.empty();
                    }
                    case "none" -> {
                        if (level.isEmpty()) {
                            return Optional.of(new Compression(Codec.NONE, 0));
                        }
                        problems.error(value.node(), value.path(), text.quoted() + ": none takes no level; write none");
                        return Optional.empty();
                    }
                    default -> {}
                }
            }
            String codec = written.contains(":") ? written.substring(0, written.indexOf(':')) : written;
            problems.error(
                    value.node(),
                    value.path(),
                    text.quoted() + " is not a compression"
                            + (text.interpolated()
                                    ? ""
                                    : Suggestions.closest(codec, List.of("zstd", "gzip", "none"))
                                            .map(suggestion -> "; did you mean `" + suggestion + "`?")
                                            .orElse(""))
                            + "; write " + COMPRESSIONS + " (default zstd:3)");
            return Optional.empty();
        });
    }

    // ---- storage

    /** One storage or a list of them; at least one. */
    private List<Storage> storage(YamlMapping policy) {
        Optional<YamlValue> value = required(policy, "storage", STORAGE_EXAMPLE);
        if (value.isEmpty()) {
            return List.of();
        }
        List<YamlValue> items = value.get().node() instanceof SequenceNode
                ? values.list(value.get(), "a list of storages")
                : List.of(value.get());
        if (items.isEmpty()) {
            problems.error(
                    value.get().node(),
                    value.get().path(),
                    "is empty; give at least one storage, e.g. " + STORAGE_EXAMPLE);
        }
        List<Storage> storage = new ArrayList<>();
        for (YamlValue item : items) {
            storageItem(item).ifPresent(storage::add);
        }
        return storage;
    }

    private Optional<Storage> storageItem(YamlValue item) {
        Optional<YamlMapping> found = YamlMapping.of(
                item,
                problems,
                "a storage, e.g. " + STORAGE_EXAMPLE + " or {type: s3, endpoint: …, bucket: …}, or a list of them");
        if (found.isEmpty()) {
            return Optional.empty();
        }
        YamlMapping storage = found.get();
        SequencedMap<String, List<String>> types = CatalogFields.BACKUP_STORAGE_TYPES;
        Optional<YamlValue> typeValue = storage.get("type").filter(v -> !v.isNull());
        if (typeValue.isEmpty()) {
            problems.error(
                    storage.get("type").orElse(item).anchor(),
                    item.path() + ".type",
                    "required; one of " + String.join(", ", types.keySet()) + ", e.g. " + STORAGE_EXAMPLE);
        }
        Optional<String> type = typeValue.flatMap(v -> choice(v, "a storage type", List.copyOf(types.keySet())));
        List<String> allowed = new ArrayList<>(CatalogFields.BACKUP_STORAGE);
        type.ifPresentOrElse(
                t -> allowed.addAll(types.get(t)),
                () -> types.values().stream().flatMap(List::stream).forEach(allowed::add));
        storage.rejectUnknown(allowed, field -> type.flatMap(t -> belongsElsewhere(t, field)), problems);
        return type.flatMap(t -> t.equals("local") ? local(storage) : s3(storage));
    }

    /** "bucket is a field of s3 storage" is more useful than a suggestion for another type's field. */
    private static Optional<String> belongsElsewhere(String type, String field) {
        return CatalogFields.BACKUP_STORAGE_TYPES.entrySet().stream()
                .filter(entry ->
                        !entry.getKey().equals(type) && entry.getValue().contains(field))
                .findFirst()
                .map(entry -> "not a field of " + type + " storage (" + field + " belongs to " + entry.getKey()
                        + " storage); " + type + " storage has "
                        + String.join(", ", CatalogFields.BACKUP_STORAGE_TYPES.get(type)));
    }

    private Optional<Storage> local(YamlMapping storage) {
        return required(storage, "path", " for local storage", "/var/backups/steward")
                .flatMap(this::path)
                .map(Storage.Local::new);
    }

    private Optional<Path> path(YamlValue value) {
        return values.nonBlankText(value, "a path such as /var/backups/steward").flatMap(text -> {
            try {
                return Optional.of(Path.of(text.value().trim()));
            } catch (InvalidPathException e) {
                problems.error(value.node(), value.path(), text.quoted() + " is not a path (" + e.getReason() + ")");
                return Optional.empty();
            }
        });
    }

    private Optional<Storage> s3(YamlMapping storage) {
        String endpointExample = "https://s3.eu-central-1.amazonaws.com";
        Optional<URI> endpoint = required(
                        storage, "endpoint", " for s3 storage", endpointExample + " (or your MinIO, Ceph or R2 URL)")
                .flatMap(v -> endpoint(v, endpointExample));
        String region = storage.get("region")
                .flatMap(v -> values.nonBlank(v, "the bucket's region, e.g. eu-central-1"))
                .map(String::trim)
                .orElse(DEFAULT_REGION);
        Optional<String> bucket =
                required(storage, "bucket", " for s3 storage", "booky-backups").flatMap(this::bucket);
        String prefix = storage.get("prefix").flatMap(this::prefix).orElse("");
        boolean pathStyle = storage.get("pathStyle").flatMap(values::bool).orElse(false);
        Optional<Secret> accessKey = required(storage, "accessKey", " for s3 storage", "${S3_ACCESS_KEY}")
                .flatMap(v -> values.nonBlank(v, "the access key ID, e.g. ${S3_ACCESS_KEY}"))
                .map(key -> new Secret(key.trim()));
        Optional<Secret> secretKey = required(storage, "secretKey", " for s3 storage", "${S3_SECRET_KEY}")
                .flatMap(v -> values.nonBlank(v, "the secret access key, e.g. ${S3_SECRET_KEY}"))
                .map(key -> new Secret(key.trim()));
        if (endpoint.isEmpty() || bucket.isEmpty() || accessKey.isEmpty() || secretKey.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Storage.S3(
                endpoint.get(), region, bucket.get(), prefix, pathStyle, accessKey.get(), secretKey.get()));
    }

    /** An http(s) URL naming the service only: keys go in accessKey/secretKey, the bucket in bucket. */
    private Optional<URI> endpoint(YamlValue value, String example) {
        return values.url(value, List.of("http", "https"), example).flatMap(uri -> {
            if (uri.getRawUserInfo() != null) {
                problems.error(
                        value.node(),
                        value.path(),
                        "carries credentials; give them as accessKey and secretKey, and the endpoint as " + example);
                return Optional.empty();
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                problems.error(
                        value.node(),
                        value.path(),
                        "has a query or fragment; the endpoint is the service's URL only, e.g. " + example);
                return Optional.empty();
            }
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            if (!path.isEmpty() && !path.equals("/")) {
                problems.error(
                        value.node(),
                        value.path(),
                        "has a path (" + path + "); give the bucket as bucket and a folder as prefix, and the endpoint"
                                + " as " + example);
                return Optional.empty();
            }
            return Optional.of(URI.create(uri.getScheme() + "://" + uri.getRawAuthority()));
        });
    }

    /** S3's bucket naming rules, which MinIO, Ceph and R2 share. */
    private Optional<String> bucket(YamlValue value) {
        return values.nonBlankText(value, "a bucket name such as booky-backups").flatMap(text -> {
            String bucket = text.value().trim();
            String rule = "bucket names have 3 to 63 lowercase letters, digits, - and ., start and end with a letter"
                    + " or digit, and are not IP addresses, e.g. booky-backups";
            if (!BUCKET.matcher(bucket).matches()
                    || bucket.contains("..")
                    || bucket.contains(".-")
                    || bucket.contains("-.")
                    || IP_ADDRESS.matcher(bucket).matches()) {
                problems.error(value.node(), value.path(), text.quoted() + " is not a valid bucket name: " + rule);
                return Optional.empty();
            }
            return Optional.of(bucket);
        });
    }

    /** Empty, or a key prefix ending with {@code /} (added when missing). */
    private Optional<String> prefix(YamlValue value) {
        return values.text(value, "a key prefix such as nightly/").flatMap(text -> {
            String prefix = text.value().trim();
            if (prefix.startsWith("/")) {
                problems.error(
                        value.node(),
                        value.path(),
                        text.quoted() + " starts with /; keys are relative to the bucket, write e.g. nightly/");
                return Optional.empty();
            }
            return Optional.of(prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/");
        });
    }

    // ---- retention, encryption, maxAge

    private Optional<Retention> retention(YamlValue value) {
        int errorsBefore = problems.errorCount();
        Optional<YamlMapping> found = YamlMapping.of(
                value, problems, "the retention's counts, e.g. {keepLast: 7, daily: 14, weekly: 8, monthly: 12}");
        if (found.isEmpty()) {
            return Optional.empty();
        }
        YamlMapping retention = found.get();
        retention.rejectUnknown(CatalogFields.BACKUP_RETENTION, problems);
        int keepLast = count(retention, "keepLast", 0, 0);
        int daily = count(retention, "daily", 0, 0);
        int weekly = count(retention, "weekly", 0, 0);
        int monthly = count(retention, "monthly", 0, 0);
        int minVerified = count(retention, "minVerified", 1, 1);
        if (problems.errorCount() > errorsBefore) {
            return Optional.empty();
        }
        if (keepLast + daily + weekly + monthly == 0) {
            problems.error(
                    value.anchor(),
                    value.path(),
                    "keeps nothing but the verified backups; set keepLast and/or daily, weekly, monthly, e.g."
                            + " {keepLast: 7, daily: 14}");
            return Optional.empty();
        }
        return Optional.of(new Retention(keepLast, daily, weekly, monthly, minVerified));
    }

    private int count(YamlMapping mapping, String field, int min, int absent) {
        return mapping.get(field)
                .filter(v -> !v.isNull())
                .flatMap(v -> values.integer(v, min, Integer.MAX_VALUE))
                .orElse(absent);
    }

    /** {@code {keyFile: path}} or {@code {key: ${ENV}}}, exactly one. */
    private Optional<Encryption> encryption(YamlValue value) {
        Optional<YamlMapping> found =
                YamlMapping.of(value, problems, "{keyFile: /etc/steward/backup.key} or {key: ${BACKUP_KEY}}");
        if (found.isEmpty()) {
            return Optional.empty();
        }
        YamlMapping encryption = found.get();
        encryption.rejectUnknown(CatalogFields.BACKUP_ENCRYPTION, problems);
        Optional<YamlValue> keyFile = encryption.get("keyFile").filter(v -> !v.isNull());
        Optional<YamlValue> key = encryption.get("key").filter(v -> !v.isNull());
        if (keyFile.isPresent() == key.isPresent()) {
            problems.error(
                    value.anchor(),
                    value.path(),
                    (keyFile.isPresent() ? "gives both keyFile and key; keep one" : "names no key")
                            + ": {keyFile: /etc/steward/backup.key} or {key: ${BACKUP_KEY}} (32 bytes in hex or"
                            + " base64, e.g. from openssl rand -base64 32)");
            return Optional.empty();
        }
        if (keyFile.isPresent()) {
            return path(keyFile.get()).map(Encryption.KeyFile::new);
        }
        return values.nonBlankText(key.get(), "${BACKUP_KEY}").flatMap(text -> {
            YamlValue where = key.get();
            if (!text.interpolated()) {
                problems.error(
                        where.node(),
                        where.path(),
                        "is written in the file; give it from the environment, e.g. key: ${BACKUP_KEY}, or use"
                                + " keyFile");
                return Optional.empty();
            }
            if (!isKey(text.value().trim())) {
                problems.error(
                        where.node(),
                        where.path(),
                        text.quoted() + " is not a 32-byte key in hex (64 characters) or base64 (44 characters);"
                                + " create one with: openssl rand -base64 32");
                return Optional.empty();
            }
            return Optional.of(new Encryption.Key(new Secret(text.value().trim())));
        });
    }

    private static boolean isKey(String text) {
        if (HEX_KEY.matcher(text).matches()) {
            return HexFormat.of().parseHex(text).length == KEY_BYTES;
        }
        try {
            return Base64.getDecoder().decode(text).length == KEY_BYTES;
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    /**
     * The given age, else twice the longest time between two scheduled runs (a weekday schedule's weekend included),
     * else none.
     */
    private Optional<Duration> maxAge(YamlMapping policy, Optional<String> schedule) {
        Optional<Duration> longestGap = schedule.map(ScheduleReader::longestGap);
        Optional<YamlValue> value = policy.get("maxAge").filter(v -> !v.isNull());
        if (value.isEmpty()) {
            return longestGap.map(gap -> gap.multipliedBy(2));
        }
        return values.duration(value.get()).filter(age -> {
            if (age.isZero()) {
                problems.error(value.get().node(), value.get().path(), "must be longer than 0, e.g. 2d");
                return false;
            }
            longestGap
                    .filter(gap -> age.compareTo(gap) <= 0)
                    .ifPresent(gap -> problems.warning(
                            value.get().node(),
                            value.get().path(),
                            "maxAge " + Durations.format(age)
                                    + " is not longer than the schedule's longest time between two"
                                    + " backups (" + Durations.format(gap)
                                    + "), so it alerts between runs; e.g. maxAge: "
                                    + Durations.format(gap.multipliedBy(2))));
            return true;
        });
    }

    // ---- drill

    /** {@code false}, {@code true} (the standard drill) or the drill's fields. */
    private Drill drill(YamlValue value) {
        if (value.node() instanceof ScalarNode) {
            return values.bool(value)
                    .map(on -> on ? Drill.standard() : Drill.off())
                    .orElseGet(Drill::standard);
        }
        Optional<YamlMapping> found = YamlMapping.of(
                value, problems, "false (no drills) or the drill's fields (schedule, server, rowTolerance, checks)");
        if (found.isEmpty()) {
            return Drill.standard();
        }
        YamlMapping drill = found.get();
        drill.rejectUnknown(CatalogFields.BACKUP_DRILL, problems);
        Optional<String> schedule =
                drill.get("schedule").filter(v -> !v.isNull()).flatMap(schedules::cron);
        Optional<DatabaseUrl> server = drill.get("server")
                .filter(v -> !v.isNull())
                .flatMap(v -> database(v, "postgres://drill:${DRILL_DB_PASSWORD}@drill.internal:5432/postgres"));
        double rowTolerance = drill.get("rowTolerance")
                .filter(v -> !v.isNull())
                .flatMap(this::fraction)
                .orElse(0.0);
        List<DrillCheck> checks = drill.get("checks").map(this::checks).orElse(List.of());
        return new Drill(true, schedule, server, rowTolerance, checks);
    }

    /** A number from 0 to 1, e.g. 0.01 for 1 %. */
    private Optional<Double> fraction(YamlValue value) {
        return values.text(value, "a fraction from 0 to 1, e.g. 0.01").flatMap(text -> {
            String written = text.value().trim();
            try {
                BigDecimal fraction = new BigDecimal(written);
                if (fraction.signum() >= 0 && fraction.compareTo(BigDecimal.ONE) <= 0) {
                    return Optional.of(fraction.doubleValue());
                }
            } catch (NumberFormatException notANumber) {
                // Reported below, with what to write instead.
            }
            problems.error(
                    value.node(),
                    value.path(),
                    text.quoted() + " is not a fraction from 0 to 1; write e.g. 0.01 to allow row counts to differ"
                            + " by 1 %, or 0 for exact counts");
            return Optional.empty();
        });
    }

    private List<DrillCheck> checks(YamlValue value) {
        List<DrillCheck> checks = new ArrayList<>();
        for (YamlValue item : values.list(
                value, "a list of checks, e.g. [{sql: select count(*) from users," + " expect: \"> 0\"}]")) {
            YamlMapping.of(item, problems, "a check, e.g. {sql: select count(*) from users, expect: \"> 0\"}")
                    .flatMap(check -> {
                        check.rejectUnknown(CatalogFields.BACKUP_DRILL_CHECK, problems);
                        Optional<String> sql = required(check, "sql", "select count(*) from users")
                                .flatMap(v -> values.nonBlank(v, "a query, e.g. select count(*) from users"));
                        Optional<String> expect =
                                required(check, "expect", "\"> 0\"").flatMap(this::expectation);
                        return sql.flatMap(s -> expect.map(e -> new DrillCheck(s.strip(), e.strip())));
                    })
                    .ifPresent(checks::add);
        }
        return checks;
    }

    private Optional<String> expectation(YamlValue value) {
        return values.nonBlankText(value, "an expectation such as \"> 0\" or \"== 'ok'\"")
                .flatMap(text -> {
                    Optional<String> problem = DrillCheck.problem(text.value());
                    if (problem.isPresent()) {
                        problems.error(value.node(), value.path(), text.quoted() + " " + problem.get());
                        return Optional.empty();
                    }
                    return Optional.of(text.value());
                });
    }
}
