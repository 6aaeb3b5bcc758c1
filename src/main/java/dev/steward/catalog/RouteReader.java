package dev.steward.catalog;

import dev.steward.config.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads the {@code routes} section: which alerts go to which channels, and when. Without the section, every alert goes
 * to every channel at once.
 */
final class RouteReader {

    /** What routes can name: the declared channels, services, groups and tags. */
    record Names(
            Collection<String> channels,
            Collection<String> services,
            Collection<String> groups,
            Collection<String> tags) {}

    private final CatalogValues values;
    private final CatalogProblems problems;

    RouteReader(CatalogValues values) {
        this.values = values;
        this.problems = values.problems();
    }

    /**
     * The routes as written, or, when the section is absent and channels are declared, one route that takes every
     * alert and notifies every channel at once (located at the channels section).
     *
     * @param channelsSection where the channels are declared, for the implicit route's location
     */
    List<Route> read(Optional<YamlValue> section, Optional<YamlValue> channelsSection, Names names) {
        if (section.isEmpty()) {
            if (names.channels().isEmpty() || channelsSection.isEmpty()) {
                return List.of();
            }
            Route.Step everyChannel = new Route.Step(Duration.ZERO, List.copyOf(names.channels()));
            return List.of(new Route(
                    Route.Match.all(),
                    List.of(everyChannel),
                    location(channelsSection.get().anchor())));
        }
        List<Route> routes = new ArrayList<>();
        Optional<Route> takesAll = Optional.empty();
        for (YamlValue item : values.list(section.get(), "a list of routes, e.g. [{match: …, notify: […]}]")) {
            Optional<Route> route = route(item, names);
            if (takesAll.isPresent() && route.isPresent()) {
                problems.warning(
                        item.node(),
                        item.path(),
                        "never used: the route at " + takesAll.get().location() + " takes every alert (the first"
                                + " route that matches wins)");
            }
            route.ifPresent(routes::add);
            if (takesAll.isEmpty() && route.isPresent() && route.get().match().equals(Route.Match.all())) {
                takesAll = route;
            }
        }
        return routes;
    }

    /** Warns about declared channels no route notifies. */
    void warnUnused(List<Route> routes, YamlMapping channels) {
        Set<String> used = new LinkedHashSet<>();
        routes.forEach(route -> route.steps().forEach(step -> used.addAll(step.channels())));
        channels.fields().forEach((name, value) -> {
            if (!used.contains(name)) {
                problems.warning(value.anchor(), value.path(), "no route notifies this channel");
            }
        });
    }

    private Optional<Route> route(YamlValue item, Names names) {
        int errorsBefore = problems.errorCount();
        Optional<YamlMapping> found = YamlMapping.of(
                item, problems, "a route, e.g. {match: {severity: critical}, notify: [{channels: [oncall]}]}");
        if (found.isEmpty()) {
            return Optional.empty();
        }
        YamlMapping route = found.get();
        route.rejectUnknown(CatalogFields.ROUTE, problems);
        Route.Match match = route.get("match").map(v -> match(v, names)).orElseGet(Route.Match::all);
        List<Route.Step> steps = steps(route, names);
        if (problems.errorCount() > errorsBefore) {
            return Optional.empty();
        }
        return Optional.of(new Route(match, steps, location(item.node())));
    }

    // ---- match

    private Route.Match match(YamlValue value, Names names) {
        Optional<YamlMapping> found = YamlMapping.of(
                value, problems, "what the route takes, e.g. {severity: [critical, high], group: booky}");
        if (found.isEmpty()) {
            return Route.Match.all();
        }
        YamlMapping match = found.get();
        match.rejectUnknown(CatalogFields.ROUTE_MATCH, problems);
        Set<String> services = names(match, "service", "services", "a service name", item -> {
            if (!names.services().contains(item.name())) {
                error(item, Suggestions.unknownName("service", "services", item.display(), names.services()));
            }
        });
        Set<String> groups = names(match, "group", "groups", "a group name", item -> {
            if (!names.groups().contains(item.name())) {
                warnNoService(item, "group", names.groups());
            }
        });
        Set<String> tags = names(match, "tag", "tags", "a tag", item -> {
            if (!names.tags().contains(item.name())) {
                warnNoService(item, "tag", names.tags());
            }
        });
        Set<Severity> severities = new LinkedHashSet<>();
        criterion(match, "severity", "severities")
                .ifPresent(v -> values.oneOrMany(v, "a severity or a list of severities, e.g. [critical, high]")
                        .forEach(item -> values.severity(item).ifPresent(severities::add)));
        return new Route.Match(services, groups, tags, severities);
    }

    private void warnNoService(CatalogReferences.Reference item, String what, Collection<String> known) {
        problems.warning(
                item.value().node(),
                item.value().path(),
                "no service has the " + what + " " + item.display() + ", so this criterion matches no alert yet"
                        + Suggestions.closest(item.display(), known)
                                .map(suggestion -> "; did you mean `" + suggestion + "`?")
                                .orElse(""));
    }

