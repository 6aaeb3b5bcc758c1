package dev.steward.intake;

import java.io.IOException;
import java.io.InputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A request body read as JSON up to a size limit. Parse errors say where, never what: a body can hold a token, and
 * parser messages quote the text around the error.
 */
sealed interface JsonBody {

    record Parsed(JsonNode json) implements JsonBody {}

    record Unreadable(String problem) implements JsonBody {}

    static JsonBody read(InputStream in, int limit, JsonMapper json) {
        byte[] bytes;
        try {
            bytes = in.readNBytes(limit + 1);
        } catch (IOException e) {
            return new Unreadable("the body could not be read: " + e.getClass().getSimpleName());
        }
        if (bytes.length > limit) {
            return new Unreadable("the body is larger than " + limit / 1024 + " KiB");
        }
        if (bytes.length == 0) {
            return new Unreadable("the body is empty; send a JSON object");
        }
        try {
            return new Parsed(json.readTree(bytes));
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            return new Unreadable("the body is not JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        }
    }
}
