package dev.steward.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.alert.ExternalAlert;
import dev.steward.catalog.Severity;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Events API v2 bodies as PagerDuty reads them, and the alerts Steward keeps for them. */
class PagerDutyEventTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant NOW = Instant.parse("2026-11-23T18:00:00Z");

    private static PagerDutyEvent valid(String body) {
        return switch (PagerDutyEvent.read(JSON.readTree(body))) {
            case PagerDutyEvent.Reading.Valid valid -> valid.event();
            case PagerDutyEvent.Reading.Invalid invalid -> throw new AssertionError(invalid.errors());
        };
    }

    private static List<String> errors(String body) {
        return switch (PagerDutyEvent.read(JSON.readTree(body))) {
            case PagerDutyEvent.Reading.Valid valid -> throw new AssertionError("valid: " + valid.event());
            case PagerDutyEvent.Reading.Invalid invalid -> invalid.errors();
        };
    }

    @Test
    void aTriggerBecomesAFiringAlertKeyedByItsDedupKey() {
        PagerDutyEvent event = valid("""
                {"routing_key": "ignored-here", "event_action": "trigger", "dedup_key": "db-disk",
                 "payload": {"summary": "Disk 95% full on db-1", "source": "db-1.example.com", "severity": "error",
                             "timestamp": "2026-11-23T17:50:00.000+01:00", "component": "postgres", "group": "shop-db",
                             "class": "disk", "custom_details": {"free": "5%", "mounts": ["/", "/var"]}},
                 "links": [{"href": "https://grafana.example.com/d/disk", "text": "Disk"}],
                 "client": "Zabbix", "client_url": "https://zabbix.example.com"}""");

        ExternalAlert alert = event.trigger(event.dedupKey().orElseThrow(), NOW);

        assertThat(alert.key()).isEqualTo("event:db-disk");
        assertThat(alert.source()).isEqualTo("event");
        assertThat(alert.firing()).isTrue();
        assertThat(alert.service()).isEqualTo("shop-db");
        assertThat(alert.title()).isEqualTo("Disk 95% full on db-1");
        assertThat(alert.summary()).isEqualTo("Disk 95% full on db-1");
        assertThat(alert.severity()).isEqualTo(Severity.HIGH);
        assertThat(alert.at()).isEqualTo(Instant.parse("2026-11-23T16:50:00Z"));
        assertThat(alert.link()).contains(URI.create("https://grafana.example.com/d/disk"));
        assertThat(alert.labels())
                .containsEntry("payload.source", "db-1.example.com")
                .containsEntry("payload.component", "postgres")
                .containsEntry("payload.class", "disk")
                .containsEntry("client", "Zabbix")
                .containsEntry("details.free", "5%")
                .containsEntry("details.mounts", "[\"/\",\"/var\"]");
    }

    @Test
    void severitiesMapToStewardsAndTheServiceIsTheGroupElseComponentElseSource() {
        assertThat(PagerDutyEvent.severity("critical")).contains(Severity.CRITICAL);
        assertThat(PagerDutyEvent.severity("error")).contains(Severity.HIGH);
        assertThat(PagerDutyEvent.severity("warning")).contains(Severity.MEDIUM);
        assertThat(PagerDutyEvent.severity("info")).contains(Severity.LOW);
        assertThat(PagerDutyEvent.severity("fatal")).isEmpty();

        PagerDutyEvent component = valid("""
                {"event_action": "trigger", "payload": {"summary": "s", "source": "host-1", "severity": "info",
                 "component": "nginx"}}""");
        assertThat(component.trigger("k", NOW).service()).isEqualTo("nginx");
        PagerDutyEvent source = valid("""
                {"event_action": "trigger", "payload": {"summary": "s", "source": "host-1", "severity": "info"}}""");
        assertThat(source.trigger("k", NOW).service()).isEqualTo("host-1");
        assertThat(source.dedupKey()).isEmpty();
        assertThat(source.trigger("k", NOW).at()).as("no timestamp: now").isEqualTo(NOW);
        assertThat(source.link()).isEmpty();
    }

    @Test
    void theClientUrlIsTheLinkWhenThereAreNoLinks() {
        PagerDutyEvent event = valid("""
                {"event_action": "trigger", "payload": {"summary": "s", "source": "h", "severity": "info"},
                 "client_url": "https://monitoring.example.com/check/42"}""");

        assertThat(event.link()).contains(URI.create("https://monitoring.example.com/check/42"));
    }

    @Test
    void acknowledgeAndResolveNeedOnlyTheDedupKey() {
        PagerDutyEvent resolve = valid("""
                {"event_action": "resolve", "dedup_key": "db-disk"}""");
        PagerDutyEvent acknowledge = valid("""
                {"event_action": "acknowledge", "dedup_key": "db-disk", "payload": {"source": "alice-laptop"}}""");

        assertThat(resolve.action()).isEqualTo(PagerDutyEvent.Action.RESOLVE);
        assertThat(resolve.payload()).isEmpty();
        assertThat(resolve.author()).isEqualTo("pagerduty:events-api");
        assertThat(acknowledge.action()).isEqualTo(PagerDutyEvent.Action.ACKNOWLEDGE);
        assertThat(acknowledge.author()).isEqualTo("pagerduty:alice-laptop");
    }

    @Test
    void everyErrorOfAnInvalidTriggerNamesItsField() {
        assertThat(errors("""
                        {"event_action": "trigger", "payload": {"summary": " ", "severity": "fatal",
                         "timestamp": "yesterday", "group": 7}, "links": [{"text": "no href"}], "images": {}}"""))
                .containsExactly(
                        "'payload.summary' is blank",
                        "'payload.source' is missing",
                        "'payload.severity' \"fatal\" is invalid: use critical, error, warning or info",
                        "'payload.timestamp' \"yesterday\" is not an ISO 8601 time (2026-11-23T17:54:21Z)",
                        "'payload.group' must be text",
                        "'links[0].href' is missing: each link needs an href",
                        "'images' must be an array of {\"src\": \"https://…\"}");
    }

    @Test
    void anActionIsRequiredAndATriggerNeedsAPayload() {
        assertThat(errors("{}")).containsExactly("'event_action' is missing: use trigger, acknowledge or resolve");
        assertThat(errors("""
                        {"event_action": "page"}"""))
                .containsExactly("'event_action' \"page\" is invalid: use trigger, acknowledge or resolve");
        assertThat(errors("""
                        {"event_action": "trigger"}"""))
                .containsExactly("'payload' is missing: a trigger needs payload.summary, payload.source and"
                        + " payload.severity");
        assertThat(errors("[]")).containsExactly("the body must be a JSON object (an Events API v2 event)");
    }

    @Test
    void acknowledgeAndResolveWithoutADedupKeyAreInvalid() {
        assertThat(errors("""
                        {"event_action": "resolve"}"""))
                .containsExactly(
                        "'dedup_key' is missing: resolve names the alert by the dedup_key its trigger was answered with");
        assertThat(errors("""
                        {"event_action": "acknowledge", "dedup_key": 42}""")).containsExactly("'dedup_key' must be text");
        assertThat(errors("{\"event_action\": \"trigger\", \"dedup_key\": \"" + "k".repeat(256)
                        + "\", \"payload\": {\"summary\": \"s\", \"source\": \"h\", \"severity\": \"info\"}}"))
                .containsExactly("'dedup_key' is longer than 255 characters");
    }

    @Test
    void longSummariesAreCutLikePagerDutyCutsThem() {
        PagerDutyEvent event = valid("{\"event_action\": \"trigger\", \"payload\": {\"summary\": \"" + "x".repeat(2_000)
                + "\", \"source\": \"h\", \"severity\": \"info\"}}");

        assertThat(event.trigger("k", NOW).title()).hasSize(PagerDutyEvent.SUMMARY_LIMIT);
    }

    @Test
    void readsTheRoutingKeyOnlyWhenItIsText() {
        assertThat(PagerDutyEvent.routingKey(JSON.readTree("{\"routing_key\": \"abc\"}")))
                .isEqualTo("abc");
        assertThat(PagerDutyEvent.routingKey(JSON.readTree("{\"routing_key\": 12}")))
                .isNull();
        assertThat(PagerDutyEvent.routingKey(JSON.readTree("{}"))).isNull();
    }
}
