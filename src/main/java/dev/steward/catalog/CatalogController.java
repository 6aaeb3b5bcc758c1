package dev.steward.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** The catalog's status, reloading it on request, and the JSON Schema editors validate steward.yml with. */
@RestController
class CatalogController {

    static final MediaType SCHEMA_JSON = MediaType.parseMediaType("application/schema+json");

    private final CatalogService catalog;
    private final byte[] schema;

    CatalogController(CatalogService catalog) {
        this.catalog = catalog;
        this.schema = schema();
    }

    @GetMapping("/api/v1/catalog")
    CatalogStatus status() {
        return catalog.status();
    }

    /** 200 with the new status, or 422 with every error while the catalog loaded before keeps running. */
    @PostMapping("/api/v1/catalog/reload")
    ResponseEntity<?> reload() {
        return switch (catalog.reload()) {
            case CatalogLoad.Loaded loaded -> ResponseEntity.ok(catalog.status());
            case CatalogLoad.Rejected rejected -> {
                ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                        HttpStatusCode.valueOf(422),
                        "The catalog file has " + rejected.errors().size()
                                + (rejected.errors().size() == 1 ? " error" : " errors")
                                + "; the catalog loaded before keeps running.");
                problem.setTitle("Invalid catalog");
                problem.setProperty(
                        "errors", rejected.errors().stream().map(ErrorView::of).toList());
                yield ResponseEntity.status(problem.getStatus())
                        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                        .body(problem);
            }
        };
    }

    @GetMapping("/schema/steward.json")
    ResponseEntity<byte[]> schemaDocument() {
        return ResponseEntity.ok().contentType(SCHEMA_JSON).body(schema);
    }

    /** An error as the API shows it. */
    record ErrorView(String file, int line, int column, String path, String message) {
        static ErrorView of(CatalogProblem problem) {
            return new ErrorView(problem.file(), problem.line(), problem.column(), problem.path(), problem.message());
        }
    }

    static byte[] schema() {
        try (InputStream in = Objects.requireNonNull(
                CatalogController.class.getResourceAsStream("/schema/steward.json"), "schema/steward.json")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("The catalog's JSON Schema cannot be read from the jar", e);
        }
    }
}
