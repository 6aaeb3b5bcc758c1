package dev.steward.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MarkerFactory;
import org.slf4j.event.KeyValuePair;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class StewardLogFormatTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final LoggerContext context = new LoggerContext();
    private final StewardLogFormat format = new StewardLogFormat();

    StewardLogFormatTest() {
        // A private MDC, so that events read no context from other tests running on this thread.
        context.setMDCAdapter(new LogbackMDCAdapter());
    }

    @AfterEach
    void stopContext() {
        context.stop();
    }

    @Test
    void writesTheStandardFields() {
        LoggingEvent event = event(Level.INFO, "Steward started on port {}", null, 8080);
        event.setInstant(Instant.parse("2025-03-01T12:34:56.789Z"));
        event.setThreadName("main");

        JsonNode json = parse(format.format(event));

        assertThat(json.get("timestamp").stringValue()).isEqualTo("2025-03-01T12:34:56.789Z");
        assertThat(json.get("level").stringValue()).isEqualTo("INFO");
        assertThat(json.get("logger").stringValue()).isEqualTo("dev.steward.Test");
        assertThat(json.get("message").stringValue()).isEqualTo("Steward started on port 8080");
        assertThat(json.get("thread").stringValue()).isEqualTo("main");
        assertThat(json.has("exception")).isFalse();
    }

    @Test
    void timestampIsIso8601InUtc() {
        JsonNode json = parse(format.format(event(Level.INFO, "now", null)));

        String timestamp = json.get("timestamp").stringValue();
        assertThat(timestamp).endsWith("Z");
        assertThat(Instant.parse(timestamp)).isBetween(Instant.now().minusSeconds(60), Instant.now());
    }

    @Test
    void levelIsTheLogbackLevel() {
        assertThat(parse(format.format(event(Level.WARN, "careful", null)))
                        .get("level")
                        .stringValue())
                .isEqualTo("WARN");
        assertThat(parse(format.format(event(Level.DEBUG, "detail", null)))
                        .get("level")
                        .stringValue())
                .isEqualTo("DEBUG");
    }

    @Test
    void requestIdFromTheMdcIsATopLevelField() {
        LoggingEvent event = event(Level.INFO, "GET /health 200", null);
        event.setMDCPropertyMap(Map.of(RequestIdFilter.MDC_KEY, "req-42", "job", "backup-7"));

        JsonNode json = parse(format.format(event));

        assertThat(json.get("requestId").stringValue()).isEqualTo("req-42");
        assertThat(json.get("job").stringValue()).isEqualTo("backup-7");
    }

    @Test
    void keyValuePairsAreTopLevelFields() {
        LoggingEvent event = event(Level.INFO, "GET /health 200", null);
        event.addKeyValuePair(new KeyValuePair("event", "http_request"));
        event.addKeyValuePair(new KeyValuePair("status", 200));
        event.addKeyValuePair(new KeyValuePair("durationMs", 1.25));

        JsonNode json = parse(format.format(event));

        assertThat(json.get("event").stringValue()).isEqualTo("http_request");
        assertThat(json.get("status").intValue()).isEqualTo(200);
        assertThat(json.get("durationMs").doubleValue()).isEqualTo(1.25);
    }

    @Test
    void aKeyNamingAStandardFieldIsRenamedInsteadOfBreakingTheLine() {
        LoggingEvent event = event(Level.INFO, "the real message", null);
        event.addKeyValuePair(new KeyValuePair("message", "a field called message"));

        JsonNode json = parse(format.format(event));

        assertThat(json.get("message").stringValue()).isEqualTo("the real message");
        assertThat(json.get("field_message").stringValue()).isEqualTo("a field called message");
    }

    @Test
    void aKeyInBothContextAndEventIsWrittenOnceWithTheEventsValue() {
        LoggingEvent event = event(Level.INFO, "retry", null);
        event.setMDCPropertyMap(Map.of("event", "from_context"));
        event.addKeyValuePair(new KeyValuePair("event", "from_event"));

        String line = format.format(event);

        assertThat(parse(line).get("event").stringValue()).isEqualTo("from_event");
        assertThat(line).doesNotContain("from_context");
    }

    @Test
    void fatalMarkerOnAnErrorIsWrittenAsLevelFatal() {
        LoggingEvent event = event(Level.ERROR, "Steward cannot start", null);
        event.addMarker(StewardLogFormat.FATAL);

        assertThat(parse(format.format(event)).get("level").stringValue()).isEqualTo("FATAL");
    }

    @Test
    void otherMarkersLeaveTheLevelAlone() {
        LoggingEvent event = event(Level.ERROR, "Something failed", null);
        event.addMarker(MarkerFactory.getMarker("AUDIT"));

        assertThat(parse(format.format(event)).get("level").stringValue()).isEqualTo("ERROR");
    }

    @Test
    void exceptionIsWrittenAsTypeMessageAndStack() {
        IllegalStateException failure = new IllegalStateException("pool exhausted", new RuntimeException("root"));

        JsonNode json = parse(format.format(event(Level.ERROR, "Request failed", failure)));

        JsonNode exception = json.get("exception");
        assertThat(exception.get("type").stringValue()).isEqualTo("java.lang.IllegalStateException");
        assertThat(exception.get("message").stringValue()).isEqualTo("pool exhausted");
        assertThat(exception.get("stack").stringValue())
                .contains("java.lang.IllegalStateException: pool exhausted")
                .contains("StewardLogFormatTest")
                .contains("Caused by: java.lang.RuntimeException: root");
    }

    @Test
    void exceptionWithoutAMessageHasNoMessageField() {
        JsonNode json = parse(format.format(event(Level.ERROR, "Request failed", new NullPointerException())));

        assertThat(json.get("exception").get("type").stringValue()).isEqualTo("java.lang.NullPointerException");
        assertThat(json.get("exception").has("message")).isFalse();
    }

    @Test
    void everyEventIsExactlyOneLine() {
        LoggingEvent event = event(
                Level.ERROR,
                "first line\nsecond line",
                new IllegalStateException("message\nover two lines", new RuntimeException("cause")));
        event.addKeyValuePair(new KeyValuePair("detail", "a\r\nb"));

        String line = format.format(event);

        assertThat(line).endsWith("\n").doesNotContain("\r");
        assertThat(line.indexOf('\n')).isEqualTo(line.length() - 1);
        JsonNode json = parse(line);
        assertThat(json.get("message").stringValue()).isEqualTo("first line\nsecond line");
        assertThat(json.get("exception").get("stack").stringValue()).contains("\n");
    }

    private LoggingEvent event(Level level, String message, @Nullable Throwable throwable, Object... arguments) {
        Logger logger = context.getLogger("dev.steward.Test");
        return new LoggingEvent(Logger.class.getName(), logger, level, message, throwable, arguments);
    }

    private static JsonNode parse(String line) {
        JsonNode json = JSON.readTree(line);
        assertThat(json.isObject()).as("a JSON object: %s", line).isTrue();
        return json;
    }
}
