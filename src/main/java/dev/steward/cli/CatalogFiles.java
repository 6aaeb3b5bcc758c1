package dev.steward.cli;

import java.nio.file.Path;
import java.util.Map;

/** Where the commands look for the catalog when none is named: {@code STEWARD_CONFIG}, else {@code ./steward.yml}. */
final class CatalogFiles {

    private CatalogFiles() {}

    static Path configured(Map<String, String> environment) {
        String configured = environment.getOrDefault("STEWARD_CONFIG", "").trim();
        return Path.of(configured.isEmpty() ? "steward.yml" : configured);
    }
}