    /** The names of a criterion given as {@code service} or {@code services} (not both), each checked. */
    private Set<String> names(
            YamlMapping match,
            String singular,
            String plural,
            String example,
            Consumer<CatalogReferences.Reference> check) {
        Set<String> names = new LinkedHashSet<>();
        criterion(match, singular, plural)
                .ifPresent(v -> values.oneOrMany(v, example + " or a list of them")
                        .forEach(item -> {
                            if (item.isNull()) {
                                problems.error(item.node(), item.path(), "is empty; write " + example);
                                return;
                            }
                            values.nonBlankText(item, example).ifPresent(text -> {
                                CatalogReferences.Reference reference = CatalogReferences.Reference.of(text, item);
                                check.accept(reference);
                                names.add(reference.name());
                            });
                        }));
        return names;
    }

    private Optional<YamlValue> criterion(YamlMapping match, String singular, String plural) {
        Optional<YamlValue> one = match.get(singular);
        Optional<YamlValue> many = match.get(plural);
        if (one.isPresent() && many.isPresent()) {
            YamlValue second = CatalogProblems.line(one.get().anchor())
                            > CatalogProblems.line(many.get().anchor())
                    ? one.get()
                    : many.get();
            problems.error(
                    second.anchor(),
                    second.path(),
                    "give " + singular + " or " + plural + ", not both (each takes one name or a list)");
            return Optional.empty();
        }
        return one.or(() -> many);
    }

    // ---- steps

    private List<Route.Step> steps(YamlMapping route, Names names) {
        Optional<YamlValue> notify = route.get("notify").filter(v -> !v.isNull());
        String example =
                "notify: [{channels: [" + names.channels().stream().findFirst().orElse("ops-slack") + "]}]";
        if (notify.isEmpty()) {
            problems.error(
                    route.get("notify").orElse(route.value()).anchor(),
                    route.value().path() + ".notify",
                    "required: the steps that notify channels, e.g. " + example);
            return List.of();
        }
        List<YamlValue> items = values.list(notify.get(), "a list of steps, e.g. [{channels: [ops-slack]}]");
        if (items.isEmpty() && notify.get().node() instanceof SequenceNode) {
            problems.error(
                    notify.get().node(), notify.get().path(), "is empty; give at least one step, e.g. " + example);
        }
        List<Route.Step> steps = new ArrayList<>();
        Duration previous = null;
        for (YamlValue item : items) {
            Optional<StepRead> read = step(item, names);
            if (read.isEmpty()) {
                continue;
            }
            Duration after = read.get().step().after();
            YamlValue afterValue = read.get().after();
            if (previous == null && !after.isZero()) {
                problems.warning(
                        afterValue.node(),
                        afterValue.path(),
                        "the first step waits " + Durations.format(after) + " before anyone is told; leave after out"
                                + " of the first step to notify at once, and escalate in a later step");
            } else if (previous != null && after.compareTo(previous) <= 0) {
                problems.error(
                        afterValue.node(),
                        afterValue.path(),
                        Durations.format(after) + " is not later than the step before (" + Durations.format(previous)
                                + "); steps notify in order, each after is counted from when the alert fired");
            }
            previous = after;
            steps.add(read.get().step());
        }
        return steps;
    }

    /** A step with where its delay is written (the step itself when it has none). */
    private record StepRead(Route.Step step, YamlValue after) {}

    private Optional<StepRead> step(YamlValue item, Names names) {
        int errorsBefore = problems.errorCount();
        Optional<YamlMapping> found = YamlMapping.of(item, problems, "a step, e.g. {after: 10m, channels: [ops-mail]}");
        if (found.isEmpty()) {
            return Optional.empty();
        }
        YamlMapping step = found.get();
        step.rejectUnknown(CatalogFields.ROUTE_STEP, problems);
        Duration after = step.get("after").flatMap(values::duration).orElse(Duration.ZERO);
        Optional<YamlValue> channelsValue = step.get("channels").filter(v -> !v.isNull());
        List<String> channels = new ArrayList<>();
        if (channelsValue.isEmpty()) {
            problems.error(
                    step.get("channels").orElse(item).anchor(),
                    item.path() + ".channels",
                    "required: the channels this step notifies, e.g. [" + String.join(", ", names.channels()) + "]");
        } else {
            List<YamlValue> items = values.oneOrMany(channelsValue.get(), "a list of channel names, e.g. [ops-slack]");
            if (items.isEmpty() && channelsValue.get().node() instanceof SequenceNode) {
                problems.error(
                        channelsValue.get().node(), channelsValue.get().path(), "is empty; name at least one channel");
            }
            for (YamlValue channel : items) {
                if (channel.isNull()) {
                    problems.error(channel.node(), channel.path(), "is empty; write a channel name");
                    continue;
                }
                values.nonBlankText(channel, "a channel name").ifPresent(text -> {
                    CatalogReferences.Reference reference = CatalogReferences.Reference.of(text, channel);
                    if (!names.channels().contains(reference.name())) {
                        error(
                                reference,
                                Suggestions.unknownName("channel", "channels", reference.display(), names.channels()));
                    }
                    channels.add(reference.name());
                });
            }
        }
        if (problems.errorCount() > errorsBefore) {
            return Optional.empty();
        }
        return Optional.of(
                new StepRead(new Route.Step(after, channels), step.get("after").orElse(item)));
    }

    private void error(CatalogReferences.Reference reference, String message) {
        problems.error(reference.value().node(), reference.value().path(), message);
    }

    private String location(Node node) {
        return problems.file() + ":" + CatalogProblems.line(node) + ":" + CatalogProblems.column(node);
    }
}
