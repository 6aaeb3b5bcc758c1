package dev.steward.status;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Everything the public sees, computed at one moment: the page, the badges and the Statuspage-compatible JSON all read
 * it. Holds only public names and public texts; a service's catalog name is kept for looking it up (badges, ids) and
 * is never rendered.
 *
 * @param title the page's title
 * @param url where the page is, from {@code BASE_URL}
 * @param computedAt when this model was computed
 * @param components the public services, in catalog order
 * @param currentIncidents incidents of public services not resolved publicly, newest first
 * @param pastIncidents incidents resolved within {@link #PAST_INCIDENTS_DAYS} days, newest first
 * @param maintenance maintenance occurring now or within {@link #UPCOMING_MAINTENANCE_DAYS} days, soonest first
 */
record StatusPageModel(
        String title,
        String url,
        String pageId,
        Instant computedAt,
        List<Component> components,
        List<Incident> currentIncidents,
        List<Incident> pastIncidents,
        List<Maintenance> maintenance) {

    static final int UPTIME_DAYS = 90;
    static final int PAST_INCIDENTS_DAYS = 14;
    static final int UPCOMING_MAINTENANCE_DAYS = 7;

    StatusPageModel {
        components = List.copyOf(components);
        currentIncidents = List.copyOf(currentIncidents);
        pastIncidents = List.copyOf(pastIncidents);
        maintenance = List.copyOf(maintenance);
    }

    /** The worst state of any component; operational when there are none. */
    public ComponentState overall() {
        return components.stream().map(Component::state).reduce(ComponentState.OPERATIONAL, ComponentState::worst);
    }

    /** The page's banner. */
    public String banner() {
        return switch (overall()) {
            case OPERATIONAL -> "All systems operational";
            case UNDER_MAINTENANCE -> "Maintenance in progress";
            case DEGRADED_PERFORMANCE -> "Degraded performance";
            case PARTIAL_OUTAGE -> "Partial outage";
            case MAJOR_OUTAGE -> "Major outage";
        };
    }

    /** When anything shown last changed: the latest component or incident change, else the computation. */
    public Instant updatedAt() {
        Optional<Instant> latest = java.util.stream.Stream.concat(
                        components.stream().map(Component::updatedAt),
                        java.util.stream.Stream.concat(currentIncidents.stream(), pastIncidents.stream())
                                .map(Incident::updatedAt))
                .max(Instant::compareTo);
        return latest.orElse(computedAt);
    }

    /** The public service listed under {@code service} in the catalog, when it is listed. */
    public Optional<Component> component(String service) {
        return components.stream()
                .filter(component -> component.service().equals(service))
                .findFirst();
    }

    /**
     * One public service.
     *
     * @param service the catalog's name: for lookups only, never shown
     * @param id the stable public id
     * @param name the public name
     * @param position 1 for the first public service of the catalog
     * @param updatedAt when one of its monitors last changed status, else when it was computed
     * @param createdAt when its first monitor was stored, else when it was computed
     * @param days one per UTC day, oldest first, today last: {@link #UPTIME_DAYS} of them
     */
    record Component(
            String service,
            String id,
            String name,
            int position,
            ComponentState state,
            Instant updatedAt,
            Instant createdAt,
            List<Day> days) {

        Component {
            days = List.copyOf(days);
        }

        /** Uptime over the days that have results, or empty without any. */
        public OptionalDouble uptime() {
            return uptimeOver(days);
        }

        /** The uptime under the bars, e.g. {@code 99.98% uptime}, or {@code No data yet}. */
        public String uptimeText() {
            OptionalDouble uptime = uptime();
            return uptime.isPresent() ? percent(uptime.getAsDouble()) + " uptime" : "No data yet";
        }

        /** Uptime over the last 30 days (today included), or empty without results. */
        public OptionalDouble uptime30Days() {
            return uptimeOver(days.subList(Math.max(0, days.size() - 30), days.size()));
        }

        private static OptionalDouble uptimeOver(List<Day> days) {
            long available = 0;
            long all = 0;
            for (Day day : days) {
                available += day.available();
                all += day.results();
            }
            return all == 0 ? OptionalDouble.empty() : OptionalDouble.of(100.0 * available / all);
        }
    }

    /**
     * One day of a component's uptime bar.
     *
     * @param available up and degraded results
     * @param results all results; 0 means no data
     */
    record Day(LocalDate date, long available, long results) {

        public OptionalDouble uptime() {
            return results == 0 ? OptionalDouble.empty() : OptionalDouble.of(100.0 * available / results);
        }

        /** The bar's colour class: {@code day-none} without data, else by uptime. */
        public String level() {
            if (results == 0) {
                return "day-none";
            }
            double uptime = uptime().orElseThrow();
            if (uptime >= 99.9) {
                return "day-full";
            }
            if (uptime >= 99.0) {
                return "day-high";
            }
            if (uptime >= 95.0) {
                return "day-low";
            }
            return "day-bad";
        }

        /** What the bar says to a pointer and a screen reader, e.g. {@code 2026-05-03: 99.95% uptime}. */
        public String label() {
            return date + ": " + (results == 0 ? "no data" : percent(uptime().orElseThrow()) + " uptime");
        }
    }

    /**
     * An incident as the public sees it.
     *
     * @param id the stable public id
     * @param name a generic title naming the affected public service
     * @param impact none, minor, major or critical, from the incident's severity
     * @param components the affected public services
     * @param updates newest first; a generic {@code investigating} one when the operators have written none
     * @param resolvedAt when it was resolved, in Steward or publicly
     */
    record Incident(
            long number,
            String id,
            String name,
            PublicIncidentStatus status,
            String impact,
            Instant createdAt,
            Instant updatedAt,
            Optional<Instant> monitoringAt,
            Optional<Instant> resolvedAt,
            List<Component> components,
            List<Update> updates) {

        Incident {
            components = List.copyOf(components);
            updates = List.copyOf(updates);
        }
    }

    /**
     * One public update of an incident.
     *
     * @param written true when an operator wrote it, false for Steward's generic ones
     */
    record Update(String id, PublicIncidentStatus status, String body, Instant createdAt, boolean written) {}

    /**
     * One occurrence of a maintenance window that covers public services.
     *
     * @param inProgress it is on now
     */
    record Maintenance(String id, List<Component> components, Instant start, Instant end, boolean inProgress) {

        Maintenance {
            components = List.copyOf(components);
        }

        /** The public names it covers, e.g. {@code API, Website}. */
        public String names() {
            return String.join(", ", components.stream().map(Component::name).toList());
        }
    }

    /** A percentage for people: two decimals below 100, e.g. {@code 99.95%}, {@code 100%}. */
    static String percent(double value) {
        if (value >= 100.0) {
            return "100%";
        }
        String text = String.format(Locale.ROOT, "%.2f", Math.floor(value * 100) / 100);
        return text + "%";
    }
}
