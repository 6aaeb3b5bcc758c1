package dev.steward.status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the status page's model for {@link #TTL}: the page, its JSON and badges are public and may be asked for a
 * hundred times a second, which then costs one computation every few seconds. Callers arriving during a computation
 * wait for it and share its answer. When a computation fails (the database is away), the last model keeps being served
 * and the failure is logged once until a computation succeeds again.
 */
final class StatusPageCache {

    /** How long one computation is served. */
    static final Duration TTL = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(StatusPageCache.class);

    private final Supplier<StatusPageModel> reader;
    private final Clock clock;
    private @Nullable StatusPageModel model;
    private @Nullable Instant computedAt;
    private boolean failing;

    StatusPageCache(Supplier<StatusPageModel> reader, Clock clock) {
        this.reader = reader;
        this.clock = clock;
    }

    /** The model, computed at most {@link #TTL} ago. */
    synchronized StatusPageModel current() {
        Instant now = clock.instant();
        if (model != null
                && computedAt != null
                && Duration.between(computedAt, now).compareTo(TTL) < 0) {
            return model;
        }
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

    /** Forgets the model, so the next request sees a change made just now (a posted update). */
    synchronized void invalidate() {
        computedAt = null;
    }
}
