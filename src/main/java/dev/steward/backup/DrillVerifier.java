package dev.steward.backup;

import dev.steward.catalog.BackupPolicy.DrillCheck;
import dev.steward.config.DatabaseUrl;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Checks a restored database against its backup's manifest: every table the manifest counted exists, holds the rows
 * it held at dump time (within the policy's tolerance), and the policy's SQL checks read what they expect. Queries run
 * read-only, each check with a time limit; a check that errors fails with the error, not the drill's machinery.
 */
final class DrillVerifier {

    private final Duration checkTimeout;

    /** @param checkTimeout the most one SQL check may run */
    DrillVerifier(Duration checkTimeout) {
        this.checkTimeout = checkTimeout;
    }

    /**
     * Verifies {@code restored}.
     *
     * @param dumped the manifest's row counts ({@code schema.table} to rows)
     * @param rowTolerance the fraction by which a count may differ (0: exactly)
     * @throws PgFailure when the restored database cannot be read at all
     */
    DrillVerification verify(
            DatabaseUrl restored, Map<String, Long> dumped, double rowTolerance, List<DrillCheck> checks)
            throws PgFailure {
        PgTarget target = PgTarget.of(restored);
        try (Connection connection = target.connect()) {
            try (Statement statement = connection.createStatement()) {
                // Checks are the policy's SQL: they may read, never change, what they verify.
                statement.execute("SET default_transaction_read_only = on");
            }
            List<DrillVerification.TableCount> tables = countTables(connection, dumped, rowTolerance);
            List<DrillVerification.CheckOutcome> outcomes = new ArrayList<>();
            for (DrillCheck check : checks) {
                outcomes.add(run(connection, check));
            }
            return new DrillVerification(tables, outcomes);
        } catch (SQLException e) {
            throw new PgFailure(
                    "verifying the restored database " + target.describe() + " failed: " + e.getMessage(), e);
        }
    }

    private static List<DrillVerification.TableCount> countTables(
            Connection connection, Map<String, Long> dumped, double tolerance) throws SQLException {
        Map<String, PgDump.Table> present = new HashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(PgDump.USER_TABLES)) {
            while (rows.next()) {
                PgDump.Table table = new PgDump.Table(rows.getString(1), rows.getString(2), rows.getLong(3));
                present.put(table.key(), table);
            }
        }
        List<DrillVerification.TableCount> counts = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET row_security = off");
            for (Map.Entry<String, Long> entry : new TreeMap<>(dumped).entrySet()) {
                String key = entry.getKey();
                long expected = entry.getValue();
                PgDump.Table table = present.get(key);
                if (table == null) {
                    counts.add(new DrillVerification.TableCount(
                            key,
                            expected,
                            OptionalLong.empty(),
                            Optional.of(key + ": missing after the restore ("
                                    + (expected == PgDump.NOT_COUNTED ? "not counted" : expected + " rows")
                                    + " at dump time)")));
                    continue;
                }
                if (expected == PgDump.NOT_COUNTED) {
                    // Larger than the dump's count limit: present is all the manifest can vouch for.
                    counts.add(new DrillVerification.TableCount(key, expected, OptionalLong.empty(), Optional.empty()));
                    continue;
                }
                long actual;
                try (ResultSet row = statement.executeQuery("SELECT count(*) FROM ONLY " + table.quoted())) {
                    row.next();
                    actual = row.getLong(1);
                }
                counts.add(new DrillVerification.TableCount(
                        key, expected, OptionalLong.of(actual), countFailure(key, expected, actual, tolerance)));
            }
        }
        return counts;
    }

    /** Why {@code actual} rows do not match {@code expected} within {@code tolerance}, if they do not. */
    static Optional<String> countFailure(String table, long expected, long actual, double tolerance) {
        long allowed = (long) Math.floor(Math.abs(expected) * tolerance);
        if (Math.abs(actual - expected) <= allowed) {
            return Optional.empty();
        }
        String base = table + ": " + expected + " rows at dump time, " + actual + " restored";
        return Optional.of(
                tolerance > 0
                        ? base + " (more than the tolerance of " + formatPercent(tolerance) + ", " + allowed
                                + " rows, apart)"
                        : base);
    }

    private static String formatPercent(double fraction) {
        double percent = fraction * 100;
        return (percent == Math.rint(percent) ? Long.toString((long) percent) : Double.toString(percent)) + " %";
    }

    private DrillVerification.CheckOutcome run(Connection connection, DrillCheck check) {
        @Nullable Object value;
        try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout((int) Math.max(1, checkTimeout.toSeconds()));
            statement.setMaxRows(1);
            try (ResultSet rows = statement.executeQuery(check.sql())) {
                value = rows.next() ? rows.getObject(1) : null;
            }
        } catch (SQLException e) {
            return new DrillVerification.CheckOutcome(
                    check.sql(),
                    check.expect(),
                    Optional.empty(),
                    Optional.of(check.sql().strip() + " failed: " + e.getMessage()));
        }
        String shown = value == null ? "NULL" : String.valueOf(value);
        return new DrillVerification.CheckOutcome(
                check.sql(), check.expect(), Optional.of(shown), check.failure(value));
    }
}
