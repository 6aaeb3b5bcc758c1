package dev.steward.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What catalog Steward runs and where it came from, for the API and the UI.
 *
 * @param source the catalog file's path
 * @param loadedAt when the running catalog was read
 * @param checksum SHA-256 of the file the running catalog was read from, in hex; empty when there was no file
 * @param lastRejected the latest attempt to load a changed file that was invalid; cleared by a later successful load
 * @param warnings the warnings of the running catalog, in file order
 */
public record CatalogStatus(
        String source,
        Instant loadedAt,
        int services,
        int monitors,
        Optional<String> checksum,
        Optional<RejectedAttempt> lastRejected,
        List<CatalogProblem> warnings) {

    public CatalogStatus {
        warnings = List.copyOf(warnings);
    }

    /** An invalid version of the file that Steward did not load; the catalog before it kept running. */
    public record RejectedAttempt(Instant at, List<CatalogProblem> errors) {
        public RejectedAttempt {
            errors = List.copyOf(errors);
        }
    }
}
