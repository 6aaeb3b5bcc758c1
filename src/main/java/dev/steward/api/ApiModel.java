package dev.steward.api;

import dev.steward.catalog.Monitor;
import dev.steward.catalog.MonitoredService;
import dev.steward.config.Durations;
import dev.steward.heartbeat.Heartbeats.HeartbeatView;
import dev.steward.heartbeat.Ping;
import dev.steward.result.MonitorState;
import dev.steward.result.StoredResult;
import dev.steward.result.Window;
import dev.steward.result.WindowFigures;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** The JSON shapes of the API (docs/API.md). Times are ISO-8601 UTC, latencies milliseconds, durations {@code 30s}. */
final class ApiModel {

    private ApiModel() {}

    static String windowName(Window window) {
        return switch (window) {
            case LAST_24_HOURS -> "24h";
            case LAST_7_DAYS -> "7d";
            case LAST_30_DAYS -> "30d";
            case LAST_90_DAYS -> "90d";
        };
    }

    static @Nullable Double millis(Optional<Duration> duration) {
        return duration.map(ApiModel::millis).orElse(null);
    }

    static double millis(Duration duration) {
        return Math.round(duration.toNanos() / 100_000.0) / 10.0;
    }

    static @Nullable String time(Optional<Instant> instant) {
        return instant.map(Instant::toString).orElse(null);
    }

    record ServiceSummary(
            String name,
            String description,
            @Nullable String group,
            List<String> tags,
            @Nullable String owner,
            Map<String, String> links,
            List<String> dependsOn,
            String status,
            int monitors,
            @Nullable Double uptime24h) {

        static ServiceSummary of(MonitoredService service, String status, @Nullable Double uptime24h) {
            return new ServiceSummary(
                    service.name(),
                    service.description(),
                    service.group().orElse(null),
                    service.tags(),
                    service.owner().orElse(null),
                    linksOf(service),
                    service.dependsOn(),
                    status,
                    service.monitors().size(),
                    uptime24h);
        }
    }

    record ServiceDetail(
            String name,
            String description,
            @Nullable String group,
            List<String> tags,
            @Nullable String owner,
            Map<String, String> links,
            List<String> dependsOn,
            String status,
            @Nullable Double uptime24h,
            Map<String, Figures> figures,
            List<MonitorSummary> monitors) {

        static ServiceDetail of(
                MonitoredService service,
                String status,
                @Nullable Double uptime24h,
                List<MonitorSummary> monitors,
                Map<String, Figures> figures) {
            return new ServiceDetail(
                    service.name(),
                    service.description(),
                    service.group().orElse(null),
                    service.tags(),
                    service.owner().orElse(null),
                    linksOf(service),
                    service.dependsOn(),
                    status,
                    uptime24h,
                    figures,
                    monitors);
        }
    }

    private static Map<String, String> linksOf(MonitoredService service) {
        Map<String, String> links = new TreeMap<>();
        service.links().forEach((name, uri) -> links.put(name, uri.toString()));
        return links;
    }

    /**
     * @param status up, degraded, down, or pending (no result yet, or disabled)
     */
    record MonitorSummary(
            String key,
            String service,
            String name,
            String type,
            String target,
            String interval,
            boolean enabled,
            String status,
            @Nullable String since,
            @Nullable LastResult lastResult,
            @Nullable Double uptime24h,
            @Nullable Heartbeat heartbeat) {

        static MonitorSummary of(
                Monitor monitor,
                Optional<MonitorState> state,
                @Nullable Double uptime24h,
                Optional<HeartbeatView> heartbeat) {
            return new MonitorSummary(
                    monitor.key().toString(),
                    monitor.key().service(),
                    monitor.key().monitor(),
                    monitor.probe().type(),
                    monitor.probe().target(),
                    Durations.format(monitor.interval()),
                    monitor.enabled(),
                    state.map(s -> s.status().code()).orElse("pending"),
                    state.map(s -> s.since().toString()).orElse(null),
                    state.map(LastResult::of).orElse(null),
                    uptime24h,
                    heartbeat.map(Heartbeat::of).orElse(null));
        }
    }

    record LastResult(
            String at,
            double latencyMs,
            String message,
            @Nullable String error,
            int consecutive,
            @Nullable String certificateExpiresAt) {

        static LastResult of(MonitorState state) {
            return new LastResult(
                    state.lastStartedAt().toString(),
                    millis(state.lastLatency()),
                    state.lastMessage(),
                    state.lastError().map(code -> code.code()).orElse(null),
                    state.consecutive(),
                    time(state.certificateExpiresAt()));
        }
    }

