package dev.steward.backup;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a drill verified in a restored database: every table of the manifest with its rows at dump time and restored,
 * and every SQL check of the policy with the value it read. The drill passes when nothing failed.
 */
record DrillVerification(List<TableCount> tables, List<CheckOutcome> checks) {

    DrillVerification {
        tables = List.copyOf(tables);
        checks = List.copyOf(checks);
    }

    boolean passed() {
        return tables.stream().allMatch(table -> table.failure().isEmpty())
                && checks.stream().allMatch(check -> check.failure().isEmpty());
    }

    /** Every failure as a line for the drill's error and the alert, tables first. */
    List<String> failures() {
        List<String> failures = new ArrayList<>();
        tables.forEach(table -> table.failure().ifPresent(failures::add));
        checks.forEach(check -> check.failure().ifPresent(failures::add));
        return failures;
    }

    /**
     * One table of the manifest.
     *
     * @param table {@code schema.table}
     * @param dumped rows at dump time (the manifest's count), -1 when the table was larger than the dump's count limit
     * @param restored rows after the restore; empty when the table is missing or was not counted at dump time
     * @param failure why the table does not pass, e.g. {@code public.accounts: 1000000 rows at dump time, 999000
     *     restored}
     */
    record TableCount(String table, long dumped, OptionalLong restored, Optional<String> failure) {}

    /**
     * One SQL check of the policy.
     *
     * @param actual the first column of the first row as text ({@code NULL} for SQL null or no row); empty when the
     *     query failed
     * @param failure why the check does not pass, with the value read or the query's error
     */
    record CheckOutcome(String sql, String expect, Optional<String> actual, Optional<String> failure) {}
}
