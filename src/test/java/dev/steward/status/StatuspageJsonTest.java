package dev.steward.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.catalog.MaintenanceWindow;
import dev.steward.catalog.MaintenanceWindow.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Statuspage-compatible JSON, read the way a client of hosted status pages' public API reads it: exactly its field
 * names, its value vocabularies, ISO times.
 */
class StatuspageJsonTest {

    static final List<String> PAGE = List.of("id", "name", "url", "time_zone", "updated_at");
    static final List<String> COMPONENT = List.of(
            "id",
            "name",
            "status",
            "created_at",
            "updated_at",
            "position",
            "description",
            "showcase",
            "start_date",
            "group_id",
            "page_id",
            "group",
            "only_show_if_degraded");
    static final List<String> INCIDENT = List.of(
            "id",
            "name",
            "status",
            "created_at",
            "updated_at",
            "monitoring_at",
            "resolved_at",
            "impact",
            "shortlink",
            "started_at",
            "page_id",
            "incident_updates",
            "components");
    static final List<String> UPDATE = List.of(
            "id", "status", "body", "incident_id", "created_at", "updated_at", "display_at", "affected_components");

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void summaryHasTheFieldsAndVocabulariesOfHostedStatusPages() {
        JsonNode summary = json.readTree(json.writeValueAsString(StatuspageJson.summary(model())));

        assertThat(summary.propertyNames())
                .containsExactly("page", "components", "incidents", "scheduled_maintenances", "status");
        JsonNode page = summary.path("page");
        assertThat(page.propertyNames()).containsExactlyElementsOf(PAGE);
        assertThat(page.path("name").asString()).isEqualTo("Shop status");
        assertThat(page.path("url").asString()).isEqualTo("https://status.example.com/status");
        assertThat(page.path("time_zone").asString()).isEqualTo("Etc/UTC");
        assertThat(OffsetDateTime.parse(page.path("updated_at").asString())).isNotNull();

        JsonNode components = summary.path("components");
        assertThat(components.size()).isEqualTo(2);
        for (JsonNode component : components) {
            assertThat(component.propertyNames()).containsExactlyElementsOf(COMPONENT);
            assertThat(component.path("page_id").asString())
                    .isEqualTo(page.path("id").asString());
            assertThat(component.path("description").isNull()).isTrue();
            assertThat(component.path("group").asBoolean()).isFalse();
            assertThat(component.path("showcase").asBoolean()).isTrue();
            assertThat(component.path("only_show_if_degraded").isBoolean()).isTrue();
        }
        assertThat(components.get(0).path("name").asString()).isEqualTo("Checkout");
        assertThat(components.get(0).path("status").asString()).isEqualTo("partial_outage");
        assertThat(components.get(0).path("position").asInt()).isEqualTo(1);
        assertThat(components.get(0).path("id").asString()).isEqualTo(PublicIds.component("shop-api"));
        assertThat(OffsetDateTime.parse(components.get(0).path("created_at").asString())
                        .toInstant())
                .isEqualTo(Instant.parse("2026-08-01T09:12:03.511Z"));

        JsonNode incident = summary.path("incidents").get(0);
        assertThat(incident.propertyNames()).containsExactlyElementsOf(INCIDENT);
        assertThat(incident.path("status").asString()).isIn("investigating", "identified", "monitoring", "resolved");
        assertThat(incident.path("impact").asString()).isIn("none", "minor", "major", "critical");
        assertThat(incident.path("resolved_at").isNull()).isTrue();
        assertThat(incident.path("shortlink").asString())
                .isEqualTo("https://status.example.com/status#incident-"
                        + incident.path("id").asString());
        assertThat(incident.path("components").get(0).path("name").asString()).isEqualTo("Checkout");
        JsonNode update = incident.path("incident_updates").get(0);
        assertThat(update.propertyNames()).containsExactlyElementsOf(UPDATE);
        assertThat(update.path("incident_id").asString())
                .isEqualTo(incident.path("id").asString());
        assertThat(update.path("body").asString()).isEqualTo("Fix deployed; watching checkout recover.");
        assertThat(update.path("affected_components").isNull()).isTrue();

        JsonNode maintenance = summary.path("scheduled_maintenances").get(0);
        List<String> maintenanceFields = new java.util.ArrayList<>(INCIDENT);
        maintenanceFields.addAll(List.of("scheduled_for", "scheduled_until"));
        assertThat(maintenance.propertyNames()).containsExactlyElementsOf(maintenanceFields);
        assertThat(maintenance.path("status").asString()).isEqualTo("scheduled");
        assertThat(maintenance.path("impact").asString()).isEqualTo("maintenance");
        assertThat(maintenance.path("scheduled_for").asString()).isEqualTo("2026-11-29T03:00:00Z");
        assertThat(maintenance.path("scheduled_until").asString()).isEqualTo("2026-11-29T03:30:00Z");

        assertThat(summary.path("status").propertyNames()).containsExactly("indicator", "description");
        assertThat(summary.path("status").path("indicator").asString()).isEqualTo("major");
        assertThat(summary.path("status").path("description").asString()).isEqualTo("Partial System Outage");
    }

