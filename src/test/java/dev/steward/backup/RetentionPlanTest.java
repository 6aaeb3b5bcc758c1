package dev.steward.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.backup.RetentionPlan.Candidate;
import dev.steward.backup.RetentionPlan.Decision;
import dev.steward.backup.RetentionPlan.State;
import dev.steward.catalog.BackupPolicy.Retention;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which backups retention keeps, which it deletes, and why. */
class RetentionPlanTest {

    private static final ZoneId UTC = ZoneId.of("UTC");

    private static Candidate complete(String startedAt) {
        return backup(startedAt, State.COMPLETE);
    }

    private static Candidate verified(String startedAt) {
        return backup(startedAt, State.VERIFIED);
    }

    private static Candidate drillFailed(String startedAt) {
        return backup(startedAt, State.DRILL_FAILED);
    }

    /** Named by when it started, so that assertions read as dates. */
    private static Candidate backup(String startedAt, State state) {
        return new Candidate(startedAt, Instant.parse(startedAt), state);
    }

    /** One complete backup at 02:00 UTC every day from {@code first} for {@code days} days. */
    private static List<Candidate> nightly(String first, int days) {
        List<Candidate> backups = new ArrayList<>();
        Instant start = Instant.parse(first);
        for (int i = 0; i < days; i++) {
            backups.add(complete(start.plusSeconds(86_400L * i).toString()));
        }
        return backups;
    }

    private static Retention retention(int keepLast, int daily, int weekly, int monthly, int minVerified) {
        return new Retention(keepLast, daily, weekly, monthly, minVerified);
    }

    /** The kept backups (newest first) with why. */
    private static Map<String, String> kept(RetentionPlan plan) {
        Map<String, String> kept = new LinkedHashMap<>();
        plan.keep().forEach(decision -> kept.put(decision.backup().id(), decision.why()));
        return kept;
    }

    private static List<String> deleted(RetentionPlan plan) {
        return plan.delete().stream().map(decision -> decision.backup().id()).toList();
    }

    @Test
    void anEmptyListKeepsAndDeletesNothing() {
        RetentionPlan plan = RetentionPlan.of(retention(7, 14, 8, 12, 3), UTC, List.of());

        assertThat(plan.keep()).isEmpty();
        assertThat(plan.delete()).isEmpty();
    }

    @Test
    void keepLastKeepsTheNewestBackups() {
        RetentionPlan plan = RetentionPlan.of(retention(3, 0, 0, 0, 1), UTC, nightly("2026-11-14T02:00:00Z", 7));

        assertThat(kept(plan))
                .containsExactly(
                        Map.entry("2026-11-20T02:00:00Z", "keepLast 1 of 3"),
                        Map.entry("2026-11-19T02:00:00Z", "keepLast 2 of 3"),
                        Map.entry("2026-11-18T02:00:00Z", "keepLast 3 of 3"));
        assertThat(deleted(plan))
                .containsExactly(
                        "2026-11-17T02:00:00Z", "2026-11-16T02:00:00Z", "2026-11-15T02:00:00Z", "2026-11-14T02:00:00Z");
        assertThat(plan.delete())
                .extracting(Decision::why)
                .containsOnly("kept by no rule of keepLast 3, minVerified 1");
    }

    @Test
    void keepsEverythingWhenThereAreFewerBackupsThanKeepLast() {
        RetentionPlan plan = RetentionPlan.of(retention(7, 0, 0, 0, 1), UTC, nightly("2026-11-19T02:00:00Z", 2));

        assertThat(kept(plan)).hasSize(2);
        assertThat(plan.delete()).isEmpty();
    }

    @Test
    void dailyKeepsTheNewestBackupOfEachOfTheLastDaysThatHaveOne() {
        RetentionPlan plan = RetentionPlan.of(
                retention(0, 3, 0, 0, 1),
                UTC,
                List.of(
                        complete("2026-11-20T14:00:00Z"),
                        complete("2026-11-20T02:00:00Z"),
                        // No backup on the 19th and 18th: those days do not count.
                        complete("2026-11-17T23:59:59Z"),
                        complete("2026-11-17T00:00:00Z"),
                        complete("2026-11-16T02:00:00Z"),
                        complete("2026-11-15T02:00:00Z")));

        assertThat(kept(plan))
                .containsExactly(
                        Map.entry("2026-11-20T14:00:00Z", "daily 2026-11-20"),
                        Map.entry("2026-11-17T23:59:59Z", "daily 2026-11-17"),
                        Map.entry("2026-11-16T02:00:00Z", "daily 2026-11-16"));
        assertThat(deleted(plan))
                .containsExactly("2026-11-20T02:00:00Z", "2026-11-17T00:00:00Z", "2026-11-15T02:00:00Z");
    }

