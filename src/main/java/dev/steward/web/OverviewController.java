package dev.steward.web;

import dev.steward.catalog.Catalog;
import dev.steward.catalog.CatalogService;
import dev.steward.catalog.MaintenanceWindow;
import dev.steward.catalog.Monitor;
import dev.steward.catalog.MonitorKey;
import dev.steward.catalog.MonitoredService;
import dev.steward.incident.IncidentViews.Incident;
import dev.steward.incident.Incidents;
import dev.steward.probe.Status;
import dev.steward.result.MonitorState;
import dev.steward.result.MonitorStatistics;
import dev.steward.result.WindowFigures;
import dev.steward.web.OverviewPage.Count;
import dev.steward.web.OverviewPage.Filters;
import dev.steward.web.OverviewPage.Group;
import dev.steward.web.OverviewPage.IncidentLink;
import dev.steward.web.OverviewPage.Link;
import dev.steward.web.OverviewPage.MonitorRow;
import dev.steward.web.OverviewPage.Option;
import dev.steward.web.OverviewPage.ServiceRow;
import dev.steward.web.OverviewPage.Summary;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The overview: every service of the catalog with its state, and per monitor a bar of its latest results, its uptime
 * over 24 hours and 30 days and its latency; filtered by group, tag and state through the query string, so the
 * filters work without JavaScript. Reads a constant number of queries whatever the number of monitors: current states
 * (one query), open incidents (one), uptimes (in the background, see {@link OverviewUptimes}); bars come from memory.
 */
@Controller
class OverviewController {

    private final CatalogService catalog;
    private final MonitorStatistics statistics;
    private final OverviewUptimes uptimes;
    private final LiveResults live;
    private final Incidents incidents;
    private final Clock clock;

    OverviewController(
            CatalogService catalog,
            MonitorStatistics statistics,
            OverviewUptimes uptimes,
            LiveResults live,
            Incidents incidents,
            Clock clock) {
        this.catalog = catalog;
        this.statistics = statistics;
        this.uptimes = uptimes;
        this.live = live;
        this.incidents = incidents;
        this.clock = clock;
    }

    @GetMapping("/")
    String overview(
            @RequestParam(required = false) @Nullable String group,
            @RequestParam(required = false) @Nullable String tag,
            @RequestParam(required = false) @Nullable String state,
            HttpServletRequest request,
            Model model) {
        long started = System.nanoTime();
        long sequence = live.sequence(); // before reading anything: the live stream sends what comes after
        Catalog current = catalog.current();
        Map<MonitorKey, MonitorState> states = statistics.currentStates().stream()
                .collect(Collectors.toMap(MonitorState::monitor, Function.identity(), (a, b) -> a));
        OverviewUptimes.Snapshot figures = uptimes.get();
        Map<String, List<Incident>> open = incidents.list(Optional.of("unresolved"), Optional.empty(), 1000).stream()
                .collect(Collectors.groupingBy(Incident::service, LinkedHashMap::new, Collectors.toList()));
        OverviewServerTiming.dataRead(request, started);

        Instant now = clock.instant();
        Rows rows = new Rows(states, figures, open, maintenance(current, now), now);
        String groupFilter = blankToNull(group);
        String tagFilter = blankToNull(tag);
        String stateFilter = blankToNull(state);

        Map<String, Integer> counts = new LinkedHashMap<>();
        ServiceStates.WORDS.forEach(word -> counts.put(word, 0));
        Map<String, List<ServiceRow>> byGroup = new LinkedHashMap<>();
        int services = 0;
        int monitors = 0;
        int shown = 0;
        for (MonitoredService service : current.services().values()) {
            if (groupFilter != null && !service.group().orElse("").equals(groupFilter)
                    || tagFilter != null && !service.tags().contains(tagFilter)) {
                continue;
            }
            ServiceRow row = rows.service(service, groupFilter);
            services++;
            monitors += service.monitors().size();
            counts.merge(row.state(), 1, Integer::sum);
            if (stateFilter != null && !row.state().equals(stateFilter)) {
                continue;
            }
            shown++;
            byGroup.computeIfAbsent(service.group().orElse(""), g -> new ArrayList<>())
                    .add(row);
        }
        List<Group> groups = new ArrayList<>();
        byGroup.forEach((name, list) -> {
            if (!name.isEmpty()) {
                groups.add(new Group(name, list));
            }
        });
        if (byGroup.containsKey("")) {
            groups.add(new Group(groups.isEmpty() ? null : "Other services", byGroup.get("")));
        }

        List<Count> countViews = new ArrayList<>();
        counts.forEach((word, count) -> countViews.add(new Count(
                word,
                count,
                query(groupFilter, tagFilter, word.equals(stateFilter) ? null : word),
                word.equals(stateFilter))));
        int openIncidents = open.values().stream().mapToInt(List::size).sum();
        model.addAttribute(
                "page",
                new OverviewPage(
                        groups,
                        new Summary(services, monitors, countViews, openIncidents),
                        filters(current, groupFilter, tagFilter, stateFilter),
                        live.instance(),
                        sequence,
                        current.services().isEmpty(),
                        shown));
        return "overview";
    }

    /** The end of the maintenance window on now for each service it covers; "*" for windows covering every service. */
    private static Map<String, Instant> maintenance(Catalog current, Instant now) {
        Map<String, Instant> until = new HashMap<>();
        for (MaintenanceWindow window : current.alerting().maintenance()) {
            window.activeUntil(now).ifPresent(end -> {
                List<String> covered = window.services().isEmpty() ? List.of("*") : window.services();
                covered.forEach(service -> until.merge(service, end, (a, b) -> a.isAfter(b) ? a : b));
            });
        }
        return until;
    }

