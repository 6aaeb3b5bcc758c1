package dev.steward.catalog;

import static dev.steward.catalog.CatalogAssertions.errors;
import static dev.steward.catalog.CatalogAssertions.loaded;
import static dev.steward.catalog.CatalogAssertions.read;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.catalog.MaintenanceWindow.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The maintenance and incidents sections. */
class CatalogMaintenanceTest {

    private static final String SERVICES = """
            services:
              booky-api:
                monitors:
                  health: { type: http, url: https://api.example.com/health }
              booky-db: {}
            """;

    @Test
    void readsRecurringAndOneOffWindows() {
        Catalog catalog = loaded(read("""
                maintenance:
                  - services: [booky-api]
                    schedule: "0 3 * * SUN"
                    duration: 30m
                    timezone: Europe/Berlin
                    reason: weekly patching
                  - schedule: "@daily"
                    duration: 5m
                  - services: booky-db
                    start: 2026-03-29T01:30
                    end: 2026-03-29 04:00
                    timezone: Europe/Berlin
                  - start: 2026-03-01T02:00:00Z
                    end: "2026-03-01T05:00:00+02:00"
                """ + SERVICES));

        assertThat(catalog.alerting().maintenance())
                .containsExactly(
                        new MaintenanceWindow(
                                List.of("booky-api"),
                                new Schedule.Recurring(
                                        "0 3 * * SUN", Duration.ofMinutes(30), ZoneId.of("Europe/Berlin")),
                                Optional.of("weekly patching"),
                                "steward.yml:2:5"),
                        new MaintenanceWindow(
                                List.of(),
                                new Schedule.Recurring("@daily", Duration.ofMinutes(5), ZoneId.of("UTC")),
                                Optional.empty(),
                                "steward.yml:7:5"),
                        new MaintenanceWindow(
                                List.of("booky-db"),
                                new Schedule.Once(
                                        Instant.parse("2026-03-29T00:30:00Z"), Instant.parse("2026-03-29T02:00:00Z")),
                                Optional.empty(),
                                "steward.yml:9:5"),
                        new MaintenanceWindow(
                                List.of(),
                                new Schedule.Once(
                                        Instant.parse("2026-03-01T02:00:00Z"), Instant.parse("2026-03-01T03:00:00Z")),
                                Optional.empty(),
                                "steward.yml:13:5"));
    }

    @Test
    void reportsEveryInvalidWindow() {
        assertThat(errors(read("""
                        maintenance:
                          - services: [booky-apii, ""]
                            schedule: "0 3 * * SUNN"
                            duration: 0s
                            timezone: Europe/Berlni
                          - services: []
                            schedule: "0 0 3 * * SUN"
                          - schedule: "@dayly"
                            duration: 1h
                          - schedule: "0 0 31 2 *"
                            duration: 1h
                            colour: red
                          - schedule: "61 * * * *"
                            duration: 1h
                            start: 2026-03-01T02:00
                            end: 2026-03-01T04:00
                          - reason: nothing else
                          - start: 2026-03-01T04:00
                            end: 2026-03-01T02:00
                          - start: tomorrow
                        """ + SERVICES)))
                .containsExactly(
                        "steward.yml:2:16 maintenance[0].services[0]: no service is named booky-apii; did you mean"
                                + " `booky-api`?",
                        "steward.yml:2:28 maintenance[0].services[1]: is empty; write a service name",
                        "steward.yml:3:15 maintenance[0].schedule: \"0 3 * * SUNN\" is not a valid schedule: the"
                                + " day-of-week field \"SUNN\" is not 0-7 or SUN-SAT (a value, range, list or step such"
                                + " as */15); write minute hour day-of-month month day-of-week, e.g. \"0 3 * * SUN\", or"
                                + " a macro such as @daily",
                        "steward.yml:4:15 maintenance[0].duration: must be longer than 0, e.g. 30m",
                        "steward.yml:5:15 maintenance[0].timezone: \"Europe/Berlni\" is not a time zone; did you mean"
                                + " `Europe/Berlin`? (a region such as Europe/Berlin, or UTC)",
                        "steward.yml:6:5 maintenance[1].duration: required, e.g. duration: 30m",
                        "steward.yml:6:15 maintenance[1].services: is empty; list the services the window covers, or"
                                + " leave services out to cover every service",
                        "steward.yml:7:15 maintenance[1].schedule: \"0 0 3 * * SUN\" has 6 fields; a schedule has 5 (no"
                                + " seconds): write minute hour day-of-month month day-of-week, e.g. \"0 3 * * SUN\", or"
                                + " a macro such as @daily",
                        "steward.yml:8:15 maintenance[2].schedule: \"@dayly\" is not a schedule macro; did you mean"
                                + " `@daily`? (one of @yearly, @annually, @monthly, @weekly, @daily, @midnight,"
                                + " @hourly)",
                        "steward.yml:10:15 maintenance[3].schedule: \"0 0 31 2 *\" never fires (no such date); write"
                                + " minute hour day-of-month month day-of-week, e.g. \"0 3 * * SUN\", or a macro such as"
                                + " @daily",
                        "steward.yml:12:5 maintenance[3].colour: unknown field; allowed here: services, schedule,"
                                + " duration, timezone, start, end, reason",
                        "steward.yml:13:5 maintenance[4]: give schedule and duration (a recurring window) or start and"
                                + " end (a one-off window), not both",
                        "steward.yml:17:5 maintenance[5]: give schedule and duration (e.g. schedule: \"0 3 * * SUN\","
                                + " duration: 30m) or start and end (e.g. start: 2026-03-01T02:00, end:"
                                + " 2026-03-01T04:00)",
                        "steward.yml:19:10 maintenance[6].end: is not after start (2026-03-01T04:00:00Z to"
                                + " 2026-03-01T02:00:00Z); end must be later than start",
                        "steward.yml:20:5 maintenance[7].end: required, e.g. end: 2026-03-01T04:00",
                        "steward.yml:20:12 maintenance[7].start: \"tomorrow\" is not a date and time; write"
                                + " 2026-03-01T02:00 (in the window's timezone) or 2026-03-01T02:00:00Z");
    }

    @Test
    void hintsThatAMacroMustBeQuoted() {
        assertThat(errors(read("""
                        maintenance:
                          - schedule: @daily
                            duration: 5m
                        """ + SERVICES)))
                .singleElement()
                .asString()
                .startsWith("steward.yml:2:15 YAML syntax error:")
                .endsWith("; a value that starts with @ must be quoted: schedule: \"@daily\"");
    }

    @Test
    void alertsFromHighSeverityOpenIncidentsUnlessTheCatalogSaysOtherwise() {
        assertThat(loaded(read(SERVICES)).alerting().incidentSeverity()).isEqualTo(Severity.HIGH);
        assertThat(loaded(read("incidents: { severity: critical }\n" + SERVICES))
                        .alerting()
                        .incidentSeverity())
                .isEqualTo(Severity.CRITICAL);
        assertThat(errors(read("incidents: { severity: severe, open: true }\n" + SERVICES)))
                .containsExactly(
                        "steward.yml:1:24 incidents.severity: \"severe\" is not a severity (one of critical, high,"
                                + " medium, low)",
                        "steward.yml:1:32 incidents.open: unknown field; allowed here: severity");
    }
}
