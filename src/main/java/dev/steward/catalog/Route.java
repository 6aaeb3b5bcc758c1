package dev.steward.catalog;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A notification route: which alerts it takes, and the escalation steps that notify channels until the alert is
 * acknowledged or resolved. Routes are tried in order; the first that matches wins.
 *
 * @param match which alerts the route takes; an empty matcher takes all
 * @param steps the first step (after zero) notifies at once, later ones after their delay unless acknowledged
 */
public record Route(Match match, List<Step> steps, String location) {

    public Route {
        steps = List.copyOf(steps);
    }

    /**
     * Which alerts a route takes: every non-empty set must contain the alert's value (tags: any of the service's tags).
     */
    public record Match(Set<String> services, Set<String> groups, Set<String> tags, Set<Severity> severities) {

        public Match {
            services = Set.copyOf(services);
            groups = Set.copyOf(groups);
            tags = Set.copyOf(tags);
            severities = Set.copyOf(severities);
        }

        /** A matcher that takes every alert. */
        public static Match all() {
            return new Match(Set.of(), Set.of(), Set.of(), Set.of());
        }
    }

    /**
     * One escalation step.
     *
     * @param after how long after the alert fired this step notifies, if nobody acknowledged by then
     * @param channels the channels' names
     */
    public record Step(Duration after, List<String> channels) {

        public Step {
            channels = List.copyOf(channels);
        }
    }
}
