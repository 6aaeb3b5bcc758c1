package dev.steward.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.catalog.MaintenanceWindow;
import dev.steward.catalog.MaintenanceWindow.Schedule;
import dev.steward.incident.IncidentViews;
import dev.steward.status.StatusPageModel.Component;
import dev.steward.status.StatusPageModel.Incident;
import dev.steward.status.StatusPageModel.Maintenance;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** How incidents and maintenance windows become what the public reads. */
class StatusPageReaderTest {

    static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    static final Component CHECKOUT = component("shop-api", "Checkout", ComponentState.PARTIAL_OUTAGE, 1);
    static final Component WEBSITE = component("shop-web", "Website", ComponentState.OPERATIONAL, 2);

    @Test
    void anIncidentWithoutPublicUpdatesIsInvestigatingWithAGenericMessage() {
        Incident incident =
                StatusPageReader.incident(internal(7, "high", NOW.minusSeconds(600), null), CHECKOUT, List.of());

        assertThat(incident.status()).isEqualTo(PublicIncidentStatus.INVESTIGATING);
        assertThat(incident.name()).isEqualTo("Service disruption: Checkout");
        assertThat(incident.impact()).isEqualTo("major");
        assertThat(incident.updates()).singleElement().satisfies(update -> {
            assertThat(update.body()).isEqualTo("We are investigating a problem affecting Checkout.");
            assertThat(update.createdAt()).isEqualTo(NOW.minusSeconds(600));
            assertThat(update.written()).isFalse();
        });
        assertThat(incident.resolvedAt()).isEmpty();
        assertThat(incident.id()).isEqualTo(PublicIds.incident(7)).hasSize(12).matches("[0-9a-z]{12}");
    }

    @Test
    void showsTheOperatorsUpdatesNewestFirstAndTheLatestStatus() {
        List<StatusUpdate> written = List.of(
                update(2, 7, PublicIncidentStatus.MONITORING, "Fix deployed.", NOW.minusSeconds(60)),
                update(1, 7, PublicIncidentStatus.IDENTIFIED, "A disk filled up.", NOW.minusSeconds(300)));

        Incident incident =
                StatusPageReader.incident(internal(7, "critical", NOW.minusSeconds(600), null), CHECKOUT, written);

        assertThat(incident.status()).isEqualTo(PublicIncidentStatus.MONITORING);
        assertThat(incident.impact()).isEqualTo("critical");
        assertThat(incident.updates())
                .extracting(StatusPageModel.Update::body)
                .containsExactly("Fix deployed.", "A" + " disk filled up.");
        assertThat(incident.monitoringAt()).contains(NOW.minusSeconds(60));
        assertThat(incident.updatedAt()).isEqualTo(NOW.minusSeconds(60));
    }

    @Test
    void anIncidentResolvedInStewardIsResolvedPubliclyWithoutAnUpdate() {
        Incident incident = StatusPageReader.incident(
                internal(7, "medium", NOW.minusSeconds(600), NOW.minusSeconds(30)),
                CHECKOUT,
                List.of(update(1, 7, PublicIncidentStatus.IDENTIFIED, "A disk filled up.", NOW.minusSeconds(300))));

        assertThat(incident.status()).isEqualTo(PublicIncidentStatus.RESOLVED);
        assertThat(incident.impact()).isEqualTo("minor");
        assertThat(incident.resolvedAt()).contains(NOW.minusSeconds(30));
        assertThat(incident.updates())
                .extracting(StatusPageModel.Update::status)
                .containsExactly(PublicIncidentStatus.RESOLVED, PublicIncidentStatus.IDENTIFIED);
        assertThat(incident.updates().getFirst().body()).isEqualTo("This incident has been resolved.");
    }

    @Test
    void aPublicResolvedUpdateResolvesItPubliclyWhileTheIncidentStaysOpen() {
        Incident incident = StatusPageReader.incident(
                internal(7, "high", NOW.minusSeconds(600), null),
                CHECKOUT,
                List.of(update(3, 7, PublicIncidentStatus.RESOLVED, "All good.", NOW.minusSeconds(10))));

        assertThat(incident.status()).isEqualTo(PublicIncidentStatus.RESOLVED);
        assertThat(incident.resolvedAt()).contains(NOW.minusSeconds(10));
        assertThat(incident.updates())
                .singleElement()
                .satisfies(update -> assertThat(update.written()).isTrue());
    }