    record MonitorDetail(
            String key,
            String service,
            String name,
            String description,
            String type,
            String target,
            String interval,
            String timeout,
            boolean enabled,
            List<String> conditions,
            List<String> warn,
            @Nullable String alert,
            String location,
            String status,
            @Nullable String since,
            @Nullable LastResult lastResult,
            @Nullable String nextProbeAt,
            Map<String, Figures> figures,
            List<Result> recentResults,
            @Nullable Heartbeat heartbeat) {

        static MonitorDetail of(
                Monitor monitor,
                Optional<MonitorState> state,
                Map<String, Figures> figures,
                List<Result> recent,
                @Nullable Instant nextProbe,
                Optional<HeartbeatView> heartbeat) {
            return new MonitorDetail(
                    monitor.key().toString(),
                    monitor.key().service(),
                    monitor.key().monitor(),
                    monitor.description(),
                    monitor.probe().type(),
                    monitor.probe().target(),
                    Durations.format(monitor.interval()),
                    Durations.format(monitor.timeout()),
                    monitor.enabled(),
                    MonitorsApi.texts(monitor.conditions()),
                    MonitorsApi.texts(monitor.warn()),
                    monitor.alert().orElse(null),
                    monitor.location(),
                    state.map(s -> s.status().code()).orElse("pending"),
                    state.map(s -> s.since().toString()).orElse(null),
                    state.map(LastResult::of).orElse(null),
                    nextProbe == null ? null : nextProbe.toString(),
                    figures,
                    recent,
                    heartbeat.map(Heartbeat::of).orElse(null));
        }
    }

    /**
     * A heartbeat monitor's ping URL and what it expects; null for monitors Steward probes.
     *
     * @param isNew the job never pinged a start or a finish: nothing is expected of it yet
     * @param runningSince the start of a run under way
     * @param expectedBy when the next deadline passes without a ping
     */
    record Heartbeat(
            String uuid,
            String pingUrl,
            String schedule,
            String grace,
            boolean isNew,
            @Nullable String runningSince,
            @Nullable String expectedBy,
            @Nullable LastPing lastPing) {

        static Heartbeat of(HeartbeatView view) {
            return new Heartbeat(
                    view.uuid().toString(),
                    view.pingUrl().toString(),
                    view.schedule(),
                    Durations.format(view.grace()),
                    view.isNew(),
                    time(view.runningSince()),
                    time(view.expectedBy()),
                    view.lastPing().map(LastPing::of).orElse(null));
        }
    }

    /** A heartbeat's latest ping, without its log. */
    record LastPing(
            String at,
            String kind,
            @Nullable Integer exitStatus,
            @Nullable Double durationMs) {

        static LastPing of(Ping ping) {
            return new LastPing(
                    ping.at().toString(),
                    ping.kind().code(),
                    ping.exitStatus().isPresent() ? ping.exitStatus().getAsInt() : null,
                    millis(ping.duration()));
        }
    }

    /**
     * One stored ping with its log.
     *
     * @param log the first 100,000 bytes of the request's body, as UTF-8 text
     */
    record PingEntry(
            long id,
            String at,
            String kind,
            @Nullable Integer exitStatus,
            @Nullable Double durationMs,
            String method,
            String client,
            @Nullable String userAgent,
            @Nullable String rid,
            String log,
            boolean truncated) {

        static PingEntry of(Ping ping) {
            return new PingEntry(
                    ping.id(),
                    ping.at().toString(),
                    ping.kind().code(),
                    ping.exitStatus().isPresent() ? ping.exitStatus().getAsInt() : null,
                    millis(ping.duration()),
                    ping.method(),
                    ping.client(),
                    ping.userAgent().orElse(null),
                    ping.rid().map(Object::toString).orElse(null),
                    ping.log(),
                    ping.truncated());
        }
    }

    /**
     * Uptime and latency over one window; {@code uptimePercent} and the latencies are null without results.
     *
     * @param from the start actually counted (later than asked when older results are no longer kept)
     */
    record Figures(
            String from,
            String to,
            long results,
            long up,
            long degraded,
            long down,
            @Nullable Double uptimePercent,
            @Nullable Double p50Ms,
            @Nullable Double p95Ms,
            @Nullable Double p99Ms,
            @Nullable Double meanMs) {

        static Figures of(WindowFigures figures) {
            return new Figures(
                    figures.from().toString(),
                    figures.to().toString(),
                    figures.results(),
                    figures.up(),
                    figures.degraded(),
                    figures.down(),
                    figures.uptimePercent().isPresent()
                            ? figures.uptimePercent().getAsDouble()
                            : null,
                    millis(figures.p50()),
                    millis(figures.p95()),
                    millis(figures.p99()),
                    millis(figures.meanLatency()));
        }
    }

    record Failure(String condition, String resolved) {}

    /**
     * @param message stored for degraded and down results only
     */
    record Result(
            String scheduledAt,
            String startedAt,
            double latencyMs,
            String status,
            @Nullable String message,
            @Nullable String error,
            List<Failure> failures,
            @Nullable String certificateExpiresAt) {

        static Result of(StoredResult result) {
            return new Result(
                    result.scheduledAt().toString(),
                    result.startedAt().toString(),
                    millis(result.latency()),
                    result.status().code(),
                    MonitorsApi.text(result.message()),
                    result.error().map(code -> code.code()).orElse(null),
                    MonitorsApi.failures(result),
                    time(result.certificateExpiresAt()));
        }
    }
}
