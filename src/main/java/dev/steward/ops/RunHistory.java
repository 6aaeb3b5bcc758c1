package dev.steward.ops;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Records each run of Steward against its database (version, host, pid, start and stop) so that
 * {@code steward db status} can say which versions have used the database, which matters when rolling back.
 */
@Component
class RunHistory {

    private static final Logger log = LoggerFactory.getLogger(RunHistory.class);
    private final JdbcClient jdbc;
    private final Clock clock;
    private final String version;
    private @Nullable Long runId;

    RunHistory(JdbcClient jdbc, Clock clock, Optional<BuildProperties> build) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.version = build.map(BuildProperties::getVersion).orElse("unknown");
    }

    @EventListener(ApplicationReadyEvent.class)
    void started() {
        runId = jdbc.sql("""
                        insert into steward_run (version, host, pid, started_at)
                        values (:version, :host, :pid, :startedAt)
                        returning id
                        """)
                .param("version", version)
                .param("host", hostName())
                .param("pid", ProcessHandle.current().pid())
                .param("startedAt", Timestamp.from(clock.instant()))
                .query(Long.class)
                .single();
        log.atInfo()
                .addKeyValue("event", "steward_started")
                .addKeyValue("version", version)
                .addKeyValue("run", runId)
                .addKeyValue("startupMs", ManagementFactory.getRuntimeMXBean().getUptime())
                .log("Steward {} is ready", version);
    }

    @EventListener(ContextClosedEvent.class)
    void stopped() {
        if (runId == null) {
            return;
        }
        try {
            jdbc.sql("update steward_run set stopped_at = :stoppedAt where id = :id")
                    .param("stoppedAt", Timestamp.from(clock.instant()))
                    .param("id", runId)
                    .update();
        } catch (RuntimeException e) {
            log.atWarn()
                    .addKeyValue("event", "run_history_update_failed")
                    .setCause(e)
                    .log("Could not record the end of this run: {}", e.getMessage());
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
