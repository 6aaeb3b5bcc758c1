package dev.steward.status;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The public updates operators write on incidents. They are what the status page says about an incident; they never
 * change the incident itself (posting {@code resolved} does not resolve it in Steward).
 */
public final class StatusUpdates {

    private static final String COLUMNS = "id, incident_id, status, message, author, created_at";

    private final JdbcClient jdbc;
    private final Clock clock;
    /** Counts the updates added through this Steward, so that the status page shows a new one at once. */
    private final AtomicLong added = new AtomicLong();

    public StatusUpdates(DataSource dataSource, Clock clock) {
        this.jdbc = JdbcClient.create(dataSource);
        this.clock = clock;
    }

    /**
     * Adds an update to an incident, stamped now.
     *
     * @return the update, or empty when no incident has this id
     */
    public Optional<StatusUpdate> add(long incidentId, PublicIncidentStatus status, String message, String author) {
        Optional<StatusUpdate> update = jdbc.sql("""
                        insert into status_update (incident_id, status, message, author, created_at)
                        select id, :status, :message, :author, :now from incident where id = :incident
                        returning %s""".formatted(COLUMNS))
                .param("incident", incidentId)
                .param("status", status.code())
                .param("message", message)
                .param("author", author)
                .param("now", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                .query((row, n) -> update(row))
                .optional();
        update.ifPresent(added -> this.added.incrementAndGet());
        return update;
    }

    /** Changes whenever an update is added through this Steward. */
    long revision() {
        return added.get();
    }

    /** An incident's updates, newest first; empty when no incident has this id. */
    public Optional<List<StatusUpdate>> list(long incidentId) {
        boolean exists = jdbc.sql("select exists (select 1 from incident where id = :incident)")
                .param("incident", incidentId)
                .query(Boolean.class)
                .single();
        if (!exists) {
            return Optional.empty();
        }
        return Optional.of(forIncidents(List.of(incidentId)).getOrDefault(incidentId, List.of()));
    }

    /** The updates of several incidents in one query, newest first per incident; incidents without any are absent. */
    public Map<Long, List<StatusUpdate>> forIncidents(Collection<Long> incidentIds) {
        if (incidentIds.isEmpty()) {
            return Map.of();
        }
        Map<Long, List<StatusUpdate>> updates = new HashMap<>();
        jdbc.sql("""
                        select %s from status_update
                        where incident_id = any(cast(:ids as bigint[]))
                        order by created_at desc, id desc""".formatted(COLUMNS))
                .param("ids", incidentIds.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}")))
                .query((row, n) -> update(row))
                .list()
                .forEach(update -> updates.computeIfAbsent(update.incidentId(), id -> new ArrayList<>())
                        .add(update));
        updates.replaceAll((id, list) -> List.copyOf(list));
        return updates;
    }

    private static StatusUpdate update(ResultSet row) throws SQLException {
        return new StatusUpdate(
                row.getLong("id"),
                row.getLong("incident_id"),
                PublicIncidentStatus.fromCode(row.getString("status")).orElseThrow(),
                row.getString("message"),
                row.getString("author"),
                instant(row, "created_at"));
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        return row.getObject(column, OffsetDateTime.class).toInstant();
    }
}
