package dev.steward.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many sign-in attempts are allowed: per client address every attempt counts (10 a minute), per account only
 * failed ones (10 in 15 minutes), so a user who signs in resets nothing for an attacker and an attacker spreading
 * guesses over many addresses still meets the account's limit. Counted in Redis when Steward has one (shared by every
 * instance), in memory otherwise.
 */
public final class LoginLimits {

    /** Attempts per address and window. */
    public static final int ADDRESS_LIMIT = 10;

    public static final Duration ADDRESS_WINDOW = Duration.ofMinutes(1);
    /** Failed attempts per account and window. */
    public static final int ACCOUNT_LIMIT = 10;

    public static final Duration ACCOUNT_WINDOW = Duration.ofMinutes(15);

    /** Fixed-window counters. */
    interface Counters {
        /** Adds one to {@code key}'s count in its current window and returns the count and the window's rest. */
        Count increment(String key, Duration window);

        /** The count of {@code key}'s current window, without adding. */
        Count peek(String key);

        /** Where the counts live, for the log and the README: "redis" or "memory". */
        String kind();
    }

    /** A window's count and how long until it ends. */
    record Count(long value, Duration remaining) {}

    private final Counters counters;

    LoginLimits(Counters counters) {
        this.counters = counters;
    }

    /** Where the counts live: {@code redis} (shared) or {@code memory} (this instance only). */
    public String kind() {
        return counters.kind();
    }

    /** Counts an attempt; when it is over a limit, how long the client must wait. */
    Optional<Duration> attempt(String address, Optional<String> account) {
        Count byAddress = counters.increment("address:" + address, ADDRESS_WINDOW);
        if (byAddress.value() > ADDRESS_LIMIT) {
            return Optional.of(atLeastOneSecond(byAddress.remaining()));
        }
        return account.flatMap(this::accountWait);
    }

    /** How long {@code account} must wait after too many failed sign-ins, if it must. */
    Optional<Duration> accountWait(String account) {
        Count byAccount = counters.peek("account:" + Accounts.normalize(account));
        return byAccount.value() >= ACCOUNT_LIMIT
                ? Optional.of(atLeastOneSecond(byAccount.remaining()))
                : Optional.empty();
    }

    /** Counts a failed sign-in against the account. */
    void failed(String account) {
        counters.increment("account:" + Accounts.normalize(account), ACCOUNT_WINDOW);
    }

    private static Duration atLeastOneSecond(Duration remaining) {
        return remaining.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : remaining;
    }

    /** Counters of this instance only. */
    static final class MemoryCounters implements Counters {

        private static final int MAX_KEYS = 100_000;
        private final Map<String, Window> windows = new ConcurrentHashMap<>();
        private final Clock clock;

        private record Window(Instant end, long count) {}

        MemoryCounters(Clock clock) {
            this.clock = clock;
        }

        @Override
        public Count increment(String key, Duration window) {
            Instant now = clock.instant();
            if (windows.size() > MAX_KEYS) {
                windows.values().removeIf(existing -> !existing.end().isAfter(now));
            }
            Window updated = windows.compute(
                    key,
                    (k, existing) -> existing == null || !existing.end().isAfter(now)
                            ? new Window(now.plus(window), 1)
                            : new Window(existing.end(), existing.count() + 1));
            return new Count(updated.count(), Duration.between(now, updated.end()));
        }

        @Override
        public Count peek(String key) {
            Instant now = clock.instant();
            Window existing = windows.get(key);
            if (existing == null || !existing.end().isAfter(now)) {
                return new Count(0, Duration.ZERO);
            }
            return new Count(existing.count(), Duration.between(now, existing.end()));
        }

        @Override
        public String kind() {
            return "memory";
        }
    }
}
