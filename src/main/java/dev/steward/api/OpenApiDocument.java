package dev.steward.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the OpenAPI 3.1 description of Steward's HTTP API (docs/API.md in machine form), read once from the jar, so
 * that clients can be generated from, and tools pointed at, the Steward they talk to.
 */
@RestController
class OpenApiDocument {

    /** Where the document lives on the classpath; a test keeps it in step with the controllers and ApiModel. */
    static final String RESOURCE = "/openapi/steward-api.json";

    private final byte[] document;

    OpenApiDocument() {
        this.document = read();
    }

    @GetMapping("/api/v1/openapi.json")
    ResponseEntity<byte[]> document() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(document);
    }

    static byte[] read() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(
                        "The API description " + RESOURCE + " is missing from the jar; rebuild Steward");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("The API description " + RESOURCE + " cannot be read from the jar", e);
        }
    }
}
