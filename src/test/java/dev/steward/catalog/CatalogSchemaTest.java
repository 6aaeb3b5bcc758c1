package dev.steward.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.config.Durations;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The JSON Schema editors validate steward.yml with accepts exactly the fields the reader accepts. */
class CatalogSchemaTest {

    private final JsonNode schema = JsonMapper.builder().build().readTree(CatalogController.schema());

    @Test
    void isAJsonSchemaOfDraft2020_12() {
        assertThat(schema.get("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.get("additionalProperties").asBoolean(true)).isFalse();
    }

    @Test
    void topLevelHasTheSectionsTheReaderAccepts() {
        List<String> sections = new ArrayList<>(CatalogFields.TOP_LEVEL);
        sections.addAll(CatalogFields.LATER_SECTIONS);
        assertThat(schema.get("properties").propertyNames()).containsExactlyElementsOf(sections);
    }

    @Test
    void defaultsHaveTheReadersFieldsAndDefaults() {
        JsonNode defaults = definition("defaults");
        assertThat(defaults.get("properties").propertyNames()).containsExactlyElementsOf(CatalogFields.DEFAULTS);
        assertThat(defaults.get("additionalProperties").asBoolean(true)).isFalse();
        assertThat(defaults.at("/properties/interval/default").asString())
                .isEqualTo(Durations.format(CatalogReader.DEFAULT_INTERVAL));
        assertThat(defaults.at("/properties/timeout/default").asString())
                .isEqualTo(Durations.format(CatalogReader.DEFAULT_TIMEOUT));
    }

    @Test
    void servicesHaveTheReadersFields() {
        JsonNode service = definition("service");
        assertThat(service.get("properties").propertyNames()).containsExactlyElementsOf(CatalogFields.SERVICE);
        assertThat(service.get("additionalProperties").asBoolean(true)).isFalse();
        assertThat(service.at("/properties/status/properties").propertyNames())
                .containsExactlyElementsOf(CatalogFields.SERVICE_STATUS);
    }

    @Test
    void everyMonitorTypeHasTheReadersFieldsPlaceholdersAndDefaultConditions() {
        assertThat(definition("monitor").at("/properties/type/enum").values().stream()
                        .map(JsonNode::asString))
                .containsExactlyElementsOf(MonitorType.codes());
        for (MonitorType type : MonitorType.values()) {
            JsonNode monitor = definition(type.code() + "Monitor");
            List<String> fields = new ArrayList<>(CatalogFields.MONITOR);
            fields.addAll(type.fields());
            assertThat(monitor.get("properties").propertyNames())
                    .as("fields of %s monitors", type.code())
                    .containsExactlyInAnyOrderElementsOf(fields);
            assertThat(monitor.get("additionalProperties").asBoolean(true)).isFalse();
            assertThat(monitor.at("/properties/type/const").asString()).isEqualTo(type.code());
            String conditions = monitor.at("/properties/conditions/description").asString();
            for (String placeholder : type.placeholders()) {
                assertThat(conditions).as("%s conditions", type.code()).contains("[" + placeholder + "]");
            }
            assertThat(monitor.at("/properties/conditions/default").values().stream()
                            .map(JsonNode::asString))
                    .as("default conditions of %s monitors", type.code())
                    .containsExactlyElementsOf(type.defaultConditions());
        }
    }

    @Test
    void monitorDetailsMatchTheReader() {
        assertThat(definition("httpAuth").get("properties").propertyNames())
                .containsExactlyElementsOf(CatalogFields.HTTP_AUTH);
        assertThat(definition("httpAuth").at("/properties/basic/properties").propertyNames())
                .containsExactlyElementsOf(CatalogFields.HTTP_BASIC_AUTH);
        assertThat(definition("dnsMonitor").at("/properties/queryType/enum").values().stream()
                        .map(JsonNode::asString))
                .containsExactlyElementsOf(MonitorType.DNS_QUERY_TYPES);
        assertThat(definition("postgresMonitor").at("/properties/query/default").asString())
                .isEqualTo(MonitorReader.DEFAULT_QUERY);
    }

    @Test
    void policiesHaveTheReadersFieldsDefaultsAndMeasures() {
        JsonNode policy = definition("policy");
        assertThat(policy.get("properties").propertyNames()).containsExactlyElementsOf(CatalogFields.POLICY);
        assertThat(policy.get("additionalProperties").asBoolean(true)).isFalse();
        assertThat(policy.at("/properties/failureThreshold/default").asInt())
                .isEqualTo(PolicyReader.DEFAULT_FAILURE_THRESHOLD)
                .isEqualTo(AlertPolicy.standard().failureThreshold());
        assertThat(policy.at("/properties/failureThreshold/anyOf/0/maximum").asInt())
                .isEqualTo(PolicyReader.MAX_WINDOW);
        assertThat(policy.at("/properties/window/anyOf/0/maximum").asInt()).isEqualTo(PolicyReader.MAX_WINDOW);
        assertThat(policy.at("/properties/successThreshold/default").asInt())
                .isEqualTo(PolicyReader.DEFAULT_SUCCESS_THRESHOLD)
                .isEqualTo(AlertPolicy.standard().successThreshold());
        assertThat(policy.at("/properties/severity/default").asString())
                .isEqualTo(PolicyReader.DEFAULT_SEVERITY.code())
                .isEqualTo(AlertPolicy.standard().severity().code());
        assertThat(policy.at("/properties/repeatEvery/default").asString())
                .isEqualTo(Durations.format(PolicyReader.DEFAULT_REPEAT_EVERY))
                .isEqualTo(Durations.format(AlertPolicy.standard().repeatEvery()));

        JsonNode rule = definition("thresholdRule");
        assertThat(rule.get("properties").propertyNames()).containsExactlyElementsOf(CatalogFields.RULE);
        assertThat(rule.get("additionalProperties").asBoolean(true)).isFalse();
        assertThat(strings(rule.at("/properties/measure/enum")))
                .containsExactlyElementsOf(Arrays.stream(ThresholdRule.Measure.values())
                        .map(ThresholdRule.Measure::code)
                        .toList());
        assertThat(rule.at("/properties/over/default").asString())
                .isEqualTo(Durations.format(PolicyReader.DEFAULT_OVER));
        assertThat(rule.at("/properties/warningSeverity/default").asString())
                .isEqualTo(PolicyReader.DEFAULT_WARNING_SEVERITY.code());
        assertThat(strings(definition("severity").get("enum")))
                .containsExactlyElementsOf(
                        Arrays.stream(Severity.values()).map(Severity::code).toList());
    }

    @Test
    void channelsAndRoutesHaveTheReadersFields() {
        assertThat(definition("channel").at("/properties/type/enum").values().stream()
                        .map(JsonNode::asString))
                .containsExactlyElementsOf(CatalogFields.CHANNEL_TYPES.keySet());
        CatalogFields.CHANNEL_TYPES.forEach((type, typeFields) -> {
            JsonNode channel = definition(type + "Channel");
            List<String> fields = new ArrayList<>(CatalogFields.CHANNEL);
            fields.addAll(typeFields);
            assertThat(channel.get("properties").propertyNames())
                    .as("fields of %s channels", type)
                    .containsExactlyElementsOf(fields);
            assertThat(channel.get("additionalProperties").asBoolean(true)).isFalse();
            assertThat(channel.at("/properties/type/const").asString()).isEqualTo(type);
        });
        assertThat(definition("route").get("properties").propertyNames())
                .containsExactlyElementsOf(CatalogFields.ROUTE);
        assertThat(definition("routeMatch").get("properties").propertyNames())
                .containsExactlyElementsOf(CatalogFields.ROUTE_MATCH);
        assertThat(definition("routeStep").get("properties").propertyNames())
                .containsExactlyElementsOf(CatalogFields.ROUTE_STEP);
    }

    @Test
    void maintenanceAndIncidentsHaveTheReadersFieldsAndDefaults() {
        JsonNode window = definition("maintenanceWindow");
        assertThat(window.get("properties").propertyNames()).containsExactlyElementsOf(CatalogFields.MAINTENANCE);
        assertThat(window.get("additionalProperties").asBoolean(true)).isFalse();
        assertThat(window.at("/properties/timezone/default").asString())
                .isEqualTo(MaintenanceReader.DEFAULT_ZONE.getId());
        for (String macro : MaintenanceReader.MACROS) {
            assertThat(window.at("/properties/schedule/description").asString()).contains(macro);
        }
        JsonNode incidents = definition("incidents");
        assertThat(incidents.get("properties").propertyNames()).containsExactlyElementsOf(CatalogFields.INCIDENTS);
        assertThat(incidents.at("/properties/severity/default").asString())
                .isEqualTo(AlertingReader.DEFAULT_INCIDENT_SEVERITY.code())
                .isEqualTo(Alerting.none().incidentSeverity().code());
    }

    @Test
    void backupsHaveTheReadersFieldsAndDefaults() {
        JsonNode policy = definition("backupPolicy");
        assertThat(policy.get("properties").propertyNames()).containsExactlyElementsOf(CatalogFields.BACKUP);
        assertThat(policy.get("additionalProperties").asBoolean(true)).isFalse();
        assertThat(policy.at("/properties/timezone/default").asString()).isEqualTo(ScheduleReader.DEFAULT_ZONE.getId());
        assertThat(policy.at("/properties/format/default").asString()).isEqualTo("custom");
        assertThat(policy.at("/properties/jobs/default").asInt()).isEqualTo(BackupReader.DEFAULT_JOBS);
        assertThat(policy.at("/properties/jobs/anyOf/0/maximum").asInt()).isEqualTo(BackupReader.MAX_JOBS);
        assertThat(policy.at("/properties/compression/default").asString())
                .isEqualTo("zstd:" + BackupPolicy.Compression.standard().level());
        for (String macro : ScheduleReader.MACROS) {
            assertThat(policy.at("/properties/schedule/description").asString()).contains(macro);
        }

        assertThat(definition("backupStorage").at("/properties/type/enum").values().stream()
                        .map(JsonNode::asString))
                .containsExactlyElementsOf(CatalogFields.BACKUP_STORAGE_TYPES.keySet());
        CatalogFields.BACKUP_STORAGE_TYPES.forEach((type, typeFields) -> {
            JsonNode storage = definition(type + "BackupStorage");
            List<String> fields = new ArrayList<>(CatalogFields.BACKUP_STORAGE);
            fields.addAll(typeFields);
            assertThat(storage.get("properties").propertyNames())
                    .as("fields of %s storage", type)
                    .containsExactlyElementsOf(fields);
            assertThat(storage.get("additionalProperties").asBoolean(true)).isFalse();
            assertThat(storage.at("/properties/type/const").asString()).isEqualTo(type);
        });
        assertThat(definition("s3BackupStorage")
                        .at("/properties/region/default")
                        .asString())
                .isEqualTo(BackupReader.DEFAULT_REGION);

        JsonNode retention = definition("backupRetention");
        assertThat(retention.get("properties").propertyNames())
                .containsExactlyElementsOf(CatalogFields.BACKUP_RETENTION);
        assertThat(retention.at("/properties/minVerified/default").asInt())
                .isEqualTo(BackupPolicy.Retention.standard().minVerified());
        assertThat(definition("backupEncryption").get("properties").propertyNames())
                .containsExactlyElementsOf(CatalogFields.BACKUP_ENCRYPTION);
        JsonNode drill = definition("backupDrill");
        assertThat(drill.get("properties").propertyNames()).containsExactlyElementsOf(CatalogFields.BACKUP_DRILL);
        assertThat(drill.at("/properties/rowTolerance/default").asDouble())
                .isEqualTo(BackupPolicy.Drill.standard().rowTolerance());
        assertThat(definition("backupDrillCheck").get("properties").propertyNames())
                .containsExactlyElementsOf(CatalogFields.BACKUP_DRILL_CHECK);
    }

    private static List<String> strings(JsonNode array) {
        return array.values().stream().map(JsonNode::asString).toList();
    }

    private JsonNode definition(String name) {
        JsonNode definition = schema.at("/$defs/" + name);
        assertThat(definition.isMissingNode()).as("$defs/%s exists", name).isFalse();
        return definition;
    }
}
