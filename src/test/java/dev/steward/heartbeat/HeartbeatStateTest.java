package dev.steward.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.catalog.ProbeSpec.HeartbeatSchedule;
import dev.steward.heartbeat.HeartbeatState.Overdue;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** When a heartbeat's run is overdue: periods and cron schedules in a time zone, starts, restarts and long silences. */
class HeartbeatStateTest {

    private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");
    private static final HeartbeatSchedule HOURLY = new HeartbeatSchedule.Period(Duration.ofHours(1));
    private static final Duration GRACE = Duration.ofMinutes(30);

    private static Instant at(String time) {
        return Instant.parse(time);
    }

    @Test
    void aHeartbeatThatNeverPingedExpectsNothing() {
        HeartbeatState state = HeartbeatState.fresh();

        assertThat(state.isNew()).isTrue();
        assertThat(state.nextDeadline(HOURLY, GRACE)).isEmpty();
        assertThat(state.overdue(HOURLY, GRACE, T.plus(Duration.ofDays(400)))).isEmpty();
        assertThat(state.after(Ping.Kind.LOG, T, Optional.empty()).isNew())
                .as("a log ping is not a run")
                .isTrue();
    }

    @Test
    void aPeriodIsMissedWhenTheLastRunPlusPeriodPlusGracePasses() {
        HeartbeatState state = HeartbeatState.fresh().after(Ping.Kind.SUCCESS, T, Optional.empty());

        assertThat(state.nextDeadline(HOURLY, GRACE)).contains(at("2026-11-23T11:30:00Z"));
        assertThat(state.overdue(HOURLY, GRACE, at("2026-11-23T11:29:59Z"))).isEmpty();
        HeartbeatState.Verdict verdict =
                state.overdue(HOURLY, GRACE, at("2026-11-23T11:30:00Z")).orElseThrow();

        assertThat(verdict.overdue())
                .isEqualTo(new Overdue.Missed(at("2026-11-23T11:00:00Z"), at("2026-11-23T11:30:00Z")));
        assertThat(verdict.next().overdue(HOURLY, GRACE, at("2026-11-23T11:30:01Z")))
                .as("reported once")
                .isEmpty();
        assertThat(verdict.next().nextDeadline(HOURLY, GRACE))
                .as("the next run is expected a period later")
                .contains(at("2026-11-23T12:30:00Z"));
    }

    @Test
    void aFailedRunCountsAsARunForTheNextDeadline() {
        HeartbeatState state = HeartbeatState.fresh()
                .after(Ping.Kind.SUCCESS, T, Optional.empty())
                .after(Ping.Kind.FAIL, at("2026-11-23T10:55:00Z"), Optional.empty());

        assertThat(state.nextDeadline(HOURLY, GRACE)).contains(at("2026-11-23T12:25:00Z"));
    }

    @Test
    void afterALongSilenceOnlyTheLatestMissedRunIsReported() {
        HeartbeatState state = HeartbeatState.fresh().after(Ping.Kind.SUCCESS, T, Optional.empty());

        HeartbeatState.Verdict verdict =
                state.overdue(HOURLY, GRACE, at("2026-11-23T20:00:00Z")).orElseThrow();

        assertThat(verdict.overdue())
                .isEqualTo(new Overdue.Missed(at("2026-11-23T19:00:00Z"), at("2026-11-23T19:30:00Z")));
        assertThat(verdict.next().nextDeadline(HOURLY, GRACE)).contains(at("2026-11-23T20:30:00Z"));
    }

    @Test
    void aCronRunIsExpectedAtTheFirstFireTimeAfterTheLastRunInItsTimeZone() {
        HeartbeatSchedule nightly = new HeartbeatSchedule.Cron("0 2 * * *", ZoneId.of("Europe/Istanbul"));
        // 02:07 in Istanbul (UTC+3): the run of the 23rd finished
        HeartbeatState state =
                HeartbeatState.fresh().after(Ping.Kind.SUCCESS, at("2026-11-22T23:07:00Z"), Optional.empty());

        assertThat(state.nextDeadline(nightly, GRACE))
                .as("02:00 on the 24th in Istanbul, plus grace")
                .contains(at("2026-11-23T23:30:00Z"));
        assertThat(state.overdue(nightly, GRACE, at("2026-11-23T23:29:59Z"))).isEmpty();
        assertThat(state.overdue(nightly, GRACE, at("2026-11-23T23:30:00Z")))
                .map(HeartbeatState.Verdict::overdue)
                .contains(new Overdue.Missed(at("2026-11-23T23:00:00Z"), at("2026-11-23T23:30:00Z")));
    }

