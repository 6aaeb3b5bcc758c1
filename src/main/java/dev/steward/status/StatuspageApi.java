package dev.steward.status;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The status page as Statuspage-compatible JSON, for widgets, chat integrations and status aggregators. */
@RestController
@RequestMapping(path = "/api/v2", produces = "application/json")
class StatuspageApi {

    private final StatusPageCache page;

    StatuspageApi(StatusPageCache page) {
        this.page = page;
    }

    @GetMapping("/status.json")
    ResponseEntity<StatuspageJson.StatusDocument> status() {
        return ResponseEntity.ok().cacheControl(StatusPageController.CACHE).body(StatuspageJson.status(page.current()));
    }

    @GetMapping("/summary.json")
    ResponseEntity<StatuspageJson.Summary> summary() {
        return ResponseEntity.ok()
                .cacheControl(StatusPageController.CACHE)
                .body(StatuspageJson.summary(page.current()));
    }
}
