package dev.steward.result;

import dev.steward.catalog.MonitorKey;
import dev.steward.probe.ErrorCode;
import dev.steward.probe.ProbeResult;
import dev.steward.probe.Status;
import dev.steward.probe.condition.ConditionOutcome;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes one batch of results in one transaction: resolves monitor ids, copies the rows into {@code monitor_result}
 * (binary COPY) and updates {@code monitor_state}. Either all of it is stored or none.
 */
final class ResultBatchWriter {

    static final String COPY = """
            copy monitor_result (started_at, certificate_expires_at, monitor_id, latency_us, lateness_us, status,
                                 error_code, message, failures)
            from stdin (format binary)
            """;

    /**
     * One row per monitor in the batch, describing its results in the batch: the last one, and the run of results with
     * the last one's status that ends the batch (its first result's start and its length). A run that fills the batch
     * continues the stored run when the stored status is the same.
     */
    private static final String UPDATE_STATE = """
            with batch (monitor_id, status, run_since, run_length, whole_batch, last_started_at, last_latency_us,
                        last_message, last_error, certificate_expires_at) as (
                select * from unnest(?::integer[], ?::smallint[], ?::text[]::timestamptz[], ?::integer[], ?::boolean[],
                                     ?::text[]::timestamptz[], ?::integer[], ?::text[], ?::text[],
                                     ?::text[]::timestamptz[])
            )
            insert into monitor_state as state (monitor_id, status, since, consecutive, last_started_at,
                                                last_latency_us, last_message, last_error, certificate_expires_at)
            select batch.monitor_id,
                   batch.status,
                   case when batch.whole_batch and stored.status = batch.status then stored.since
                        else batch.run_since end,
                   case when batch.whole_batch and stored.status = batch.status
                        then stored.consecutive + batch.run_length
                        else batch.run_length end,
                   batch.last_started_at,
                   batch.last_latency_us,
                   batch.last_message,
                   batch.last_error,
                   batch.certificate_expires_at
            from batch
            left join monitor_state stored on stored.monitor_id = batch.monitor_id
            where stored.monitor_id is null or stored.last_started_at < batch.last_started_at
            on conflict (monitor_id) do update set
                status = excluded.status,
                since = excluded.since,
                consecutive = excluded.consecutive,
                last_started_at = excluded.last_started_at,
                last_latency_us = excluded.last_latency_us,
                last_message = excluded.last_message,
                last_error = excluded.last_error,
                certificate_expires_at = excluded.certificate_expires_at
            """;

