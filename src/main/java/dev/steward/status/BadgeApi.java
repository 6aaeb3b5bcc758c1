package dev.steward.status;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** SVG badges of public services, for READMEs and wikis: their state and their 30-day uptime. */
@RestController
@RequestMapping("/badge/{service}")
class BadgeApi {

    static final MediaType SVG = new MediaType("image", "svg+xml", java.nio.charset.StandardCharsets.UTF_8);

    /** Badges are embedded by pages that are read often; a minute old is fresh enough. */
    static final CacheControl CACHE =
            CacheControl.maxAge(Duration.ofSeconds(60)).cachePublic();

    /** The longest label a badge takes. */
    static final int LABEL_LENGTH = 40;

    private final StatusPageCache page;

    BadgeApi(StatusPageCache page) {
        this.page = page;
    }

    @GetMapping("/status.svg")
    ResponseEntity<String> status(
            @PathVariable String service, @RequestParam(required = false) @Nullable String label) {
        StatusPageModel.Component component = component(service);
        return svg(Badge.state(label(label, "status"), component.state()));
    }

    @GetMapping("/uptime-30d.svg")
    ResponseEntity<String> uptime(
            @PathVariable String service, @RequestParam(required = false) @Nullable String label) {
        StatusPageModel.Component component = component(service);
        return svg(Badge.uptime(label(label, "uptime 30d"), component.uptime30Days()));
    }

    private StatusPageModel.Component component(String service) {
        // The same answer for a private service as for none: a badge URL must not tell which services exist.
        return page.current()
                .component(service)
                .orElseThrow(() -> StatusProblems.notFound("No public service \"" + service + "\"; badges exist for the"
                        + " services the catalog lists with status: {public: true}, by their catalog name"));
    }

    private static String label(@Nullable String label, String standard) {
        if (label == null) {
            return standard;
        }
        String trimmed = label.strip();
        if (trimmed.isEmpty() || trimmed.length() > LABEL_LENGTH) {
            throw StatusProblems.badRequest(
                    "label",
                    "label must be 1 to " + LABEL_LENGTH + " characters, e.g. ?label=API; leave it out for \""
                            + standard + "\"");
        }
        return trimmed;
    }

    private static ResponseEntity<String> svg(Badge badge) {
        return ResponseEntity.ok().contentType(SVG).cacheControl(CACHE).body(badge.svg());
    }
}
