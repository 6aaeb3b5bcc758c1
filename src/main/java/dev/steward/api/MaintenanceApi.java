package dev.steward.api;

import dev.steward.catalog.CatalogService;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The catalog's maintenance windows, with whether each is on now and when it is on next. */
@RestController
class MaintenanceApi {

    private final CatalogService catalog;
    private final Clock clock;

    MaintenanceApi(CatalogService catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    @GetMapping(path = "/api/v1/maintenance", produces = "application/json")
    Map<String, Object> maintenance() {
        Instant now = clock.instant();
        return Map.of(
                "maintenance",
                catalog.current().alerting().maintenance().stream()
                        .map(window -> AlertingModel.MaintenanceWindow.of(window, now))
                        .toList());
    }
}
