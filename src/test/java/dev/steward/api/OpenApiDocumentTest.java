package dev.steward.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.steward.catalog.CatalogProblem;
import dev.steward.probe.ErrorCode;
import dev.steward.probe.Status;
import dev.steward.result.MonitorStatistics;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI document cannot drift from the code: it describes every endpoint of every controller with the
 * controller's own parameters, each schema has exactly the fields of the record Steward serializes, and every example
 * matches its schema.
 */
class OpenApiDocumentTest {

    private static final JsonNode DOCUMENT = JsonMapper.builder().build().readTree(OpenApiDocument.read());
    private static final Set<String> OPERATIONS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    /** Records serialized by other packages' controllers, with the schema that describes each. */
    private static final Map<String, String> OTHER_RECORDS = Map.ofEntries(
            Map.entry("dev.steward.catalog.CatalogStatus", "CatalogStatus"),
            Map.entry("dev.steward.catalog.CatalogStatus$RejectedAttempt", "RejectedAttempt"),
            Map.entry("dev.steward.catalog.CatalogProblem", "CatalogProblem"),
            Map.entry("dev.steward.catalog.CatalogController$ErrorView", "CatalogError"),
            Map.entry("dev.steward.ops.OpsController$Liveness", "Liveness"),
            Map.entry("dev.steward.ops.OpsController$Readiness", "Readiness"),
            Map.entry("dev.steward.ops.OpsController$HealthReport", "HealthReport"),
            Map.entry("dev.steward.ops.CheckResult", "CheckResult"),
            Map.entry("dev.steward.status.StatusUpdatesApi$UpdateView", "StatusUpdate"),
            Map.entry("dev.steward.access.AuthApi$Me", "Me"),
            Map.entry("dev.steward.access.UsersApi$UserView", "UserView"),
            Map.entry("dev.steward.access.UsersApi$WithLink", "WithLink"),
            Map.entry("dev.steward.access.TokensApi$TokenView", "TokenView"),
            Map.entry("dev.steward.access.TokensApi$CreatedToken", "CreatedToken"),
            Map.entry("dev.steward.access.AuditApi$EventView", "EventView"));

    @Test
    void isAnOpenApi31DocumentWhoseReferencesAllResolve() {
        assertThat(DOCUMENT.path("openapi").asString()).startsWith("3.1.");
        assertThat(DOCUMENT.at("/info/title").asString()).isEqualTo("Steward API");
        List<String> references = new ArrayList<>();
        collectReferences(DOCUMENT, references);
        assertThat(references).isNotEmpty();
        for (String reference : references) {
            assertThat(reference).startsWith("#/");
            assertThat(DOCUMENT.at(reference.substring(1)).isMissingNode())
                    .as("%s resolves", reference)
                    .isFalse();
        }
    }

    @Test
    void documentsEveryEndpointOfEveryRestControllerAndNoOther() {
        Map<String, Method> endpoints = endpoints();
        assertThat(endpoints)
                .as("the scan finds the controllers")
                .containsKeys("GET /api/v1/monitors", "POST /api/v1/catalog/reload", "GET /healthz");
        assertThat(documentedEndpoints())
                .as("documented endpoints (method and path) against the controllers' mappings")
                .containsExactlyInAnyOrderElementsOf(endpoints.keySet());
    }

    @Test
    void documentsExactlyTheParametersEachEndpointTakes() {
        endpoints().forEach((endpoint, method) -> {
            Map<String, Boolean> inCode = new TreeMap<>();
            for (Parameter parameter : method.getParameters()) {
                RequestParam query = AnnotatedElementUtils.findMergedAnnotation(parameter, RequestParam.class);
                PathVariable path = AnnotatedElementUtils.findMergedAnnotation(parameter, PathVariable.class);
                if (query != null) {
                    inCode.put("query " + name(query.name(), parameter), query.required());
                } else if (path != null) {
                    inCode.put("path " + name(path.name(), parameter), true);
                }
            }
            Map<String, Boolean> documented = new TreeMap<>();
            for (JsonNode parameter : operation(endpoint).path("parameters")) {
                JsonNode resolved = resolve(parameter);
                documented.put(
                        resolved.path("in").asString() + " "
                                + resolved.path("name").asString(),
                        resolved.path("required").asBoolean(false));
            }
            assertThat(documented)
                    .as("parameters of %s (name: required)", endpoint)
                    .isEqualTo(inCode);
        });
    }

