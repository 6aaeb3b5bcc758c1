package dev.steward.catalog;

import dev.steward.config.DatabaseUrl;
import dev.steward.config.Durations;
import dev.steward.config.RedisUrl;
import dev.steward.config.Secret;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.scheduling.support.CronExpression;

/** What a monitor probes and how: one record per monitor kind, exactly as the catalog declared it (defaults applied). */
public sealed interface ProbeSpec {

    /** The kind's name as written in the catalog's {@code type} field. */
    String type();

    /** Where the probe goes, for messages and the API; never contains credentials. */
    String target();

    /** False for kinds Steward does not probe but hears from (heartbeats): the probe scheduler leaves them alone. */
    default boolean probed() {
        return true;
    }

    /** An HTTP(S) request; conditions see {@code [STATUS]}, {@code [BODY]}, {@code [RESPONSE_TIME]}, … */
    record Http(
            String method,
            URI url,
            Map<String, String> headers,
            Optional<String> body,
            boolean followRedirects,
            Optional<HttpAuth> auth,
            boolean insecureTls)
            implements ProbeSpec {
        public Http {
            headers = Map.copyOf(headers);
        }

        @Override
        public String type() {
            return "http";
        }

        /** The method and URL without user info or query, which can carry credentials. */
        @Override
        public String target() {
            return method + " " + url.getScheme() + "://" + url.getHost()
                    + (url.getPort() < 0 ? "" : ":" + url.getPort())
                    + (url.getRawPath() == null ? "" : url.getRawPath())
                    + (url.getRawQuery() == null ? "" : "?…");
        }
    }

    /** Credentials sent with an HTTP probe. */
    sealed interface HttpAuth {
        record Basic(String username, Secret password) implements HttpAuth {}

        record Bearer(Secret token) implements HttpAuth {}
    }

    /** A TCP connection; {@code [CONNECTED] == false} turns it into a check that a port is closed. */
    record Tcp(String host, int port) implements ProbeSpec {
        @Override
        public String type() {
            return "tcp";
        }

        @Override
        public String target() {
            return host + ":" + port;
        }
    }

    /** A PostgreSQL connection and one query; conditions see {@code [ROWS]}, {@code [RESULT][0].column}, … */
    record Postgres(DatabaseUrl url, String query) implements ProbeSpec {
        @Override
        public String type() {
            return "postgres";
        }

        @Override
        public String target() {
            return url.describe();
        }
    }

    /** A Redis PING, and INFO when a condition reads {@code [INFO].field}. */
    record Redis(RedisUrl url, boolean info) implements ProbeSpec {
        @Override
        public String type() {
            return "redis";
        }

        @Override
        public String target() {
            return url.describe();
        }
    }

    /**
     * A TLS handshake with host:port; conditions see {@code [CERTIFICATE_EXPIRATION]}, …
     *
     * @param insecureTls accept a chain the JDK does not trust (self-signed, internal CA) and still report its expiry
     */
    record Tls(String host, int port, Optional<String> serverName, boolean verifyHostname, boolean insecureTls)
            implements ProbeSpec {
        @Override
        public String type() {
            return "tls";
        }

        @Override
        public String target() {
            return host + ":" + port;
        }
    }

    /**
     * A DNS query for a name, through the system resolver or a given server; conditions see {@code [DNS_RCODE]},
     * {@code [BODY]} (the answers) and {@code [IP]}.
     *
     * @param server {@code host} or {@code host:port} of the DNS server; empty means the system resolver
     * @param expectedAddresses when not empty, every one of these must be among the answers
     */
    record Dns(String name, String queryType, Optional<String> server, List<String> expectedAddresses)
            implements ProbeSpec {
        public Dns {
            expectedAddresses = List.copyOf(expectedAddresses);
        }

        @Override
        public String type() {
            return "dns";
        }

        @Override
        public String target() {
            return queryType + " " + name + server.map(s -> " @" + s).orElse("");
        }
    }

    /**
     * A job that reports itself by pinging {@code /ping/<uuid>} (the Healthchecks ping API); Steward never probes it,
     * and judges each run: a success ping is up, a failure ping is down at once, and a run that does not ping by its
     * deadline (the next expected time plus {@code grace}) is down.
     *
     * @param grace how long after the expected time a ping may still arrive, and how long a started run may take
     * @param uuid the ping URL's UUID when the catalog names one (e.g. an existing Healthchecks check's, so that cron
     *     lines change only the host); else Steward assigns one and keeps it
     */
    record Heartbeat(HeartbeatSchedule schedule, Duration grace, Optional<UUID> uuid) implements ProbeSpec {

        @Override
        public String type() {
            return "heartbeat";
        }

        @Override
        public String target() {
            return schedule.describe() + ", grace " + Durations.format(grace);
        }

        @Override
        public boolean probed() {
            return false;
        }
    }

    /** When a heartbeat's job is expected to ping. */
    sealed interface HeartbeatSchedule {

        /** The first time strictly after {@code after} that a run is expected; empty when none is, ever again. */
        Optional<Instant> next(Instant after);

        /** The schedule in words, e.g. {@code every 1h} or {@code cron 0 2 * * * (Europe/Istanbul)}. */
        String describe();

        /** The usual time between two runs: the period, or for cron the gap between its first two runs in 2001. */
        Duration typicalGap();

        /** Every {@code every} after the last run. */
        record Period(Duration every) implements HeartbeatSchedule {

            @Override
            public Optional<Instant> next(Instant after) {
                return Optional.of(after.plus(every));
            }

            @Override
            public String describe() {
                return "every " + Durations.format(every);
            }

            @Override
            public Duration typicalGap() {
                return every;
            }
        }

        /**
         * At the fire times of a cron expression in a time zone, parsed as every schedule of the catalog is (see
         * {@link ScheduleReader}). Around daylight saving changes it expects no more than a cron daemon
         * runs, so that a change never looks like a missed run: a local time that the change skips is not expected
         * that day (daemons run such a job just after the change, and that run counts for the day), and a local time
         * that the change repeats is expected once, the first time.
         *
         * @param expression five fields (minute hour day-of-month month day-of-week) or a macro such as {@code @daily}
         */
        record Cron(String expression, ZoneId zone) implements HeartbeatSchedule {

            private static final Instant REFERENCE = Instant.parse("2001-01-01T00:00:00Z");

            @Override
            public Optional<Instant> next(Instant after) {
                CronExpression cron = ScheduleReader.expression(expression);
                @Nullable ZonedDateTime fire = cron.next(after.atZone(zone));
                while (fire != null && repeated(fire)) {
                    fire = cron.next(fire);
                }
                return Optional.ofNullable(fire).map(ZonedDateTime::toInstant);
            }

            /** Whether the time is the second occurrence of a local time that the end of daylight saving repeats. */
            private boolean repeated(ZonedDateTime time) {
                List<ZoneOffset> offsets = zone.getRules().getValidOffsets(time.toLocalDateTime());
                return offsets.size() == 2 && time.getOffset().equals(offsets.get(1));
            }

            @Override
            public String describe() {
                return "cron " + expression + " (" + zone.getId() + ")";
            }

            @Override
            public Duration typicalGap() {
                Optional<Instant> first = next(REFERENCE);
                Optional<Instant> second = first.flatMap(this::next);
                return first.isPresent() && second.isPresent()
                        ? Duration.between(first.get(), second.get())
                        : Duration.ofDays(1);
            }
        }
    }
}
