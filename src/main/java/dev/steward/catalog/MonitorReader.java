package dev.steward.catalog;

import dev.steward.catalog.CatalogValues.Text;
import dev.steward.config.DatabaseUrl;
import dev.steward.config.Durations;
import dev.steward.config.RedisUrl;
import dev.steward.config.Secret;
import dev.steward.probe.condition.ConditionSyntaxException;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Reads one monitor of a service: its type, its probe's fields, conditions, and clamped interval and timeout. */
final class MonitorReader {

    static final Duration MIN_INTERVAL = Duration.ofSeconds(5);
    static final Duration MAX_INTERVAL = Duration.ofHours(24);
    static final Duration MIN_TIMEOUT = Duration.ofMillis(100);
    static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);
    static final String DEFAULT_QUERY = "select 1";

    private static final Pattern METHOD = Pattern.compile("[A-Z][A-Z0-9_-]*");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    /** A heartbeat's grace when it gives none, as in Healthchecks. */
    static final Duration DEFAULT_GRACE = Duration.ofHours(1);

    static final Duration MIN_PERIOD = Duration.ofSeconds(1);
    static final Duration MIN_GRACE = Duration.ofSeconds(1);
    static final Duration MAX_HEARTBEAT = Duration.ofDays(365);

    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final CatalogValues values;
    private final CatalogProblems problems;
    private final ConditionParser parser;
    private final ScheduleReader schedules;
    /** The heartbeat UUIDs the catalog names, so that two monitors cannot share one ping URL. */
    private final Map<UUID, MonitorKey> uuids = new HashMap<>();

    MonitorReader(CatalogValues values, ConditionParser parser) {
        this.values = values;
        this.problems = values.problems();
        this.parser = parser;
        this.schedules = new ScheduleReader(values);
    }

    /**
     * What monitors get when they do not say: the {@code defaults} section, already clamped.
     *
     * @param timeoutFrom where the default timeout was written, for messages
     */
    record Defaults(Duration interval, Duration timeout, Optional<String> alert, String timeoutFrom) {

        /** These defaults with another alert policy, when one is given (a service's own). */
        Defaults withAlert(Optional<String> policy) {
            return policy.isEmpty() ? this : new Defaults(interval, timeout, policy, timeoutFrom);
        }
    }

    /**
     * The monitor, or empty when anything about it is wrong (every problem is reported).
     *
     * @param references collects the policy and dependencies the monitor names, checked once the file is read
     */
    Optional<Monitor> read(MonitorKey key, YamlValue value, Defaults defaults, CatalogReferences references) {
        int errorsBefore = problems.errorCount();
        Optional<YamlMapping> found =
                YamlMapping.of(value, problems, "the monitor's fields (type, url, conditions, …)");
        if (found.isEmpty()) {
            return Optional.empty();
        }
        YamlMapping monitor = found.get();
        Optional<YamlValue> typeValue = monitor.get("type");
        Optional<String> code = typeValue.flatMap(type -> values.nonBlank(type, "a monitor type such as http"));
        if (typeValue.isEmpty()) {
            problems.error(
                    value.anchor(),
                    value.path() + ".type",
                    "required; one of " + String.join(", ", MonitorType.codes()));
        }
        Optional<MonitorType> type = code.flatMap(text -> type(text, typeValue.get()));
        List<String> allowed = new ArrayList<>(CatalogFields.MONITOR);
        type.ifPresentOrElse(
                t -> allowed.addAll(t.fields()),
                () -> Arrays.stream(MonitorType.values())
                        .flatMap(t -> t.fields().stream())
                        .distinct()
                        .forEach(allowed::add));
        monitor.rejectUnknown(allowed, name -> type.flatMap(t -> belongsElsewhere(t, name)), problems);

        String description = monitor.get("description").flatMap(values::string).orElse("");
        boolean enabled = monitor.get("enabled").flatMap(values::bool).orElse(true);
        Optional<String> alert =
                monitor.get("alert").flatMap(v -> policyName(v, references)).or(defaults::alert);
        List<String> dependsOn =
                monitor.get("dependsOn").map(v -> dependsOn(key, v, references)).orElse(List.of());
        if (type.isPresent() && !type.get().probed()) {
            notProbed(monitor);
        }
        Timing timing = !type.map(MonitorType::probed).orElse(true)
                ? new Timing(defaults.interval(), defaults.timeout())
                : timing(monitor, defaults);
        boolean probed = type.map(MonitorType::probed).orElse(true);
        List<YamlValue> conditionValues = monitor.get("conditions")
                .filter(list -> probed)
                .map(list -> values.list(list, "a list of conditions, e.g. [\"[STATUS] == 200\"]"))
                .orElse(List.of());
        List<ConditionParser.Parsed> conditions = conditions(conditionValues, type);
        List<ConditionParser.Parsed> warn = conditions(
                monitor.get("warn")
                        .filter(list -> probed)
                        .map(list -> values.list(list, "a list of conditions, e.g. [\"[RESPONSE_TIME] < 300\"]"))
                        .orElse(List.of()),
                type);
        if (monitor.get("conditions").isEmpty()) {
            conditions = type.map(MonitorType::defaultConditions).orElse(List.of()).stream()
                    .map(MonitorReader::standard)
                    .toList();
        }
        boolean readsInfo = Stream.concat(conditions.stream(), warn.stream())
                .anyMatch(condition -> condition.placeholders().contains("INFO"));
        Optional<ProbeSpec> probe = type.flatMap(t -> probe(t, monitor, readsInfo));

        if (problems.errorCount() > errorsBefore || probe.isEmpty()) {
            return Optional.empty();
        }
        Node anchor = value.anchor();
        String location = problems.file() + ":" + CatalogProblems.line(anchor) + ":" + CatalogProblems.column(anchor);
        if (probe.get() instanceof ProbeSpec.Heartbeat heartbeat) {
            // Not probed: interval and timeout say what to expect, for the API and the pages.
            timing = new Timing(heartbeat.schedule().typicalGap(), heartbeat.grace());
            heartbeat.uuid().ifPresent(uuid -> uuids.putIfAbsent(uuid, key));
        }
        return Optional.of(new Monitor(
                key,
                description,
                timing.interval(),
                timing.timeout(),
                enabled,
                probe.get(),
                conditions.stream().map(ConditionParser.Parsed::condition).toList(),
                warn.stream().map(ConditionParser.Parsed::condition).toList(),
                alert,
                location,
                dependsOn));
    }

    /** The name of an alert policy, remembered to be checked once every policy is known. */
    Optional<String> policyName(YamlValue value, CatalogReferences references) {
        return values.nonBlankText(value, "the name of an alert policy, e.g. default")
                .map(text -> {
                    CatalogReferences.Reference reference = CatalogReferences.Reference.of(text, value);
                    references.policy(reference);
                    return reference.name();
                });
    }

    private List<String> dependsOn(MonitorKey key, YamlValue value, CatalogReferences references) {
        List<String> dependsOn = new ArrayList<>();
        for (YamlValue item : values.list(value, "a list of service names or service/monitor keys, e.g. [booky-db]")) {
            if (item.isNull()) {
                problems.error(item.node(), item.path(), "is empty; write a service name or a service/monitor key");
                continue;
            }
            values.nonBlankText(item, "a service name or a service/monitor key").ifPresent(text -> {
                CatalogReferences.Reference reference = CatalogReferences.Reference.of(text, item);
                references.monitorDependency(key, reference);
                dependsOn.add(reference.name());
            });
        }
        return dependsOn;
    }

    private Optional<MonitorType> type(String code, YamlValue typeValue) {
        Optional<MonitorType> type = MonitorType.fromCode(code);
        if (type.isEmpty()) {
            String quoted = values.text(typeValue, "text").map(Text::quoted).orElse("\"" + code + "\"");
            problems.error(
                    typeValue.node(),
                    typeValue.path(),
                    quoted + " is not a monitor type"
                            + Suggestions.closest(code, MonitorType.codes())
                                    .map(suggestion -> "; did you mean `" + suggestion + "`?")
                                    .orElse("")
                            + " (one of " + String.join(", ", MonitorType.codes()) + ")");
        }
        return type;
    }

    /** "query is a field of postgres monitors" is more useful than a suggestion for a field of another type. */
    private static Optional<String> belongsElsewhere(MonitorType type, String field) {
        List<String> owners = Arrays.stream(MonitorType.values())
                .filter(other -> other.fields().contains(field))
                .map(MonitorType::code)
                .toList();
        if (owners.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("not a field of " + type.code() + " monitors (" + field + " belongs to "
                + String.join(" and ", owners) + " monitors); " + type.code() + " monitors have "
                + String.join(", ", type.fields()));
    }

    // ---- interval and timeout

    private record Timing(Duration interval, Duration timeout) {}

    private Timing timing(YamlMapping monitor, Defaults defaults) {
        Optional<YamlValue> intervalValue = monitor.get("interval");
        Optional<YamlValue> timeoutValue = monitor.get("timeout");
        Duration interval = intervalValue
                .flatMap(v -> values.duration(v).map(d -> clamp(v, d, MIN_INTERVAL, MAX_INTERVAL)))
                .orElse(defaults.interval());
        Duration timeout = timeoutValue
                .flatMap(v -> values.duration(v).map(d -> clamp(v, d, MIN_TIMEOUT, MAX_TIMEOUT)))
                .orElse(defaults.timeout());
        if (timeout.compareTo(interval) > 0) {
            YamlValue where = timeoutValue.or(() -> intervalValue).orElseThrow();
            String timeoutText = Durations.format(timeout)
                    + (timeoutValue.isPresent() ? "" : " (from " + defaults.timeoutFrom() + ")");
            problems.warning(
                    where.node(),
                    where.path(),
                    "the timeout " + timeoutText + " is longer than the interval " + Durations.format(interval)
                            + "; using a timeout of " + Durations.format(interval));
            timeout = interval;
        }
        return new Timing(interval, timeout);
    }

    /** Keeps an unwise duration within limits, with a warning that names the value used. */
    Duration clamp(YamlValue value, Duration duration, Duration min, Duration max) {
        if (duration.compareTo(min) < 0) {
            problems.warning(
                    value.node(),
                    value.path(),
                    Durations.format(duration) + " is below the minimum of " + Durations.format(min) + "; using "
                            + Durations.format(min));
            return min;
        }
        if (duration.compareTo(max) > 0) {
            problems.warning(
                    value.node(),
                    value.path(),
                    Durations.format(duration) + " is above the maximum of " + Durations.format(max) + "; using "
                            + Durations.format(max));
            return max;
        }
        return duration;
    }

    // ---- conditions

    private static ConditionParser.Parsed standard(String text) {
        try {
            return ConditionParser.STANDARD.parse(text);
        } catch (ConditionSyntaxException e) {
            throw new IllegalStateException("Steward's default condition " + text + " does not parse", e);
        }
    }

    private List<ConditionParser.Parsed> conditions(List<YamlValue> items, Optional<MonitorType> type) {
        List<ConditionParser.Parsed> conditions = new ArrayList<>();
        for (YamlValue item : items) {
            if (item.isNull()) {
                problems.error(item.node(), item.path(), "is empty; write a condition such as [STATUS] == 200");
                continue;
            }
            Optional<Text> text = values.text(item, "a condition such as \"[STATUS] == 200\"");
            if (text.isEmpty()) {
                continue;
            }
            if (text.get().value().isBlank()) {
                problems.error(item.node(), item.path(), "is empty; write a condition such as [STATUS] == 200");
                continue;
            }
            try {
                ConditionParser.Parsed parsed = parser.parse(text.get().value());
                type.ifPresent(t -> checkPlaceholders(t, parsed, text.get(), item.path()));
                conditions.add(parsed);
            } catch (ConditionSyntaxException e) {
                problems.error(
                        CatalogProblems.line(text.get().node()),
                        columnWithin(text.get(), e.column()),
                        item.path(),
                        String.valueOf(e.getMessage()));
            }
        }
        return conditions;
    }

    private void checkPlaceholders(MonitorType type, ConditionParser.Parsed parsed, Text text, String path) {
        for (String placeholder : parsed.placeholders()) {
            if (type.placeholders().contains(placeholder)) {
                continue;
            }
            int index = text.value().toUpperCase(Locale.ROOT).indexOf("[" + placeholder + "]");
            problems.error(
                    CatalogProblems.line(text.node()),
                    columnWithin(text, index + 1),
                    path,
                    "[" + placeholder + "] is not available to " + type.code() + " monitors; they provide "
                            + String.join(
                                    ", ",
                                    type.placeholders().stream()
                                            .map(name -> "[" + name + "]")
                                            .toList()));
        }
    }

    /**
     * The file column of a 1-based column within a scalar's value: exact when the value is written on one line exactly
     * as it reads (no escapes, no interpolation), else the scalar's own column.
     */
    private static int columnWithin(Text text, int columnInValue) {
        ScalarNode node = text.node();
        int start = CatalogProblems.column(node);
        boolean quoted = node.getScalarStyle() == ScalarStyle.SINGLE_QUOTED
                || node.getScalarStyle() == ScalarStyle.DOUBLE_QUOTED;
        boolean plain = node.getScalarStyle() == ScalarStyle.PLAIN;
        int written = node.getEndMark().getColumn() - node.getStartMark().getColumn();
        boolean exact = !text.interpolated()
                && (quoted || plain)
                && node.getStartMark().getLine() == node.getEndMark().getLine()
                && written == text.value().length() + (quoted ? 2 : 0);
        if (!exact || columnInValue < 1) {
            return start;
        }
        return start + (quoted ? 1 : 0) + Math.min(columnInValue, text.value().length()) - 1;
    }

    // ---- probes

    private Optional<ProbeSpec> probe(MonitorType type, YamlMapping monitor, boolean readsInfo) {
        return switch (type) {
            case HTTP -> http(monitor);
            case TCP -> tcp(monitor);
            case POSTGRES -> postgres(monitor);
            case REDIS -> redis(monitor, readsInfo);
            case TLS -> tls(monitor);
            case DNS -> dns(monitor);
            case HEARTBEAT -> heartbeat(monitor);
        };
    }

    // ---- heartbeats

    /**
     * Fields every monitor has but a heartbeat cannot use: it is not probed, so it has no interval, timeout or
     * conditions; each gets an error saying what to write instead.
     */
    private void notProbed(YamlMapping monitor) {
        for (String field : List.of("interval", "timeout")) {
            monitor.get(field)
                    .ifPresent(v -> problems.error(
                            v.anchor(),
                            v.path(),
                            "heartbeat monitors are not probed, so they have no " + field + "; write how often the"
                                    + " job runs in schedule (e.g. schedule: 1h or schedule: \"0 2 * * *\") and how"
                                    + " late it may be in grace"));
        }
        for (String field : List.of("conditions", "warn")) {
            monitor.get(field)
                    .ifPresent(v -> problems.error(
                            v.anchor(),
                            v.path(),
                            "heartbeat monitors have no conditions: a run is up when the job pings /ping/<uuid>, down"
                                    + " when it pings /ping/<uuid>/fail or a non-zero exit status, or when no ping"
                                    + " arrives by the schedule plus grace; remove " + field));
        }
    }

    private Optional<ProbeSpec> heartbeat(YamlMapping monitor) {
        Optional<YamlValue> timezone = monitor.get("timezone").filter(v -> !v.isNull());
        ZoneId zone = timezone.flatMap(schedules::zone).orElse(ScheduleReader.DEFAULT_ZONE);
        Optional<ProbeSpec.HeartbeatSchedule> schedule =
                required(monitor, "schedule", MonitorType.HEARTBEAT, "1h (a period) or \"0 2 * * *\" (cron)", v -> {
                    Optional<Text> text = values.text(v, "a period such as 1h or a cron schedule");
                    return text.flatMap(t -> schedule(v, t, zone));
                });
        if (schedule.isPresent()
                && schedule.get() instanceof ProbeSpec.HeartbeatSchedule.Period
                && timezone.isPresent()) {
            problems.warning(
                    timezone.get().node(),
                    timezone.get().path(),
                    "a period does not depend on a time zone, so timezone is ignored; it applies to cron schedules");
        }
        Duration grace = monitor.get("grace")
                .flatMap(v -> values.duration(v).filter(d -> within(v, d, "grace", MIN_GRACE, MAX_HEARTBEAT)))
                .orElse(DEFAULT_GRACE);
        Optional<UUID> uuid = monitor.get("uuid").filter(v -> !v.isNull()).flatMap(this::uuid);
        return schedule.map(s -> new ProbeSpec.Heartbeat(s, grace, uuid));
    }

    /** A period ({@code 1h}) or five cron fields or a macro; a period is told apart by parsing as a duration. */
    private Optional<ProbeSpec.HeartbeatSchedule> schedule(YamlValue value, Text text, ZoneId zone) {
        String written = text.value().trim();
        Optional<Duration> period = Durations.parse(written);
        if (period.isPresent()) {
            return period.filter(d -> within(value, d, "a period", MIN_PERIOD, MAX_HEARTBEAT))
                    .map(ProbeSpec.HeartbeatSchedule.Period::new);
        }
        if (!written.startsWith("@") && !written.contains(" ")) {
            problems.error(
                    value.node(),
                    value.path(),
                    text.quoted() + " is neither a period nor a cron schedule; write a period such as 1h or 10m, or"
                            + " five cron fields such as \"0 2 * * *\" (quoted), or a macro such as \"@daily\"");
            return Optional.empty();
        }
        return schedules.cron(value).map(cron -> new ProbeSpec.HeartbeatSchedule.Cron(cron, zone));
    }

    /** Heartbeat durations are refused outside their limits, not clamped: a clamped deadline would alert wrongly. */
    private boolean within(YamlValue value, Duration duration, String what, Duration min, Duration max) {
        if (duration.compareTo(min) < 0 || duration.compareTo(max) > 0) {
            problems.error(
                    value.node(),
                    value.path(),
                    Durations.format(duration) + " is " + (duration.compareTo(min) < 0 ? "below" : "above") + " "
                            + (duration.compareTo(min) < 0
                                    ? "the shortest " + what + ", " + Durations.format(min)
                                    : "the longest " + what + ", " + Durations.format(max))
                            + "; write a value from " + Durations.format(min) + " to " + Durations.format(max));
            return false;
        }
        return true;
    }

    private Optional<UUID> uuid(YamlValue value) {
        return values.text(value, "a UUID such as 5b2c1e0a-8f3d-4c2a-9e61-0d7f3b9a4c11")
                .flatMap(text -> {
                    String written = text.value().trim();
                    if (!UUID_TEXT.matcher(written).matches()) {
                        problems.error(
                                value.node(),
                                value.path(),
                                text.quoted() + " is not a UUID; copy it from the ping URL (…/ping/<uuid>), e.g."
                                        + " 5b2c1e0a-8f3d-4c2a-9e61-0d7f3b9a4c11, or leave uuid out and Steward assigns one");
                        return Optional.empty();
                    }
                    UUID uuid = UUID.fromString(written);
                    MonitorKey other = uuids.get(uuid);
                    if (other != null) {
                        problems.error(
                                value.node(),
                                value.path(),
                                "is also the uuid of " + other
                                        + "; each heartbeat needs its own ping URL (leave uuid out"
                                        + " and Steward assigns one)");
                        return Optional.empty();
                    }
                    return Optional.of(uuid);
                });
    }

    /** A field the type needs; missing, it is an error at the monitor's name. */
    private <T> Optional<T> required(
            YamlMapping monitor,
            String field,
            MonitorType type,
            String example,
            Function<YamlValue, Optional<T>> read) {
        Optional<YamlValue> value = monitor.get(field).filter(v -> !v.isNull());
        if (value.isEmpty()) {
            YamlValue where = monitor.get(field).orElse(monitor.value());
            problems.error(
                    where.anchor(),
                    monitor.value().path() + "." + field,
                    "required for " + type.code() + " monitors, e.g. " + example);
            return Optional.empty();
        }
        return read.apply(value.get());
    }

    private Optional<ProbeSpec> http(YamlMapping monitor) {
        String example = "https://api.example.com/health";
        Optional<URI> url = required(
                monitor, "url", MonitorType.HTTP, example, v -> values.url(v, List.of("http", "https"), example));
        String method = monitor.get("method").flatMap(this::method).orElse("GET");
        Map<String, String> headers = monitor.get("headers").map(this::headers).orElse(Map.of());
        Optional<String> body = monitor.get("body").flatMap(values::string);
        boolean followRedirects =
                monitor.get("followRedirects").flatMap(values::bool).orElse(true);
        Optional<ProbeSpec.HttpAuth> auth = monitor.get("auth").flatMap(this::auth);
        boolean insecure = monitor.get("insecure").flatMap(values::bool).orElse(false);
        return url.map(u -> new ProbeSpec.Http(method, u, headers, body, followRedirects, auth, insecure));
    }

    private Optional<String> method(YamlValue value) {
        return values.text(value, "an HTTP method such as GET").flatMap(text -> {
            String method = text.value().trim();
            if (METHOD.matcher(method).matches()) {
                return Optional.of(method);
            }
            String upper = method.toUpperCase(Locale.ROOT);
            problems.error(
                    value.node(),
                    value.path(),
                    text.quoted() + " is not an HTTP method; write it in capitals"
                            // never derived from a value from the environment: that could be a secret
                            + (METHOD.matcher(upper).matches() && !text.interpolated()
                                    ? ": " + upper
                                    : ", e.g. GET or POST"));
            return Optional.empty();
        });
    }

    private Map<String, String> headers(YamlValue value) {
        Map<String, String> headers = new LinkedHashMap<>();
        YamlMapping.of(value, problems, "a mapping of header names to values, e.g. {Accept: application/json}")
                .ifPresent(mapping -> mapping.fields().forEach((name, header) -> {
                    if (!HEADER_NAME.matcher(name).matches()) {
                        problems.error(
                                header.anchor(),
                                header.path(),
                                "is not a header name (letters, digits and - such as X-Request-Id)");
                    }
                    values.text(header, "the header's value").ifPresent(text -> {
                        if (text.value().contains("\n") || text.value().contains("\r")) {
                            problems.error(header.node(), header.path(), "a header value cannot span lines");
                        } else {
                            headers.put(name, text.value());
                        }
                    });
                }));
        return headers;
    }

    private Optional<ProbeSpec.HttpAuth> auth(YamlValue value) {
        Optional<YamlMapping> found =
                YamlMapping.of(value, problems, "{basic: {username: …, password: …}} or {bearer: token}");
        if (found.isEmpty()) {
            return Optional.empty();
        }
        YamlMapping auth = found.get();
        auth.rejectUnknown(CatalogFields.HTTP_AUTH, problems);
        Optional<YamlValue> basic = auth.get("basic");
        Optional<YamlValue> bearer = auth.get("bearer");
        if (basic.isPresent() == bearer.isPresent()) {
            problems.error(
                    value.anchor(),
                    value.path(),
                    basic.isPresent()
                            ? "give either basic or bearer, not both"
                            : "give basic: {username: …, password: …} or bearer: <token>");
            return Optional.empty();
        }
        if (bearer.isPresent()) {
            return values.nonBlank(bearer.get(), "a token, e.g. ${API_TOKEN}")
                    .map(token -> new ProbeSpec.HttpAuth.Bearer(new Secret(token)));
        }
        return YamlMapping.of(basic.get(), problems, "{username: …, password: …}")
                .flatMap(credentials -> {
                    credentials.rejectUnknown(CatalogFields.HTTP_BASIC_AUTH, problems);
                    Optional<String> username = requiredIn(credentials, "username", "monitor")
                            .flatMap(v -> values.nonBlank(v, "a user name"));
                    Optional<String> password = requiredIn(credentials, "password", "${API_PASSWORD}")
                            .flatMap(values::string);
                    return username.flatMap(user -> password.map(
                            secret -> (ProbeSpec.HttpAuth) new ProbeSpec.HttpAuth.Basic(user, new Secret(secret))));
                });
    }

    private Optional<YamlValue> requiredIn(YamlMapping mapping, String field, String example) {
        Optional<YamlValue> value = mapping.get(field).filter(v -> !v.isNull());
        if (value.isEmpty()) {
            YamlValue where = mapping.get(field).orElse(mapping.value());
            problems.error(where.anchor(), mapping.value().path() + "." + field, "required, e.g. " + example);
        }
        return value;
    }

    private Optional<ProbeSpec> tcp(YamlMapping monitor) {
        Optional<String> host = required(monitor, "host", MonitorType.TCP, "db.internal", this::host);
        Optional<Integer> port = required(monitor, "port", MonitorType.TCP, "5432", values::port);
        return host.flatMap(h -> port.map(p -> new ProbeSpec.Tcp(h, p)));
    }

    private Optional<ProbeSpec> postgres(YamlMapping monitor) {
        String example = "postgres://monitor:${DB_PASSWORD}@db.internal:5432/app";
        Optional<DatabaseUrl> url = required(
                monitor,
                "url",
                MonitorType.POSTGRES,
                example,
                v -> values.text(v, "a URL such as " + example).flatMap(text -> switch (DatabaseUrl.parse(
                        text.value())) {
                    case DatabaseUrl.Result.Valid valid -> Optional.of(valid.url());
                    case DatabaseUrl.Result.Invalid invalid -> {
                        problems.error(v.node(), v.path(), invalid.problem());
                        yield Optional.empty();
                    }
                }));
        String query = monitor.get("query")
                .flatMap(v -> values.nonBlank(v, "a query such as select 1"))
                .orElse(DEFAULT_QUERY);
        return url.map(u -> new ProbeSpec.Postgres(u, query));
    }

    private Optional<ProbeSpec> redis(YamlMapping monitor, boolean readsInfo) {
        String example = "redis://cache.internal:6379";
        Optional<URI> url = required(
                monitor,
                "url",
                MonitorType.REDIS,
                example,
                v -> values.url(v, List.of("redis", "rediss"), example).filter(uri -> {
                    if (uri.getPath() != null && !uri.getPath().matches("/?|/\\d{1,2}")) {
                        problems.error(
                                v.node(),
                                v.path(),
                                "may only name a database number after the host, e.g."
                                        + " redis://cache.internal:6379/0");
                        return false;
                    }
                    return true;
                }));
        return url.map(uri -> new ProbeSpec.Redis(new RedisUrl(uri), readsInfo));
    }

    private Optional<ProbeSpec> tls(YamlMapping monitor) {
        Optional<String> host = required(monitor, "host", MonitorType.TLS, "api.example.com", this::host);
        int port = monitor.get("port").flatMap(values::port).orElse(443);
        Optional<String> serverName = monitor.get("serverName").flatMap(v -> values.nonBlank(v, "a host name"));
        boolean verifyHostname =
                monitor.get("verifyHostname").flatMap(values::bool).orElse(true);
        boolean insecure = monitor.get("insecure").flatMap(values::bool).orElse(false);
        return host.map(h -> new ProbeSpec.Tls(h, port, serverName, verifyHostname, insecure));
    }

    private Optional<ProbeSpec> dns(YamlMapping monitor) {
        Optional<String> name = required(monitor, "name", MonitorType.DNS, "api.example.com", this::host);
        String queryType = monitor.get("queryType").flatMap(this::queryType).orElse("A");
        Optional<String> server = monitor.get("server").flatMap(this::server);
        List<String> expect = monitor.get("expect")
                .map(v -> values.strings(v, "a list of addresses, e.g. [192.0.2.10]", "an address such as 192.0.2.10"))
                .orElse(List.of());
        return name.map(n -> new ProbeSpec.Dns(n, queryType, server, expect));
    }

    private Optional<String> queryType(YamlValue value) {
        return values.text(value, "a record type such as A").flatMap(text -> {
            String type = text.value().trim();
            if (MonitorType.DNS_QUERY_TYPES.contains(type)) {
                return Optional.of(type);
            }
            String upper = type.toUpperCase(Locale.ROOT);
            problems.error(
                    value.node(),
                    value.path(),
                    text.quoted() + " is not a query type"
                            + (MonitorType.DNS_QUERY_TYPES.contains(upper) && !text.interpolated()
                                    ? "; write it in capitals: " + upper
                                    : "")
                            + " (one of " + String.join(", ", MonitorType.DNS_QUERY_TYPES) + ")");
            return Optional.empty();
        });
    }

    /** A host name or address: not a URL, not host:port. */
    private Optional<String> host(YamlValue value) {
        return values.text(value, "a host name such as db.internal").flatMap(text -> {
            String host = text.value().trim();
            @Nullable String problem = hostProblem(host);
            if (problem != null) {
                problems.error(value.node(), value.path(), text.quoted() + " " + problem);
                return Optional.empty();
            }
            return Optional.of(host);
        });
    }

    private static @Nullable String hostProblem(String host) {
        if (host.isEmpty()) {
            return "is empty; write a host name or address, e.g. db.internal";
        }
        if (host.contains("://")) {
            return "is a URL; write only the host name, e.g. db.internal";
        }
        if (host.matches("[^:\\[\\]]+:\\d+")) {
            return "includes a port; write the host alone and the port in port:";
        }
        if (!host.matches("[A-Za-z0-9._:%-]+")) {
            return "is not a host name or address (letters, digits, - and .)";
        }
        return null;
    }

    /** A DNS server: {@code host}, {@code host:port}, an IPv6 address, or {@code [address]:port}. */
    private Optional<String> server(YamlValue value) {
        return values.text(value, "a DNS server such as 192.0.2.53 or 192.0.2.53:5353")
                .flatMap(text -> {
                    String server = text.value().trim();
                    String host = server;
                    @Nullable String port = null;
                    if (server.startsWith("[")) {
                        int close = server.indexOf(']');
                        host = close < 0 ? "" : server.substring(1, close);
                        String rest = close < 0 ? "" : server.substring(close + 1);
                        port = rest.startsWith(":") ? rest.substring(1) : rest.isEmpty() ? null : "";
                    } else if (server.chars().filter(c -> c == ':').count() == 1) {
                        host = server.substring(0, server.indexOf(':'));
                        port = server.substring(server.indexOf(':') + 1);
                    }
                    boolean portOk = port == null
                            || (port.matches("\\d{1,5}")
                                    && Integer.parseInt(port) >= 1
                                    && Integer.parseInt(port) <= 65535);
                    @Nullable String problem = host.isEmpty() || host.contains("://") ? "" : hostProblem(host);
                    if (problem != null || !portOk) {
                        problems.error(
                                value.node(),
                                value.path(),
                                text.quoted() + " is not a DNS server; write host or host:port, e.g. 192.0.2.53:53");
                        return Optional.empty();
                    }
                    return Optional.of(server);
                });
    }
}
