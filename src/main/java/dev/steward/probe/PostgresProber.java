package dev.steward.probe;

import dev.steward.catalog.ProbeSpec;
import dev.steward.config.Durations;
import dev.steward.probe.condition.Facts;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.postgresql.Driver;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Opens a new connection to PostgreSQL, runs the monitor's query in a read-only session with a statement timeout, reads
 * at most {@link #MAX_ROWS} rows, and closes the connection. {@code [RESULT]} is the rows as a JSON array of objects
 * (column name → number, boolean, string or null), {@code [ROWS]} their count.
 */
final class PostgresProber implements Prober<ProbeSpec.Postgres> {

    static final int MAX_ROWS = 1000;

    private static final String APPLICATION_NAME = "steward-monitor";

    private final JsonMapper json;
    private final Driver driver = new Driver();

    PostgresProber(JsonMapper json) {
        this.json = json;
    }

    @Override
    public Observation probe(ProbeSpec.Postgres spec, Duration timeout) {
        long start = System.nanoTime();
        Facts.Builder facts = Facts.builder().text("CONNECTED", "false");
        try (Connection connection = driver.connect(spec.url().jdbcUrl(), properties(spec, timeout))) {
            if (connection == null) {
                return failed(facts, start, new Failure(ErrorCode.PROBE_ERROR, "not a PostgreSQL URL"));
            }
            long connected = System.nanoTime();
            facts.text("CONNECTED", "true").text("CONNECT_TIME", String.valueOf(millis(connected - start)));
            ArrayNode rows = json.createArrayNode();
            try (Statement statement = connection.createStatement()) {
                statement.setMaxRows(MAX_ROWS);
                if (statement.execute(spec.query())) {
                    try (ResultSet result = statement.getResultSet()) {
                        read(result, rows);
                    }
                }
            }
            long done = System.nanoTime();
            Duration latency = Duration.ofNanos(done - start);
            String resultText = json.writeValueAsString(rows);
            facts.text("ROWS", String.valueOf(rows.size()))
                    .text("RESULT", resultText)
                    .json("RESULT", () -> Optional.of(rows))
                    .text("QUERY_TIME", String.valueOf(millis(done - connected)))
                    .text("RESPONSE_TIME", String.valueOf(latency.toMillis()));
            return Observation.answered(latency, facts.build(), rows.size() == 1 ? "1 row" : rows.size() + " rows");
        } catch (SQLException e) {
            return failed(facts, start, failure(e, spec, timeout));
        } catch (RuntimeException e) {
            return failed(facts, start, Failure.of(e, timeout, spec.url().describe()));
        }
    }

    private static Properties properties(ProbeSpec.Postgres spec, Duration timeout) {
        Properties properties = new Properties();
        if (spec.url().username() != null) {
            properties.setProperty("user", spec.url().username());
        }
        if (spec.url().password() != null) {
            properties.setProperty("password", spec.url().password().value());
        }
        // The driver counts whole seconds: round up, never 0 (which means no limit).
        String seconds = String.valueOf(Math.max(1, (timeout.toMillis() + 999) / 1000));
        properties.setProperty("connectTimeout", seconds);
        properties.setProperty("socketTimeout", seconds);
        // loginTimeout would make the driver start a platform thread per connection; socketTimeout already bounds
        // every read of the start-up and login exchange.
        properties.setProperty("loginTimeout", "0");
        properties.setProperty("ApplicationName", APPLICATION_NAME);
        // Sent in the start-up packet, so read-only and the query's time limit cost no extra round trip, and the
        // server enforces both.
        properties.setProperty(
                "options",
                "-c default_transaction_read_only=on -c statement_timeout=" + Math.max(1, timeout.toMillis()));
        return properties;
    }

    private void read(ResultSet result, ArrayNode rows) throws SQLException {
        ResultSetMetaData columns = result.getMetaData();
        int count = columns.getColumnCount();
        while (rows.size() < MAX_ROWS && result.next()) {
            ObjectNode row = rows.addObject();
            for (int i = 1; i <= count; i++) {
                String name = columns.getColumnLabel(i);
                Object value = result.getObject(i);
                switch (value) {
                    case null -> row.putNull(name);
                    case Boolean b -> row.put(name, b);
                    case Short s -> row.put(name, s.longValue());
                    case Integer n -> row.put(name, n.longValue());
                    case Long n -> row.put(name, n);
                    case BigDecimal n -> row.put(name, n);
                    case Float f when Float.isFinite(f) -> row.put(name, f.doubleValue());
                    case Double d when Double.isFinite(d) -> row.put(name, d);
                    default -> row.put(name, result.getString(i));
                }
            }
        }
    }

    private static Failure failure(SQLException e, ProbeSpec.Postgres spec, Duration timeout) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String reason = reason(e);
        return switch (state) {
            case "28P01", "28000" ->
                new Failure(ErrorCode.AUTHENTICATION_FAILED, "PostgreSQL refused the login: " + reason);
            case "57014" ->
                new Failure(ErrorCode.TIMEOUT, "the query did not finish within " + Durations.format(timeout));
            // An unknown database: the server answered, and its message names the database.
            case "3D000" -> new Failure(ErrorCode.QUERY_FAILED, reason);
            default -> {
                if (state.startsWith("08") || e.getCause() != null) {
                    Failure network = Failure.of(e, timeout, spec.url().describe());
                    if (network.code() != ErrorCode.PROBE_ERROR) {
                        yield network;
                    }
                    if (state.startsWith("08")) {
                        yield new Failure(ErrorCode.CONNECTION_RESET, "the connection failed: " + reason);
                    }
                }
                yield new Failure(ErrorCode.QUERY_FAILED, reason);
            }
        };
    }

    /** PostgreSQL's own message when the server sent one (without the driver's "ERROR:" and position lines). */
    private static String reason(SQLException e) {
        if (e instanceof PSQLException psql) {
            ServerErrorMessage server = psql.getServerErrorMessage();
            if (server != null && server.getMessage() != null) {
                return server.getMessage();
            }
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static long millis(long nanos) {
        return Duration.ofNanos(nanos).toMillis();
    }

    private static Observation failed(Facts.Builder facts, long start, Failure failure) {
        Duration latency = Duration.ofNanos(System.nanoTime() - start);
        facts.text("RESPONSE_TIME", String.valueOf(latency.toMillis()));
        return Observation.failed(latency, facts.build(), failure);
    }
}
