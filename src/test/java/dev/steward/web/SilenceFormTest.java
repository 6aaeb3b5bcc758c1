package dev.steward.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.catalog.Catalog;
import dev.steward.catalog.CatalogLoad;
import dev.steward.catalog.CatalogReader;
import dev.steward.catalog.Severity;
import dev.steward.notify.Silences;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/** The silence form checks what {@code POST /api/v1/silences} checks, in the same words (see SilencesApiIT). */
class SilenceFormTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    private static final Catalog CATALOG =
            ((CatalogLoad.Loaded) CatalogReader.read("steward.yml", """
                    services:
                      shop-api:
                        tags: [production]
                        monitors:
                          health:
                            type: tcp
                            host: 127.0.0.1
                            port: 9
                            enabled: false
                      shop-db:
                        monitors:
                          postgres:
                            type: tcp
                            host: 127.0.0.1
                            port: 9
                            enabled: false
                    """, Map.of())).catalog();

    /** Checking a request never touches the database. */
    private final Silences silences = new Silences(new SimpleDriverDataSource(), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aValidFormIsTheSilenceItDescribes() {
        SilenceForm form = SilenceForm.of("shop-db", "postgres", "", "low", "2h", "", "  database migration  ");

        Silences.Request request = ((SilenceForm.Checked.Valid) check(form)).request();

        assertThat(request.service()).contains("shop-db");
        assertThat(request.monitor()).contains("postgres");
        assertThat(request.tag()).isEmpty();
        assertThat(request.severity()).contains(Severity.LOW);
        assertThat(request.author()).isEqualTo("alice");
        assertThat(request.reason()).isEqualTo("database migration");
        assertThat(request.startsAt()).contains(NOW);
        assertThat(request.endsAt()).isEqualTo(NOW.plus(Duration.ofHours(2)));
    }

    @Test
    void anEndFromTheBrowsersDateTimeFieldIsUtc() {
        SilenceForm form = SilenceForm.of("", "", "production", "", "", "2026-11-23T12:30", "load test");

        assertThat(((SilenceForm.Checked.Valid) check(form)).request().endsAt())
                .isEqualTo(Instant.parse("2026-11-23T12:30:00Z"));
        assertThat(((SilenceForm.Checked.Valid)
                                check(SilenceForm.of("", "", "production", "", "", "2026-11-23T13:30+01:00", "x")))
                        .request()
                        .endsAt())
                .isEqualTo(Instant.parse("2026-11-23T12:30:00Z"));
    }

    @Test
    void namesEveryProblemInTheWordsOfTheApi() {
        assertThat(problems(SilenceForm.of("shop-dbb", "", "", "", "2 hours", "", "")))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "service",
                                List.of("no service \"shop-dbb\" in the catalog or among alerts; known: shop-api,"
                                        + " shop-db"),
                        "duration", List.of("\"2 hours\" is not a duration; write e.g. 30m, 2h or 1d"),
                        "reason", List.of("say why, e.g. \"database migration, ticket OPS-12\"")));
        assertThat(problems(SilenceForm.of("", "", "", "", "31d", "", "x")))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "matchers",
                                List.of("give at least one of service, monitor, tag, severity (a silence of everything"
                                        + " is a maintenance window: declare it in the catalog)"),
                        "duration", List.of("a silence lasts at most 30 days; renew it when it ends")));
        assertThat(problems(SilenceForm.of("", "healthz", "prod", "urgent", "1h", "2020-01-01T00:00:00Z", "x")))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "severity", List.of("\"urgent\" is not a severity; use critical, high, medium, low"),
                        "duration", List.of("give endsAt or duration, not both"),
                        "monitor", List.of("no monitor \"healthz\"; known: health, postgres"),
                        "tag", List.of("no service of the catalog has the tag \"prod\"; known: production")));
        assertThat(problems(SilenceForm.of("shop-api", "postgres", "", "", "", "2020-01-01T01:00:00+01:00", "x")))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "monitor", List.of("no monitor \"postgres\" in service shop-api; known: health"),
                        "endsAt", List.of("must be after the start (2026-11-23T10:00:00Z)")));
        assertThat(problems(SilenceForm.of("shop-api", "", "", "", "", "tomorrow", "x")))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "endsAt",
                        List.of("\"tomorrow\" is not a time; write it as 2026-11-23T22:00:00Z or with an offset,"
                                + " 2026-11-23T23:00:00+01:00")));
        assertThat(problems(SilenceForm.of("shop-api", "", "", "", "", "", "x")))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("duration", List.of("required; say how long, e.g. \"2h\", or give endsAt")));
    }

    @Test
    void knowsTheServicesAndMonitorsOfStoredAlertsToo() {
        SilenceForm form = SilenceForm.of("payments", "checkout", "", "", "1h", "", "received alerts");

        assertThat(form.check(
                        "alice",
                        NOW,
                        CATALOG,
                        List.of("payments"),
                        service -> service.equals(Optional.of("payments")) ? List.of("checkout") : List.of(),
                        silences))
                .isInstanceOf(SilenceForm.Checked.Valid.class);
    }

    private SilenceForm.Checked check(SilenceForm form) {
        return form.check("alice", NOW, CATALOG, List.of(), service -> List.of(), silences);
    }

    private Map<String, List<String>> problems(SilenceForm form) {
        return ((SilenceForm.Checked.Invalid) check(form)).problems();
    }
}
