package dev.steward.intake;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/** Links other tools send: kept only when they are absolute http(s) URLs, so nothing else reaches a notification. */
final class Links {

    private Links() {}

    static Optional<URI> http(String text) {
        if (text.isBlank()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(text.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    ? Optional.of(uri)
                    : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty(); // a malformed link is dropped; the alert itself is still worth having
        }
    }
}
