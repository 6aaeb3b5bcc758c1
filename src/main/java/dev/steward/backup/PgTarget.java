package dev.steward.backup;

import dev.steward.config.DatabaseUrl;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A {@link DatabaseUrl} taken apart for the client tools: hosts, ports and database, and the libpq environment
 * variables ({@code PGHOST}, {@code PGPASSWORD}, {@code PGSSLMODE}, …) that carry them to {@code pg_dump} and
 * {@code pg_restore}. The password travels only in the child's environment, never in its arguments, where any user of
 * the machine could read it.
 */
record PgTarget(DatabaseUrl url, List<String> hosts, List<String> ports, String database, Map<String, String> options) {

    private static final String APPLICATION = "steward-backup";

    PgTarget {
        hosts = List.copyOf(hosts);
        ports = List.copyOf(ports);
        options = Map.copyOf(options);
    }

    static PgTarget of(DatabaseUrl url) {
        String rest = url.jdbcUrl().substring("jdbc:postgresql://".length());
        int query = rest.indexOf('?');
        Map<String, String> options = new LinkedHashMap<>();
        if (query >= 0) {
            for (String pair : rest.substring(query + 1).split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    options.put(pair.substring(0, equals), decode(pair.substring(equals + 1)));
                }
            }
            rest = rest.substring(0, query);
        }
        int slash = rest.indexOf('/');
        String database = slash < 0 ? "" : decode(rest.substring(slash + 1));
        List<String> hosts = new ArrayList<>();
        List<String> ports = new ArrayList<>();
        for (String address : (slash < 0 ? rest : rest.substring(0, slash)).split(",")) {
            int close = address.lastIndexOf(']');
            int colon = address.lastIndexOf(':');
            boolean hasPort = colon > close;
            String host = hasPort ? address.substring(0, colon) : address;
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            hosts.add(host);
            ports.add(hasPort ? address.substring(colon + 1) : "5432");
        }
        return new PgTarget(url, hosts, ports, database.isEmpty() ? "postgres" : database, options);
    }

    /** The same server with another database, e.g. a scratch database for a drill. */
    DatabaseUrl withDatabase(String name) {
        String jdbc = url.jdbcUrl();
        int start = jdbc.indexOf('/', "jdbc:postgresql://".length());
        int query = jdbc.indexOf('?');
        String suffix = query < 0 ? "" : jdbc.substring(query);
        String base = start < 0 ? (query < 0 ? jdbc : jdbc.substring(0, query)) : jdbc.substring(0, start);
        return new DatabaseUrl(base + "/" + encodePath(name) + suffix, url.username(), url.password());
    }

    /** Host, port and database for messages; never credentials. */
    String describe() {
        return url.describe();
    }

    /**
     * The environment for a client tool: every inherited {@code PG*} variable removed (so nothing from Steward's own
     * environment redirects the tool), then the connection's.
     */
    void applyTo(Map<String, String> environment) {
        environment.keySet().removeIf(name -> name.startsWith("PG"));
        environment.put("PGHOST", String.join(",", hosts));
        environment.put("PGPORT", String.join(",", ports));
        environment.put("PGDATABASE", database);
        environment.put("PGAPPNAME", APPLICATION);
        environment.put("PGCONNECT_TIMEOUT", options.getOrDefault("connectTimeout", "30"));
        if (url.username() != null) {
            environment.put("PGUSER", url.username());
        }
        if (url.password() != null) {
            environment.put("PGPASSWORD", url.password().value());
        }
        String sslmode = options.get("sslmode");
        if (sslmode != null) {
            environment.put("PGSSLMODE", sslmode);
        } else if ("true".equalsIgnoreCase(options.get("ssl"))) {
            // pgjdbc's ssl=true verifies the certificate and the host name, which is libpq's verify-full.
            environment.put("PGSSLMODE", "verify-full");
        }
        copy("sslrootcert", "PGSSLROOTCERT", environment);
        copy("sslcert", "PGSSLCERT", environment);
        copy("sslkey", "PGSSLKEY", environment);
        copy("options", "PGOPTIONS", environment);
        copy("gssEncMode", "PGGSSENCMODE", environment);
        String serverType = options.get("targetServerType");
        if ("primary".equals(serverType) || "master".equals(serverType)) {
            environment.put("PGTARGETSESSIONATTRS", "read-write");
        }
    }

    private void copy(String option, String variable, Map<String, String> environment) {
        String value = options.get(option);
        if (value != null) {
            environment.put(variable, value);
        }
    }

    /** A JDBC connection with the URL's credentials, named {@code steward-backup} in {@code pg_stat_activity}. */
    Connection connect() throws SQLException {
        Properties properties = new Properties();
        if (url.username() != null) {
            properties.setProperty("user", url.username());
        }
        if (url.password() != null) {
            properties.setProperty("password", url.password().value());
        }
        properties.setProperty("ApplicationName", APPLICATION);
        properties.setProperty("connectTimeout", options.getOrDefault("connectTimeout", "30"));
        return DriverManager.getConnection(url.jdbcUrl(), properties);
    }

    /** The database as a libpq connection string for {@code --dbname}, so no name is mistaken for a URL. */
    String dbnameArgument() {
        return "dbname='" + database.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** Percent-encodes a database name for a JDBC URL's path. */
    private static String encodePath(String name) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9'
                    || c == '_'
                    || c == '-'
                    || c == '.') {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(String.format("%02X", c));
            }
        }
        return encoded.toString();
    }
}
