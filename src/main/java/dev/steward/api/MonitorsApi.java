package dev.steward.api;

import dev.steward.catalog.Catalog;
import dev.steward.catalog.CatalogService;
import dev.steward.catalog.Monitor;
import dev.steward.catalog.MonitorKey;
import dev.steward.catalog.MonitoredService;
import dev.steward.config.Durations;
import dev.steward.heartbeat.Heartbeats;
import dev.steward.probe.ProbeScheduler;
import dev.steward.probe.Status;
import dev.steward.probe.condition.Condition;
import dev.steward.result.MonitorState;
import dev.steward.result.MonitorStatistics;
import dev.steward.result.ResultPage;
import dev.steward.result.StoredResult;
import dev.steward.result.Window;
import dev.steward.result.WindowFigures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Services and monitors with their current state, uptime and latency figures, and stored results. */
@RestController
@RequestMapping(path = "/api/v1", produces = "application/json")
class MonitorsApi {

    static final int DEFAULT_RESULT_LIMIT = 100;
    static final int RECENT_RESULTS = 20;
    static final int DEFAULT_PING_LIMIT = 20;
    /** Steward keeps the last 100 pings of each heartbeat. */
    static final int MAX_PING_LIMIT = 100;

    private final CatalogService catalog;
    private final MonitorStatistics statistics;
    private final ProbeScheduler scheduler;
    private final Heartbeats heartbeats;
    private final Clock clock;

    MonitorsApi(
            CatalogService catalog,
            MonitorStatistics statistics,
            ProbeScheduler scheduler,
            Heartbeats heartbeats,
            Clock clock) {
        this.catalog = catalog;
        this.statistics = statistics;
        this.scheduler = scheduler;
        this.heartbeats = heartbeats;
        this.clock = clock;
    }

    @GetMapping("/services")
    Map<String, Object> services() {
        Catalog current = catalog.current();
        Map<MonitorKey, MonitorState> states = states();
        Map<MonitorKey, WindowFigures> day = statistics.allUptimes(Window.LAST_24_HOURS);
        List<ApiModel.ServiceSummary> services = new ArrayList<>();
        for (MonitoredService service : current.services().values()) {
            services.add(
                    ApiModel.ServiceSummary.of(service, serviceStatus(service, states), pooledUptime(service, day)));
        }
        return Map.of("services", services);
    }

    @GetMapping("/services/{name}")
    ApiModel.ServiceDetail service(@PathVariable String name) {
        MonitoredService service = catalog.current()
                .service(name)
                .orElseThrow(() -> ApiProblems.notFound(
                        "No service named \"" + name + "\" in the catalog; GET /api/v1/services lists them"));
        Map<MonitorKey, MonitorState> states = states();
        Map<MonitorKey, WindowFigures> day = statistics.allUptimes(Window.LAST_24_HOURS);
        List<ApiModel.MonitorSummary> monitors = service.monitors().stream()
                .map(monitor -> summary(monitor, states, day))
                .toList();
        Map<String, ApiModel.Figures> figures = new LinkedHashMap<>();
        for (Window window : Window.values()) {
            figures.put(ApiModel.windowName(window), ApiModel.Figures.of(statistics.serviceFigures(name, window)));
        }
        return ApiModel.ServiceDetail.of(
                service, serviceStatus(service, states), pooledUptime(service, day), monitors, figures);
    }

    @GetMapping("/monitors")
    Map<String, Object> monitors(
            @RequestParam(required = false) @Nullable String service,
            @RequestParam(required = false) @Nullable String status) {
        Catalog current = catalog.current();
        if (service != null && current.service(service).isEmpty()) {
            throw ApiProblems.notFound("No service named \"" + service + "\" in the catalog");
        }
        if (status != null && !List.of("up", "degraded", "down", "pending").contains(status)) {
            throw ApiProblems.badRequest(
                    "status", "\"" + status + "\" is not a status; use up, degraded, down or pending");
        }
        Map<MonitorKey, MonitorState> states = states();
        Map<MonitorKey, WindowFigures> day = statistics.allUptimes(Window.LAST_24_HOURS);
        List<ApiModel.MonitorSummary> monitors = current.monitors().stream()
                .filter(monitor -> service == null || monitor.key().service().equals(service))
                .map(monitor -> summary(monitor, states, day))
                .filter(summary -> status == null || summary.status().equals(status))
                .toList();
        return Map.of("monitors", monitors);
    }

    @GetMapping("/monitors/{service}/{monitor}")
    ApiModel.MonitorDetail monitor(@PathVariable String service, @PathVariable String monitor) {
        Monitor definition = find(service, monitor);
        Optional<MonitorState> state = statistics.currentState(definition.key());
        Map<String, ApiModel.Figures> figures = new LinkedHashMap<>();
        for (Window window : Window.values()) {
            figures.put(ApiModel.windowName(window), ApiModel.Figures.of(statistics.figures(definition.key(), window)));
        }
        List<ApiModel.Result> recent = statistics.recentResults(definition.key(), RECENT_RESULTS).stream()
                .map(ApiModel.Result::of)
                .toList();
        return ApiModel.MonitorDetail.of(
                definition,
                state,
                figures,
                recent,
                scheduler.nextProbe(definition.key()).orElse(null),
                heartbeats.view(definition.key()));
    }

