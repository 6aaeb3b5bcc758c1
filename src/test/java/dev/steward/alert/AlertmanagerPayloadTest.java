package dev.steward.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.catalog.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Bodies captured from a real Alertmanager 0.25 (src/test/resources/fixtures/alertmanager, see its README). */
class AlertmanagerPayloadTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode fixture(String name) throws IOException {
        try (InputStream in = AlertmanagerPayloadTest.class.getResourceAsStream("/fixtures/alertmanager/" + name)) {
            return JSON.readTree(in);
        }
    }

    private static AlertmanagerPayload valid(JsonNode body) {
        return switch (AlertmanagerPayload.read(body)) {
            case AlertmanagerPayload.Reading.Valid valid -> valid.payload();
            case AlertmanagerPayload.Reading.Invalid invalid -> throw new AssertionError(invalid.problems());
        };
    }

    @Test
    void aFiringGroupNamesItsServiceSeverityAndAlert() throws IOException {
        AlertmanagerPayload payload = valid(fixture("firing-high-error-rate.json"));

        assertThat(payload.resolved()).isFalse();
        assertThat(payload.groupKey()).isEqualTo("{}:{alertname=\"HighErrorRate\", service=\"booky-backend\"}");
        assertThat(payload.service()).contains("booky-backend");
        assertThat(payload.severity()).isEqualTo(Severity.MEDIUM); // severity="warning"
        assertThat(payload.alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.firing()).isTrue();
            assertThat(alert.labels()).containsEntry("alertname", "HighErrorRate");
            assertThat(alert.annotations()).containsEntry("summary", "High error rate detected");
            assertThat(alert.startsAt()).isEqualTo(Instant.parse("2026-11-23T17:54:21Z"));
            assertThat(alert.endsAt()).as("Go's zero time while firing").isEmpty();
            assertThat(alert.fingerprint()).isEqualTo("fbda7281e0b21011");
        });
    }

    @Test
    void theResolvedGroupKeepsItsKeyAndEndTime() throws IOException {
        AlertmanagerPayload payload = valid(fixture("resolved-high-error-rate.json"));

        assertThat(payload.resolved()).isTrue();
        assertThat(payload.groupKey())
                .isEqualTo(valid(fixture("firing-high-error-rate.json")).groupKey());
        assertThat(payload.alerts().getFirst().endsAt()).contains(Instant.parse("2026-11-23T17:54:26Z"));
    }

    @Test
    void aCriticalLabelIsCritical() throws IOException {
        assertThat(valid(fixture("firing-high-latency.json")).severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void aGroupIsResolvedOnlyWhenEveryAlertInItIs() throws IOException {
        ObjectNode body = (ObjectNode) fixture("resolved-high-error-rate.json");
        ObjectNode stillFiring = (ObjectNode)
                fixture("firing-high-error-rate.json").path("alerts").get(0);
        stillFiring.put("fingerprint", "0000000000000001");
        body.withArray("alerts").add(stillFiring);

        assertThat(valid(body).resolved()).isFalse();
    }

    @Test
    void everyProblemIsNamedWithItsPath() throws IOException {
        ObjectNode body = (ObjectNode) fixture("firing-high-error-rate.json");
        body.put("version", "3");
        ObjectNode alert = (ObjectNode) body.path("alerts").get(0);
        alert.put("status", "pending");
        alert.put("startsAt", "yesterday");

        assertThat(AlertmanagerPayload.read(body))
                .isEqualTo(new AlertmanagerPayload.Reading.Invalid(java.util.List.of(
                        "version: \"3\" is not supported; Steward reads Alertmanager's webhook payload version 4",
                        "alerts[0].status: \"pending\" is neither firing nor resolved",
                        "alerts[0].startsAt: \"yesterday\" is not an RFC 3339 time (2026-11-23T17:54:21Z)")));
    }
}
