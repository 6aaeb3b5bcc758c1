package dev.steward.result;

import java.util.List;
import java.util.Optional;

/**
 * One page of a monitor's results, newest first.
 *
 * @param next the cursor for the following (older) page; empty on the last page
 */
public record ResultPage(List<StoredResult> results, Optional<String> next) {

    public ResultPage {
        results = List.copyOf(results);
    }
}
