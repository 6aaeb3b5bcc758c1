package dev.steward.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.alert.AlertmanagerPayload;
import dev.steward.alert.ExternalAlert;
import dev.steward.catalog.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Alertmanager groups as Steward alerts, on the bodies captured from a real Alertmanager 0.25. */
class AlertmanagerGroupTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant NOW = Instant.parse("2026-11-23T18:00:00Z");

    static ObjectNode fixture(String name) {
        try (InputStream in = AlertmanagerGroupTest.class.getResourceAsStream("/fixtures/alertmanager/" + name)) {
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new AssertionError("fixture " + name + " cannot be read", e);
        }
    }

    private static AlertmanagerPayload payload(JsonNode body) {
        return switch (AlertmanagerPayload.read(body)) {
            case AlertmanagerPayload.Reading.Valid valid -> valid.payload();
            case AlertmanagerPayload.Reading.Invalid invalid -> throw new AssertionError(invalid.problems());
        };
    }

    @Test
    void aFiringGroupIsOneFiringAlertNamedByItsAlertnameServiceAndCount() {
        ExternalAlert alert = AlertmanagerGroup.alert(payload(fixture("firing-high-error-rate.json")), NOW);

        assertThat(alert.key()).matches("alertmanager:[0-9a-f]{24}");
        assertThat(alert.source()).isEqualTo("alertmanager");
        assertThat(alert.firing()).isTrue();
        assertThat(alert.service()).isEqualTo("booky-backend");
        assertThat(alert.title()).isEqualTo("HighErrorRate on booky-backend: 1 alert firing");
        assertThat(alert.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(alert.summary()).isEqualTo("High error rate detected");
        assertThat(alert.link())
                .contains(URI.create(
                        "http://prometheus.example:9090/graph?g0.expr=rate%28errors_total%5B5m%5D%29+%3E+0.01"));
        assertThat(alert.at()).isEqualTo(Instant.parse("2026-11-23T17:54:21Z"));
        assertThat(alert.labels())
                .containsEntry("alertname", "HighErrorRate")
                .containsEntry("receiver", "steward")
                .containsKey("groupKey");
    }

    @Test
    void theResolvedNotificationOfAGroupIsTheSameAlertResolved() {
        ExternalAlert firing = AlertmanagerGroup.alert(payload(fixture("firing-high-error-rate.json")), NOW);
        ExternalAlert resolved = AlertmanagerGroup.alert(payload(fixture("resolved-high-error-rate.json")), NOW);

        assertThat(resolved.key()).isEqualTo(firing.key());
        assertThat(resolved.firing()).isFalse();
        assertThat(resolved.title()).isEqualTo("HighErrorRate on booky-backend: resolved");
        assertThat(resolved.at()).isEqualTo(Instant.parse("2026-11-23T17:54:26Z"));
    }

    @Test
    void anotherGroupIsAnotherAlert() {
        ExternalAlert errors = AlertmanagerGroup.alert(payload(fixture("firing-high-error-rate.json")), NOW);
        ExternalAlert latency = AlertmanagerGroup.alert(payload(fixture("firing-high-latency.json")), NOW);

        assertThat(latency.key()).isNotEqualTo(errors.key());
        assertThat(latency.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(latency.title()).isEqualTo("HighLatency on booky-backend: 1 alert firing");
        assertThat(latency.link())
                .as("no generator URL: Alertmanager's own")
                .contains(URI.create("http://alertmanager.example:9093"));
    }

    @Test
    void theSameGroupKeyOfAnotherReceiverIsAnotherAlert() {
        ObjectNode other = fixture("firing-high-error-rate.json");
        other.put("receiver", "steward-staging");

        assertThat(AlertmanagerGroup.key(payload(other)))
                .isNotEqualTo(AlertmanagerGroup.key(payload(fixture("firing-high-error-rate.json"))));
    }

    @Test
    void aGroupStaysFiringWhileAnyAlertFiresAndSaysHowManyFire() {
        ObjectNode body = fixture("firing-high-error-rate.json");
        ArrayNode alerts = (ArrayNode) body.get("alerts");
        ObjectNode second = (ObjectNode) alerts.get(0).deepCopy();
        second.put("fingerprint", "0000000000000002");
        second.putObject("annotations").put("description", "errors on the second instance");
        second.put("startsAt", "2026-11-23T17:50:00Z");
        alerts.add(second);
        ObjectNode resolvedOne = (ObjectNode) alerts.get(0).deepCopy();
        resolvedOne.put("fingerprint", "0000000000000003");
        resolvedOne.put("status", "resolved");
        resolvedOne.put("endsAt", "2026-11-23T17:55:00Z");
        alerts.add(resolvedOne);

        ExternalAlert alert = AlertmanagerGroup.alert(payload(body), NOW);

        assertThat(alert.firing()).isTrue();
        assertThat(alert.title()).isEqualTo("HighErrorRate on booky-backend: 2 alerts firing");
        assertThat(alert.summary()).isEqualTo("High error rate detected; errors on the second instance");
        assertThat(alert.at()).as("the earliest firing alert's start").isEqualTo(Instant.parse("2026-11-23T17:50:00Z"));
    }

    @Test
    void withoutAServiceLabelTheJobNamesTheServiceAndWithoutEitherAlertmanagerDoes() {
        ObjectNode body = fixture("firing-high-latency.json");
        for (String labels : new String[] {"commonLabels", "groupLabels"}) {
            ((ObjectNode) body.get(labels)).remove("service");
            ((ObjectNode) body.get(labels)).put("job", "node");
        }

        assertThat(AlertmanagerGroup.alert(payload(body), NOW).service()).isEqualTo("node");
        assertThat(AlertmanagerGroup.alert(payload(body), NOW).title())
                .isEqualTo("HighLatency on node: 1 alert firing");

        for (String labels : new String[] {"commonLabels", "groupLabels"}) {
            ((ObjectNode) body.get(labels)).remove("job");
        }
        assertThat(AlertmanagerGroup.alert(payload(body), NOW).service()).isEqualTo("alertmanager");
        assertThat(AlertmanagerGroup.alert(payload(body), NOW).title()).isEqualTo("HighLatency: 1 alert firing");
    }

    @Test
    void senderTimesAfterNowAreTakenAsNowAndLinksThatAreNotHttpAreDropped() {
        ObjectNode body = fixture("firing-high-error-rate.json");
        ObjectNode first = (ObjectNode) body.get("alerts").get(0);
        first.put("startsAt", "2031-01-01T00:00:00Z");
        first.put("generatorURL", "javascript:alert(1)");
        body.put("externalURL", "not a url");

        ExternalAlert alert = AlertmanagerGroup.alert(payload(body), NOW);

        assertThat(alert.at()).isEqualTo(NOW);
        assertThat(alert.link()).isEmpty();
    }

    @Test
    void longSummariesAreCut() {
        ObjectNode body = fixture("firing-high-error-rate.json");
        ((ObjectNode) body.get("alerts").get(0).get("annotations")).put("summary", "x".repeat(5_000));

        assertThat(AlertmanagerGroup.alert(payload(body), NOW).summary()).hasSize(AlertmanagerGroup.SUMMARY_LIMIT);
    }
}
