package dev.steward.web;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.web.util.HtmlUtils;

/**
 * What overview.html shows: the services of the catalog by group, each with its monitors, after the filters.
 *
 * @param instance and
 * @param sequence the last result the page holds, and the process that numbered it; the page's live stream starts
 *     after it
 * @param catalogEmpty the catalog has no services at all (the page says how to add some)
 * @param shown services shown after every filter
 */
record OverviewPage(
        List<Group> groups,
        Summary summary,
        Filters filters,
        String instance,
        long sequence,
        boolean catalogEmpty,
        int shown) {

    /** Services of one group, in catalog order; {@code name} is null for services without a group. */
    record Group(@Nullable String name, List<ServiceRow> services) {}

    /**
     * @param stateTitle what the state means in words (for the tooltip), e.g. "down since 10:04 UTC"
     * @param maintenanceUntil when a maintenance window covering the service is on, its end
     */
    record ServiceRow(
            String name,
            String description,
            String state,
            String stateTitle,
            List<Link> tags,
            List<IncidentLink> incidents,
            @Nullable String maintenanceUntil,
            List<MonitorRow> monitors) {

        /**
         * The monitors' rows as HTML, written here rather than by the template: with 2,000 monitors, Thymeleaf
         * spent two thirds of the page's time on these rows alone. Text from results and the catalog is escaped.
         */
        public String monitorRows() {
            StringBuilder html = new StringBuilder(monitors.size() * 520);
            for (MonitorRow monitor : monitors) {
                monitor.appendTo(html);
            }
            return html.toString();
        }
    }

    /**
     * One monitor's row.
     *
     * @param bar the bar's cells as HTML ({@code <i class="up"></i>…}), oldest first; built by Steward from states
     *     only
     * @param barLabel the bar in words, for screen readers
     * @param lastAt the start of the newest result in the bar, in ms since the epoch (0 without one): live updates
     *     older than it are ignored
     */
    record MonitorRow(
            String name,
            String state,
            String stateTitle,
            String bar,
            String barLabel,
            long lastAt,
            String uptimeDay,
            String uptimeMonth,
            String latency) {

        void appendTo(StringBuilder html) {
            html.append("<tr class=\"monitor-row\" data-monitor=\"")
                    .append(escape(name))
                    .append("\">\n  <td class=\"name monitor-name\">")
                    .append(escape(name))
                    .append("</td>\n  <td><span class=\"state ")
                    .append(state)
                    .append("\" title=\"")
                    .append(escape(stateTitle))
                    .append("\" data-state>")
                    .append(state)
                    .append("</span></td>\n  <td><span class=\"bar\" role=\"img\" aria-label=\"")
                    .append(escape(barLabel))
                    .append("\" data-last=\"")
                    .append(lastAt)
                    .append("\">")
                    .append(bar)
                    .append("</span></td>\n  <td class=\"num\">")
                    .append(uptimeDay)
                    .append("</td>\n  <td class=\"num hide-narrow\">")
                    .append(uptimeMonth)
                    .append("</td>\n  <td class=\"num hide-narrow\" data-latency>")
                    .append(latency)
                    .append("</td>\n</tr>\n");
        }

        private static String escape(String text) {
            return HtmlUtils.htmlEscape(text, "UTF-8");
        }
    }

    record IncidentLink(long id, String title, String severity, String status) {}

    record Link(String label, String href) {}

    /**
     * The services the group and tag filters select, counted by state.
     *
     * @param counts one per state word in {@link ServiceStates#WORDS}, zero counts included (live updates change them)
     */
    record Summary(int services, int monitors, List<Count> counts, int openIncidents) {}

    /** @param href the overview with this state filter (and the others kept) */
    record Count(String state, int count, String href, boolean current) {}

    record Option(String value, boolean selected) {}

    record Filters(
            List<Option> groups,
            List<Option> tags,
            @Nullable String group,
            @Nullable String tag,
            @Nullable String state,
            @Nullable String stateClearHref) {

        public boolean active() {
            return group != null || tag != null || state != null;
        }
    }
}
