package dev.steward.heartbeat;

import dev.steward.catalog.MonitorKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * One ping a heartbeat's job sent, as stored.
 *
 * @param exitStatus the exit status the job reported ({@code /ping/<uuid>/<status>}), when it reported one
 * @param duration a finished run's time since its start ping, when there was one within 72 hours
 * @param log the first 100,000 bytes of the request's body, read as UTF-8 (invalid bytes replaced)
 * @param truncated whether the body was longer than that
 * @param client the client's address (honouring {@code TRUST_PROXY})
 * @param rid the run id the job sent ({@code ?rid=<uuid>}), which pairs a start with its finish
 */
public record Ping(
        long id,
        MonitorKey monitor,
        Instant at,
        Kind kind,
        OptionalInt exitStatus,
        Optional<Duration> duration,
        String log,
        boolean truncated,
        String client,
        String method,
        Optional<String> userAgent,
        Optional<UUID> rid) {

    /** The most a ping's body keeps, as in Healthchecks: 100 kB. */
    public static final int MAX_BODY = 100_000;

    /** What a ping says. */
    public enum Kind {
        /** The run succeeded: {@code /ping/<uuid>} or exit status 0. */
        SUCCESS,
        /** A run started: {@code /start}. */
        START,
        /** The run failed: {@code /fail} or a non-zero exit status. */
        FAIL,
        /** Only a log line: {@code /log}; changes nothing. */
        LOG;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind fromCode(String code) {
            return valueOf(code.toUpperCase(Locale.ROOT));
        }

        /** Whether the ping ends a run (success or failure). */
        public boolean finishes() {
            return this == SUCCESS || this == FAIL;
        }
    }

    /** This ping without its log, as Steward keeps the latest one of each heartbeat in memory. */
    Ping withoutLog() {
        return new Ping(id, monitor, at, kind, exitStatus, duration, "", truncated, client, method, userAgent, rid);
    }

    /** The body as text, from its bytes. */
    static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The last line of the log that is not blank, at most 200 characters; empty without one. */
    public Optional<String> lastLine() {
        String[] lines = log.split("\\R");
        for (int i = lines.length - 1; i >= 0; i--) {
            String line = lines[i].strip();
            if (!line.isEmpty()) {
                return Optional.of(line.length() > 200 ? line.substring(0, 199) + "…" : line);
            }
        }
        return Optional.empty();
    }
}
