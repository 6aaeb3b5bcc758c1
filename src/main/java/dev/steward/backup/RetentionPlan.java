package dev.steward.backup;

import dev.steward.catalog.BackupPolicy.Retention;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Which stored backups of a policy its retention keeps and which it deletes, each with why: what {@code backup prune}
 * deletes and what its dry run lists.
 *
 * <p>The rules, each applied to every backup on its own (a backup any rule keeps is kept):
 *
 * <ul>
 *   <li>{@code keepLast}: the newest N backups;
 *   <li>{@code daily}, {@code weekly}, {@code monthly}: the newest backup of each of the last N days, ISO weeks or
 *       months <em>that have a backup</em>, in the policy's time zone (a day without a backup does not use up one of
 *       the N, so a policy that stopped running keeps its history);
 *   <li>the newest verified backup, and the newest {@code minVerified} verified ones, are never deleted.
 * </ul>
 *
 * <p>A backup whose drill failed counts like any other for {@code keepLast} and the calendar rules — its dump is
 * complete, the drill may have failed for a reason outside it (the drill server, a check), and the newest backups are
 * what an operator investigates — but never as verified, so it cannot stand in for a verified one.
 *
 * @param keep the backups kept, newest first, each with every rule that keeps it
 * @param delete the backups to delete, newest first, each with why
 */
public record RetentionPlan(List<Decision> keep, List<Decision> delete) {

    /** Newest first; the same start orders by id so that a plan does not depend on the order it was given. */
    private static final Comparator<Candidate> NEWEST_FIRST = Comparator.comparing(Candidate::startedAt)
            .thenComparing(Candidate::id)
            .reversed();

    public RetentionPlan {
        keep = List.copyOf(keep);
        delete = List.copyOf(delete);
    }

    /** What retention knows of a stored backup. */
    public record Candidate(String id, Instant startedAt, State state) {

        /**
         * The backup as a candidate, or empty when it is not stored as complete: running, failed and deleted runs are
         * not retention's to keep or delete.
         */
        public static Optional<Candidate> of(BackupRecord record) {
            return State.of(record.status()).map(state -> new Candidate(record.id(), record.startedAt(), state));
        }
    }

    /** The states of a stored backup. */
    public enum State {
        /** Stored, not yet drilled (or drills are off). */
        COMPLETE,
        /** Its last drill passed. */
        VERIFIED,
        /** Its last drill failed. */
        DRILL_FAILED;

        /** The state of a backup's status ({@code complete}, {@code verified}, {@code drill_failed}), if stored. */
        public static Optional<State> of(String status) {
            return switch (status) {
                case "complete" -> Optional.of(COMPLETE);
                case "verified" -> Optional.of(VERIFIED);
                case "drill_failed" -> Optional.of(DRILL_FAILED);
                default -> Optional.empty();
            };
        }
    }

    /**
     * One backup and why it is kept or deleted.
     *
     * @param reasons e.g. {@code keepLast 1 of 7}, {@code daily 2026-11-20}, {@code weekly 2026-W47}, {@code monthly
     *     2026-11}, {@code newest verified}, {@code minVerified 2 of 3}; for a deleted backup, the one reason
     */
    public record Decision(Candidate backup, List<String> reasons) {

        public Decision {
            reasons = List.copyOf(reasons);
        }

        /** The reasons as one line, for listings. */
        public String why() {
            return String.join(", ", reasons);
        }
    }

    /**
     * The plan for a policy's stored backups.
     *
     * @param zone the policy's time zone: where days, weeks and months begin
     * @param backups every stored backup of the policy (see {@link Candidate#of}), in any order
     */
    public static RetentionPlan of(Retention retention, ZoneId zone, Collection<Candidate> backups) {
        List<Candidate> newestFirst = backups.stream().sorted(NEWEST_FIRST).toList();
        Map<Candidate, List<String>> kept = new LinkedHashMap<>();
        newestFirst.forEach(backup -> kept.put(backup, new ArrayList<>()));

        for (int i = 0; i < Math.min(retention.keepLast(), newestFirst.size()); i++) {
            kept.get(newestFirst.get(i)).add("keepLast " + (i + 1) + " of " + retention.keepLast());
        }
        newestOfEach(
                newestFirst,
                retention.daily(),
                "daily",
                at -> LocalDate.ofInstant(at, zone).toString(),
                kept);
        newestOfEach(newestFirst, retention.weekly(), "weekly", at -> isoWeek(LocalDate.ofInstant(at, zone)), kept);
        newestOfEach(
                newestFirst,
                retention.monthly(),
                "monthly",
                at -> YearMonth.from(at.atZone(zone)).toString(),
                kept);
        List<Candidate> verified = newestFirst.stream()
                .filter(backup -> backup.state() == State.VERIFIED)
                .toList();
        for (int i = 0; i < verified.size() && (i == 0 || i < retention.minVerified()); i++) {
            kept.get(verified.get(i))
                    .add(i == 0 ? "newest verified" : "minVerified " + (i + 1) + " of " + retention.minVerified());
        }

        String unkept = "kept by no rule of " + retention.describe();
        List<Decision> keep = new ArrayList<>();
        List<Decision> delete = new ArrayList<>();
        kept.forEach((backup, reasons) -> {
            if (reasons.isEmpty()) {
                delete.add(new Decision(backup, List.of(unkept)));
            } else {
                keep.add(new Decision(backup, reasons));
            }
        });
        return new RetentionPlan(keep, delete);
    }

    /**
     * Keeps the newest backup of each of the newest {@code count} periods that have a backup: going from the newest
     * backup down, the first one of each period is that period's newest.
     */
    private static void newestOfEach(
            List<Candidate> newestFirst,
            int count,
            String rule,
            Function<Instant, String> period,
            Map<Candidate, List<String>> kept) {
        @Nullable String last = null;
        int periods = 0;
        for (Candidate backup : newestFirst) {
            if (periods == count) {
                return;
            }
            String current = period.apply(backup.startedAt());
            if (!Objects.equals(current, last)) {
                kept.get(backup).add(rule + " " + current);
                last = current;
                periods++;
            }
        }
    }

    /** The ISO week, e.g. {@code 2026-W47}; 1 January 2027 is in {@code 2026-W53}. */
    private static String isoWeek(LocalDate date) {
        return String.format(
                Locale.ROOT,
                "%d-W%02d",
                date.get(IsoFields.WEEK_BASED_YEAR),
                date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }
}