    @Test
    void aLocalTimeThatDaylightSavingSkipsIsNotExpectedThatDay() {
        HeartbeatSchedule schedule = new HeartbeatSchedule.Cron("30 2 * * *", ZoneId.of("Europe/Berlin"));
        // 02:31 CET on 28 March; on the 29th clocks jump from 02:00 to 03:00
        HeartbeatState state =
                HeartbeatState.fresh().after(Ping.Kind.SUCCESS, at("2026-03-28T01:31:00Z"), Optional.empty());

        assertThat(state.nextDeadline(schedule, GRACE))
                .as("02:30 CEST on the 30th, plus grace")
                .contains(at("2026-03-30T01:00:00Z"));
    }

    @Test
    void aLocalTimeThatDaylightSavingRepeatsIsExpectedOnce() {
        HeartbeatSchedule schedule = new HeartbeatSchedule.Cron("30 2 * * *", ZoneId.of("Europe/Berlin"));
        // the run at the first 02:30 (CEST) on 25 October; 02:30 comes again an hour later (CET)
        HeartbeatState state =
                HeartbeatState.fresh().after(Ping.Kind.SUCCESS, at("2026-10-25T00:31:00Z"), Optional.empty());

        assertThat(state.nextDeadline(schedule, GRACE))
                .as("02:30 CET on the 26th, plus grace; not the repeated 02:30")
                .contains(at("2026-10-26T02:00:00Z"));
        assertThat(state.overdue(schedule, GRACE, at("2026-10-25T02:30:00Z"))).isEmpty();
    }

    @Test
    void aStartedRunMustFinishWithinGraceAndIsNotMissedMeanwhile() {
        HeartbeatState state = HeartbeatState.fresh()
                .after(Ping.Kind.SUCCESS, T, Optional.empty())
                .after(Ping.Kind.START, at("2026-11-23T11:00:00Z"), Optional.empty());

        assertThat(state.running()).map(HeartbeatState.Start::at).contains(at("2026-11-23T11:00:00Z"));
        assertThat(state.nextDeadline(HOURLY, GRACE)).contains(at("2026-11-23T11:30:00Z"));
        assertThat(state.overdue(HOURLY, GRACE, at("2026-11-23T11:29:59Z"))).isEmpty();
        HeartbeatState.Verdict verdict =
                state.overdue(HOURLY, GRACE, at("2026-11-23T11:30:00Z")).orElseThrow();

        assertThat(verdict.overdue())
                .isEqualTo(new Overdue.StartedNotFinished(at("2026-11-23T11:00:00Z"), at("2026-11-23T11:30:00Z")));
        assertThat(verdict.next().running()).isEmpty();
        assertThat(verdict.next().nextDeadline(HOURLY, GRACE))
                .as("the next run is counted from the start that did not finish")
                .contains(at("2026-11-23T12:30:00Z"));
    }

    @Test
    void aFinishMeasuresTheRunFromItsStart() {
        HeartbeatState started = HeartbeatState.fresh().after(Ping.Kind.START, T, Optional.empty());

        HeartbeatState.Finished finished = started.finished(T.plusMillis(12_345), Optional.empty());

        assertThat(finished.duration()).contains(Duration.ofMillis(12_345));
        assertThat(finished.next().running()).isEmpty();
        assertThat(finished.next().finished(T.plusSeconds(60), Optional.empty()).duration())
                .as("a second finish has no start of its own")
                .isEmpty();
        assertThat(started.finished(T.plus(Duration.ofHours(73)), Optional.empty())
                        .duration())
                .as("a start more than 72 hours before is unrelated")
                .isEmpty();
    }

    @Test
    void aRunIdPairsAFinishWithItsOwnStart() {
        UUID first = UUID.fromString("11111111-1111-4111-8111-111111111111");
        UUID second = UUID.fromString("22222222-2222-4222-8222-222222222222");
        HeartbeatState state = HeartbeatState.fresh()
                .after(Ping.Kind.START, T, Optional.of(first))
                .after(Ping.Kind.START, T.plusSeconds(10), Optional.of(second));

        HeartbeatState.Finished finished = state.finished(T.plusSeconds(30), Optional.of(first));

        assertThat(finished.duration()).contains(Duration.ofSeconds(30));
        assertThat(finished.next().running())
                .as("the other run is still under way")
                .map(HeartbeatState.Start::rid)
                .contains(Optional.of(second));
    }

    @Test
    void whatWasReportedBeforeARestartIsNotReportedAgain() {
        // rebuilt from the stored pings and the stored marks, as at start-up
        HeartbeatState state =
                HeartbeatState.reported(at("2026-11-23T11:00:00Z"), null).after(Ping.Kind.SUCCESS, T, Optional.empty());

        assertThat(state.overdue(HOURLY, GRACE, at("2026-11-23T11:45:00Z"))).isEmpty();
        assertThat(state.nextDeadline(HOURLY, GRACE)).contains(at("2026-11-23T12:30:00Z"));
    }
}