    @Test
    void resultPagingHasTheControllersDefaultAndLimits() {
        JsonNode limit = parameter("GET /api/v1/monitors/{service}/{monitor}/results", "limit")
                .path("schema");
        assertThat(limit.path("default").asInt()).isEqualTo(MonitorsApi.DEFAULT_RESULT_LIMIT);
        assertThat(limit.path("minimum").asInt()).isEqualTo(1);
        assertThat(limit.path("maximum").asInt()).isEqualTo(MonitorStatistics.MAX_LIMIT);
        assertThat(schema("MonitorDetail")
                        .at("/properties/recentResults/maxItems")
                        .asInt())
                .isEqualTo(MonitorsApi.RECENT_RESULTS);
    }

    /** The classes whose nested records are the API's JSON shapes; each record's schema has its simple name. */
    private static final List<Class<?>> MODELS = List.of(ApiModel.class, AlertingModel.class);

    @Test
    void everyApiModelRecordHasASchemaWithExactlyItsFields() {
        List<Class<?>> records = MODELS.stream()
                .flatMap(model -> Arrays.stream(model.getDeclaredClasses()))
                .filter(Class::isRecord)
                .toList();
        assertThat(records).isNotEmpty();
        for (Class<?> type : records) {
            assertMatches(type, type.getSimpleName());
        }
    }

    @Test
    void catalogAndOpsSchemasHaveExactlyTheFieldsOfTheirRecords() throws ClassNotFoundException {
        for (Map.Entry<String, String> entry : OTHER_RECORDS.entrySet()) {
            assertMatches(Class.forName(entry.getKey()), entry.getValue());
        }
    }

    @Test
    void listsExactlyTheStatusesAndErrorCodesStewardReports() {
        List<String> statuses =
                new ArrayList<>(Arrays.stream(Status.values()).map(Status::code).toList());
        assertThat(strings(schema("ResultStatus").path("enum"))).containsExactlyElementsOf(statuses);
        statuses.add("pending");
        assertThat(strings(schema("MonitorStatus").path("enum"))).containsExactlyElementsOf(statuses);
        List<String> codes =
                Arrays.stream(ErrorCode.values()).map(ErrorCode::code).toList();
        assertThat(strings(schema("ErrorCode").path("enum"))).containsExactlyElementsOf(codes);
        for (String code : codes) {
            assertThat(schema("ErrorCode").path("description").asString())
                    .as("the meaning of %s is described", code)
                    .contains(code + ":");
        }
        assertThat(strings(schema("CatalogProblem").at("/properties/severity/enum")))
                .containsExactlyElementsOf(Arrays.stream(CatalogProblem.Severity.values())
                        .map(CatalogProblem.Severity::code)
                        .toList());
    }

