package dev.steward.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI document describes the intake answers with exactly the fields Steward writes (OpenApiDocumentTest checks
 * the endpoints and examples; these records live outside the api package it reads records from).
 */
class IntakeDocumentTest {

    private static final JsonNode DOCUMENT = document();

    private static JsonNode document() {
        try (InputStream in = IntakeDocumentTest.class.getResourceAsStream("/openapi/steward-api.json")) {
            return JsonMapper.builder().build().readTree(in);
        } catch (IOException e) {
            throw new AssertionError("the OpenAPI document cannot be read", e);
        }
    }

    @Test
    void eachAnswerRecordHasASchemaWithExactlyItsJsonFieldsAllRequired() {
        assertFields(AlertmanagerIntake.Accepted.class, "IntakeAccepted");
        assertFields(EventsIntake.EventAccepted.class, "EventAccepted");
        assertFields(EventsIntake.EventRejected.class, "EventRejected");
    }

    @Test
    void theEndpointsAnswerWithThoseSchemas() {
        assertThat(DOCUMENT.at(
                                "/paths/~1api~1v1~1integrations~1alertmanager/post/responses/200/content/application~1json"
                                        + "/schema/$ref")
                        .asString())
                .isEqualTo("#/components/schemas/IntakeAccepted");
        assertThat(DOCUMENT.at("/paths/~1v2~1enqueue/post/responses/202/content/application~1json/schema/$ref")
                        .asString())
                .isEqualTo("#/components/schemas/EventAccepted");
        assertThat(DOCUMENT.at("/paths/~1v2~1enqueue/post/responses/400/content/application~1json/schema/$ref")
                        .asString())
                .isEqualTo("#/components/schemas/EventRejected");
    }

    private static void assertFields(Class<?> type, String schemaName) {
        JsonNode schema = DOCUMENT.at("/components/schemas/" + schemaName);
        assertThat(schema.isMissingNode()).as("schema %s exists", schemaName).isFalse();
        List<String> fields = Arrays.stream(type.getRecordComponents())
                .map(IntakeDocumentTest::jsonName)
                .toList();
        assertThat(schema.path("properties").propertyNames())
                .as("properties of %s against %s", schemaName, type.getName())
                .containsExactlyElementsOf(fields);
        assertThat(schema.path("required").values().stream().map(JsonNode::asString))
                .containsExactlyInAnyOrderElementsOf(fields);
    }

    private static String jsonName(RecordComponent component) {
        JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
        if (property == null) {
            property = component.getAnnotation(JsonProperty.class);
        }
        return property == null ? component.getName() : property.value();
    }
}