    private static final byte[] COPY_SIGNATURE = "PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1);
    /** PostgreSQL's binary timestamps count microseconds from 2000-01-01T00:00:00Z. */
    private static final long POSTGRES_EPOCH_MICROS =
            ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse("2000-01-01T00:00:00Z"));

    private final DataSource dataSource;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<MonitorKey, Integer> monitorIds = new ConcurrentHashMap<>();

    ResultBatchWriter(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Stores the results, all or none. */
    void write(List<ProbeResult> results) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Map<MonitorKey, Integer> ids = resolveIds(connection, results);
                copyRows(connection, results, ids);
                updateStates(connection, results, ids);
                connection.commit();
                monitorIds.putAll(ids);
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection, e);
                throw e;
            }
        }
    }

    Map<MonitorKey, Integer> resolveIds(Connection connection, List<ProbeResult> results) throws SQLException {
        Map<MonitorKey, Integer> ids = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (ProbeResult result : results) {
            Integer id = monitorIds.get(result.monitor());
            if (id != null) {
                ids.put(result.monitor(), id);
            } else if (!ids.containsKey(result.monitor())) {
                ids.put(result.monitor(), null);
                missing.add(result.monitor().toString());
            }
        }
        if (missing.isEmpty()) {
            return ids;
        }
        // Insert-if-absent, then read: "returning" would not return the rows that already existed.
        Array keys = connection.createArrayOf("text", missing.toArray());
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into monitor (key) select unnest(?::text[]) on conflict (key) do nothing")) {
            insert.setArray(1, keys);
            insert.executeUpdate();
        }
        try (PreparedStatement select = connection.prepareStatement("select id, key from monitor where key = any(?)")) {
            select.setArray(1, keys);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.put(MonitorKey.parse(rows.getString(2)), rows.getInt(1));
                }
            }
        }
        return ids;
    }

    private void copyRows(Connection connection, List<ProbeResult> results, Map<MonitorKey, Integer> ids)
            throws SQLException {
        byte[] rows = binaryCopyRows(results, ids);
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY, new ByteArrayInputStream(rows));
        } catch (IOException e) {
            throw new UncheckedIOException("copying results to the database failed", e);
        }
    }

    /** The rows in PostgreSQL's binary COPY format: no text formatting or parsing of timestamps on either side. */
    byte[] binaryCopyRows(List<ProbeResult> results, Map<MonitorKey, Integer> ids) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * results.size() + 32);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(COPY_SIGNATURE);
            out.writeInt(0); // flags
            out.writeInt(0); // header extension length
            for (ProbeResult result : results) {
                out.writeShort(9);
                writeTimestamp(out, Optional.of(result.startedAt()));
                writeTimestamp(out, result.certificateExpiresAt());
                out.writeInt(4);
                out.writeInt(ids.get(result.monitor()));
                out.writeInt(4);
                out.writeInt(micros(result.latency()));
                out.writeInt(4);
                out.writeInt(micros(Duration.between(result.scheduledAt(), result.startedAt())));
                out.writeInt(2);
                out.writeShort(statusCode(result.status()));
                writeText(out, result.error().map(ErrorCode::code));
                writeText(out, storedMessage(result));
                writeJsonb(out, failures(result.failures()));
            }
            out.writeShort(-1);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory
        }
        return bytes.toByteArray();
    }

    private static void writeTimestamp(DataOutputStream out, Optional<Instant> instant) throws IOException {
        if (instant.isEmpty()) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(8);
        out.writeLong(epochMicros(instant.get()) - POSTGRES_EPOCH_MICROS);
    }

    private static void writeText(DataOutputStream out, Optional<String> text) throws IOException {
        if (text.isEmpty()) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = text.get().getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static void writeJsonb(DataOutputStream out, Optional<String> jsonText) throws IOException {
        if (jsonText.isEmpty()) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = jsonText.get().getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length + 1);
        out.writeByte(1); // jsonb binary format version
        out.write(utf8);
    }

    private void updateStates(Connection connection, List<ProbeResult> results, Map<MonitorKey, Integer> ids)
            throws SQLException {
        Map<MonitorKey, List<ProbeResult>> byMonitor = new LinkedHashMap<>();
        for (ProbeResult result : results) {
            byMonitor
                    .computeIfAbsent(result.monitor(), key -> new ArrayList<>())
                    .add(result);
        }
        int size = byMonitor.size();
        Integer[] monitorId = new Integer[size];
        Short[] status = new Short[size];
        String[] runSince = new String[size];
        Integer[] runLength = new Integer[size];
        Boolean[] wholeBatch = new Boolean[size];
        String[] lastStartedAt = new String[size];
        Integer[] lastLatency = new Integer[size];
        String[] lastMessage = new String[size];
        String[] lastError = new String[size];
        String[] certificateExpiresAt = new String[size];
        int i = 0;
        for (Map.Entry<MonitorKey, List<ProbeResult>> entry : byMonitor.entrySet()) {
            List<ProbeResult> ofMonitor = entry.getValue();
            ofMonitor.sort(Comparator.comparing(ProbeResult::startedAt));
            ProbeResult last = ofMonitor.getLast();
            int first = ofMonitor.size() - 1;
            while (first > 0 && ofMonitor.get(first - 1).status() == last.status()) {
                first--;
            }
            monitorId[i] = ids.get(entry.getKey());
            status[i] = statusCode(last.status());
            runSince[i] = timestampText(ofMonitor.get(first).startedAt());
            runLength[i] = ofMonitor.size() - first;
            wholeBatch[i] = first == 0;
            lastStartedAt[i] = timestampText(last.startedAt());
            lastLatency[i] = micros(last.latency());
            lastMessage[i] = storableText(last.message());
            lastError[i] = last.error().map(ErrorCode::code).orElse(null);
            certificateExpiresAt[i] = last.certificateExpiresAt()
                    .map(ResultBatchWriter::timestampText)
                    .orElse(null);
            i++;
        }
        try (PreparedStatement update = connection.prepareStatement(UPDATE_STATE)) {
            update.setArray(1, connection.createArrayOf("int4", monitorId));
            update.setArray(2, connection.createArrayOf("int2", status));
            update.setArray(3, connection.createArrayOf("text", runSince));
            update.setArray(4, connection.createArrayOf("int4", runLength));
            update.setArray(5, connection.createArrayOf("bool", wholeBatch));
            update.setArray(6, connection.createArrayOf("text", lastStartedAt));
            update.setArray(7, connection.createArrayOf("int4", lastLatency));
            update.setArray(8, connection.createArrayOf("text", lastMessage));
            update.setArray(9, connection.createArrayOf("text", lastError));
            update.setArray(10, connection.createArrayOf("text", certificateExpiresAt));
            update.executeUpdate();
        }
    }

    /** Up results keep no message in the table (it is in {@code monitor_state}); others keep theirs. */
    static Optional<String> storedMessage(ProbeResult result) {
        return result.status() == Status.UP ? Optional.empty() : Optional.of(storableText(result.message()));
    }

    Optional<String> failures(List<ConditionOutcome> failures) {
        if (failures.isEmpty()) {
            return Optional.empty();
        }
        List<Map<String, Object>> items = new ArrayList<>(failures.size());
        for (ConditionOutcome outcome : failures) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("condition", storableText(outcome.condition()));
            item.put("success", outcome.success());
            item.put("resolved", storableText(outcome.resolved()));
            items.add(item);
        }
        return Optional.of(json.writeValueAsString(items));
    }

    /** PostgreSQL text cannot hold NUL; a probe can read one from a target's answer. */
    static String storableText(String text) {
        return text.indexOf('\0') < 0 ? text : text.replace("\0", "\uFFFD");
    }

    static short statusCode(Status status) {
        return switch (status) {
            case UP -> 0;
            case DEGRADED -> 1;
            case DOWN -> 2;
        };
    }

    static Status status(int code) {
        return switch (code) {
            case 0 -> Status.UP;
            case 1 -> Status.DEGRADED;
            case 2 -> Status.DOWN;
            default -> throw new IllegalArgumentException("unknown status code in the database: " + code);
        };
    }

    /** Microseconds, saturated to the {@code integer} column's range (±35 minutes). */
    static int micros(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds >= Integer.MAX_VALUE / 1_000_000) {
            return Integer.MAX_VALUE;
        }
        if (seconds < Integer.MIN_VALUE / 1_000_000) {
            return Integer.MIN_VALUE;
        }
        long micros = seconds * 1_000_000 + duration.getNano() / 1_000;
        return Math.clamp(micros, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    static long epochMicros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    private static String timestampText(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).toString();
    }

    private static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
