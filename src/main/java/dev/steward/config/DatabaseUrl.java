package dev.steward.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A PostgreSQL connection: a JDBC URL without credentials, plus user and password kept apart so that the URL can be
 * printed and logged safely.
 *
 * <p>Accepts the libpq form {@code postgres://user:pass@host:port/db?sslmode=require} (also {@code postgresql://})
 * and JDBC URLs {@code jdbc:postgresql://host:port/db?user=…&password=…}.
 */
public record DatabaseUrl(
        String jdbcUrl, @Nullable String username, @Nullable Secret password) {

    /** A description of the target for logs and messages: host, port and database, never credentials. */
    public String describe() {
        String withoutScheme = jdbcUrl.substring("jdbc:postgresql://".length());
        int query = withoutScheme.indexOf('?');
        return query < 0 ? withoutScheme : withoutScheme.substring(0, query);
    }

    @Override
    public String toString() {
        return "DatabaseUrl[" + describe() + (username == null ? "" : ", user " + username) + "]";
    }

    /**
     * Parses a database URL.
     *
     * @return the URL, or a message saying what is wrong with it (the message never contains the password)
     */
    public static Result parse(String text) {
        String trimmed = text.trim();
        if (trimmed.startsWith("jdbc:postgresql:")) {
            return parseJdbc(trimmed);
        }
        if (trimmed.startsWith("postgres://") || trimmed.startsWith("postgresql://")) {
            return parseLibpq(trimmed);
        }
        return new Result.Invalid("must start with postgres://, postgresql:// or jdbc:postgresql://");
    }

    private static Result parseLibpq(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            return new Result.Invalid("is not a valid URL (" + e.getReason() + "); percent-encode special characters"
                    + " in the user name and password, e.g. p%40ss for p@ss");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return new Result.Invalid("names no host; write postgres://user:password@host:5432/database");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String database = path.startsWith("/") ? path.substring(1) : path;
        if (database.isBlank() || database.contains("/")) {
            return new Result.Invalid("names no database; write postgres://user:password@host:5432/database");
        }
        Map<String, String> parameters = queryParameters(uri.getRawQuery());
        String username = take(parameters, "user");
        String passwordText = take(parameters, "password");
        Secret password = passwordText == null ? null : new Secret(passwordText);
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            username = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            if (colon >= 0) {
                password = new Secret(decode(userInfo.substring(colon + 1)));
            }
        }
        String host = uri.getHost().contains(":") && !uri.getHost().startsWith("[")
                ? "[" + uri.getHost() + "]"
                : uri.getHost();
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        String jdbc = withQuery("jdbc:postgresql://" + host + ":" + port + "/" + database, parameters);
        return new Result.Valid(new DatabaseUrl(jdbc, username, password));
    }

    private static Result parseJdbc(String text) {
        if (!text.startsWith("jdbc:postgresql://")) {
            return new Result.Invalid("must name a host: jdbc:postgresql://host:5432/database");
        }
        int queryStart = text.indexOf('?');
        String base = queryStart < 0 ? text : text.substring(0, queryStart);
        if (base.length() == "jdbc:postgresql://".length()) {
            return new Result.Invalid("must name a host: jdbc:postgresql://host:5432/database");
        }
        Map<String, String> parameters = queryParameters(queryStart < 0 ? null : text.substring(queryStart + 1));
        String username = take(parameters, "user");
        String passwordText = take(parameters, "password");
        Secret password = passwordText == null ? null : new Secret(passwordText);
        return new Result.Valid(new DatabaseUrl(withQuery(base, parameters), username, password));
    }

    /** Removes a parameter (credentials never stay in the JDBC URL) and returns its decoded value. */
    private static @Nullable String take(Map<String, String> parameters, String name) {
        String value = parameters.remove(name);
        return value == null ? null : decode(value);
    }

    private static String withQuery(String base, Map<String, String> parameters) {
        List<String> query = new ArrayList<>();
        parameters.forEach((key, value) -> query.add(key + "=" + value));
        return query.isEmpty() ? base : base + "?" + String.join("&", query);
    }

    private static Map<String, String> queryParameters(@Nullable String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                parameters.put(pair.substring(0, equals), pair.substring(equals + 1));
            } else if (!pair.isEmpty()) {
                parameters.put(pair, "");
            }
        }
        return parameters;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The outcome of {@link #parse(String)}. */
    public sealed interface Result {
        /** A usable URL. */
        record Valid(DatabaseUrl url) implements Result {}

        /** Why the text is not a database URL, phrased to follow the variable name. */
        record Invalid(String problem) implements Result {}
    }
}
