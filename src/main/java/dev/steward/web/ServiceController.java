package dev.steward.web;

import dev.steward.alert.Alerts;
import dev.steward.alert.Alerts.AlertView;
import dev.steward.catalog.Catalog;
import dev.steward.catalog.CatalogService;
import dev.steward.catalog.MaintenanceWindow;
import dev.steward.catalog.Monitor;
import dev.steward.catalog.MonitorKey;
import dev.steward.catalog.MonitoredService;
import dev.steward.config.Durations;
import dev.steward.heartbeat.Heartbeats;
import dev.steward.heartbeat.Heartbeats.HeartbeatView;
import dev.steward.heartbeat.Ping;
import dev.steward.incident.IncidentViews.Incident;
import dev.steward.incident.Incidents;
import dev.steward.probe.Status;
import dev.steward.result.MonitorState;
import dev.steward.result.MonitorStatistics;
import dev.steward.result.ServiceHistory.DayCounts;
import dev.steward.result.ServiceState;
import dev.steward.result.WindowFigures;
import dev.steward.web.ServicePage.AlertRow;
import dev.steward.web.ServicePage.Chart;
import dev.steward.web.ServicePage.ChartRow;
import dev.steward.web.ServicePage.Day;
import dev.steward.web.ServicePage.Days;
import dev.steward.web.ServicePage.Dependency;
import dev.steward.web.ServicePage.Facts;
import dev.steward.web.ServicePage.FailureRow;
import dev.steward.web.ServicePage.Failures;
import dev.steward.web.ServicePage.HeartbeatPanel;
import dev.steward.web.ServicePage.IncidentRow;
import dev.steward.web.ServicePage.MonitorRow;
import dev.steward.web.ServicePage.PingRow;
import dev.steward.web.ServicePage.Range;
import dev.steward.web.ServicePage.RangeLink;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * {@code GET /services/{name}}, where notifications link: one service's monitors, latency charts over a range chosen
 * with {@code ?range=1h|24h|7d|30d}, uptime by day over 30 days, recent failures, alerts, incidents and the catalog's
 * links (runbook first). A name the catalog does not know is a 404 page.
 */
@Controller
class ServiceController {

    static final int DAYS = 30;
    static final int FAILURES = 20;
    static final Duration FAILURES_SINCE = Duration.ofDays(7);
    static final int INCIDENTS = 10;
    static final int PINGS = 10;
    /** How much of a ping's log the page shows, in bytes: its end, where errors are. */
    static final int LOG_TAIL = 2_000;

