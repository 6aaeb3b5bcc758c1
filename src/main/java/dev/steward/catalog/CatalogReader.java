package dev.steward.catalog;

import dev.steward.config.Durations;
import java.io.StringReader;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a catalog file (steward.yml) into a {@link Catalog}, or into every error it contains, each at its
 * file:line:column with the field's path and what is allowed. Values may refer to environment variables
 * ({@code ${VAR}}, {@code ${VAR:-default}}); those values never appear in a message.
 */
public final class CatalogReader {

    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private static final Pattern UNQUOTED_CONDITION = Pattern.compile("^\\s*(-|[A-Za-z]+:)\\s+\\[[A-Z_]+]");
    private static final Pattern UNQUOTED_THRESHOLD = Pattern.compile("^\\s*(-\\s+)?[A-Za-z]+:\\s+>=?\\s*[0-9]");
    private static final Pattern UNQUOTED_AT = Pattern.compile("^\\s*(-\\s+)?[A-Za-z]+:\\s+@");

    private final String source;
    private final CatalogProblems problems;
    private final CatalogValues values;
    private final MonitorReader monitors;
    private final AlertingReader alerting;
    private final BackupReader backups;
    private final CatalogReferences references;
    /** Listed services by public name, to warn about two under one name. */
    private final Map<String, String> publicNames = new LinkedHashMap<>();

    private CatalogReader(String source, Map<String, String> environment, ConditionParser conditions) {
        this.source = source;
        this.problems = new CatalogProblems(source);
        this.values = new CatalogValues(problems, new Interpolation(environment));
        this.monitors = new MonitorReader(values, conditions);
        this.alerting = new AlertingReader(values);
        this.backups = new BackupReader(values);
        this.references = new CatalogReferences(problems);
    }