    @GetMapping("/monitors/{service}/{monitor}/pings")
    Map<String, Object> pings(
            @PathVariable String service,
            @PathVariable String monitor,
            @RequestParam(required = false) @Nullable Integer limit) {
        Monitor definition = find(service, monitor);
        if (heartbeats.view(definition.key()).isEmpty()) {
            throw ApiProblems.notFound("Monitor " + definition.key() + " is a "
                    + definition.probe().type() + " monitor; only heartbeat monitors receive pings");
        }
        int size = limit == null ? DEFAULT_PING_LIMIT : limit;
        if (size < 1 || size > MAX_PING_LIMIT) {
            throw ApiProblems.badRequest("limit", "limit " + size + " is outside 1 to " + MAX_PING_LIMIT);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("monitor", definition.key().toString());
        body.put(
                "pings",
                heartbeats.pings(definition.key(), size).stream()
                        .map(ApiModel.PingEntry::of)
                        .toList());
        return body;
    }

    @GetMapping("/monitors/{service}/{monitor}/results")
    Map<String, Object> results(
            @PathVariable String service,
            @PathVariable String monitor,
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String cursor) {
        MonitorKey key = new MonitorKey(service, monitor);
        if (catalog.current().monitor(key).isEmpty()
                && statistics.currentState(key).isEmpty()) {
            throw ApiProblems.notFound("No monitor " + key + " in the catalog or among stored results");
        }
        Instant now = clock.instant();
        Instant end = to == null ? now : instant("to", to, now);
        Instant start = from == null ? end.minus(Duration.ofHours(24)) : instant("from", from, now);
        if (!start.isBefore(end)) {
            throw ApiProblems.badRequest("from", "from (" + start + ") must be before to (" + end + ")");
        }
        int size = limit == null ? DEFAULT_RESULT_LIMIT : limit;
        if (size < 1 || size > MonitorStatistics.MAX_LIMIT) {
            throw ApiProblems.badRequest("limit", "limit " + size + " is outside 1 to " + MonitorStatistics.MAX_LIMIT);
        }
        ResultPage page;
        try {
            page = statistics.results(key, start, end, size, Optional.ofNullable(cursor));
        } catch (IllegalArgumentException e) {
            throw ApiProblems.badRequest(
                    "cursor", "cursor is not one this API returned; start again without it (" + e.getMessage() + ")");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("monitor", key.toString());
        body.put("from", start.toString());
        body.put("to", end.toString());
        body.put("results", page.results().stream().map(ApiModel.Result::of).toList());
        body.put("next", page.next().orElse(null));
        return body;
    }

    private Monitor find(String service, String monitor) {
        MonitorKey key = new MonitorKey(service, monitor);
        return catalog.current()
                .monitor(key)
                .orElseThrow(() -> ApiProblems.notFound(catalog.current()
                        .service(service)
                        .map(found -> "Service \"" + service + "\" has no monitor \"" + monitor + "\"; it has: "
                                + found.monitors().stream()
                                        .map(m -> m.key().monitor())
                                        .collect(Collectors.joining(", ")))
                        .orElse("No service named \"" + service + "\" in the catalog")));
    }

    private Map<MonitorKey, MonitorState> states() {
        return statistics.currentStates().stream()
                .collect(Collectors.toMap(MonitorState::monitor, Function.identity(), (a, b) -> a));
    }

    private ApiModel.MonitorSummary summary(
            Monitor monitor, Map<MonitorKey, MonitorState> states, Map<MonitorKey, WindowFigures> day) {
        WindowFigures figures = day.get(monitor.key());
        return ApiModel.MonitorSummary.of(
                monitor,
                Optional.ofNullable(states.get(monitor.key())),
                figures == null || figures.uptimePercent().isEmpty()
                        ? null
                        : figures.uptimePercent().getAsDouble(),
                heartbeats.view(monitor.key()));
    }

    /** The worst state among the service's enabled monitors; pending when one has no result yet. */
    private static String serviceStatus(MonitoredService service, Map<MonitorKey, MonitorState> states) {
        Status worst = null;
        boolean pending = false;
        for (Monitor monitor : service.monitors()) {
            if (!monitor.enabled()) {
                continue;
            }
            MonitorState state = states.get(monitor.key());
            if (state == null) {
                pending = true;
            } else if (worst == null || state.status().ordinal() > worst.ordinal()) {
                worst = state.status();
            }
        }
        if (worst == Status.DOWN) {
            return worst.code();
        }
        if (pending || worst == null) {
            return "pending";
        }
        return worst.code();
    }

    private static @Nullable Double pooledUptime(MonitoredService service, Map<MonitorKey, WindowFigures> day) {
        long available = 0;
        long all = 0;
        for (Monitor monitor : service.monitors()) {
            WindowFigures figures = day.get(monitor.key());
            if (figures != null) {
                available += figures.up() + figures.degraded();
                all += figures.results();
            }
        }
        return all == 0 ? null : 100.0 * available / all;
    }

    private static Instant instant(String parameter, String text, Instant now) {
        Optional<Duration> ago = Durations.parse(text);
        if (ago.isPresent()) {
            return now.minus(ago.get());
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiProblems.badRequest(
                    parameter,
                    parameter + " \"" + text
                            + "\" is neither a time (2026-11-23T10:00:00Z) nor a duration ago (24h, 7d)");
        }
    }

    static List<String> texts(List<Condition> conditions) {
        return conditions.stream().map(Condition::text).toList();
    }

    static @Nullable String text(Optional<String> value) {
        return value.orElse(null);
    }

    static List<ApiModel.Failure> failures(StoredResult result) {
        return result.failures().stream()
                .map(failure -> new ApiModel.Failure(failure.condition(), failure.resolved()))
                .toList();
    }
}