    private static Filters filters(
            Catalog current, @Nullable String group, @Nullable String tag, @Nullable String state) {
        TreeSet<String> groups = new TreeSet<>();
        TreeSet<String> tags = new TreeSet<>();
        for (MonitoredService service : current.services().values()) {
            service.group().ifPresent(groups::add);
            tags.addAll(service.tags());
        }
        return new Filters(
                groups.stream()
                        .map(name -> new Option(name, name.equals(group)))
                        .toList(),
                tags.stream().map(name -> new Option(name, name.equals(tag))).toList(),
                group,
                tag,
                state,
                state == null ? null : query(group, tag, null));
    }

    /** A relative link to the overview with these filters: {@code ?group=booky&state=down}, or {@code ./} for none. */
    static String query(@Nullable String group, @Nullable String tag, @Nullable String state) {
        UriComponentsBuilder builder = UriComponentsBuilder.newInstance();
        if (group != null) {
            builder.queryParam("group", group);
        }
        if (tag != null) {
            builder.queryParam("tag", tag);
        }
        if (state != null) {
            builder.queryParam("state", state);
        }
        String query = builder.encode().build().toUriString();
        return query.isEmpty() ? "./" : query;
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** Builds rows from what the page read once. */
    private final class Rows {
        private final Map<MonitorKey, MonitorState> states;
        private final OverviewUptimes.Snapshot figures;
        private final Map<String, List<Incident>> open;
        private final Map<String, Instant> maintenance;
        private final Instant now;

        Rows(
                Map<MonitorKey, MonitorState> states,
                OverviewUptimes.Snapshot figures,
                Map<String, List<Incident>> open,
                Map<String, Instant> maintenance,
                Instant now) {
            this.states = states;
            this.figures = figures;
            this.open = open;
            this.maintenance = maintenance;
            this.now = now;
        }

        ServiceRow service(MonitoredService service, @Nullable String group) {
            List<MonitorRow> monitors = new ArrayList<>(service.monitors().size());
            Map<MonitorKey, Status> latest = new HashMap<>();
            for (Monitor monitor : service.monitors()) {
                MonitorView view = monitorView(monitor);
                view.status().ifPresent(status -> latest.put(monitor.key(), status));
                monitors.add(view.row());
            }
            String state = ServiceStates.service(service, key -> Optional.ofNullable(latest.get(key)));
            Instant until = maintenance.get(service.name());
            Instant everything = maintenance.get("*");
            if (until == null || everything != null && everything.isAfter(until)) {
                until = everything;
            }
            return new ServiceRow(
                    service.name(),
                    service.description(),
                    state,
                    serviceTitle(service, state, latest),
                    service.tags().stream()
                            .map(tag -> new Link(tag, query(group, tag, null)))
                            .toList(),
                    open.getOrDefault(service.name(), List.of()).stream()
                            .map(incident -> new IncidentLink(
                                    incident.id(), incident.title(), incident.severity(), incident.status()))
                            .toList(),
                    until == null ? null : OverviewFormat.time(until),
                    monitors);
        }

        private record MonitorView(MonitorRow row, Optional<Status> status) {}

        private MonitorView monitorView(Monitor monitor) {
            MonitorKey key = monitor.key();
            LiveResults.Bar bar = live.bar(key);
            MonitorState stored = states.get(key);
            LiveResults.Cell newest = bar.newest().orElse(null);
            // The bar (memory) can be a result ahead of the stored state (written in batches): the newer one wins.
            Optional<Status> status;
            String latency;
            String title;
            if (newest != null && (stored == null || newest.startedAt().isAfter(stored.lastStartedAt()))) {
                status = Optional.of(newest.status());
                latency = OverviewFormat.latency(newest.latency());
                title = ServiceStates.word(newest.status()) + ", last result "
                        + OverviewFormat.ago(newest.startedAt(), now);
            } else if (stored != null) {
                status = Optional.of(stored.status());
                latency = OverviewFormat.latency(stored.lastLatency());
                title = ServiceStates.word(stored.status()) + " since " + OverviewFormat.time(stored.since()) + " ("
                        + OverviewFormat.span(Duration.between(stored.since(), now)) + ")"
                        + (stored.status() == Status.UP ? "" : ": " + stored.lastMessage());
            } else {
                status = Optional.empty();
                latency = OverviewFormat.NONE;
                title = monitor.enabled() ? "no result yet" : "disabled in the catalog";
            }
            String state = ServiceStates.monitor(monitor, status);
            return new MonitorView(
                    new MonitorRow(
                            key.monitor(),
                            state,
                            title,
                            bar.html(),
                            bar.label(),
                            bar.lastAt(),
                            uptime(figures.day().get(key)),
                            uptime(figures.month().get(key)),
                            latency),
                    monitor.enabled() ? status : Optional.empty());
        }

        private String serviceTitle(MonitoredService service, String state, Map<MonitorKey, Status> latest) {
            long enabled = service.monitors().stream().filter(Monitor::enabled).count();
            long failing = latest.values().stream().filter(s -> s != Status.UP).count();
            if (enabled == 0) {
                return state;
            }
            return failing == 0
                    ? state + ": " + enabled + (enabled == 1 ? " monitor" : " monitors")
                    : state + ": " + failing + " of " + enabled + " monitors not up";
        }
    }

    private static String uptime(@Nullable WindowFigures figures) {
        return OverviewFormat.uptime(figures == null ? OptionalDouble.empty() : figures.uptimePercent());
    }
}
