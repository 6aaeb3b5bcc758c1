package dev.steward.ops;

import dev.steward.config.Durations;
import dev.steward.config.Settings;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.stereotype.Component;

/**
 * The first step of shutting down. As soon as shutdown begins {@code /readyz} answers 503 "Shutting down"; Steward
 * then keeps serving for {@code SHUTDOWN_DELAY} so that load balancers see it and stop sending traffic. After that the
 * web server stops accepting connections and lets in-flight requests finish within {@code SHUTDOWN_DRAIN_TIMEOUT}
 * (Spring Boot's graceful shutdown, one lifecycle phase later).
 */
@Component
class GracefulShutdown implements SmartLifecycle, ApplicationListener<ContextClosedEvent> {

    private static final Logger log = LoggerFactory.getLogger(GracefulShutdown.class);
    private final Duration delay;
    private final Duration drainTimeout;
    private volatile boolean running;
    private volatile boolean shuttingDown;

    GracefulShutdown(Settings settings) {
        this.delay = settings.shutdownDelay();
        this.drainTimeout = settings.shutdownDrainTimeout();
    }

    /** Whether shutdown has begun; readiness reports it. */
    boolean shuttingDown() {
        return shuttingDown;
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        if (!shuttingDown) {
            shuttingDown = true;
            log.atInfo()
                    .addKeyValue("event", "shutdown_started")
                    .addKeyValue("delayMs", delay.toMillis())
                    .addKeyValue("drainTimeoutMs", drainTimeout.toMillis())
                    .log(
                            "Shutting down: readiness is now 503; serving {} more, then draining in-flight requests for"
                                    + " up to {}",
                            Durations.format(delay),
                            Durations.format(drainTimeout));
        }
    }

    @Override
    public void start() {
        running = true;
    }

    /** Blocks for the delay: stopping is synchronous, so the web server's graceful shutdown starts only after it. */
    @Override
    public void stop() {
        if (!delay.isZero()) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
