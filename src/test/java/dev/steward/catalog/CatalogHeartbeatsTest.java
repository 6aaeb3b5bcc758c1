package dev.steward.catalog;

import static dev.steward.catalog.CatalogAssertions.errors;
import static dev.steward.catalog.CatalogAssertions.loaded;
import static dev.steward.catalog.CatalogAssertions.read;
import static dev.steward.catalog.CatalogAssertions.warnings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.catalog.ProbeSpec.HeartbeatSchedule;
import dev.steward.config.Durations;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Heartbeat monitors in the catalog: schedules as periods or cron, grace, UUIDs, and what they cannot have. */
class CatalogHeartbeatsTest {

    @Test
    void readsPeriodAndCronSchedulesWithTheirGraceAndUuid() {
        Catalog catalog = loaded(read("""
                services:
                  booky-jobs:
                    monitors:
                      nightly-backup:
                        type: heartbeat
                        schedule: "0 2 * * *"
                        timezone: Europe/Istanbul
                        grace: 30m
                        uuid: 5B2C1E0A-8F3D-4C2A-9E61-0D7F3B9A4C11
                      queue-drain:
                        type: heartbeat
                        schedule: 10m
                      weekly:
                        type: heartbeat
                        schedule: "@weekly"
                """));

        Monitor nightly =
                catalog.monitor(new MonitorKey("booky-jobs", "nightly-backup")).orElseThrow();
        assertThat(nightly.probe())
                .isEqualTo(new ProbeSpec.Heartbeat(
                        new HeartbeatSchedule.Cron("0 2 * * *", ZoneId.of("Europe/Istanbul")),
                        Duration.ofMinutes(30),
                        Optional.of(UUID.fromString("5b2c1e0a-8f3d-4c2a-9e61-0d7f3b9a4c11"))));
        assertThat(nightly.probe().probed()).isFalse();
        assertThat(nightly.probe().target()).isEqualTo("cron 0 2 * * * (Europe/Istanbul), grace 30m");
        assertThat(nightly.interval()).as("the usual time between runs").isEqualTo(Duration.ofDays(1));
        assertThat(nightly.timeout()).as("the grace").isEqualTo(Duration.ofMinutes(30));
        assertThat(nightly.conditions()).isEmpty();

        Monitor drain =
                catalog.monitor(new MonitorKey("booky-jobs", "queue-drain")).orElseThrow();
        assertThat(drain.probe())
                .isEqualTo(new ProbeSpec.Heartbeat(
                        new HeartbeatSchedule.Period(Duration.ofMinutes(10)),
                        MonitorReader.DEFAULT_GRACE,
                        Optional.empty()));
        assertThat(drain.probe().target()).isEqualTo("every 10m, grace 1h");
        assertThat(drain.interval()).isEqualTo(Duration.ofMinutes(10));

        Monitor weekly = catalog.monitor(new MonitorKey("booky-jobs", "weekly")).orElseThrow();
        assertThat(weekly.probe().target()).isEqualTo("cron @weekly (UTC), grace 1h");
        assertThat(weekly.interval()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void aHeartbeatJudgesEachRunOnItsOwnWhateverItsPolicy() {
        Catalog catalog = loaded(read("""
                policies:
                  default: { failureThreshold: 3, successThreshold: 2, severity: critical }
                services:
                  jobs:
                    monitors:
                      backup: { type: heartbeat, schedule: 1h }
                      api: { type: http, url: https://api.example.com/health }
                """));

        AlertPolicy heartbeat = catalog.policyOf(
                catalog.monitor(new MonitorKey("jobs", "backup")).orElseThrow());
        assertThat(heartbeat.failureThreshold()).isEqualTo(1);
        assertThat(heartbeat.window()).isEqualTo(1);
        assertThat(heartbeat.successThreshold()).isEqualTo(1);
        assertThat(heartbeat.severity()).as("the policy's own severity").isEqualTo(Severity.CRITICAL);
        AlertPolicy probed =
                catalog.policyOf(catalog.monitor(new MonitorKey("jobs", "api")).orElseThrow());
        assertThat(probed.failureThreshold()).isEqualTo(3);
        assertThat(probed.successThreshold()).isEqualTo(2);
    }

    @Test
    void acceptsShortPeriodsAndGraceForTests() {
        Catalog catalog = loaded(read("""
                services:
                  jobs:
                    monitors:
                      fast: { type: heartbeat, schedule: 2s, grace: 1s }
                """));

        assertThat(catalog.monitors().getFirst().probe())
                .isEqualTo(new ProbeSpec.Heartbeat(
                        new HeartbeatSchedule.Period(Duration.ofSeconds(2)), Duration.ofSeconds(1), Optional.empty()));
    }

    @Test
    void reportsEveryMistakeWithItsPlaceAndTheFix() {
        assertThat(errors(read("""
                        services:
                          jobs:
                            monitors:
                              no-schedule:
                                type: heartbeat
                              bad-cron:
                                type: heartbeat
                                schedule: "0 25 * * *"
                              neither:
                                type: heartbeat
                                schedule: hourly
                              too-short:
                                type: heartbeat
                                schedule: 500ms
                                grace: 400d
                              bad-zone:
                                type: heartbeat
                                schedule: "0 2 * * *"
                                timezone: Europe/Istambul
                              bad-uuid:
                                type: heartbeat
                                schedule: 1h
                                uuid: not-a-uuid
                              probed:
                                type: heartbeat
                                schedule: 1h
                                interval: 30s
                                timeout: 5s
                                conditions: ["[STATUS] == 200"]
                              wrong-field:
                                type: heartbeat
                                schedule: 1h
                                url: https://example.com
                        """)))
                .containsExactly(
                        "steward.yml:4:7 services.jobs.monitors.no-schedule.schedule: required for heartbeat"
                                + " monitors, e.g. 1h (a period) or \"0 2 * * *\" (cron)",
                        "steward.yml:8:19 services.jobs.monitors.bad-cron.schedule: \"0 25 * * *\" is not a valid"
                                + " schedule: the hour field \"25\" is not 0-23 (a value, range, list or step such as"
                                + " */15); write minute hour day-of-month month day-of-week, e.g. \"0 3 * * SUN\", or"
                                + " a macro such as @daily",
                        "steward.yml:11:19 services.jobs.monitors.neither.schedule: \"hourly\" is neither a period"
                                + " nor a cron schedule; write a period such as 1h or 10m, or five cron fields such as"
                                + " \"0 2 * * *\" (quoted), or a macro such as \"@daily\"",
                        "steward.yml:14:19 services.jobs.monitors.too-short.schedule: 500ms is below the shortest a"
                                + " period, 1s; write a value from 1s to 365d",
                        "steward.yml:15:16 services.jobs.monitors.too-short.grace: 400d is above the longest grace,"
                                + " 365d; write a value from 1s to 365d",
                        "steward.yml:19:19 services.jobs.monitors.bad-zone.timezone: \"Europe/Istambul\" is not a"
                                + " time zone; did you mean `Europe/Istanbul`? (a region such as Europe/Berlin, or"
                                + " UTC)",
                        "steward.yml:23:15 services.jobs.monitors.bad-uuid.uuid: \"not-a-uuid\" is not a UUID; copy"
                                + " it from the ping URL (…/ping/<uuid>), e.g. 5b2c1e0a-8f3d-4c2a-9e61-0d7f3b9a4c11, or"
                                + " leave uuid out and Steward assigns one",
                        "steward.yml:27:9 services.jobs.monitors.probed.interval: heartbeat monitors are not probed,"
                                + " so they have no interval; write how often the job runs in schedule (e.g. schedule:"
                                + " 1h or schedule: \"0 2 * * *\") and how late it may be in grace",
                        "steward.yml:28:9 services.jobs.monitors.probed.timeout: heartbeat monitors are not probed,"
                                + " so they have no timeout; write how often the job runs in schedule (e.g. schedule:"
                                + " 1h or schedule: \"0 2 * * *\") and how late it may be in grace",
                        "steward.yml:29:9 services.jobs.monitors.probed.conditions: heartbeat monitors have no"
                                + " conditions: a run is up when the job pings /ping/<uuid>, down when it pings"
                                + " /ping/<uuid>/fail or a non-zero exit status, or when no ping arrives by the"
                                + " schedule plus grace; remove conditions",
                        "steward.yml:33:9 services.jobs.monitors.wrong-field.url: not a field of heartbeat monitors"
                                + " (url belongs to http and postgres and redis monitors); heartbeat monitors have schedule,"
                                + " timezone, grace, uuid");
    }

    @Test
    void twoHeartbeatsCannotShareAUuid() {
        assertThat(errors(read("""
                        services:
                          jobs:
                            monitors:
                              first: { type: heartbeat, schedule: 1h, uuid: 5b2c1e0a-8f3d-4c2a-9e61-0d7f3b9a4c11 }
                          other-jobs:
                            monitors:
                              second: { type: heartbeat, schedule: 1h, uuid: 5B2C1E0A-8F3D-4C2A-9E61-0D7F3B9A4C11 }
                        """)))
                .containsExactly("steward.yml:7:54 services.other-jobs.monitors.second.uuid: is also the uuid of"
                        + " jobs/first; each heartbeat needs its own ping URL (leave uuid out and Steward assigns"
                        + " one)");
    }

    @Test
    void warnsThatATimeZoneDoesNotApplyToAPeriod() {
        CatalogLoad load = read("""
                services:
                  jobs:
                    monitors:
                      drain: { type: heartbeat, schedule: 10m, timezone: Europe/Berlin }
                """);

        loaded(load);
        assertThat(warnings(load))
                .containsExactly("steward.yml:4:58 services.jobs.monitors.drain.timezone: a period does not depend on"
                        + " a time zone, so timezone is ignored; it applies to cron schedules");
    }

    @Test
    void theSchemaDescribesHeartbeatsAsTheReaderReadsThem() {
        JsonNode schema = JsonMapper.builder().build().readTree(CatalogController.schema());
        JsonNode heartbeat = schema.at("/$defs/heartbeatMonitor");
        assertThat(heartbeat.at("/properties/grace/default").asString())
                .isEqualTo(Durations.format(MonitorReader.DEFAULT_GRACE));
        assertThat(heartbeat.at("/properties/timezone/default").asString())
                .isEqualTo(ScheduleReader.DEFAULT_ZONE.getId());
        assertThat(heartbeat.at("/required").values().stream().map(JsonNode::asString))
                .containsExactly("type", "schedule");
        for (String field : new String[] {"interval", "timeout", "conditions", "warn"}) {
            assertThat(heartbeat.at("/properties/" + field + "/not").isObject())
                    .as("%s is refused", field)
                    .isTrue();
        }
    }
}
