package dev.steward.catalog;

import dev.steward.config.DatabaseUrl;
import dev.steward.config.RedisUrl;
import dev.steward.config.Secret;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What a monitor probes and how: one record per monitor kind, exactly as the catalog declared it (defaults applied). */
public sealed interface ProbeSpec {

    /** The kind's name as written in the catalog's {@code type} field. */
    String type();

    /** Where the probe goes, for messages and the API; never contains credentials. */
    String target();

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
}