    private static final DateTimeFormatter HOUR_MINUTE =
            DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MONTH_DAY =
            DateTimeFormatter.ofPattern("MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final CatalogService catalog;
    private final MonitorStatistics statistics;
    private final ServiceFigures figures;
    private final OverviewUptimes uptimes;
    private final LiveResults live;
    private final Alerts alerts;
    private final Incidents incidents;
    private final Heartbeats heartbeats;
    private final Clock clock;

    ServiceController(
            CatalogService catalog,
            MonitorStatistics statistics,
            ServiceFigures figures,
            OverviewUptimes uptimes,
            LiveResults live,
            Alerts alerts,
            Incidents incidents,
            Heartbeats heartbeats,
            Clock clock) {
        this.catalog = catalog;
        this.statistics = statistics;
        this.figures = figures;
        this.uptimes = uptimes;
        this.live = live;
        this.alerts = alerts;
        this.incidents = incidents;
        this.heartbeats = heartbeats;
        this.clock = clock;
    }

    @GetMapping("/services/{name}")
    ModelAndView service(
            @PathVariable String name,
            @RequestParam(required = false) @Nullable String range,
            HttpServletRequest request) {
        long started = System.nanoTime();
        long sequence = live.sequence();
        Catalog current = catalog.current();
        Optional<MonitoredService> found = current.service(name);
        if (found.isEmpty()) {
            return missing(name, current);
        }
        MonitoredService service = found.get();
        ServiceRange chosen =
                range == null ? ServiceRange.DEFAULT : ServiceRange.parse(range).orElse(ServiceRange.DEFAULT);
        Instant now = clock.instant();
        List<MonitorKey> keys = service.monitors().stream().map(Monitor::key).toList();

        Map<MonitorKey, MonitorState> states =
                statistics.serviceState(name).map(ServiceState::monitors).orElse(List.of()).stream()
                        .collect(Collectors.toMap(MonitorState::monitor, Function.identity(), (a, b) -> a));
        OverviewUptimes.Snapshot uptime = uptimes.get();
        Map<MonitorKey, List<ServiceFigures.Bucket>> series = figures.series(keys, chosen, now);
        List<DayCounts> days = figures.days(name, DAYS, now);
        // only monitors with a failure in the last 30 days (or among the results in memory) can have recent ones
        ServiceFigures.Failures failures = figures.failures(
                keys,
                key -> failedIn(uptime.month().get(key)) || live.bar(key).notUp() > 0,
                now.minus(FAILURES_SINCE),
                now,
                FAILURES);
        List<AlertView> serviceAlerts = alerts.list(Set.of("ok", "pending", "firing"), Optional.of(name), 100);
        List<Incident> serviceIncidents = incidents.list(Optional.empty(), Optional.of(name), INCIDENTS);
        List<HeartbeatPanel> heartbeatPanels = new ArrayList<>();
        for (Monitor monitor : service.monitors()) {
            heartbeats
                    .view(monitor.key())
                    .ifPresent(view -> heartbeatPanels.add(
                            heartbeat(monitor, view, heartbeats.pings(monitor.key(), PINGS, LOG_TAIL), now)));
        }
        OverviewServerTiming.dataRead(request, started);

        List<MonitorRow> monitors = new ArrayList<>();
        Map<MonitorKey, Status> latest = new HashMap<>();
        for (Monitor monitor : service.monitors()) {
            MonitorRow row = monitorRow(monitor, states.get(monitor.key()), uptime, now);
            monitors.add(row);
            if (monitor.enabled() && !row.state().equals("pending")) {
                latest.put(monitor.key(), Status.fromCode(row.state()));
            }
        }
        String state = ServiceStates.service(service, key -> Optional.ofNullable(latest.get(key)));
        ServicePage page = new ServicePage(
                facts(service, current, states),
                state,
                stateTitle(state, latest.size(), service),
                maintenanceUntil(current, name, now),
                monitors,
                heartbeatPanels,
                range(name, chosen),
                charts(service, series, chosen),
                days(days),
                failures(failures, now),
                serviceAlerts.stream().map(ServiceController::alertRow).toList(),
                serviceIncidents.stream()
                        .map(incident -> new IncidentRow(
                                incident.id(),
                                incident.title(),
                                incident.status(),
                                incident.severity(),
                                OverviewFormat.time(incident.openedAt())))
                        .toList(),
                live.instance(),
                sequence);
        return new ModelAndView("service", Map.of("page", page));
    }

    private ModelAndView missing(String name, Catalog current) {
        ModelAndView view = new ModelAndView(
                "service-missing",
                Map.of(
                        "name",
                        name,
                        "services",
                        current.services().keySet().stream().sorted().toList()));
        view.setStatus(HttpStatus.NOT_FOUND);
        return view;
    }

    private Facts facts(MonitoredService service, Catalog current, Map<MonitorKey, MonitorState> states) {
        List<OverviewPage.Link> links = new ArrayList<>();
        service.links().entrySet().stream()
                .filter(link -> !link.getKey().equals("runbook"))
                .sorted(Map.Entry.comparingByKey())
                .forEach(link -> links.add(
                        new OverviewPage.Link(link.getKey(), link.getValue().toString())));
        List<Dependency> dependencies = new ArrayList<>();
        for (String dependency : service.dependsOn()) {
            dependencies.add(new Dependency(
                    dependency,
                    current.service(dependency)
                            .map(other -> ServiceStates.service(other, live.latestStatuses()))
                            .orElse("unknown")));
        }
        return new Facts(
                service.name(),
                service.description(),
                service.group().orElse(null),
                service.group()
                        .map(group -> OverviewController.query(group, null, null))
                        .orElse(null),
                service.tags().stream()
                        .map(tag -> new OverviewPage.Link(tag, OverviewController.query(null, tag, null)))
                        .toList(),
                service.owner().orElse(null),
                service.runbook().map(URI::toString).orElse(null),
                links,
                dependencies);
    }

    private MonitorRow monitorRow(
            Monitor monitor, @Nullable MonitorState stored, OverviewUptimes.Snapshot figures, Instant now) {
        MonitorKey key = monitor.key();
        LiveResults.Bar bar = live.bar(key);
        LiveResults.Cell newest = bar.newest().orElse(null);
        boolean memoryAhead =
                newest != null && (stored == null || newest.startedAt().isAfter(stored.lastStartedAt()));
        Optional<Status> status = memoryAhead
                ? Optional.of(newest.status())
                : Optional.ofNullable(stored).map(MonitorState::status);
        String state = ServiceStates.monitor(monitor, status);
        Instant checked = memoryAhead ? newest.startedAt() : stored == null ? null : stored.lastStartedAt();
        Duration latency = memoryAhead ? newest.latency() : stored == null ? null : stored.lastLatency();
        // The stored state has the message; the newer result in memory (if any) tells whether it still applies.
        boolean failing =
                stored != null && stored.status() != Status.UP && (!memoryAhead || newest.status() == stored.status());
        String since = stored == null || memoryAhead && newest.status() != stored.status()
                ? null
                : OverviewFormat.span(Duration.between(stored.since(), now));
        WindowFigures day = figures.day().get(key);
        return new MonitorRow(
                key.monitor(),
                monitor.description(),
                monitor.probe().type(),
                monitor.probe().target(),
                monitor.probe().probed() ? "every " + Durations.format(monitor.interval()) : "pinged by its job",
                state,
                stored == null
                        ? (monitor.enabled() ? "no result yet" : "disabled in the catalog")
                        : stored.status().code() + " since " + OverviewFormat.time(stored.since()),
                since,
                checked == null ? null : OverviewFormat.ago(checked, now),
                checked == null ? null : checked.toString(),
                latency == null ? OverviewFormat.NONE : OverviewFormat.latency(latency),
                OverviewFormat.uptime(day == null ? OptionalDouble.empty() : day.uptimePercent()),
                failing ? stored.lastError().map(code -> code.code()).orElse(null) : null,
                failing ? stored.lastMessage() : null,
                bar.html(),
                bar.label(),
                bar.lastAt());
    }

    private static HeartbeatPanel heartbeat(Monitor monitor, HeartbeatView view, List<Ping> pings, Instant now) {
        String expectation;
        if (!monitor.enabled()) {
            expectation = "Disabled in the catalog: pings are answered and kept, runs are not judged.";
        } else if (view.isNew()) {
            expectation = "Waiting for the first ping: nothing is expected before it.";
        } else if (view.runningSince().isPresent()) {
            expectation = "A run is under way since "
                    + OverviewFormat.timeWithSeconds(view.runningSince().get())
                    + view.expectedBy()
                            .map(by -> "; it must finish by " + OverviewFormat.timeWithSeconds(by) + ".")
                            .orElse(".");
        } else {
            expectation = view.expectedBy()
                    .map(by -> "The next run must ping by " + OverviewFormat.timeWithSeconds(by) + " ("
                            + (by.isAfter(now) ? "in " + OverviewFormat.span(Duration.between(now, by)) : "overdue")
                            + ").")
                    .orElse("No further run is expected.");
        }
        return new HeartbeatPanel(
                monitor.key().monitor(),
                view.pingUrl().toString(),
                "curl -fsS -m 10 --retry 5 -o /dev/null " + view.pingUrl(),
                view.schedule(),
                Durations.format(view.grace()),
                expectation,
                pings.stream().map(ping -> pingRow(ping, now)).toList());
    }

    private static PingRow pingRow(Ping ping, Instant now) {
        return new PingRow(
                OverviewFormat.timeWithSeconds(ping.at()) + " (" + OverviewFormat.ago(ping.at(), now) + ")",
                ping.at().toString(),
                ping.kind().code(),
                switch (ping.kind()) {
                    case SUCCESS -> "up";
                    case FAIL -> "down";
                    case START, LOG -> "pending";
                },
                ping.exitStatus().isPresent() ? String.valueOf(ping.exitStatus().getAsInt()) : null,
                ping.duration().map(OverviewFormat::latency).orElse(OverviewFormat.NONE),
                ping.method(),
                ping.log().isEmpty() || !ping.truncated() ? ping.log() : "…" + ping.log(),
                ping.truncated());
    }

    /** Whether the figures count a result that was not up; true without figures (a monitor new since they were read). */
    private static boolean failedIn(@Nullable WindowFigures figures) {
        return figures == null || figures.degraded() + figures.down() > 0;
    }

    private static String stateTitle(String state, int reporting, MonitoredService service) {
        long enabled = service.monitors().stream().filter(Monitor::enabled).count();
        return state + ": " + reporting + " of " + enabled + " enabled monitors reporting";
    }

    private static @Nullable String maintenanceUntil(Catalog current, String service, Instant now) {
        Instant until = null;
        for (MaintenanceWindow window : current.alerting().maintenance()) {
            if (!window.appliesTo(service)) {
                continue;
            }
            Optional<Instant> end = window.activeUntil(now);
            if (end.isPresent() && (until == null || end.get().isAfter(until))) {
                until = end.get();
            }
        }
        return until == null ? null : OverviewFormat.time(until);
    }

    private static Range range(String service, ServiceRange chosen) {
        List<RangeLink> links = new ArrayList<>();
        for (ServiceRange range : ServiceRange.values()) {
            links.add(
                    new RangeLink(range.code(), range.label(), "?range=" + range.code() + "#latency", range == chosen));
        }
        return new Range(chosen.code(), chosen.label(), links);
    }

    private static List<Chart> charts(
            MonitoredService service, Map<MonitorKey, List<ServiceFigures.Bucket>> series, ServiceRange range) {
        List<Chart> charts = new ArrayList<>();
        int index = 0;
        for (Monitor monitor : service.monitors()) {
            List<ServiceFigures.Bucket> buckets = series.getOrDefault(monitor.key(), List.of());
            DateTimeFormatter labels = range.step().compareTo(Duration.ofHours(1)) <= 0 ? HOUR_MINUTE : MONTH_DAY;
            List<SvgChart.Point> points = new ArrayList<>();
            List<ChartRow> rows = new ArrayList<>();
            for (ServiceFigures.Bucket bucket : buckets) {
                WindowFigures figures = bucket.figures();
                points.add(
                        new SvgChart.Point(labels.format(bucket.from()), millis(figures.p50()), millis(figures.p95())));
                rows.add(new ChartRow(
                        OverviewFormat.time(bucket.from()),
                        OverviewFormat.latency(figures.p50()),
                        OverviewFormat.latency(figures.p95()),
                        String.valueOf(figures.results()),
                        OverviewFormat.uptime(figures.uptimePercent())));
            }
            String summary = summary(buckets, range);
            String id = "chart-" + index++;
            charts.add(new Chart(
                    id,
                    monitor.key().monitor(),
                    SvgChart.latency(
                            id, "Latency of " + monitor.key().monitor() + ", " + range.label(), summary, points),
                    summary,
                    rows));
        }
        return charts;
    }

    /** The chart in one sentence: the range of p50, the highest p95, and buckets without results. */
    static String summary(List<ServiceFigures.Bucket> buckets, ServiceRange range) {
        List<Duration> p50s = buckets.stream()
                .map(bucket -> bucket.figures().p50())
                .flatMap(Optional::stream)
                .toList();
        if (p50s.isEmpty()) {
            return "No latencies in the " + range.label() + ".";
        }
        Duration low = p50s.stream().min(Duration::compareTo).orElseThrow();
        Duration high = p50s.stream().max(Duration::compareTo).orElseThrow();
        Optional<Duration> p95 = buckets.stream()
                .map(bucket -> bucket.figures().p95())
                .flatMap(Optional::stream)
                .max(Duration::compareTo);
        long empty = buckets.stream()
                .filter(bucket -> bucket.figures().p50().isEmpty())
                .count();
        return "Over the " + range.label() + ", p50 "
                + (low.equals(high)
                        ? OverviewFormat.latency(low)
                        : "from " + OverviewFormat.latency(low) + " to " + OverviewFormat.latency(high))
                + p95.map(max -> ", p95 up to " + OverviewFormat.latency(max)).orElse("")
                + (empty == 0 ? "" : "; " + empty + " of " + buckets.size() + " points without latencies")
                + ".";
    }

    private static OptionalDouble millis(Optional<Duration> latency) {
        return latency.map(value -> OptionalDouble.of(value.toNanos() / 1_000_000.0))
                .orElse(OptionalDouble.empty());
    }

    private static Days days(List<DayCounts> counts) {
        List<Day> days = new ArrayList<>();
        StringBuilder cells = new StringBuilder();
        long available = 0;
        long all = 0;
        DayCounts worst = null;
        for (DayCounts day : counts) {
            String date = day.day().toString();
            OptionalDouble percent = uptime(day);
            String text = OverviewFormat.uptime(percent);
            days.add(new Day(date, text, String.valueOf(day.results())));
            cells.append("<i class=\"")
                    .append(OverviewFormat.uptimeClass(percent))
                    .append("\" title=\"")
                    .append(date)
                    .append(": ")
                    .append(text)
                    .append("\"></i>");
            available += day.up() + day.degraded();
            all += day.results();
            if (percent.isPresent()
                    && (worst == null || percent.getAsDouble() < uptime(worst).getAsDouble())) {
                worst = day;
            }
        }
        String summary = all == 0
                ? "No results in the last " + counts.size() + " days."
                : "Uptime over the last " + counts.size() + " days: "
                        + OverviewFormat.uptime(OptionalDouble.of(100.0 * available / all))
                        + (worst == null
                                ? ""
                                : "; lowest on " + worst.day() + " (" + OverviewFormat.uptime(uptime(worst)) + ")")
                        + ".";
        return new Days(days, cells.toString(), summary);
    }

    private static OptionalDouble uptime(DayCounts day) {
        return day.results() == 0
                ? OptionalDouble.empty()
                : OptionalDouble.of(100.0 * (day.up() + day.degraded()) / day.results());
    }

    private static Failures failures(ServiceFigures.Failures found, Instant now) {
        List<FailureRow> rows = found.failures().stream()
                .map(failure -> new FailureRow(
                        OverviewFormat.timeRange(failure.first(), failure.last()),
                        OverviewFormat.ago(failure.last(), now),
                        failure.results(),
                        failure.monitor().monitor(),
                        failure.status().code(),
                        failure.error().orElse(null),
                        failure.message().orElse("")))
                .toList();
        Instant since = found.since().values().stream().max(Instant::compareTo).orElse(now.minus(FAILURES_SINCE));
        String scope = since.isAfter(now.minus(FAILURES_SINCE).plusSeconds(60))
                ? "the latest " + ServiceFigures.FAILURE_SCAN + " results of each monitor (since "
                        + OverviewFormat.time(since) + " at least)"
                : "the last " + OverviewFormat.span(FAILURES_SINCE);
        return new Failures(rows, scope);
    }

    private static AlertRow alertRow(AlertView alert) {
        return new AlertRow(
                alert.title(),
                alert.monitor().orElse(null),
                alert.status(),
                alert.severity(),
                OverviewFormat.time(alert.since()),
                alert.lastMessage().orElse(null),
                alert.incidentId().orElse(null));
    }
}
