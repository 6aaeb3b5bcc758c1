package dev.steward.api;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriUtils;

/**
 * The service pages that notifications link to ({@code BASE_URL/services/<name>}) until Steward has a web UI: a
 * redirect to the service in the API. The reference is relative, so it also holds behind a proxy that serves Steward
 * under a path.
 */
@RestController
class ServicePageRedirect {

    @GetMapping("/services/{name}")
    ResponseEntity<Void> service(@PathVariable String name) {
        return ResponseEntity.status(HttpStatus.FOUND)
                .location(URI.create("../api/v1/services/" + UriUtils.encodePathSegment(name, StandardCharsets.UTF_8)))
                .build();
    }
}