    @Test
    void everyExampleMatchesItsSchema() {
        Map<String, JsonNode> mediaTypes = new LinkedHashMap<>();
        DOCUMENT.path("paths")
                .properties()
                .forEach(path -> path.getValue().properties().stream()
                        .filter(operation -> OPERATIONS.contains(operation.getKey()))
                        .forEach(operation -> operation
                                .getValue()
                                .path("responses")
                                .properties()
                                .forEach(response -> resolve(response.getValue())
                                        .path("content")
                                        .properties()
                                        .forEach(content -> mediaTypes.put(
                                                operation.getKey() + " " + path.getKey() + " " + response.getKey() + " "
                                                        + content.getKey(),
                                                content.getValue())))));
        int examples = 0;
        for (Map.Entry<String, JsonNode> entry : mediaTypes.entrySet()) {
            for (JsonNode example : examples(entry.getValue())) {
                examples++;
                List<String> errors = new ArrayList<>();
                validate(example, entry.getValue().path("schema"), "", errors);
                assertThat(errors).as("example of %s", entry.getKey()).isEmpty();
            }
        }
        DOCUMENT.path("paths")
                .properties()
                .forEach(path -> path.getValue().properties().stream()
                        .filter(operation -> OPERATIONS.contains(operation.getKey()))
                        .forEach(operation -> operation
                                .getValue()
                                .path("parameters")
                                .forEach(reference -> {
                                    JsonNode parameter = resolve(reference);
                                    for (JsonNode example : examples(parameter)) {
                                        List<String> errors = new ArrayList<>();
                                        validate(example, parameter.path("schema"), "", errors);
                                        assertThat(errors)
                                                .as(
                                                        "example of %s in %s",
                                                        parameter.path("name").asString(), path.getKey())
                                                .isEmpty();
                                    }
                                })));
        assertThat(examples).as("examples checked").isGreaterThan(15);
    }

    @Test
    void theValidatorUsedForExamplesRejectsWhatTheSchemaForbids() {
        JsonMapper json = JsonMapper.builder().build();
        List<String> errors = new ArrayList<>();
        validate(json.readTree("""
                        {"scheduledAt": "yesterday", "startedAt": "2026-11-23T21:53:58.372904Z", "latencyMs": 1.5,
                         "status": "pending", "message": null, "error": "oops", "failures": [{"condition": 1}],
                         "certificateExpiresAt": null, "extra": true}
                        """), DOCUMENT.at("/components/schemas/Result"), "", errors);
        assertThat(errors)
                .anyMatch(error -> error.startsWith("/scheduledAt"))
                .anyMatch(error -> error.startsWith("/status"))
                .anyMatch(error -> error.startsWith("/error"))
                .anyMatch(error -> error.startsWith("/failures/0/condition"))
                .anyMatch(error -> error.contains("resolved"))
                .anyMatch(error -> error.contains("extra"));
    }

    @Test
    void isServedAsJsonAsItIsInTheJar() {
        ResponseEntity<byte[]> response = new OpenApiDocument().document();
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        assertThat(response.getBody()).isEqualTo(OpenApiDocument.read());
    }

    // ---- the controllers

