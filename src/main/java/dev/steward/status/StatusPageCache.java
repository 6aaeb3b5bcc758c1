package dev.steward.status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the status page's model for {@link #TTL}: the page, its JSON and badges are public and may be asked for a
 * hundred times a second, which then costs one computation every few seconds. Callers arriving during a computation
 * wait for it and share its answer. A public update written meanwhile (the revision changes) is shown at once. When a
 * computation fails (the database is away), the last model keeps being served and the failure is logged once until a
 * computation succeeds again.
 */
final class StatusPageCache {

    /** How long one computation is served. */
    static final Duration TTL = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(StatusPageCache.class);

    private final Supplier<StatusPageModel> reader;
    private final LongSupplier revision;
    private final Clock clock;
    private @Nullable StatusPageModel model;
    private @Nullable Instant computedAt;
    private long computedRevision;
    private boolean failing;

    /**
     * @param revision changes when something the model shows changed in a way the cache must not wait out (a public
     *     update was written)
     */
    StatusPageCache(Supplier<StatusPageModel> reader, LongSupplier revision, Clock clock) {
        this.reader = reader;
        this.revision = revision;
        this.clock = clock;
    }

    /** The model, computed at most {@link #TTL} ago and after the latest revision. */
    synchronized StatusPageModel current() {
        Instant now = clock.instant();
        long latest = revision.getAsLong();
        if (model != null
                && computedAt != null
                && latest == computedRevision
                && Duration.between(computedAt, now).compareTo(TTL) < 0) {
            return model;
        }
        computedRevision = latest;
        try {
            model = reader.get();
            if (failing) {
                failing = false;
                log.atInfo().addKeyValue("event", "status_page_recovered").log("The status page is current again");
            }
        } catch (RuntimeException e) {
            if (model == null) {
                throw e;
            }
            if (!failing) {
                failing = true;
                log.atWarn()
                        .addKeyValue("event", "status_page_stale")
                        .addKeyValue("since", model.computedAt())
                        .setCause(e)
                        .log("Cannot compute the status page; serving the last one until it can");
            }
        }
        computedAt = now;
        return model;
    }
}
