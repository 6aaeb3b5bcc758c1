package dev.steward.alert;

import dev.steward.catalog.Severity;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * An alert received from another tool (Alertmanager, or anything that speaks PagerDuty's Events API), firing or
 * resolved. It is routed, silenced and turned into incidents like Steward's own alerts.
 *
 * @param key stable identity, e.g. {@code alertmanager:<fingerprint>} or {@code event:<dedup_key>}
 * @param source {@code alertmanager} or {@code event}
 * @param service the service it concerns: a catalog service's name when it matches one (then its tags, group,
 *     dependencies and runbook apply)
 * @param summary what is wrong, e.g. the alert's summary annotation
 * @param labels the received labels (or custom details), kept with the alert
 * @param link a link the sender gave (e.g. Prometheus' generator URL), when any
 * @param at when the sender says it started (firing) or ended (resolved)
 */
public record ExternalAlert(
        String key,
        String source,
        String service,
        String title,
        Severity severity,
        boolean firing,
        String summary,
        Map<String, String> labels,
        Optional<URI> link,
        Instant at) {

    public ExternalAlert {
        labels = Map.copyOf(labels);
    }
}
