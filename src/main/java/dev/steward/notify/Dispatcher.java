package dev.steward.notify;

import dev.steward.catalog.Catalog;
import dev.steward.catalog.ChannelSpec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivers the outbox. Due rows are claimed with {@code FOR UPDATE SKIP LOCKED} (so several Steward instances share the
 * work) and leased for {@link #LEASE}; each is sent on its own virtual thread, at most {@link #CONCURRENCY} at a time.
 * A failure is retried with exponential backoff and jitter (5 s doubling to 10 min, ±20 %, or the receiver's
 * Retry-After) until the row's give-up time; every attempt is stored. Follow-ups of an alert wait for its earlier
 * messages to the same channel, so a resolve never overtakes its trigger.
 */
public final class Dispatcher implements SmartLifecycle {

    static final Duration LEASE = Duration.ofSeconds(60);
    static final int CONCURRENCY = 64;
    /** Senders doing database work at once: the pool must keep connections for the engine, results and the API. */
    static final int DATABASE_SLOTS = 3;

    static final Duration FIRST_RETRY = Duration.ofSeconds(5);
    static final Duration LONGEST_RETRY = Duration.ofMinutes(10);
    private static final int CLAIM = 200;
    private static final Duration IDLE = Duration.ofMillis(500);
    private static final Duration METRICS_EVERY = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    /** Sends one message to one channel; returns what the receiver made of it. */
    @FunctionalInterface
    public interface Sender {
        Delivery send(ChannelSpec channel, Message message);
    }

    private final DataSource dataSource;
    private final JsonMapper json;
    private final Clock clock;
    private final Supplier<Catalog> catalog;
    private final Sender sender;
    private final Suppressions suppressions;
    private final MeterRegistry meters;
    private final Outbox outbox;
    private final Semaphore wake = new Semaphore(0);
    private final Semaphore slots = new Semaphore(CONCURRENCY);
    private final Semaphore databaseSlots = new Semaphore(DATABASE_SLOTS);
    private final Silences silences;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final AtomicLong depth = new AtomicLong();
    private final AtomicLong oldestAgeSeconds = new AtomicLong();
    private final Map<String, AtomicLong> firing = new ConcurrentHashMap<>();
    private final AtomicLong incidentsUnresolved = new AtomicLong();

    private volatile boolean running;
    private @Nullable Thread thread;
    private @Nullable ExecutorService senders;
    private Instant nextMetrics = Instant.EPOCH;
    private Instant nextRelease = Instant.EPOCH;

    public Dispatcher(
            DataSource dataSource,
            JsonMapper json,
            Clock clock,
            Supplier<Catalog> catalog,
            Sender sender,
            Silences silences,
            Outbox outbox,
            MeterRegistry meters) {
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
        this.catalog = catalog;
        this.sender = sender;
        this.suppressions = new Suppressions(silences);
        this.silences = silences;
        this.meters = meters;
        Gauge.builder("steward_outbox_depth", depth, AtomicLong::get)
                .description("notifications waiting to be delivered")
                .register(meters);
        Gauge.builder("steward_outbox_oldest_age_seconds", oldestAgeSeconds, AtomicLong::get)
                .description("age of the oldest notification waiting to be delivered")
                .register(meters);
        Gauge.builder("steward_incidents_open", incidentsUnresolved, AtomicLong::get)
                .description("incidents not resolved (open or acknowledged)")
                .register(meters);
        for (String severity : List.of("critical", "high", "medium", "low")) {
            AtomicLong count = new AtomicLong();
            firing.put(severity, count);
            Gauge.builder("steward_alerts_firing", count, AtomicLong::get)
                    .description("alerts firing now")
                    .tag("severity", severity)
                    .register(meters);
        }
    }

    /** Wakes the dispatcher: new rows were committed. */
    public void poke() {
        if (wake.availablePermits() == 0) {
            wake.release();
        }
    }

    @Override
    public void start() {
        running = true;
        senders = Executors.newVirtualThreadPerTaskExecutor();
        thread = Thread.ofPlatform().name("steward-dispatcher").daemon(true).start(this::run);
    }

    @Override
    public void stop() {
        running = false;
        poke();
        Thread current = thread;
        if (current != null) {
            try {
                current.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ExecutorService executor = senders;
        if (executor != null) {
            executor.shutdown();
            try {
                // In-flight sends finish; rows claimed but not sent are retried after their lease by the next start.
                executor.awaitTermination(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 2048;
    }

    private void run() {
        while (running) {
            try {
                silences.refreshIfStale();
                int claimed = dispatchDue();
                refreshMetrics();
                releaseEndedSuppressions();
                if (claimed < CLAIM) {
                    wake.tryAcquire(IDLE.toMillis(), TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (SQLException | RuntimeException e) {
                log.atWarn()
                        .addKeyValue("event", "dispatch_failed")
                        .log("cannot read the outbox, retrying: " + e.getMessage());
                try {
                    Thread.sleep(Duration.ofSeconds(2));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** A claimed row. */
    record Claimed(
            long id,
            String channel,
            String event,
            @Nullable Long alertId,
            int episode,
            int step,
            @Nullable Long incidentId,
            Message message,
            int attempts,
            Instant createdAt,
            Instant giveUpAt) {}

    /** Claims the due rows and hands each to a sender thread; returns how many were claimed. */
    int dispatchDue() throws SQLException, InterruptedException {
        List<Claimed> claimed = claim();
        ExecutorService executor = senders;
        for (Claimed row : claimed) {
            slots.acquire();
            if (executor == null || executor.isShutdown()) {
                slots.release();
                break;
            }
            executor.execute(() -> {
                try {
                    handle(row);
                } catch (RuntimeException e) {
                    log.atError()
                            .addKeyValue("event", "notification_failed")
                            .addKeyValue("notification", row.id())
                            .setCause(e)
                            .log("delivering a notification failed unexpectedly; retried after its lease");
                } finally {
                    slots.release();
                }
            });
        }
        return claimed.size();
    }

    private List<Claimed> claim() throws SQLException {
        Instant now = clock.instant();
        List<Claimed> claimed = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement select = connection.prepareStatement("""
                    select n.id, n.channel, n.event, n.alert_id, n.episode, n.step, n.incident_id, n.message,
                        n.attempts, n.created_at, n.give_up_at
                    from notification n
                    where n.status = 'pending' and n.next_attempt_at <= ?
                      and not exists (
                        select 1 from notification e
                        where e.alert_id = n.alert_id and e.channel = n.channel and e.id < n.id
                          and e.status = 'pending' and e.step = 0)
                    order by n.next_attempt_at, n.id
                    limit ?
                    for update of n skip locked""")) {
                select.setTimestamp(1, Timestamp.from(now));
                select.setInt(2, CLAIM);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        long alert = rows.getLong(4);
                        Long alertId = rows.wasNull() ? null : alert;
                        long incident = rows.getLong(7);
                        Long incidentId = rows.wasNull() ? null : incident;
                        claimed.add(new Claimed(
                                rows.getLong(1),
                                rows.getString(2),
                                rows.getString(3),
                                alertId,
                                rows.getInt(5),
                                rows.getInt(6),
                                incidentId,
                                json.readValue(rows.getString(8), Message.class),
                                rows.getInt(9),
                                rows.getTimestamp(10).toInstant(),
                                rows.getTimestamp(11).toInstant()));
                    }
                }
            }
            if (!claimed.isEmpty()) {
                try (PreparedStatement lease =
                        connection.prepareStatement("update notification set next_attempt_at = ? where id = any(?)")) {
                    lease.setTimestamp(1, Timestamp.from(now.plus(LEASE)));
                    lease.setArray(
                            2,
                            connection.createArrayOf(
                                    "bigint", claimed.stream().map(Claimed::id).toArray(Long[]::new)));
                    lease.executeUpdate();
                }
            }
            connection.commit();
        }
        return claimed;
    }

    private void handle(Claimed row) {
        Catalog current = catalog.get();
        Instant now = clock.instant();
        ChannelSpec channel = current.alerting().channels().get(row.channel());
        if (channel == null) {
            finish(row, "failed", null, "channel " + row.channel() + " is no longer in the catalog", now, null, null);
            count(row.channel(), "failed");
            return;
        }
        if (row.alertId() != null) {
            Suppressions.Decision decision;
            // The connection is given back before acting on the decision: finishing takes one of its own.
            try {
                decision = database(connection -> {
                    if (row.step() > 0 && !stillEscalating(connection, row)) {
                        return new Suppressions.Decision.Suppress("cancelled", "");
                    }
                    return suppressions.decide(
                            connection,
                            current,
                            new Suppressions.Candidate(
                                    row.event(),
                                    row.alertId(),
                                    row.episode(),
                                    row.channel(),
                                    row.message().service(),
                                    row.message().monitor(),
                                    row.message(),
                                    row.createdAt()),
                            now);
                });
            } catch (SQLException | RuntimeException e) {
                reschedule(row, now.plusSeconds(5), "cannot check suppressions: " + e.getMessage());
                return;
            }
            switch (decision) {
                case Suppressions.Decision.Suppress suppress
                when suppress.reason().equals("cancelled") -> {
                    finish(
                            row,
                            "cancelled",
                            null,
                            "the alert was acknowledged or resolved before this step",
                            now,
                            null,
                            null);
                    return;
                }
                case Suppressions.Decision.Suppress suppress -> {
                    finish(row, "suppressed", suppress.reason(), suppress.detail(), now, null, null);
                    count(row.channel(), "suppressed");
                    return;
                }
                case Suppressions.Decision.Hold hold -> {
                    reschedule(row, now.plusSeconds(1), hold.detail());
                    return;
                }
                case Suppressions.Decision.Send send -> {}
            }
        }
        long started = System.nanoTime();
        Delivery delivery = sender.send(channel, row.message());
        int millis = (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - started) / 1_000_000);
        Instant after = clock.instant();
        switch (delivery) {
            case Delivery.Delivered delivered -> {
                finish(
                        row,
                        "delivered",
                        null,
                        null,
                        after,
                        null,
                        new Attempt(after, millis, "delivered", delivered.status(), delivered.answer(), null));
                count(row.channel(), "delivered");
                log.atInfo()
                        .addKeyValue("event", "notification_delivered")
                        .addKeyValue("channel", row.channel())
                        .addKeyValue("kind", row.event())
                        .addKeyValue("attempts", row.attempts() + 1)
                        .log(row.message().title());
            }
            case Delivery.Failed failed -> {
                Instant retryAt = after.plus(backoff(row.attempts() + 1, failed.retryAfter()));
                boolean giveUp = !failed.retryable() || retryAt.isAfter(row.giveUpAt());
                Attempt attempt = new Attempt(
                        after,
                        millis,
                        giveUp ? "failed" : "retry",
                        failed.status().orElse(null),
                        failed.answer(),
                        failed.error());
                if (giveUp) {
                    String why = failed.retryable()
                            ? "gave up after " + (row.attempts() + 1) + " attempts: " + failed.error()
                            : failed.error();
                    finish(row, "failed", null, why, after, null, attempt);
                    count(row.channel(), "failed");
                    log.atError()
                            .addKeyValue("event", "notification_failed")
                            .addKeyValue("channel", row.channel())
                            .addKeyValue("kind", row.event())
                            .addKeyValue("attempts", row.attempts() + 1)
                            .log(why);
                } else {
                    finish(row, "pending", null, failed.error(), after, retryAt, attempt);
                    count(row.channel(), "retry");
                    log.atWarn()
                            .addKeyValue("event", "notification_retry")
                            .addKeyValue("channel", row.channel())
                            .addKeyValue("kind", row.event())
                            .addKeyValue("attempts", row.attempts() + 1)
                            .addKeyValue("retry_at", retryAt.toString())
                            .log(failed.error());
                }
            }
        }
    }

    /** The wait before attempt {@code attempt + 1}: 5 s doubling to 10 min, ±20 %, or the receiver's Retry-After. */
    static Duration backoff(int attempt, Optional<Duration> retryAfter) {
        if (retryAfter.isPresent() && !retryAfter.get().isNegative()) {
            Duration asked = retryAfter.get();
            return asked.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : asked;
        }
        long base = FIRST_RETRY.toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(base, LONGEST_RETRY.toMillis());
        double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis(Math.round(capped * jitter));
    }

    private static boolean stillEscalating(Connection connection, Claimed row) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "select 1 from alert where id = ? and episode = ? and phase = 'firing' and acknowledged_at is null")) {
            select.setLong(1, row.alertId());
            select.setInt(2, row.episode());
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }

    private void reschedule(Claimed row, Instant at, String why) {
        try {
            database(connection -> {
                try (PreparedStatement update = connection.prepareStatement(
                        "update notification set next_attempt_at = ?, last_error = ?, updated_at = ?"
                                + " where id = ? and status = 'pending'")) {
                    update.setTimestamp(1, Timestamp.from(at));
                    update.setString(2, why);
                    update.setTimestamp(3, Timestamp.from(clock.instant()));
                    update.setLong(4, row.id());
                    return update.executeUpdate();
                }
            });
        } catch (SQLException e) {
            log.atWarn()
                    .addKeyValue("event", "notification_reschedule_failed")
                    .addKeyValue("notification", row.id())
                    .log("retried after its lease: " + e.getMessage());
        }
    }

    /** One delivery attempt, stored with the row's new status in the same transaction. */
    private record Attempt(
            Instant at,
            int millis,
            String outcome,
            @Nullable Integer status,
            String answer,
            @Nullable String error) {}

    private static void store(Connection connection, Claimed row, Attempt attempt) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into notification_attempt (notification_id, at, duration_ms, outcome, status_code,
                    answer, error)
                values (?, ?, ?, ?, ?, ?, ?)""")) {
            insert.setLong(1, row.id());
            insert.setTimestamp(2, Timestamp.from(attempt.at()));
            insert.setInt(3, attempt.millis());
            insert.setString(4, attempt.outcome());
            insert.setObject(5, attempt.status());
            insert.setString(6, attempt.answer().isEmpty() ? null : attempt.answer());
            insert.setString(7, attempt.error());
            insert.executeUpdate();
        }
    }

    @FunctionalInterface
    private interface DatabaseWork<T> {
        T apply(Connection connection) throws SQLException;
    }

    /** Runs senders' short database work, at most {@link #DATABASE_SLOTS} at once, each on one connection. */
    private <T> T database(DatabaseWork<T> work) throws SQLException {
        try {
            databaseSlots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for a database slot", e);
        }
        try (Connection connection = dataSource.getConnection()) {
            return work.apply(connection);
        } finally {
            databaseSlots.release();
        }
    }

    /**
     * Stores a row's new status, and for alerts' notifications the incident timeline entry and the alert's suppression.
     *
     * @param retryAt for status pending: the next attempt
     */
    private void finish(
            Claimed row,
            String status,
            @Nullable String reason,
            @Nullable String detail,
            Instant at,
            @Nullable Instant retryAt,
            @Nullable Attempt attempt) {
        // A status not stored would send the message again after its lease: try a few times before leaving it to that.
        for (int tries = 1; ; tries++) {
            try {
                store(row, status, reason, detail, at, retryAt, attempt);
                return;
            } catch (SQLException e) {
                if (tries == 3) {
                    log.atWarn()
                            .addKeyValue("event", "notification_status_not_stored")
                            .addKeyValue("notification", row.id())
                            .log("the row is retried after its lease: " + e.getMessage());
                    return;
                }
                try {
                    Thread.sleep(Duration.ofMillis(200L * tries));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void store(
            Claimed row,
            String status,
            @Nullable String reason,
            @Nullable String detail,
            Instant at,
            @Nullable Instant retryAt,
            @Nullable Attempt attempt)
            throws SQLException {
        database(connection -> {
            connection.setAutoCommit(false);
            boolean attempted = attempt != null;
            if (attempt != null) {
                store(connection, row, attempt);
            }
            int updated;
            try (PreparedStatement update = connection.prepareStatement("""
                    update notification set status = ?, suppressed_reason = ?, last_error = ?,
                        attempts = attempts + ?, delivered_at = ?, next_attempt_at = coalesce(?, next_attempt_at),
                        updated_at = ?
                    where id = ? and status = 'pending'""")) {
                update.setString(1, status);
                update.setString(2, reason);
                update.setString(3, detail);
                update.setInt(4, attempted ? 1 : 0);
                update.setTimestamp(5, status.equals("delivered") ? Timestamp.from(at) : null);
                update.setTimestamp(6, retryAt == null ? null : Timestamp.from(retryAt));
                update.setTimestamp(7, Timestamp.from(at));
                update.setLong(8, row.id());
                updated = update.executeUpdate();
            }
            if (updated > 0
                    && row.alertId() != null
                    && status.equals("suppressed")
                    && reason != null
                    && !reason.equals("trigger_suppressed")) {
                try (PreparedStatement alert =
                        connection.prepareStatement("update alert set suppressed = ? where id = ? and episode = ?")) {
                    alert.setString(1, reason);
                    alert.setLong(2, row.alertId());
                    alert.setInt(3, row.episode());
                    alert.executeUpdate();
                }
            }
            if (updated > 0 && row.incidentId() != null && !status.equals("pending")) {
                timeline(connection, row, status, reason, detail, at);
            }
            connection.commit();
            return updated;
        });
    }

    private static void timeline(
            Connection connection,
            Claimed row,
            String status,
            @Nullable String reason,
            @Nullable String detail,
            Instant at)
            throws SQLException {
        String what = row.event() + " of " + row.message().title();
        String kind;
        String text;
        switch (status) {
            case "delivered" -> {
                kind = "notified";
                text = what + " sent to " + row.channel();
            }
            case "suppressed" -> {
                kind = "suppressed";
                text = what + " to " + row.channel() + " suppressed by " + reason + ": " + detail;
            }
            case "failed" -> {
                kind = "notification_failed";
                text = what + " to " + row.channel() + " failed: " + detail;
            }
            default -> {
                return;
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into incident_event (incident_id, at, kind, text) values (?, ?, ?, ?)")) {
            insert.setLong(1, row.incidentId());
            insert.setTimestamp(2, Timestamp.from(at));
            insert.setString(3, kind);
            insert.setString(4, text);
            insert.executeUpdate();
        }
    }

    private void count(String channel, String outcome) {
        counters.computeIfAbsent(
                        channel + "\n" + outcome,
                        key -> Counter.builder("steward_notifications_total")
                                .description("notification attempts by channel and outcome (delivered, retry, failed,"
                                        + " suppressed)")
                                .tag("channel", channel)
                                .tag("outcome", outcome)
                                .register(meters))
                .increment();
    }

    /**
     * Firing alerts whose trigger was suppressed are announced once the suppression has ended and they still fire: the
     * dependency recovered but this service did not, or the maintenance window or silence is over.
     */
    private void releaseEndedSuppressions() throws SQLException {
        Instant now = clock.instant();
        if (now.isBefore(nextRelease)) {
            return;
        }
        nextRelease = now.plus(METRICS_EVERY);
        Catalog current = catalog.get();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            List<long[]> alerts = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("""
                    select id, episode, coalesce(incident_id, -1) from alert
                    where phase = 'firing' and suppressed is not null
                    order by id limit 200 for update skip locked""");
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    alerts.add(new long[] {rows.getLong(1), rows.getInt(2), rows.getLong(3)});
                }
            }
            for (long[] alert : alerts) {
                release(connection, current, alert[0], (int) alert[1], alert[2] < 0 ? null : alert[2], now);
            }
            connection.commit();
        }
    }

    private void release(
            Connection connection, Catalog current, long alertId, int episode, @Nullable Long incidentId, Instant now)
            throws SQLException {
        List<ChannelSpec> channels = new ArrayList<>();
        Message template = null;
        try (PreparedStatement select = connection.prepareStatement("""
                select distinct on (channel) channel, message from notification
                where alert_id = ? and episode = ? and event = 'trigger' and status = 'suppressed'
                  and not exists (select 1 from notification later where later.alert_id = notification.alert_id
                      and later.episode = notification.episode and later.channel = notification.channel
                      and later.event = 'trigger' and later.status in ('pending', 'delivered'))
                order by channel, id""")) {
            select.setLong(1, alertId);
            select.setInt(2, episode);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ChannelSpec spec = current.alerting().channels().get(rows.getString(1));
                    if (spec != null) {
                        channels.add(spec);
                        template = json.readValue(rows.getString(2), Message.class);
                    }
                }
            }
        }
        Suppressions.Decision decision = template == null
                ? new Suppressions.Decision.Send()
                : suppressions.decide(
                        connection,
                        current,
                        new Suppressions.Candidate(
                                "trigger",
                                alertId,
                                episode,
                                channels.getFirst().name(),
                                template.service(),
                                template.monitor(),
                                template,
                                now),
                        now);
        if (!(decision instanceof Suppressions.Decision.Send)) {
            return;
        }
        if (template != null) {
            Message still = template.followUp(
                    Message.Event.TRIGGER,
                    template.summary() + " (still failing after its suppression ended)",
                    now,
                    template.incidentId(),
                    Optional.empty());
            outbox.release(
                    connection,
                    new Outbox.AlertRef(alertId, episode, Optional.ofNullable(incidentId)),
                    channels,
                    still,
                    "released-" + now.getEpochSecond());
            if (incidentId != null) {
                try (PreparedStatement insert = connection.prepareStatement(
                        "insert into incident_event (incident_id, at, kind, text) values (?, ?, 'notified', ?)")) {
                    insert.setLong(1, incidentId);
                    insert.setTimestamp(2, Timestamp.from(now));
                    insert.setString(3, "suppression ended while " + template.title() + "; announcing it now");
                    insert.executeUpdate();
                }
            }
            poke();
        }
        try (PreparedStatement update =
                connection.prepareStatement("update alert set suppressed = null where id = ?")) {
            update.setLong(1, alertId);
            update.executeUpdate();
        }
    }

    private void refreshMetrics() throws SQLException {
        Instant now = clock.instant();
        if (now.isBefore(nextMetrics)) {
            return;
        }
        nextMetrics = now.plus(METRICS_EVERY);
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement select = connection.prepareStatement(
                            "select count(*), min(created_at) from notification where status = 'pending'");
                    ResultSet rows = select.executeQuery()) {
                rows.next();
                depth.set(rows.getLong(1));
                Timestamp oldest = rows.getTimestamp(2);
                oldestAgeSeconds.set(
                        oldest == null
                                ? 0
                                : Math.max(
                                        0,
                                        Duration.between(oldest.toInstant(), now)
                                                .toSeconds()));
            }
            firing.values().forEach(count -> count.set(0));
            try (PreparedStatement select = connection.prepareStatement(
                            "select severity, count(*) from alert where phase = 'firing' group by severity");
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    AtomicLong count = firing.get(rows.getString(1));
                    if (count != null) {
                        count.set(rows.getLong(2));
                    }
                }
            }
            try (PreparedStatement select =
                            connection.prepareStatement("select count(*) from incident where status <> 'resolved'");
                    ResultSet rows = select.executeQuery()) {
                rows.next();
                incidentsUnresolved.set(rows.getLong(1));
            }
        }
    }
}