    @Test
    void aPolicyThatStoppedKeepsItsLastDaysInsteadOfAgeingOut() {
        // The last backup is months old: the last 2 days with a backup are still kept.
        RetentionPlan plan = RetentionPlan.of(retention(0, 2, 0, 0, 1), UTC, nightly("2026-01-01T02:00:00Z", 5));

        assertThat(kept(plan).keySet()).containsExactly("2026-01-05T02:00:00Z", "2026-01-04T02:00:00Z");
    }

    @Test
    void weeklyKeepsTheNewestBackupOfEachIsoWeek() {
        RetentionPlan plan = RetentionPlan.of(
                retention(0, 0, 3, 0, 1),
                UTC,
                List.of(
                        // 2027-01-01 is a Friday of the week 53 of 2026, like Thursday 2026-12-31.
                        complete("2027-01-01T02:00:00Z"),
                        complete("2026-12-31T02:00:00Z"),
                        // Monday starts a week: Sunday the 27th is in week 52.
                        complete("2026-12-28T02:00:00Z"),
                        complete("2026-12-27T02:00:00Z"),
                        complete("2026-12-21T02:00:00Z"),
                        complete("2026-12-14T02:00:00Z")));

        assertThat(kept(plan))
                .containsExactly(
                        Map.entry("2027-01-01T02:00:00Z", "weekly 2026-W53"),
                        Map.entry("2026-12-27T02:00:00Z", "weekly 2026-W52"),
                        Map.entry("2026-12-14T02:00:00Z", "weekly 2026-W51"));
        assertThat(deleted(plan))
                .containsExactly("2026-12-31T02:00:00Z", "2026-12-28T02:00:00Z", "2026-12-21T02:00:00Z");
    }

    @Test
    void monthlyKeepsTheNewestBackupOfEachMonth() {
        RetentionPlan plan = RetentionPlan.of(
                retention(0, 0, 0, 2, 1),
                UTC,
                List.of(
                        complete("2026-11-20T02:00:00Z"),
                        complete("2026-11-01T02:00:00Z"),
                        complete("2026-10-31T02:00:00Z"),
                        complete("2026-10-01T02:00:00Z"),
                        complete("2026-08-31T02:00:00Z")));

        assertThat(kept(plan))
                .containsExactly(
                        Map.entry("2026-11-20T02:00:00Z", "monthly 2026-11"),
                        Map.entry("2026-10-31T02:00:00Z", "monthly 2026-10"));
        assertThat(deleted(plan))
                .containsExactly("2026-11-01T02:00:00Z", "2026-10-01T02:00:00Z", "2026-08-31T02:00:00Z");
    }

    @Test
    void eachRuleCountsOnItsOwnAndABackupListsEveryRuleThatKeepsIt() {
        // 60 nightly backups from 2026-09-22 to 2026-11-20 (a Friday).
        RetentionPlan plan = RetentionPlan.of(retention(2, 3, 2, 3, 1), UTC, nightly("2026-09-22T02:00:00Z", 60));

        assertThat(kept(plan))
                .containsExactly(
                        Map.entry(
                                "2026-11-20T02:00:00Z",
                                "keepLast 1 of 2, daily 2026-11-20, weekly 2026-W47, monthly 2026-11"),
                        Map.entry("2026-11-19T02:00:00Z", "keepLast 2 of 2, daily 2026-11-19"),
                        Map.entry("2026-11-18T02:00:00Z", "daily 2026-11-18"),
                        Map.entry("2026-11-15T02:00:00Z", "weekly 2026-W46"),
                        Map.entry("2026-10-31T02:00:00Z", "monthly 2026-10"),
                        Map.entry("2026-09-30T02:00:00Z", "monthly 2026-09"));
        assertThat(plan.delete()).hasSize(54);
    }

    @Test
    void neverDeletesTheNewestVerifiedBackup() {
        List<Candidate> backups = new ArrayList<>(nightly("2026-11-15T02:00:00Z", 6));
        backups.add(verified("2026-11-10T02:00:00Z"));
        backups.add(verified("2026-11-09T02:00:00Z"));

        RetentionPlan plan = RetentionPlan.of(retention(2, 0, 0, 0, 1), UTC, backups);

        assertThat(kept(plan))
                .containsExactly(
                        Map.entry("2026-11-20T02:00:00Z", "keepLast 1 of 2"),
                        Map.entry("2026-11-19T02:00:00Z", "keepLast 2 of 2"),
                        Map.entry("2026-11-10T02:00:00Z", "newest verified"));
        assertThat(deleted(plan)).contains("2026-11-09T02:00:00Z").hasSize(5);
    }

