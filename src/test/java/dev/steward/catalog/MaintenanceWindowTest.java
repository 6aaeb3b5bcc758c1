package dev.steward.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.catalog.MaintenanceWindow.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When a maintenance window is on, and when it next starts, across midnight and daylight saving changes. */
class MaintenanceWindowTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void aOneOffWindowIsOnFromItsStartUntilJustBeforeItsEnd() {
        MaintenanceWindow window = window(new Schedule.Once(at("2026-03-01T02:00:00Z"), at("2026-03-01T04:00:00Z")));

        assertThat(window.activeUntil(at("2026-03-01T01:59:59Z"))).isEmpty();
        assertThat(window.activeUntil(at("2026-03-01T02:00:00Z"))).contains(at("2026-03-01T04:00:00Z"));
        assertThat(window.activeUntil(at("2026-03-01T03:59:59Z"))).contains(at("2026-03-01T04:00:00Z"));
        assertThat(window.activeUntil(at("2026-03-01T04:00:00Z"))).isEmpty();
        assertThat(window.nextStart(at("2026-03-01T01:00:00Z"))).contains(at("2026-03-01T02:00:00Z"));
        assertThat(window.nextStart(at("2026-03-01T02:00:00Z"))).isEmpty();
    }

    @Test
    void aRecurringWindowCanSpanMidnight() {
        MaintenanceWindow window = window(recurring("30 23 * * *", Duration.ofHours(1), ZoneOffset.UTC));

        assertThat(window.activeUntil(at("2026-01-10T23:29:59Z"))).isEmpty();
        assertThat(window.activeUntil(at("2026-01-10T23:30:00Z"))).contains(at("2026-01-11T00:30:00Z"));
        assertThat(window.activeUntil(at("2026-01-11T00:15:00Z"))).contains(at("2026-01-11T00:30:00Z"));
        assertThat(window.activeUntil(at("2026-01-11T00:30:00Z"))).isEmpty();
        assertThat(window.nextStart(at("2026-01-10T12:00:00Z"))).contains(at("2026-01-10T23:30:00Z"));
        assertThat(window.nextStart(at("2026-01-10T23:30:00Z"))).contains(at("2026-01-11T23:30:00Z"));
    }

    @Test
    void firesAtLocalTimeAcrossTheSpringChangeAndLastsElapsedTime() {
        // 29 March 2026: Berlin goes from 02:00 CET (+01:00) to 03:00 CEST (+02:00).
        MaintenanceWindow nightly = window(recurring("0 1 * * *", Duration.ofHours(3), BERLIN));

        assertThat(nightly.nextStart(at("2026-03-28T12:00:00Z"))).contains(at("2026-03-29T00:00:00Z"));
        assertThat(nightly.activeUntil(at("2026-03-29T02:30:00Z")))
                .as("three hours after 01:00 CET is 05:00 CEST")
                .contains(at("2026-03-29T03:00:00Z"));
        assertThat(nightly.activeUntil(at("2026-03-29T03:00:00Z"))).isEmpty();
        assertThat(nightly.nextStart(at("2026-03-29T00:00:00Z")))
                .as("01:00 CEST the day after")
                .contains(at("2026-03-29T23:00:00Z"));

        MaintenanceWindow morning = window(recurring("0 9 * * *", Duration.ofMinutes(30), BERLIN));
        assertThat(morning.nextStart(at("2026-03-28T08:00:00Z"))).contains(at("2026-03-29T07:00:00Z"));
    }

    @Test
    void aTimeTheSpringChangeSkipsDoesNotFireThatDay() {
        MaintenanceWindow window = window(recurring("30 2 * * *", Duration.ofMinutes(30), BERLIN));

        assertThat(window.nextStart(at("2026-03-28T12:00:00Z")))
                .as("there is no 02:30 on 29 March in Berlin; the next is 02:30 CEST on the 30th")
                .contains(at("2026-03-30T00:30:00Z"));
        assertThat(window.activeUntil(at("2026-03-29T01:45:00Z"))).isEmpty();
    }

    @Test
    void aTimeTheAutumnChangeRepeatsFiresTwice() {
        // 25 October 2026: Berlin goes from 03:00 CEST (+02:00) back to 02:00 CET (+01:00).
        MaintenanceWindow window = window(recurring("30 2 * * *", Duration.ofMinutes(30), BERLIN));

        assertThat(window.nextStart(at("2026-10-24T12:00:00Z"))).contains(at("2026-10-25T00:30:00Z"));
        assertThat(window.activeUntil(at("2026-10-25T00:45:00Z"))).contains(at("2026-10-25T01:00:00Z"));
        assertThat(window.activeUntil(at("2026-10-25T01:10:00Z"))).isEmpty();
        assertThat(window.nextStart(at("2026-10-25T00:30:00Z"))).contains(at("2026-10-25T01:30:00Z"));
        assertThat(window.activeUntil(at("2026-10-25T01:45:00Z"))).contains(at("2026-10-25T02:00:00Z"));
    }

    @Test
    void whenOccurrencesOverlapTheOneThatStartedLastSaysWhenTheWindowEnds() {
        MaintenanceWindow window = window(recurring("0 * * * *", Duration.ofHours(2), ZoneOffset.UTC));

        assertThat(window.activeUntil(at("2026-01-10T02:30:00Z"))).contains(at("2026-01-10T04:00:00Z"));
    }

    @Test
    void macrosFireLikeTheirCronExpressions() {
        MaintenanceWindow window = window(recurring("@daily", Duration.ofMinutes(15), BERLIN));

        assertThat(window.nextStart(at("2026-03-28T12:00:00Z"))).contains(at("2026-03-28T23:00:00Z"));
        assertThat(window.activeUntil(at("2026-03-28T23:10:00Z"))).contains(at("2026-03-28T23:15:00Z"));
    }

    @Test
    void coversItsServicesOrAllWhenItNamesNone() {
        Schedule schedule = recurring("@daily", Duration.ofMinutes(15), ZoneOffset.UTC);

        assertThat(new MaintenanceWindow(List.of("api"), schedule, Optional.empty(), "steward.yml:1:3")
                        .appliesTo("api"))
                .isTrue();
        assertThat(new MaintenanceWindow(List.of("api"), schedule, Optional.empty(), "steward.yml:1:3").appliesTo("db"))
                .isFalse();
        assertThat(window(schedule).appliesTo("db")).isTrue();
    }

    private static MaintenanceWindow window(Schedule schedule) {
        return new MaintenanceWindow(List.of(), schedule, Optional.empty(), "steward.yml:1:3");
    }

    private static Schedule.Recurring recurring(String cron, Duration duration, ZoneId zone) {
        return new Schedule.Recurring(cron, duration, zone);
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }
}
