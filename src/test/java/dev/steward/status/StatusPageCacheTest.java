package dev.steward.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The status page is computed at most every few seconds, whatever the number of requests. */
class StatusPageCacheTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final AtomicInteger computations = new AtomicInteger();
    private final AtomicBoolean failing = new AtomicBoolean();
    private final Supplier<StatusPageModel> reader = () -> {
        if (failing.get()) {
            throw new IllegalStateException("database away");
        }
        computations.incrementAndGet();
        return new StatusPageModel(
                "Status",
                "http://localhost/status",
                "page",
                clock.instant(),
                List.of(),
                List.of(),
                List.of(),
                List.of());
    };
    private final AtomicLong revision = new AtomicLong();
    private final StatusPageCache cache = new StatusPageCache(reader, revision::get, clock);

    @Test
    void answersAThousandRequestsWithinItsLifetimeFromOneComputation() {
        for (int i = 0; i < 1000; i++) {
            cache.current();
            clock.advance(Duration.ofMillis(4));
        }

        assertThat(computations.get()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(cache.current().computedAt()).isEqualTo(clock.instant());
        assertThat(computations.get()).isEqualTo(2);
    }

    @Test
    void computesAgainAtOnceWhenAPublicUpdateWasWritten() {
        cache.current();
        revision.incrementAndGet();
        cache.current();
        cache.current();

        assertThat(computations.get()).isEqualTo(2);
    }

    @Test
    void keepsServingTheLastModelWhileComputingFails() {
        StatusPageModel first = cache.current();
        failing.set(true);
        clock.advance(StatusPageCache.TTL);

        assertThat(cache.current()).isSameAs(first);
        assertThat(cache.current()).isSameAs(first);
        failing.set(false);
        clock.advance(StatusPageCache.TTL);
        assertThat(cache.current()).isNotSameAs(first);
    }

    @Test
    void failsWhenItHasNothingToServe() {
        failing.set(true);

        assertThatThrownBy(cache::current).hasMessage("database away");
    }
}
