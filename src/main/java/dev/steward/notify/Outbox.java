package dev.steward.notify;

import dev.steward.catalog.Alerting;
import dev.steward.catalog.ChannelSpec;
import dev.steward.catalog.Route;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes notifications into the outbox table, always inside the caller's transaction, so a notification exists if and
 * only if the state change that caused it was committed. {@link Dispatcher} delivers them.
 */
public final class Outbox {

    private final JsonMapper json;
    private final Duration horizon;

    public Outbox(JsonMapper json, Duration horizon) {
        this.json = json;
        this.horizon = horizon;
    }

    /** The alert a message belongs to, and the firing (episode) it is part of. */
    public record AlertRef(long alertId, int episode, Optional<Long> incidentId) {}

    /**
     * Queues a trigger for every channel of the route's steps: the first step at once, later steps at their delay (the
     * dispatcher cancels them if the alert is acknowledged or resolved before then).
     *
     * @param message a template: its idempotency key is replaced per channel
     * @return how many rows were written
     */
    public int trigger(
            Connection connection, AlertRef alert, List<Route.Step> steps, Alerting alerting, Message message)
            throws SQLException {
        return trigger(connection, alert, steps, alerting, message, "trigger");
    }

    /**
     * Queues a trigger under another name within the same firing, e.g. {@code escalated-critical} when a threshold
     * rule moves from warning to critical: the channels of the new severity's route are told, even those that had the
     * first trigger.
     */
    public int trigger(
            Connection connection,
            AlertRef alert,
            List<Route.Step> steps,
            Alerting alerting,
            Message message,
            String suffix)
            throws SQLException {
        int written = 0;
        Set<String> seen = new LinkedHashSet<>();
        for (int step = 0; step < steps.size(); step++) {
            Route.Step routeStep = steps.get(step);
            Instant due = message.at().plus(routeStep.after());
            for (String channel : routeStep.channels()) {
                ChannelSpec spec = alerting.channels().get(channel);
                if (spec == null || !seen.add(channel)) {
                    continue;
                }
                written += insert(connection, alert, step, spec, message, suffix, due);
            }
        }
        return written;
    }

    /**
     * Queues a follow-up (repeat, acknowledge or resolve) to every channel that was sent, or is still to be sent, this
     * firing's trigger; escalation steps not yet due are cancelled first when {@code cancelEscalations}.
     *
     * @return the channels written to
     */
    public List<String> followUp(
            Connection connection,
            AlertRef alert,
            Alerting alerting,
            Message message,
            String suffix,
            boolean cancelEscalations)
            throws SQLException {
        if (cancelEscalations) {
            cancelEscalations(connection, alert, message.at(), message.event().code());
        }
        List<String> channels = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                select distinct channel from notification
                where alert_id = ? and episode = ? and event = 'trigger' and status in ('pending', 'delivered')
                order by channel""")) {
            select.setLong(1, alert.alertId());
            select.setInt(2, alert.episode());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    channels.add(rows.getString(1));
                }
            }
        }
        List<String> written = new ArrayList<>();
        for (String channel : channels) {
            ChannelSpec spec = alerting.channels().get(channel);
            if (spec != null && insert(connection, alert, 0, spec, message, suffix, message.at()) > 0) {
                written.add(channel);
            }
        }
        return written;
    }

    /**
     * Queues a trigger again to channels whose trigger was suppressed, once the suppression has ended while the alert
     * still fires (its dependency recovered, the maintenance window or silence ended).
     */
    void release(Connection connection, AlertRef alert, List<ChannelSpec> channels, Message message, String suffix)
            throws SQLException {
        for (ChannelSpec channel : channels) {
            insert(connection, alert, 0, channel, message, suffix, message.at());
        }
    }

    /** The first trigger queued for a firing: the template of its reminders and acknowledgements. */
    public Optional<Message> firstTrigger(Connection connection, long alertId, int episode) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                select message from notification where alert_id = ? and episode = ? and event = 'trigger'
                order by id limit 1""")) {
            select.setLong(1, alertId);
            select.setInt(2, episode);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(json.readValue(rows.getString(1), Message.class)) : Optional.empty();
            }
        }
    }

    /** Cancels this firing's escalation steps that have not been sent yet. */
    int cancelEscalations(Connection connection, AlertRef alert, Instant at, String because) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                update notification set status = 'cancelled', last_error = ?, updated_at = ?
                where alert_id = ? and episode = ? and step > 0 and status = 'pending' and attempts = 0""")) {
            update.setString(1, "cancelled: the alert was " + past(because) + " before this step was due");
            update.setTimestamp(2, Timestamp.from(at));
            update.setLong(3, alert.alertId());
            update.setInt(4, alert.episode());
            return update.executeUpdate();
        }
    }

    private static String past(String event) {
        return switch (event) {
            case "acknowledge" -> "acknowledged";
            case "resolve" -> "resolved";
            default -> event;
        };
    }

    /**
     * Queues a test message for one channel (not tied to an alert).
     *
     * @return the new row's id
     */
    public long test(Connection connection, ChannelSpec channel, Message message) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into notification (idempotency_key, channel, channel_type, event, message, status, created_at,
                    next_attempt_at, give_up_at)
                values (?, ?, ?, 'test', ?::jsonb, 'pending', ?, ?, ?)""", new String[] {"id"})) {
            insert.setString(1, message.idempotencyKey());
            insert.setString(2, channel.name());
            insert.setString(3, channel.type());
            insert.setString(4, json.writeValueAsString(message));
            Timestamp now = Timestamp.from(message.at());
            insert.setTimestamp(5, now);
            insert.setTimestamp(6, now);
            insert.setTimestamp(7, Timestamp.from(message.at().plus(Duration.ofMinutes(5))));
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private int insert(
            Connection connection,
            AlertRef alert,
            int step,
            ChannelSpec channel,
            Message template,
            String suffix,
            Instant due)
            throws SQLException {
        String key = "steward-" + alert.alertId() + "-" + alert.episode() + "-" + suffix + "-" + channel.name();
        Message message = template.withKey(key);
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into notification (idempotency_key, channel, channel_type, event, alert_id, episode, step,
                    incident_id, message, status, created_at, next_attempt_at, give_up_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, 'pending', ?, ?, ?)
                on conflict (idempotency_key) do nothing""")) {
            insert.setString(1, key);
            insert.setString(2, channel.name());
            insert.setString(3, channel.type());
            insert.setString(4, message.event().code());
            insert.setLong(5, alert.alertId());
            insert.setInt(6, alert.episode());
            insert.setInt(7, step);
            if (alert.incidentId().isPresent()) {
                insert.setLong(8, alert.incidentId().get());
            } else {
                insert.setNull(8, java.sql.Types.BIGINT);
            }
            insert.setString(9, json.writeValueAsString(message));
            insert.setTimestamp(10, Timestamp.from(message.at()));
            insert.setTimestamp(11, Timestamp.from(due));
            insert.setTimestamp(12, Timestamp.from(due.plus(horizon)));
            return insert.executeUpdate();
        }
    }
}
