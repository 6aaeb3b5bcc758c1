package dev.steward.notify;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * An SMTP server as {@code SMTP_URL} or a channel's {@code smtp} names it: {@code smtp://user:password@host:587}
 * (STARTTLS when the server offers it; {@code ?starttls=required} refuses to go on without it) or
 * {@code smtps://user:password@host:465} (TLS from the first byte). User and password are percent-decoded.
 *
 * @param implicitTls {@code smtps://}
 * @param port 587 for {@code smtp://} and 465 for {@code smtps://} when the URL names none
 */
record SmtpServer(
        boolean implicitTls,
        String host,
        int port,
        Optional<String> user,
        Optional<String> password,
        boolean starttlsRequired) {

    /** The protocol name Jakarta Mail knows it by. */
    String protocol() {
        return implicitTls ? "smtps" : "smtp";
    }

    /** {@code host:port}, as errors and previews name the server. */
    String address() {
        return host + ":" + port;
    }

    /**
     * Reads the URL. The value holds a password, so a problem is described by what is wrong, never by quoting it.
     *
     * @throws IllegalArgumentException with that description
     */
    static SmtpServer parse(String value) {
        URI uri;
        try {
            uri = new URI(value.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a valid URL (at character " + e.getIndex()
                    + "); percent-encode special characters of the user and password");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean implicitTls;
        switch (scheme) {
            case "smtp" -> implicitTls = false;
            case "smtps" -> implicitTls = true;
            default ->
                throw new IllegalArgumentException(
                        "must start with smtp:// (port 587 or 25, STARTTLS) or smtps:// (port 465, TLS)");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("names no host; write e.g. smtp://user:password@mail.example.com:587");
        }
        int port = uri.getPort() != -1 ? uri.getPort() : implicitTls ? 465 : 587;
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            user = Optional.of(decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
            password = colon < 0 ? Optional.of("") : Optional.of(decode(userInfo.substring(colon + 1)));
        }
        boolean starttlsRequired = false;
        String query = uri.getRawQuery();
        if (query != null && !query.isEmpty()) {
            for (String parameter : query.split("&")) {
                if (parameter.equalsIgnoreCase("starttls=required")) {
                    starttlsRequired = true;
                } else if (parameter.equalsIgnoreCase("starttls=optional")) {
                    starttlsRequired = false;
                } else {
                    String name = parameter.contains("=") ? parameter.substring(0, parameter.indexOf('=')) : parameter;
                    throw new IllegalArgumentException("has an unknown parameter " + Wording.oneLine(name)
                            + "; the only one is starttls=required (or starttls=optional, the default)");
                }
            }
            if (starttlsRequired && implicitTls) {
                throw new IllegalArgumentException(
                        "asks smtps:// for starttls=required; smtps:// is TLS from the first byte, drop the parameter");
            }
        }
        return new SmtpServer(implicitTls, uri.getHost(), port, user, password, starttlsRequired);
    }

    /** Percent-decoding as in URLs ({@code +} stays a plus), bytes read as UTF-8. */
    private static String decode(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length()
                        || Character.digit(text.charAt(i + 1), 16) < 0
                        || Character.digit(text.charAt(i + 2), 16) < 0) {
                    throw new IllegalArgumentException(
                            "has a % in the user or password that is not followed by two hex digits; write % as %25");
                }
                bytes.write(Character.digit(text.charAt(i + 1), 16) * 16 + Character.digit(text.charAt(i + 2), 16));
                i += 2;
            } else {
                int codePoint = text.codePointAt(i);
                byte[] encoded = Character.toString(codePoint).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
                i += Character.charCount(codePoint) - 1;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        // The record's own toString would print the password.
        return "SmtpServer[" + protocol() + "://" + address() + (user.isPresent() ? ", with login" : "") + "]";
    }
}