    @Test
    void keepsTheNewestMinVerifiedVerifiedBackups() {
        RetentionPlan plan = RetentionPlan.of(
                retention(1, 0, 0, 0, 3),
                UTC,
                List.of(
                        complete("2026-11-20T02:00:00Z"),
                        verified("2026-11-19T02:00:00Z"),
                        drillFailed("2026-11-18T02:00:00Z"),
                        verified("2026-11-17T02:00:00Z"),
                        complete("2026-11-16T02:00:00Z"),
                        verified("2026-11-15T02:00:00Z"),
                        verified("2026-11-14T02:00:00Z")));

        assertThat(kept(plan))
                .containsExactly(
                        Map.entry("2026-11-20T02:00:00Z", "keepLast 1 of 1"),
                        Map.entry("2026-11-19T02:00:00Z", "newest verified"),
                        Map.entry("2026-11-17T02:00:00Z", "minVerified 2 of 3"),
                        Map.entry("2026-11-15T02:00:00Z", "minVerified 3 of 3"));
        assertThat(deleted(plan))
                .containsExactly("2026-11-18T02:00:00Z", "2026-11-16T02:00:00Z", "2026-11-14T02:00:00Z");
    }

    @Test
    void aVerifiedBackupKeptByAnotherRuleSaysBoth() {
        RetentionPlan plan = RetentionPlan.of(
                retention(1, 0, 0, 0, 1),
                UTC,
                List.of(verified("2026-11-20T02:00:00Z"), verified("2026-11-19T02:00:00Z")));

        assertThat(kept(plan)).containsExactly(Map.entry("2026-11-20T02:00:00Z", "keepLast 1 of 1, newest verified"));
        assertThat(deleted(plan)).containsExactly("2026-11-19T02:00:00Z");
    }

    @Test
    void withNoVerifiedBackupOnlyTheCountingRulesKeep() {
        RetentionPlan plan = RetentionPlan.of(retention(2, 0, 0, 0, 2), UTC, nightly("2026-11-16T02:00:00Z", 5));

        assertThat(kept(plan).keySet()).containsExactly("2026-11-20T02:00:00Z", "2026-11-19T02:00:00Z");
        assertThat(plan.delete()).hasSize(3);
    }

    @Test
    void aBackupWhoseDrillFailedCountsForKeepLastButNeverAsVerified() {
        RetentionPlan plan = RetentionPlan.of(
                retention(2, 0, 0, 0, 1),
                UTC,
                List.of(
                        drillFailed("2026-11-20T02:00:00Z"),
                        drillFailed("2026-11-19T02:00:00Z"),
                        complete("2026-11-18T02:00:00Z"),
                        verified("2026-11-17T02:00:00Z"),
                        drillFailed("2026-11-16T02:00:00Z")));

        assertThat(kept(plan))
                .containsExactly(
                        Map.entry("2026-11-20T02:00:00Z", "keepLast 1 of 2"),
                        Map.entry("2026-11-19T02:00:00Z", "keepLast 2 of 2"),
                        Map.entry("2026-11-17T02:00:00Z", "newest verified"));
        assertThat(deleted(plan)).containsExactly("2026-11-18T02:00:00Z", "2026-11-16T02:00:00Z");
    }

    @Test
    void daysBeginAtMidnightInThePolicysTimeZone() {
        List<Candidate> backups = List.of(
                complete("2026-11-21T00:30:00Z"), // 01:30 on the 21st in Berlin, 19:30 on the 20th in New York
                complete("2026-11-20T23:30:00Z"), // 00:30 on the 21st in Berlin, 18:30 on the 20th in New York
                complete("2026-11-20T04:30:00Z"), // 05:30 on the 20th in Berlin, 23:30 on the 19th in New York
                complete("2026-11-19T23:30:00Z")); // 00:30 on the 20th in Berlin, 18:30 on the 19th in New York
        Retention twoDays = retention(0, 2, 0, 0, 1);

        assertThat(kept(RetentionPlan.of(twoDays, UTC, backups)))
                .containsExactly(
                        Map.entry("2026-11-21T00:30:00Z", "daily 2026-11-21"),
                        Map.entry("2026-11-20T23:30:00Z", "daily 2026-11-20"));
        assertThat(kept(RetentionPlan.of(twoDays, ZoneId.of("Europe/Berlin"), backups)))
                .containsExactly(
                        Map.entry("2026-11-21T00:30:00Z", "daily 2026-11-21"),
                        Map.entry("2026-11-20T04:30:00Z", "daily 2026-11-20"));
        assertThat(kept(RetentionPlan.of(twoDays, ZoneId.of("America/New_York"), backups)))
                .containsExactly(
                        Map.entry("2026-11-21T00:30:00Z", "daily 2026-11-20"),
                        Map.entry("2026-11-20T04:30:00Z", "daily 2026-11-19"));
    }

