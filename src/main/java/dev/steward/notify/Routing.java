package dev.steward.notify;

import dev.steward.catalog.Alerting;
import dev.steward.catalog.Route;
import dev.steward.catalog.Severity;
import java.util.List;
import java.util.Optional;

/** Picks the route of an alert: the first route of the catalog whose match takes it. */
public final class Routing {

    private Routing() {}

    /**
     * What a route matches on.
     *
     * @param group the service's group, when it has one
     * @param tags the service's tags
     */
    public record Subject(String service, Optional<String> group, List<String> tags, Severity severity) {

        public Subject {
            tags = List.copyOf(tags);
        }
    }

    /** The first matching route, if any. */
    public static Optional<Route> route(Alerting alerting, Subject subject) {
        return alerting.routes().stream()
                .filter(route -> matches(route.match(), subject))
                .findFirst();
    }

    /** The escalation steps for the subject: its route's, or none when no route takes it. */
    public static List<Route.Step> steps(Alerting alerting, Subject subject) {
        return route(alerting, subject).map(Route::steps).orElse(List.of());
    }

    static boolean matches(Route.Match match, Subject subject) {
        return (match.services().isEmpty() || match.services().contains(subject.service()))
                && (match.groups().isEmpty()
                        || subject.group().map(match.groups()::contains).orElse(false))
                && (match.tags().isEmpty() || subject.tags().stream().anyMatch(match.tags()::contains))
                && (match.severities().isEmpty() || match.severities().contains(subject.severity()));
    }
}