    /**
     * Reads the catalog from the file's bytes (UTF-8).
     *
     * @param source the file's name as messages should show it, e.g. {@code steward.yml}
     * @param environment the variables {@code ${VAR}} refers to
     */
    public static CatalogLoad read(String source, byte[] content, Map<String, String> environment) {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content))
                    .toString();
        } catch (CharacterCodingException e) {
            CatalogProblem problem = new CatalogProblem(
                    source, 0, 0, "", "is not UTF-8 text; save it as UTF-8", CatalogProblem.Severity.ERROR);
            return new CatalogLoad.Rejected(List.of(problem), List.of());
        }
        return read(source, text, environment);
    }

    /** Reads the catalog from its text; {@code source} names the file in messages. */
    public static CatalogLoad read(String source, String text, Map<String, String> environment) {
        return read(source, text, environment, ConditionParser.STANDARD);
    }

    static CatalogLoad read(String source, String text, Map<String, String> environment, ConditionParser conditions) {
        return new CatalogReader(source, environment, conditions).read(text);
    }

    /** The name a file is shown by in messages: relative to the working directory when it is inside it. */
    public static String displayName(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        Path workingDirectory = Path.of("").toAbsolutePath();
        return absolute.startsWith(workingDirectory) && !absolute.equals(workingDirectory)
                ? workingDirectory.relativize(absolute).toString()
                : absolute.toString();
    }

    private CatalogLoad read(String text) {
        String withoutBom = text.startsWith("\uFEFF") ? text.substring(1) : text;
        Node root;
        try {
            root = new Yaml(loaderOptions()).compose(new StringReader(withoutBom));
        } catch (MarkedYAMLException e) {
            syntaxError(e, withoutBom);
            return outcome(Map.of(), Alerting.none());
        } catch (YAMLException e) {
            problems.error(0, 0, "", "cannot be read as YAML: " + e.getMessage());
            return outcome(Map.of(), Alerting.none());
        }
        if (root == null) {
            problems.warning(1, 1, "", "the file is empty: no services, so Steward monitors nothing");
            return outcome(Map.of(), Alerting.none());
        }
        YamlValue document = new YamlValue(root, null, "");
        Optional<YamlMapping> sections =
                YamlMapping.of(document, problems, "the catalog's sections (defaults, services, …)");
        if (sections.isEmpty()) {
            return outcome(Map.of(), Alerting.none());
        }
        topLevel(sections.get());
        MonitorReader.Defaults defaults = defaults(sections.get().get("defaults"));
        alerting.declarations(sections.get());
        Map<String, List<String>> declaredMonitors = new LinkedHashMap<>();
        Map<String, MonitoredService> services = services(sections.get(), defaults, declaredMonitors);
        Map<String, BackupPolicy> backupPolicies = sections.get()
                .get("backups")
                .map(section -> backups.read(section, references))
                .orElse(Map.of());
        references.check(alerting.policyNames(), declaredMonitors);
        StatusPage statusPage = statusPage(sections.get().get("statusPage"));
        return outcome(
                services,
                alerting.read(sections.get(), declaredMonitors.keySet(), services.values()),
                statusPage,
                backupPolicies);
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setProcessComments(false);
        options.setAllowRecursiveKeys(false);
        return options;
    }

    private void syntaxError(MarkedYAMLException e, String text) {
        Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        String problem = e.getProblem() == null ? "invalid YAML" : e.getProblem();
        String context = e.getContext() != null && e.getContextMark() != null && e.getContextMark() != mark
                ? " (" + e.getContext() + " at line " + (e.getContextMark().getLine() + 1) + ")"
                : "";
        problems.error(
                mark == null ? 0 : mark.getLine() + 1,
                mark == null ? 0 : mark.getColumn() + 1,
                "",
                "YAML syntax error: " + problem + context + hint(text, mark, e.getContextMark()));
    }

    /**
     * YAML reads {@code - [STATUS] == 200} as a list followed by text, {@code warning: > 500ms} as the start of a folded
     * text and refuses {@code schedule: @daily}; say so, they are the most likely mistakes.
     */
    private static String hint(String text, @Nullable Mark... marks) {
        List<String> lines = text.lines().toList();
        for (Mark mark : marks) {
            if (mark == null || mark.getLine() >= lines.size()) {
                continue;
            }
            String line = lines.get(mark.getLine());
            if (UNQUOTED_CONDITION.matcher(line).find()) {
                return "; a condition that starts with [ must be quoted: - \"[STATUS] == 200\"";
            }
            if (UNQUOTED_THRESHOLD.matcher(line).find()) {
                return "; a threshold that starts with > must be quoted: warning: \"> 500ms\"";
            }
            if (UNQUOTED_AT.matcher(line).find()) {
                return "; a value that starts with @ must be quoted: schedule: \"@daily\"";
            }
        }
        return "";
    }

    private CatalogLoad outcome(Map<String, MonitoredService> services, Alerting alerting) {
        return outcome(services, alerting, StatusPage.standard(), Map.of());
    }

    private CatalogLoad outcome(
            Map<String, MonitoredService> services,
            Alerting alerting,
            StatusPage statusPage,
            Map<String, BackupPolicy> backupPolicies) {
        if (problems.errorCount() > 0) {
            return new CatalogLoad.Rejected(problems.errors(), problems.warnings());
        }
        return new CatalogLoad.Loaded(
                new Catalog(source, services, alerting, statusPage, backupPolicies), problems.warnings());
    }

    private void topLevel(YamlMapping sections) {
        List<String> known = new ArrayList<>(CatalogFields.TOP_LEVEL);
        known.addAll(CatalogFields.LATER_SECTIONS);
        sections.rejectUnknown(known, problems);
        for (String later : CatalogFields.LATER_SECTIONS) {
            sections.get(later)
                    .ifPresent(section -> problems.warning(
                            section.anchor(),
                            section.path(),
                            later + " is read by a later version of Steward; ignored"));
        }
    }

    private MonitorReader.Defaults defaults(Optional<YamlValue> section) {
        Optional<YamlMapping> defaults = section.flatMap(
                value -> YamlMapping.of(value, problems, "the defaults of every monitor (interval, timeout, alert)"));
        defaults.ifPresent(mapping -> mapping.rejectUnknown(CatalogFields.DEFAULTS, problems));
        Optional<YamlValue> intervalValue = defaults.flatMap(mapping -> mapping.get("interval"));
        Optional<YamlValue> timeoutValue = defaults.flatMap(mapping -> mapping.get("timeout"));
        Duration interval = intervalValue
                .flatMap(v -> values.duration(v)
                        .map(d -> monitors.clamp(v, d, MonitorReader.MIN_INTERVAL, MonitorReader.MAX_INTERVAL)))
                .orElse(DEFAULT_INTERVAL);
        Duration timeout = timeoutValue
                .flatMap(v -> values.duration(v)
                        .map(d -> monitors.clamp(v, d, MonitorReader.MIN_TIMEOUT, MonitorReader.MAX_TIMEOUT)))
                .orElse(DEFAULT_TIMEOUT);
        if (timeout.compareTo(interval) > 0) {
            YamlValue where = timeoutValue.or(() -> intervalValue).orElseThrow();
            problems.warning(
                    where.node(),
                    where.path(),
                    "the timeout " + Durations.format(timeout) + " is longer than the interval "
                            + Durations.format(interval) + "; using a timeout of "
                            + Durations.format(interval));
            timeout = interval;
        }
        Optional<String> alert =
                defaults.flatMap(mapping -> mapping.get("alert")).flatMap(v -> monitors.policyName(v, references));
        return new MonitorReader.Defaults(interval, timeout, alert, "defaults.timeout");
    }

    // ---- services

    /**
     * The valid services; every problem of the others is reported.
     *
     * @param declaredMonitors receives the monitor names written under each service, valid or not
     */
    private Map<String, MonitoredService> services(
            YamlMapping sections, MonitorReader.Defaults defaults, Map<String, List<String>> declaredMonitors) {
        Optional<YamlValue> section = sections.get("services");
        Optional<YamlMapping> services = section.flatMap(value -> YamlMapping.of(
                value, problems, "a mapping of service names to services, e.g. booky-api: {monitors: …}"));
        if (services.isEmpty() || services.get().fields().isEmpty()) {
            if (section.isEmpty()) {
                problems.warning(1, 1, "services", "no services are declared, so Steward monitors nothing");
            } else if (services.isPresent()) {
                problems.warning(
                        section.get().anchor(), "services", "no services are declared, so Steward monitors nothing");
            }
            return Map.of();
        }
        Map<String, MonitoredService> read = new LinkedHashMap<>();
        services.get().fields().forEach((name, value) -> {
            values.checkName(name, value, "service");
            declaredMonitors.put(name, new ArrayList<>());
            service(name, value, defaults, declaredMonitors.get(name)).ifPresent(service -> read.put(name, service));
        });
        return read;
    }

    private Optional<MonitoredService> service(
            String name, YamlValue value, MonitorReader.Defaults defaults, List<String> declaredMonitors) {
        int errorsBefore = problems.errorCount();
        Optional<YamlMapping> found =
                YamlMapping.of(value, problems, "the service's fields (description, monitors, …)");
        if (found.isEmpty()) {
            return Optional.empty();
        }
        YamlMapping service = found.get();
        service.rejectUnknown(CatalogFields.SERVICE, problems);
        String description = service.get("description").flatMap(values::string).orElse("");
        Optional<String> group = service.get("group").flatMap(v -> values.nonBlank(v, "a group name such as booky"));
        Optional<String> owner = service.get("owner").flatMap(v -> values.nonBlank(v, "a team or person"));
        List<String> tags = service.get("tags")
                .map(v -> values.strings(v, "a list of tags, e.g. [production, api]", "a tag such as production"))
                .orElse(List.of());
        Map<String, URI> links = new LinkedHashMap<>();
        service.get("links").ifPresent(v -> links(v, links));
        service.get("runbook")
                .ifPresent(v -> link(v).ifPresent(url -> {
                    if (links.containsKey("runbook")) {
                        problems.error(
                                v.anchor(), v.path(), "the runbook is also given as links.runbook; keep one of them");
                    }
                    links.put("runbook", url);
                }));
        PublicListing listing =
                service.get("status").map(v -> status(name, v)).orElseGet(() -> PublicListing.hidden(name));
        List<String> dependsOn = new ArrayList<>();
        List<YamlValue> dependencyValues = service.get("dependsOn")
                .map(v -> values.list(v, "a list of service names, e.g. [booky-db]"))
                .orElse(List.of());
        for (YamlValue item : dependencyValues) {
            if (item.isNull()) {
                problems.error(item.node(), item.path(), "is empty; write a service name");
                continue;
            }
            values.nonBlankText(item, "a service name").ifPresent(text -> {
                CatalogReferences.Reference reference = CatalogReferences.Reference.of(text, item);
                dependsOn.add(reference.name());
                references.serviceDependency(name, reference);
            });
        }
        MonitorReader.Defaults serviceDefaults =
                defaults.withAlert(service.get("alert").flatMap(v -> this.monitors.policyName(v, references)));
        List<Monitor> monitors = new ArrayList<>();
        service.get("monitors")
                .flatMap(v -> YamlMapping.of(
                        v, problems, "a mapping of monitor names to monitors, e.g. health: {type: http, url: …}"))
                .ifPresent(mapping -> mapping.fields().forEach((monitorName, monitorValue) -> {
                    values.checkName(monitorName, monitorValue, "monitor");
                    declaredMonitors.add(monitorName);
                    this.monitors
                            .read(new MonitorKey(name, monitorName), monitorValue, serviceDefaults, references)
                            .ifPresent(monitors::add);
                }));
        if (problems.errorCount() > errorsBefore) {
            return Optional.empty();
        }
        return Optional.of(
                new MonitoredService(name, description, group, tags, owner, links, dependsOn, monitors, listing));
    }

    private Optional<URI> link(YamlValue value) {
        return values.url(value, List.of("http", "https"), "https://git.example.com/booky/docs/RUNBOOK.md");
    }

    private void links(YamlValue value, Map<String, URI> links) {
        YamlMapping.of(value, problems, "a mapping of link names to URLs, e.g. {dashboard: https://…}")
                .ifPresent(mapping -> mapping.fields().forEach((name, link) -> {
                    if (name.isBlank()) {
                        problems.error(link.anchor(), link.path(), "a link needs a name, e.g. dashboard");
                    }
                    link(link).ifPresent(url -> links.put(name, url));
                }));
    }

    /** A service's entry on the public status page: not listed unless {@code public: true}. */
    private PublicListing status(String service, YamlValue value) {
        Optional<YamlMapping> found =
                YamlMapping.of(value, problems, "the service's status page entry, e.g. {public: true, name: API}");
        if (found.isEmpty()) {
            return PublicListing.hidden(service);
        }
        YamlMapping status = found.get();
        status.rejectUnknown(CatalogFields.SERVICE_STATUS, problems);
        boolean listed = status.get("public").flatMap(values::bool).orElse(false);
        Optional<YamlValue> nameValue = status.get("name");
        String name = nameValue
                .flatMap(v -> values.nonBlank(v, "the name shown on the status page"))
                .map(String::strip)
                .orElse(service);
        if (listed) {
            String other = publicNames.putIfAbsent(name, service);
            if (other != null) {
                YamlValue where = nameValue.orElse(value);
                problems.warning(
                        where.anchor(),
                        where.path(),
                        "the public name \"" + name + "\" is also the public name of " + other
                                + "; the status page would show two rows of that name, so give each its own");
            }
        }
        return new PublicListing(listed, name);
    }

    /** The top-level {@code statusPage} section: the public page's title. */
    private StatusPage statusPage(Optional<YamlValue> section) {
        return section.flatMap(value -> YamlMapping.of(value, problems, "the status page's settings, e.g. {title: …}"))
                .map(page -> {
                    page.rejectUnknown(CatalogFields.STATUS_PAGE, problems);
                    return page.get("title")
                            .flatMap(v -> values.nonBlank(v, "the page's title, e.g. \"Booky status\""))
                            .map(title -> new StatusPage(title.strip()))
                            .orElseGet(StatusPage::standard);
                })
                .orElseGet(StatusPage::standard);
    }
}
