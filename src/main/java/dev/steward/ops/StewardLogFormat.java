package dev.steward.ops;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;
import org.slf4j.event.KeyValuePair;
import org.springframework.boot.json.JsonWriter;
import org.springframework.boot.logging.structured.JsonWriterStructuredLogFormatter;

/**
 * Steward's JSON log line: {@code timestamp} (UTC, ISO-8601), {@code level}, {@code logger}, {@code message},
 * {@code thread}, the request id and other context, the event's structured fields ({@code event}, {@code code},
 * {@code durationMs} …), and for errors an {@code exception} object with type, message and stack trace.
 *
 * <p>Logback has no FATAL level; an event logged with the {@link #FATAL} marker is written with
 * {@code "level":"FATAL"}, which Steward uses for the one line it writes before exiting on a start-up failure.
 */
public class StewardLogFormat extends JsonWriterStructuredLogFormatter<ILoggingEvent> {

    /** Marks the event that ends the process. */
    public static final Marker FATAL = MarkerFactory.getMarker("FATAL");

    private static final Set<String> RESERVED =
            Set.of("timestamp", "level", "logger", "message", "thread", "exception");

    public StewardLogFormat() {
        super(StewardLogFormat::members, null);
    }

    private static void members(JsonWriter.Members<ILoggingEvent> members) {
        members.add("timestamp", ILoggingEvent::getInstant).as(Object::toString);
        members.add("level", StewardLogFormat::level);
        members.add("logger", ILoggingEvent::getLoggerName);
        members.add("message", ILoggingEvent::getFormattedMessage);
        members.add("thread", ILoggingEvent::getThreadName);
        members.add().usingPairs(StewardLogFormat::fields);
        members.add("exception", ILoggingEvent::getThrowableProxy).whenNotNull().as(StewardLogFormat::exception);
    }

    private static String level(ILoggingEvent event) {
        List<Marker> markers = event.getMarkerList();
        if (markers != null && markers.contains(FATAL)) {
            return "FATAL";
        }
        return event.getLevel().toString();
    }

    /**
     * Context (MDC) and the event's key/value pairs, flat. A key given twice is written once, with the last value; a
     * key that names one of the line's own fields is written as {@code field_<key>} rather than breaking the line.
     */
    private static void fields(ILoggingEvent event, BiConsumer<String, @Nullable Object> pairs) {
        Map<String, @Nullable Object> fields = new LinkedHashMap<>(event.getMDCPropertyMap());
        List<KeyValuePair> keyValuePairs = event.getKeyValuePairs();
        if (keyValuePairs != null) {
            for (KeyValuePair pair : keyValuePairs) {
                fields.put(pair.key, pair.value);
            }
        }
        fields.forEach((key, value) -> pairs.accept(RESERVED.contains(key) ? "field_" + key : key, value));
    }

    private static Map<String, String> exception(IThrowableProxy proxy) {
        Map<String, String> exception = new LinkedHashMap<>();
        exception.put("type", proxy.getClassName());
        if (proxy.getMessage() != null) {
            exception.put("message", proxy.getMessage());
        }
        exception.put("stack", ThrowableProxyUtil.asString(proxy));
        return exception;
    }
}
