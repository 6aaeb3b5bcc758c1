package dev.steward.web;

import dev.steward.catalog.Catalog;
import dev.steward.catalog.MonitorKey;
import dev.steward.catalog.MonitoredService;
import dev.steward.probe.ErrorCode;
import dev.steward.probe.ProbeResult;
import dev.steward.probe.Status;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import tools.jackson.databind.json.JsonMapper;

/**
 * Server-sent events for live pages: every probe result, as a small update (service, monitor, state, the service's
 * state, latency), gathered for at most {@link #GATHER} and sent as one {@code results} event to every subscriber.
 *
 * <p>Each subscriber is served on its own request thread (a virtual thread) that waits on its own queue, so a slow
 * client delays nobody else. A subscriber that falls {@link #QUEUE} batches behind is told to {@code resync} (the page
 * reloads its content) instead of being sent the backlog. A comment line goes out after {@link #HEARTBEAT} without an
 * event, which is also how a closed connection is noticed. At most {@link #MAX_SUBSCRIBERS} streams are open at once.
 * As a lifecycle bean it ends every stream at shutdown, before the web server waits for open requests.
 */
final class LiveStream implements SmartLifecycle {

    static final int MAX_SUBSCRIBERS = 200;
    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    static final Duration GATHER = Duration.ofMillis(500);
    /** Batches waiting for one subscriber before it is told to resync instead. */
    static final int QUEUE = 64;
    /** Results waiting for the next batch before the rest are dropped and every page is told to resync. */
    static final int MAX_PENDING = 50_000;
    /** Stops after the readiness delay ({@code GracefulShutdown}) and before the web server drains requests. */
    static final int PHASE = Integer.MAX_VALUE - 512;

    private static final Logger log = LoggerFactory.getLogger(LiveStream.class);

    /** What a subscriber's queue holds besides batches. */
    private enum Signal {
        RESYNC,
        CLOSE
    }

    /**
     * One update as pages receive it (JSON).
     *
     * @param at the result's start, in milliseconds since the epoch: a bar adds a cell only for a later one
     * @param seq the result's sequence number ({@link LiveResults.Cell#sequence()}): a page that reconnects asks for
     *     what came after the last one it saw
     * @param message the result's message (e.g. {@code HTTP 503}) when it was not up; null for replayed results
     * @param error the result's error code, when it has one
     */
    record Update(
            String service,
            String monitor,
            String state,
            String serviceState,
            long at,
            long seq,
            String latency,
            @Nullable String message,
            @Nullable String error) {}

    /** A result and the sequence number it was kept with. */
    private record Kept(ProbeResult result, long sequence) {}

    /** An update and its JSON, encoded once for every subscriber. */
    record Encoded(String service, String json) {}

    private final LiveResults results;
    private final Supplier<Catalog> catalog;
    private final JsonMapper json;
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger count = new AtomicInteger();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    // guarded by lock
    private List<Kept> pending = new ArrayList<>();
    private boolean lost;

    private volatile boolean running;
    private @Nullable Thread broadcaster;

    LiveStream(LiveResults results, Supplier<Catalog> catalog, JsonMapper json, MeterRegistry meters) {
        this.results = results;
        this.catalog = catalog;
        this.json = json;
        Gauge.builder("steward.live.subscribers", count, AtomicInteger::get)
                .description("Open live-update streams (server-sent events) of the web UI")
                .register(meters);
    }