    @Test
    void staysResolvedWhenAnUpdateIsWrittenAfterStewardResolvedIt() {
        Incident incident = StatusPageReader.incident(
                internal(7, "high", NOW.minusSeconds(600), NOW.minusSeconds(120)),
                CHECKOUT,
                List.of(update(4, 7, PublicIncidentStatus.MONITORING, "Watching.", NOW.minusSeconds(30))));

        assertThat(incident.status()).isEqualTo(PublicIncidentStatus.RESOLVED);
        assertThat(incident.resolvedAt()).contains(NOW.minusSeconds(120));
        assertThat(incident.updates())
                .extracting(StatusPageModel.Update::createdAt)
                .containsExactly(NOW.minusSeconds(30), NOW.minusSeconds(120));
    }

    @Test
    void listsMaintenanceOnNowAndWithinSevenDaysForPublicServicesOnly() {
        MaintenanceWindow weekly = new MaintenanceWindow(
                List.of("shop-api"),
                new Schedule.Recurring("0 3 * * SUN", Duration.ofMinutes(30), ZoneId.of("UTC")),
                Optional.of("kernel patches on db-7"),
                "steward.yml:3:5");
        MaintenanceWindow now = new MaintenanceWindow(
                List.of(), new Schedule.Once(NOW.minusSeconds(600), NOW.plusSeconds(600)), Optional.empty(), "a");
        MaintenanceWindow internalOnly = new MaintenanceWindow(
                List.of("ledger-db"),
                new Schedule.Once(NOW.plusSeconds(3600), NOW.plusSeconds(7200)),
                Optional.empty(),
                "b");
        MaintenanceWindow later = new MaintenanceWindow(
                List.of("shop-web"),
                new Schedule.Once(NOW.plus(Duration.ofDays(8)), NOW.plus(Duration.ofDays(9))),
                Optional.empty(),
                "c");

        List<Maintenance> found = StatusPageReader.maintenance(
                List.of(weekly, now, internalOnly, later), List.of(CHECKOUT, WEBSITE), NOW);

        assertThat(found).hasSize(2);
        Maintenance current = found.get(0);
        assertThat(current.inProgress()).isTrue();
        assertThat(current.names()).isEqualTo("Checkout, Website");
        assertThat(current.start()).isEqualTo(NOW.minusSeconds(600));
        assertThat(current.end()).isEqualTo(NOW.plusSeconds(600));
        Maintenance sunday = found.get(1);
        assertThat(sunday.inProgress()).isFalse();
        assertThat(sunday.start()).isEqualTo(Instant.parse("2026-11-29T03:00:00Z"));
        assertThat(sunday.end()).isEqualTo(Instant.parse("2026-11-29T03:30:00Z"));
        assertThat(sunday.names()).isEqualTo("Checkout");
        assertThat(sunday.id()).isNotEqualTo(current.id()).hasSize(12);
    }

    @Test
    void aDailyWindowIsListedOncePerDayOfTheWeekAhead() {
        MaintenanceWindow daily = new MaintenanceWindow(
                List.of(),
                new Schedule.Recurring("@daily", Duration.ofMinutes(5), ZoneId.of("UTC")),
                Optional.empty(),
                "d");

        assertThat(StatusPageReader.maintenance(List.of(daily), List.of(WEBSITE), NOW))
                .hasSize(StatusPageReader.OCCURRENCES_PER_WINDOW)
                .allSatisfy(occurrence -> assertThat(occurrence.start()).isBefore(NOW.plus(Duration.ofDays(7))));
    }

    static Component component(String service, String name, ComponentState state, int position) {
        List<StatusPageModel.Day> days = new ArrayList<>();
        LocalDate first = LocalDate.of(2026, 11, 24).minusDays(89);
        for (int i = 0; i < 90; i++) {
            days.add(new StatusPageModel.Day(
                    first.plusDays(i), i < 30 ? 0 : 2880 - (i % 7 == 0 ? 3 : 0), i < 30 ? 0 : 2880));
        }
        return new Component(
                service,
                PublicIds.component(service),
                name,
                position,
                state,
                NOW.minusSeconds(900),
                Instant.parse("2026-08-01T09:12:03.511Z"),
                days);
    }

    static IncidentViews.Incident internal(long id, String severity, Instant openedAt, @Nullable Instant resolvedAt) {
        return new IncidentViews.Incident(
                id,
                "shop-api",
                "shop-api/probe-alpha is down",
                severity,
                resolvedAt == null ? "open" : "resolved",
                openedAt,
                Optional.empty(),
                Optional.empty(),
                Optional.ofNullable(resolvedAt),
                Optional.ofNullable(resolvedAt).map(at -> "steward"),
                Optional.empty(),
                1);
    }

    static StatusUpdate update(long id, long incident, PublicIncidentStatus status, String message, Instant at) {
        return new StatusUpdate(id, incident, status, message, "alice", at);
    }
}