    /** {@code GET /api/v1/monitors} → handler method, for every mapping of every {@code @RestController}. */
    private static Map<String, Method> endpoints() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(RestController.class));
        Map<String, Method> endpoints = new TreeMap<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents("dev.steward")) {
            Class<?> controller = load(candidate.getBeanClassName());
            RequestMapping classMapping = AnnotatedElementUtils.findMergedAnnotation(controller, RequestMapping.class);
            for (Method method : controller.getDeclaredMethods()) {
                RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(method, RequestMapping.class);
                if (mapping == null) {
                    continue;
                }
                assertThat(mapping.method())
                        .as("%s.%s names its HTTP method", controller.getSimpleName(), method.getName())
                        .isNotEmpty();
                for (String prefix : paths(classMapping)) {
                    for (String path : paths(mapping)) {
                        for (RequestMethod httpMethod : mapping.method()) {
                            endpoints.put(httpMethod.name() + " " + prefix + path, method);
                        }
                    }
                }
            }
        }
        return endpoints;
    }

    private static List<String> paths(@Nullable RequestMapping mapping) {
        return mapping == null || mapping.path().length == 0 ? List.of("") : List.of(mapping.path());
    }

    private static Class<?> load(@Nullable String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new AssertionError("The scanned controller " + name + " cannot be loaded", e);
        }
    }

    private static String name(String declared, Parameter parameter) {
        return declared.isEmpty() ? parameter.getName() : declared;
    }

    // ---- the document

    private static List<String> documentedEndpoints() {
        List<String> endpoints = new ArrayList<>();
        DOCUMENT.path("paths")
                .properties()
                .forEach(path -> path.getValue().propertyNames().stream()
                        .filter(OPERATIONS::contains)
                        .forEach(operation -> endpoints.add(operation.toUpperCase(Locale.ROOT) + " " + path.getKey())));
        return endpoints;
    }

    private static JsonNode operation(String endpoint) {
        String[] parts = endpoint.split(" ", 2);
        return DOCUMENT.path("paths").path(parts[1]).path(parts[0].toLowerCase(Locale.ROOT));
    }

    private static JsonNode parameter(String endpoint, String name) {
        for (JsonNode parameter : operation(endpoint).path("parameters")) {
            if (resolve(parameter).path("name").asString().equals(name)) {
                return resolve(parameter);
            }
        }
        throw new AssertionError(endpoint + " documents no parameter " + name);
    }

    private static JsonNode schema(String name) {
        JsonNode schema = DOCUMENT.at("/components/schemas/" + name);
        assertThat(schema.isMissingNode())
                .as("components/schemas/%s exists", name)
                .isFalse();
        return schema;
    }

    private static JsonNode resolve(JsonNode node) {
        JsonNode resolved = node;
        while (resolved.has("$ref")) {
            resolved = DOCUMENT.at(resolved.path("$ref").asString().substring(1));
        }
        return resolved;
    }

    private static void collectReferences(JsonNode node, List<String> references) {
        if (node.isObject()) {
            node.properties().forEach(property -> {
                if (property.getKey().equals("$ref")) {
                    references.add(property.getValue().asString());
                } else {
                    collectReferences(property.getValue(), references);
                }
            });
        } else if (node.isArray()) {
            node.values().forEach(value -> collectReferences(value, references));
        }
    }

    private static List<JsonNode> examples(JsonNode holder) {
        List<JsonNode> examples = new ArrayList<>();
        if (holder.has("example")) {
            examples.add(holder.get("example"));
        }
        holder.path("examples").values().forEach(example -> examples.add(example.path("value")));
        return examples;
    }

    private static List<String> strings(JsonNode array) {
        return array.values().stream().map(JsonNode::asString).toList();
    }

    // ---- records against schemas

    /**
     * The schema has the record's components as properties, in order, each with the JSON type Jackson writes for it;
     * a component that can be absent is nullable (written as null) or, for records that leave nulls out, not required.
     */
    private static void assertMatches(Class<?> type, String schemaName) {
        JsonNode schema = schema(schemaName);
        List<RecordComponent> components = List.of(type.getRecordComponents());
        assertThat(schema.path("properties").propertyNames())
                .as("properties of %s against the components of %s", schemaName, type.getName())
                .containsExactlyElementsOf(
                        components.stream().map(RecordComponent::getName).toList());
        boolean leavesOutNulls = Optional.ofNullable(type.getAnnotation(JsonInclude.class))
                .map(include -> include.value() == JsonInclude.Include.NON_NULL)
                .orElse(false);
        List<String> required = strings(schema.path("required"));
        for (RecordComponent component : components) {
            String field = schemaName + "." + component.getName();
            JsonNode property = schema.path("properties").path(component.getName());
            boolean nullable = nullable(component);
            if (leavesOutNulls) {
                assertThat(required.contains(component.getName()))
                        .as("%s is required unless it can be left out", field)
                        .isEqualTo(!nullable);
                assertThat(allowsNull(property)).as("%s allows null", field).isFalse();
            } else {
                assertThat(required).as("%s is required", field).contains(component.getName());
                assertThat(allowsNull(property)).as("%s allows null", field).isEqualTo(nullable);
            }
            assertThat(jsonTypes(property))
                    .as(
                            "JSON type of %s (%s)",
                            field, component.getGenericType().getTypeName())
                    .containsExactly(jsonType(component.getGenericType()));
            recordSchema(component.getGenericType())
                    .ifPresent(expected -> assertThat(referencedSchemas(property))
                            .as("schema %s refers to", field)
                            .contains(expected));
        }
    }

    private static boolean nullable(RecordComponent component) {
        Class<?> type = component.getType();
        return type == Optional.class
                || type == OptionalDouble.class
                || component.getAnnotatedType().isAnnotationPresent(Nullable.class);
    }

    private static String jsonType(Type type) {
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            if (raw == Optional.class) {
                return jsonType(parameterized.getActualTypeArguments()[0]);
            }
            return jsonType(raw);
        }
        Class<?> raw = (Class<?>) type;
        if (raw == String.class || raw == Instant.class || raw.isEnum()) {
            return "string";
        }
        if (raw == int.class || raw == long.class || raw == Integer.class || raw == Long.class) {
            return "integer";
        }
        if (raw == double.class || raw == Double.class || raw == OptionalDouble.class) {
            return "number";
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return "boolean";
        }
        if (List.class.isAssignableFrom(raw)) {
            return "array";
        }
        if (Map.class.isAssignableFrom(raw) || raw.isRecord()) {
            return "object";
        }
        throw new AssertionError("No JSON type known for " + type.getTypeName() + "; teach this test");
    }

    /** The schema a record-typed component (alone, optional, or in a list) must refer to. */
    private static Optional<String> recordSchema(Type type) {
        Type element = type;
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            if (raw != Optional.class && !List.class.isAssignableFrom(raw)) {
                return Optional.empty();
            }
            element = parameterized.getActualTypeArguments()[0];
        }
        if (!(element instanceof Class<?> raw) || !raw.isRecord()) {
            return Optional.empty();
        }
        if (raw.getEnclosingClass() != null && MODELS.contains(raw.getEnclosingClass())) {
            return Optional.of(raw.getSimpleName());
        }
        return Optional.ofNullable(OTHER_RECORDS.get(raw.getName()));
    }

    private static Set<String> referencedSchemas(JsonNode schema) {
        Set<String> names = new TreeSet<>();
        Stream.of(schema, schema.path("items"))
                .flatMap(node -> Stream.concat(Stream.of(node), node.path("oneOf").values().stream()))
                .filter(node -> node.has("$ref"))
                .forEach(node -> names.add(node.path("$ref").asString().substring("#/components/schemas/".length())));
        return names;
    }

    private static boolean allowsNull(JsonNode schema) {
        JsonNode resolved = resolve(schema);
        if (resolved.has("oneOf")) {
            return resolved.path("oneOf").values().stream().anyMatch(OpenApiDocumentTest::allowsNull);
        }
        JsonNode type = resolved.path("type");
        return type.isArray()
                ? type.values().stream().anyMatch(value -> value.asString().equals("null"))
                : type.asString().equals("null");
    }

    /** The JSON types a schema allows besides null. */
    private static Set<String> jsonTypes(JsonNode schema) {
        JsonNode resolved = resolve(schema);
        Set<String> types = new TreeSet<>();
        if (resolved.has("oneOf")) {
            resolved.path("oneOf").forEach(branch -> types.addAll(jsonTypes(branch)));
        } else if (resolved.has("const")) {
            types.add(typeOf(resolved.get("const")));
        } else if (resolved.path("type").isArray()) {
            resolved.path("type").forEach(type -> types.add(type.asString()));
        } else {
            types.add(resolved.path("type").asString());
        }
        types.remove("null");
        return types;
    }

    private static String typeOf(JsonNode value) {
        if (value.isString()) {
            return "string";
        }
        if (value.isIntegralNumber()) {
            return "integer";
        }
        if (value.isNumber()) {
            return "number";
        }
        if (value.isBoolean()) {
            return "boolean";
        }
        if (value.isArray()) {
            return "array";
        }
        return value.isNull() ? "null" : "object";
    }

    // ---- a small JSON Schema validator: the keywords this document uses

    private static final Set<String> KNOWN_KEYWORDS = Set.of(
            "$ref",
            "type",
            "const",
            "enum",
            "pattern",
            "format",
            "minimum",
            "maximum",
            "maxItems",
            "items",
            "properties",
            "required",
            "additionalProperties",
            "oneOf",
            "allOf",
            "description",
            "examples",
            "default");

    private static void validate(JsonNode value, JsonNode schema, String at, List<String> errors) {
        for (String keyword : schema.propertyNames()) {
            assertThat(KNOWN_KEYWORDS)
                    .as("keyword %s is checked by this test", keyword)
                    .contains(keyword);
        }
        if (schema.has("$ref")) {
            validate(value, resolve(schema), at, errors);
        }
        if (schema.has("type")) {
            List<String> allowed = schema.get("type").isArray()
                    ? strings(schema.get("type"))
                    : List.of(schema.get("type").asString());
            String actual = typeOf(value);
            if (!allowed.contains(actual) && !(actual.equals("integer") && allowed.contains("number"))) {
                errors.add(at + ": " + actual + " where " + allowed + " is expected");
                return;
            }
        }
        if (schema.has("const") && !schema.get("const").equals(value)) {
            errors.add(at + ": " + value + " is not " + schema.get("const"));
        }
        if (schema.has("enum") && !schema.get("enum").values().contains(value)) {
            errors.add(at + ": " + value + " is not one of " + schema.get("enum"));
        }
        if (value.isString()) {
            validateString(value.asString(), schema, at, errors);
        }
        if (value.isNumber()) {
            if (schema.has("minimum")
                    && value.doubleValue() < schema.get("minimum").doubleValue()) {
                errors.add(at + ": " + value + " is below " + schema.get("minimum"));
            }
            if (schema.has("maximum")
                    && value.doubleValue() > schema.get("maximum").doubleValue()) {
                errors.add(at + ": " + value + " is above " + schema.get("maximum"));
            }
        }
        if (value.isArray()) {
            if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
                errors.add(at + ": more than " + schema.get("maxItems") + " items");
            }
            if (schema.has("items")) {
                for (int i = 0; i < value.size(); i++) {
                    validate(value.get(i), schema.get("items"), at + "/" + i, errors);
                }
            }
        }
        if (value.isObject()) {
            validateObject(value, schema, at, errors);
        }
        if (schema.has("oneOf")) {
            long matching = schema.get("oneOf").values().stream()
                    .filter(branch -> {
                        List<String> branchErrors = new ArrayList<>();
                        validate(value, branch, at, branchErrors);
                        return branchErrors.isEmpty();
                    })
                    .count();
            if (matching != 1) {
                List<String> branchErrors = new ArrayList<>();
                schema.get("oneOf").forEach(branch -> validate(value, branch, at, branchErrors));
                errors.add(at + ": matches " + matching + " of oneOf instead of one: " + branchErrors);
            }
        }
        if (schema.has("allOf")) {
            schema.get("allOf").forEach(branch -> validate(value, branch, at, errors));
        }
    }

    private static void validateString(String text, JsonNode schema, String at, List<String> errors) {
        if (schema.has("pattern")
                && !Pattern.compile(schema.get("pattern").asString())
                        .matcher(text)
                        .find()) {
            errors.add(at + ": \"" + text + "\" does not match " + schema.get("pattern"));
        }
        String format = schema.path("format").asString("");
        try {
            switch (format) {
                case "date-time" -> OffsetDateTime.parse(text);
                case "uri" -> URI.create(text);
                default -> {}
            }
        } catch (DateTimeParseException | IllegalArgumentException e) {
            errors.add(at + ": \"" + text + "\" is not a " + format);
        }
    }

    private static void validateObject(JsonNode value, JsonNode schema, String at, List<String> errors) {
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asString())) {
                errors.add(at + ": " + required.asString() + " is missing");
            }
        }
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.get("additionalProperties");
        value.properties().forEach(property -> {
            String path = at + "/" + property.getKey();
            if (properties.has(property.getKey())) {
                validate(property.getValue(), properties.get(property.getKey()), path, errors);
            } else if (additional != null && additional.isBoolean() && !additional.asBoolean()) {
                errors.add(at + ": " + property.getKey() + " is not allowed");
            } else if (additional != null && additional.isObject()) {
                validate(property.getValue(), additional, path, errors);
            }
        });
    }
}