    @Test
    void weeksAndMonthsBeginInThePolicysTimeZoneToo() {
        // 23:30 UTC on Sunday 30 November is 00:30 on Monday 1 December in Berlin.
        List<Candidate> backups = List.of(complete("2026-11-30T23:30:00Z"), complete("2026-11-29T02:00:00Z"));
        Retention weeksAndMonths = retention(0, 0, 2, 2, 1);

        assertThat(kept(RetentionPlan.of(weeksAndMonths, UTC, backups)))
                .containsExactly(
                        Map.entry("2026-11-30T23:30:00Z", "weekly 2026-W49, monthly 2026-11"),
                        Map.entry("2026-11-29T02:00:00Z", "weekly 2026-W48"));
        assertThat(kept(RetentionPlan.of(weeksAndMonths, ZoneId.of("Europe/Berlin"), backups)))
                .containsExactly(
                        Map.entry("2026-11-30T23:30:00Z", "weekly 2026-W49, monthly 2026-12"),
                        Map.entry("2026-11-29T02:00:00Z", "weekly 2026-W48, monthly 2026-11"));
    }

    @Test
    void thePlanDoesNotDependOnTheOrderBackupsAreGivenIn() {
        List<Candidate> backups = new ArrayList<>(nightly("2026-11-01T02:00:00Z", 20));
        backups.add(new Candidate("b-same-start", Instant.parse("2026-11-20T02:00:00Z"), State.COMPLETE));
        RetentionPlan forward = RetentionPlan.of(retention(3, 5, 2, 1, 1), UTC, backups);
        List<Candidate> reversed = new ArrayList<>(backups.reversed());

        assertThat(RetentionPlan.of(retention(3, 5, 2, 1, 1), UTC, reversed)).isEqualTo(forward);
        assertThat(kept(forward).keySet()).first().isEqualTo("b-same-start");
    }

    @Test
    void theExampleInTheDocumentation() {
        RetentionPlan plan = RetentionPlan.of(
                retention(2, 3, 0, 0, 1),
                UTC,
                List.of(
                        complete("2026-11-20T02:00:00Z"),
                        drillFailed("2026-11-19T02:00:00Z"),
                        complete("2026-11-18T02:00:00Z"),
                        complete("2026-11-17T02:00:00Z"),
                        verified("2026-11-16T02:00:00Z"),
                        verified("2026-11-15T02:00:00Z")));

        assertThat(kept(plan))
                .containsExactly(
                        Map.entry("2026-11-20T02:00:00Z", "keepLast 1 of 2, daily 2026-11-20"),
                        Map.entry("2026-11-19T02:00:00Z", "keepLast 2 of 2, daily 2026-11-19"),
                        Map.entry("2026-11-18T02:00:00Z", "daily 2026-11-18"),
                        Map.entry("2026-11-16T02:00:00Z", "newest verified"));
        assertThat(plan.delete())
                .extracting(decision -> decision.backup().id() + " " + decision.why())
                .containsExactly(
                        "2026-11-17T02:00:00Z kept by no rule of keepLast 2, daily 3, minVerified 1",
                        "2026-11-15T02:00:00Z kept by no rule of keepLast 2, daily 3, minVerified 1");
    }

    @Test
    void storedRunsAreCandidatesAndOthersAreNot() {
        assertThat(State.of("complete")).contains(State.COMPLETE);
        assertThat(State.of("verified")).contains(State.VERIFIED);
        assertThat(State.of("drill_failed")).contains(State.DRILL_FAILED);
        assertThat(State.of("running")).isEmpty();
        assertThat(State.of("failed")).isEmpty();
        assertThat(State.of("deleted")).isEmpty();

        Instant started = Instant.parse("2026-11-20T02:00:00Z");
        assertThat(Candidate.of(record("verified", started))).contains(new Candidate("b1", started, State.VERIFIED));
        assertThat(Candidate.of(record("failed", started))).isEmpty();
    }

    private static BackupRecord record(String status, Instant startedAt) {
        return new BackupRecord(
                "b1",
                "nightly",
                "scheduled",
                status,
                Optional.of(startedAt),
                startedAt,
                Optional.empty(),
                "db.internal:5432/booky",
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }
}