    /**
     * Called for every probe result on the probe's thread, after {@link LiveResults} kept it as {@code sequence};
     * only queues it, and only when a page listens.
     */
    void publish(ProbeResult result, long sequence) {
        if (count.get() == 0 || sequence == 0) {
            return;
        }
        lock.lock();
        try {
            if (pending.size() >= MAX_PENDING) {
                lost = true;
            } else {
                pending.add(new Kept(result, sequence));
            }
            if (pending.size() == 1 || lost) {
                wake.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * A new stream, or empty when {@link #MAX_SUBSCRIBERS} are open or Steward is stopping.
     *
     * @param service only this service's updates, when given
     * @param after first send the kept results with a higher sequence number than this: those the page has not seen
     */
    Optional<Subscriber> subscribe(Optional<String> service, Optional<Long> after) {
        if (!running) {
            return Optional.empty();
        }
        if (count.incrementAndGet() > MAX_SUBSCRIBERS) {
            count.decrementAndGet();
            log.atWarn()
                    .addKeyValue("event", "live_subscribers_full")
                    .addKeyValue("max", MAX_SUBSCRIBERS)
                    .log("Refused a live-update stream: {} are open already", MAX_SUBSCRIBERS);
            return Optional.empty();
        }
        Subscriber subscriber = new Subscriber(service, after);
        subscribers.add(subscriber);
        return Optional.of(subscriber);
    }

    int subscribers() {
        return count.get();
    }

    // ---- the broadcaster

    private void broadcast() {
        while (running) {
            List<Kept> batch;
            boolean resync;
            lock.lock();
            try {
                while (running && pending.isEmpty() && !lost) {
                    wake.await();
                }
                long until = System.nanoTime() + GATHER.toNanos();
                long left;
                while (running && !lost && (left = until - System.nanoTime()) > 0) {
                    wake.awaitNanos(left);
                }
                batch = pending;
                pending = new ArrayList<>();
                resync = lost;
                lost = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
            try {
                deliver(batch, resync);
            } catch (RuntimeException e) {
                log.atError()
                        .addKeyValue("event", "live_broadcast_failed")
                        .addKeyValue("results", batch.size())
                        .setCause(e)
                        .log("Could not send {} results to live pages: {}", batch.size(), e.toString());
            }
        }
    }

    private void deliver(List<Kept> batch, boolean resync) {
        if (resync) {
            subscribers.forEach(subscriber -> subscriber.signal(Signal.RESYNC));
            return;
        }
        Catalog current = catalog.get();
        List<Encoded> encoded = new ArrayList<>(batch.size());
        for (Kept kept : batch) {
            encoded.add(encode(update(current, kept.result(), kept.sequence())));
        }
        subscribers.forEach(subscriber -> subscriber.offer(encoded));
    }

    private Update update(Catalog current, ProbeResult result, long sequence) {
        MonitorKey key = result.monitor();
        return new Update(
                key.service(),
                key.monitor(),
                ServiceStates.word(result.status()),
                serviceState(current, key.service()),
                result.startedAt().toEpochMilli(),
                sequence,
                OverviewFormat.latency(result.latency()),
                result.status() == Status.UP ? null : result.message(),
                result.error().map(ErrorCode::code).orElse(null));
    }

    private String serviceState(Catalog current, String service) {
        return current.service(service)
                .map(found -> ServiceStates.service(found, results.latestStatuses()))
                .orElse("unknown");
    }

    private Encoded encode(Update update) {
        return new Encoded(update.service(), json.writeValueAsString(update));
    }

    /** The kept results of the subscriber's monitors kept after {@code after}, oldest first per monitor. */
    private List<Encoded> replay(Optional<String> service, long after) {
        Catalog current = catalog.get();
        List<Encoded> replayed = new ArrayList<>();
        for (MonitoredService found : current.services().values()) {
            if (service.isPresent() && !service.get().equals(found.name())) {
                continue;
            }
            String serviceState = ServiceStates.service(found, results.latestStatuses());
            for (var monitor : found.monitors()) {
                for (LiveResults.Cell cell : results.after(monitor.key(), after)) {
                    replayed.add(encode(new Update(
                            found.name(),
                            monitor.key().monitor(),
                            ServiceStates.word(cell.status()),
                            serviceState,
                            cell.startedAt().toEpochMilli(),
                            cell.sequence(),
                            OverviewFormat.latency(cell.latency()),
                            null,
                            null)));
                }
            }
        }
        return replayed;
    }

    // ---- lifecycle

    @Override
    public void start() {
        running = true;
        broadcaster = Thread.ofPlatform().name("live-broadcaster").daemon(true).start(this::broadcast);
    }

    /** Ends every stream (pages reconnect, to another instance or after the restart) and the broadcaster. */
    @Override
    public void stop() {
        running = false;
        lock.lock();
        try {
            wake.signalAll();
        } finally {
            lock.unlock();
        }
        subscribers.forEach(subscriber -> subscriber.signal(Signal.CLOSE));
        Thread thread = broadcaster;
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(5));
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
        return PHASE;
    }

    /** One open stream: its queue of batches, written out by the request's own thread in {@link #serve}. */
    final class Subscriber {

        private final Optional<String> service;
        private final Optional<Long> after;
        private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE + 2);

        private Subscriber(Optional<String> service, Optional<Long> after) {
            this.service = service;
            this.after = after;
        }

        /** Queues a batch for this page, or tells it to resync when it is {@link #QUEUE} batches behind. */
        void offer(List<Encoded> batch) {
            if (!queue.offer(batch) || queue.size() > QUEUE) {
                signal(Signal.RESYNC);
            }
        }

        /** Drops what waits and leaves only the signal (a page told to resync needs none of it). */
        private void signal(Signal signal) {
            queue.clear();
            queue.offer(signal);
        }

        /**
         * Writes events until the client goes away, Steward stops, or the thread is interrupted; always unsubscribes.
         */
        void serve(OutputStream out) {
            try {
                write(out, "retry: 3000\nevent: hello\ndata: {\"instance\":\"" + results.instance() + "\"}\n\n");
                after.ifPresent(sequence -> {
                    List<Encoded> replayed = replay(service, sequence);
                    if (!replayed.isEmpty()) {
                        queue.offer(replayed);
                    }
                });
                long lastWrite = System.nanoTime();
                while (running) {
                    Object item = queue.poll(HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
                    if (item == Signal.CLOSE) {
                        return;
                    }
                    String event = item == null ? null : event(item);
                    if (event != null) {
                        write(out, event);
                        lastWrite = System.nanoTime();
                    } else if (System.nanoTime() - lastWrite >= HEARTBEAT.toNanos()) {
                        write(out, ": heartbeat\n\n");
                        lastWrite = System.nanoTime();
                    }
                }
            } catch (IOException e) {
                log.atDebug()
                        .addKeyValue("event", "live_subscriber_gone")
                        .log("A live-update stream ended: {}", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (subscribers.remove(this)) {
                    count.decrementAndGet();
                }
            }
        }

        /** The text of one event for a queued item, or null when none of it is for this subscriber. */
        private @Nullable String event(Object item) {
            if (item == Signal.RESYNC) {
                return "event: resync\ndata: {}\n\n";
            }
            if (!(item instanceof List<?> batch)) {
                return null;
            }
            StringBuilder data = new StringBuilder("event: results\ndata: [");
            int written = 0;
            for (Object element : batch) {
                if (element instanceof Encoded update
                        && (service.isEmpty() || service.get().equals(update.service()))) {
                    data.append(written++ == 0 ? "" : ",").append(update.json());
                }
            }
            return written == 0 ? null : data.append("]\n\n").toString();
        }

        private static void write(OutputStream out, String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }
}