    @Test
    void statusHasThePageAndTheIndicatorOfTheWorstComponent() {
        JsonNode status = json.readTree(json.writeValueAsString(StatuspageJson.status(model())));

        assertThat(status.propertyNames()).containsExactly("page", "status");
        assertThat(status.path("page").propertyNames()).containsExactlyElementsOf(PAGE);
        assertThat(StatuspageJson.status(ComponentState.OPERATIONAL))
                .isEqualTo(new StatuspageJson.Status("none", "All Systems Operational"));
        assertThat(StatuspageJson.status(ComponentState.UNDER_MAINTENANCE).indicator())
                .isEqualTo("none");
        assertThat(StatuspageJson.status(ComponentState.DEGRADED_PERFORMANCE).indicator())
                .isEqualTo("minor");
        assertThat(StatuspageJson.status(ComponentState.MAJOR_OUTAGE).indicator())
                .isEqualTo("critical");
    }

    @Test
    void timesHaveMillisecondsAtMost() {
        Instant precise = Instant.parse("2026-11-24T09:59:59.123456789Z");
        StatusPageModel model = new StatusPageModel(
                "Status",
                "https://status.example.com/status",
                "page",
                precise,
                List.of(),
                List.of(),
                List.of(),
                List.of());

        assertThat(json.readTree(json.writeValueAsString(StatuspageJson.status(model)))
                        .at("/page/updated_at")
                        .asString())
                .isEqualTo("2026-11-24T09:59:59.123Z");
    }

    /** A page with a partial outage of Checkout, an incident with two written updates and a maintenance on Sunday. */
    static StatusPageModel model() {
        StatusPageModel.Component checkout = StatusPageReaderTest.CHECKOUT;
        StatusPageModel.Component website = StatusPageReaderTest.WEBSITE;
        Instant now = StatusPageReaderTest.NOW;
        StatusPageModel.Incident incident = StatusPageReader.incident(
                StatusPageReaderTest.internal(7, "high", now.minusSeconds(900), null),
                checkout,
                List.of(
                        StatusPageReaderTest.update(
                                2,
                                7,
                                PublicIncidentStatus.MONITORING,
                                "Fix deployed; watching checkout recover.",
                                now.minusSeconds(60)),
                        StatusPageReaderTest.update(
                                1, 7, PublicIncidentStatus.IDENTIFIED, "A disk filled up.", now.minusSeconds(600))));
        MaintenanceWindow sunday = new MaintenanceWindow(
                List.of(),
                new Schedule.Recurring("0 3 * * SUN", Duration.ofMinutes(30), ZoneId.of("UTC")),
                Optional.empty(),
                "steward.yml:2:5");
        return new StatusPageModel(
                "Shop status",
                "https://status.example.com/status",
                PublicIds.page("https://status.example.com"),
                now,
                List.of(checkout, website),
                List.of(incident),
                List.of(),
                StatusPageReader.maintenance(List.of(sunday), List.of(checkout, website), now));
    }
}
