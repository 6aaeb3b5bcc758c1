package dev.steward.heartbeat;

import dev.steward.catalog.ProbeSpec.HeartbeatSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What Steward knows of one heartbeat's runs, and what of it is overdue at a given time. Immutable: each ping and each
 * verdict returns the next state, so the rules are plain functions of the state, the schedule and {@code now}.
 *
 * <p>The rules: a run that pinged {@code /start} must finish within {@code grace}, and while it may, nothing is
 * missed. Otherwise the next run is expected at the schedule's first time after the later of the last finished run
 * (success or failure), the last run reported missed and the last start reported unfinished; it is missed when that
 * time plus {@code grace} passes without a finish. A heartbeat that never pinged expects nothing (it is new).
 *
 * @param lastPing the last ping of any kind
 * @param lastFinished the last success or failure ping
 * @param open start pings not followed by their finish, oldest first (at most {@link #OPEN_STARTS})
 * @param missedThrough the expected run last reported missed
 * @param startReported the start ping last reported as not finished
 */
record HeartbeatState(
        @Nullable Instant lastPing,
        @Nullable Instant lastFinished,
        List<Start> open,
        @Nullable Instant missedThrough,
        @Nullable Instant startReported) {

    /** A start and a finish further apart than this are taken as unrelated: no duration (as Healthchecks does). */
    static final Duration DURATION_WINDOW = Duration.ofHours(72);

    /** Runs under way at once that are remembered (jobs that overlap send a run id with each ping). */
    static final int OPEN_STARTS = 10;

    /** How many expected runs one check may skip over (a long outage of Steward), to bound its work. */
    private static final int MAX_SKIPPED = 100_000;

    HeartbeatState {
        open = List.copyOf(open);
    }

    /** A start ping, with its run id when it sent one. */
    record Start(Instant at, Optional<UUID> rid) {}

    /** Something overdue. */
    sealed interface Overdue {

        /** When it became overdue. */
        Instant deadline();

        /** The run expected at {@code due} did not finish by {@code deadline} (due plus grace). */
        record Missed(Instant due, Instant deadline) implements Overdue {}

        /** The run started at {@code startedAt} did not finish by {@code deadline} (start plus grace). */
        record StartedNotFinished(Instant startedAt, Instant deadline) implements Overdue {}
    }

    /** What is overdue, and the state that remembers it was reported. */
    record Verdict(Overdue overdue, HeartbeatState next) {}

    /** The state after a finish ping, and the run's time since its start when it had one. */
    record Finished(HeartbeatState next, Optional<Duration> duration) {}

    static HeartbeatState fresh() {
        return new HeartbeatState(null, null, List.of(), null, null);
    }

    /** A state that remembers what was reported before a restart. */
    static HeartbeatState reported(@Nullable Instant missedThrough, @Nullable Instant startReported) {
        return new HeartbeatState(null, null, List.of(), missedThrough, startReported);
    }

    /** The state after a ping of {@code kind} at {@code at}, however it ended. */
    HeartbeatState after(Ping.Kind kind, Instant at, Optional<UUID> rid) {
        return switch (kind) {
            case START -> started(at, rid);
            case SUCCESS, FAIL -> finished(at, rid).next();
            case LOG -> new HeartbeatState(at, lastFinished, open, missedThrough, startReported);
        };
    }

    HeartbeatState started(Instant at, Optional<UUID> rid) {
        List<Start> starts = new ArrayList<>(open);
        starts.add(new Start(at, rid));
        while (starts.size() > OPEN_STARTS) {
            starts.removeFirst();
        }
        return new HeartbeatState(at, lastFinished, starts, missedThrough, startReported);
    }

    /**
     * A run finished: with a run id, the start with that id is its start; without, the latest start, and every open
     * start ends with it.
     */
    Finished finished(Instant at, Optional<UUID> rid) {
        Optional<Start> start = Optional.empty();
        for (Start candidate : open) {
            if (rid.isEmpty() || candidate.rid().equals(rid)) {
                start = Optional.of(candidate);
            }
        }
        List<Start> still = new ArrayList<>();
        if (rid.isPresent()) {
            open.stream().filter(s -> !s.rid().equals(rid)).forEach(still::add);
        }
        Optional<Duration> duration = start.map(s -> Duration.between(s.at(), at))
                .filter(d -> !d.isNegative() && d.compareTo(DURATION_WINDOW) <= 0);
        return new Finished(new HeartbeatState(at, at, still, missedThrough, startReported), duration);
    }

    /** The oldest start under way that was not reported as unfinished. */
    Optional<Start> running() {
        return open.stream()
                .filter(start -> startReported == null || start.at().isAfter(startReported))
                .findFirst();
    }

    /** Whether the heartbeat has never pinged a start or a finish: nothing is expected of it yet. */
    boolean isNew() {
        return lastFinished == null && open.isEmpty() && missedThrough == null && startReported == null;
    }

    /** When the next verdict can come, if ever: the time to look again. */
    Optional<Instant> nextDeadline(HeartbeatSchedule schedule, Duration grace) {
        Optional<Start> running = running();
        if (running.isPresent()) {
            return Optional.of(running.get().at().plus(grace));
        }
        return base().flatMap(schedule::next).map(due -> due.plus(grace));
    }

    /** What is overdue at {@code now}, if anything: at most one verdict; ask again for the next. */
    Optional<Verdict> overdue(HeartbeatSchedule schedule, Duration grace, Instant now) {
        Optional<Start> running = running();
        if (running.isPresent()) {
            Instant deadline = running.get().at().plus(grace);
            if (now.isBefore(deadline)) {
                return Optional.empty();
            }
            return Optional.of(new Verdict(
                    new Overdue.StartedNotFinished(running.get().at(), deadline),
                    new HeartbeatState(
                            lastPing,
                            lastFinished,
                            open,
                            missedThrough,
                            running.get().at())));
        }
        Optional<Instant> first = base().flatMap(schedule::next);
        if (first.isEmpty() || now.isBefore(first.get().plus(grace))) {
            return Optional.empty();
        }
        // After a long silence (or a long stop of Steward) report one missed run, the latest that is overdue.
        Instant due = first.get();
        for (int i = 0; i < MAX_SKIPPED; i++) {
            Optional<Instant> later = schedule.next(due);
            if (later.isEmpty() || now.isBefore(later.get().plus(grace))) {
                break;
            }
            due = later.get();
        }
        return Optional.of(new Verdict(
                new Overdue.Missed(due, due.plus(grace)),
                new HeartbeatState(lastPing, lastFinished, open, due, startReported)));
    }

    /** The time the next expected run is counted from, if there is one. */
    private Optional<Instant> base() {
        Instant base = latest(latest(lastFinished, missedThrough), startReported);
        return Optional.ofNullable(base);
    }

    private static @Nullable Instant latest(@Nullable Instant a, @Nullable Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
