package dev.steward.notify;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Keeps secrets out of previews and errors: URLs are shown as {@code scheme://host/…} (webhook paths often are the
 * token), receivers by host only, and any secret value a receiver echoes is cut out of its answer.
 */
final class Masking {

    static final String MASK = "******";

    /** Shorter values are not searched for in texts: cutting every "ab" out of an answer would garble it. */
    private static final int SHORTEST_REDACTED = 4;

    private final List<String> secrets;

    private Masking(List<String> secrets) {
        this.secrets = secrets;
    }

    /** Redacts the given values (empty and very short ones are skipped), longest first. */
    static Masking of(Collection<String> secrets) {
        List<String> values = new ArrayList<>();
        for (String secret : secrets) {
            if (secret.length() >= SHORTEST_REDACTED && !values.contains(secret)) {
                values.add(secret);
            }
        }
        values.sort(Comparator.comparingInt(String::length).reversed());
        return new Masking(List.copyOf(values));
    }

    /** The secret parts of a URL: the whole text, its path, query and user info. */
    static List<String> partsOf(URI uri) {
        List<String> parts = new ArrayList<>();
        parts.add(uri.toString());
        for (String part : new String[] {
            uri.getRawPath(), uri.getPath(), uri.getRawQuery(), uri.getQuery(), uri.getRawUserInfo(), uri.getUserInfo()
        }) {
            if (part != null && !part.isEmpty() && !"/".equals(part)) {
                parts.add(part);
            }
        }
        return parts;
    }

    /** The text with every secret replaced by {@value #MASK}. */
    String redact(String text) {
        String redacted = text;
        for (String secret : secrets) {
            redacted = redacted.replace(secret, MASK);
        }
        return redacted;
    }

    /** {@code https://hooks.example.com/…}: scheme, host and port, and an ellipsis for a path or query. */
    static String url(URI uri) {
        String host = uri.getHost() == null ? "?" : uri.getHost();
        String port = uri.getPort() == -1 ? "" : ":" + uri.getPort();
        boolean more = (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !"/".equals(uri.getRawPath()))
                || uri.getRawQuery() != null;
        return uri.getScheme() + "://" + host + port + (more ? "/…" : "");
    }

    /** The receiver as errors name it: {@code host} or {@code host:port} when the URL names a port. */
    static String receiver(URI uri) {
        String host = uri.getHost() == null ? "?" : uri.getHost();
        return uri.getPort() == -1 ? host : host + ":" + uri.getPort();
    }

    /** An absolute http(s) URL with a host, or empty: the value is a secret, so callers say what is wrong, not it. */
    static Optional<URI> httpUrl(String value) {
        try {
            URI uri = new URI(value.strip());
            String scheme = uri.getScheme();
            if (scheme == null
                    || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || uri.getHost() == null) {
                return Optional.empty();
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            // The reason quotes the value, which is a secret: the caller reports the URL as invalid without it.
            return Optional.empty();
        }
    }
}
