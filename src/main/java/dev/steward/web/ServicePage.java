package dev.steward.web;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What service.html shows: one service of the catalog with its monitors, its heartbeats' ping URLs and latest pings,
 * latency charts over the chosen range, uptime by day, recent failures, alerts and incidents.
 *
 * @param instance and
 * @param sequence the last result the page holds and the process that numbered it (see {@link OverviewPage})
 */
record ServicePage(
        Facts facts,
        String state,
        String stateTitle,
        @Nullable String maintenanceUntil,
        List<MonitorRow> monitors,
        List<HeartbeatPanel> heartbeats,
        Range range,
        List<Chart> charts,
        Days days,
        Failures failures,
        List<AlertRow> alerts,
        List<IncidentRow> incidents,
        String instance,
        long sequence) {

    /**
     * What the catalog says about the service.
     *
     * @param runbook the runbook link, shown first
     * @param links the other links, by name
     */
    record Facts(
            String name,
            String description,
            @Nullable String group,
            @Nullable String groupHref,
            List<OverviewPage.Link> tags,
            @Nullable String owner,
            @Nullable String runbook,
            List<OverviewPage.Link> links,
            List<Dependency> dependsOn) {}

    /** A service this one depends on, with its state now. */
    record Dependency(String name, String state) {}

    /**
     * One monitor now.
     *
     * @param checkedAt the newest result's start (ISO-8601), for {@code <time datetime>}
     * @param error and
     * @param message the newest result's error code and message when it was not up
     */
    record MonitorRow(
            String name,
            String description,
            String type,
            String target,
            String interval,
            String state,
            String stateTitle,
            @Nullable String since,
            @Nullable String checked,
            @Nullable String checkedAt,
            String latency,
            String uptimeDay,
            @Nullable String error,
            @Nullable String message,
            String bar,
            String barLabel,
            long lastAt) {}

    /**
     * A heartbeat monitor: how its job reports, what is expected of it, and its latest pings.
     *
     * @param curl a line to paste after the job's command
     * @param expectation what Steward waits for now, in a sentence
     */
    record HeartbeatPanel(
            String monitor,
            String pingUrl,
            String curl,
            String schedule,
            String grace,
            String expectation,
            List<PingRow> pings) {}

    /**
     * One ping.
     *
     * @param log the end of its log (the full log is in the API)
     */
    record PingRow(
            String at,
            String atIso,
            String kind,
            String state,
            @Nullable String exitStatus,
            String duration,
            String method,
            String log,
            boolean truncated) {}

    /** The chosen range and the links to the others. */
    record Range(String code, String label, List<RangeLink> links) {}

    record RangeLink(String code, String label, String href, boolean current) {}

    /**
     * One monitor's latency chart.
     *
     * @param svg the chart (from {@link SvgChart}, built from numbers and escaped names only)
     * @param summary the chart in one sentence, also shown as its caption
     */
    record Chart(String id, String monitor, String svg, String summary, List<ChartRow> rows) {}

    record ChartRow(String from, String p50, String p95, String results, String uptime) {}

    /** Uptime of the service by UTC day, the oldest first; {@code cells} is a bar's HTML as in {@link OverviewPage}. */
    record Days(List<Day> days, String cells, String summary) {}

    record Day(String date, String uptime, String results) {}

    /** @param scope how far back failures were looked for, in words */
    record Failures(List<FailureRow> rows, String scope) {}

    /**
     * A run of failed results of one monitor.
     *
     * @param when the run's first and latest result, e.g. "2026-11-23 10:04:05 – 10:09:05 UTC"
     * @param ago how long ago its latest result was
     */
    record FailureRow(
            String when,
            String ago,
            int results,
            String monitor,
            String state,
            @Nullable String error,
            String message) {}

    record AlertRow(
            String title,
            @Nullable String monitor,
            String status,
            String severity,
            String since,
            @Nullable String lastMessage,
            @Nullable Long incident) {}

    record IncidentRow(long id, String title, String status, String severity, String opened) {}
}
