package dev.steward.catalog;

import dev.steward.config.Durations;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads typed values (text, durations, booleans, ports, lists, URLs) from the catalog's YAML nodes, with environment
 * interpolation, and reports each value that does not fit at its line and column. Every method returns empty (or an
 * empty list) after reporting; a value written as nothing counts as absent.
 */
final class CatalogValues {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private final CatalogProblems problems;
    private final Interpolation interpolation;

    CatalogValues(CatalogProblems problems, Interpolation interpolation) {
        this.problems = problems;
        this.interpolation = interpolation;
    }

    CatalogProblems problems() {
        return problems;
    }

    /**
     * A scalar value after interpolation.
     *
     * @param display how a message may quote it: as written when it contained a {@code ${…}} reference, so that a value
     *     from the environment never appears in a message
     */
    record Text(String value, String display, ScalarNode node, boolean interpolated) {

        /** The value in double quotes, for messages. */
        String quoted() {
            return "\"" + display + "\"";
        }
    }

    Optional<Text> text(YamlValue value, String expected) {
        if (value.isNull()) {
            return Optional.empty();
        }
        if (!(value.node() instanceof ScalarNode scalar)) {
            problems.error(value.node(), value.path(), "expected " + expected + ", got " + value.kind());
            return Optional.empty();
        }
        Interpolation.Result resolved = interpolation.resolve(scalar.getValue());
        problems.secrets(resolved.secrets());
        if (!resolved.problems().isEmpty()) {
            resolved.problems().forEach(problem -> problems.error(scalar, value.path(), problem));
            return Optional.empty();
        }
        String display = resolved.interpolated() ? scalar.getValue() : resolved.value();
        return Optional.of(new Text(resolved.value(), display, scalar, resolved.interpolated()));
    }

    Optional<String> string(YamlValue value) {
        return text(value, "text").map(Text::value);
    }

    /** A text that must not be empty or only spaces; {@code what} completes "is empty; write …". */
    Optional<String> nonBlank(YamlValue value, String example) {
        return nonBlankText(value, example).map(Text::value);
    }

    /** Like {@link #nonBlank}, with how a message may show the value. */
    Optional<Text> nonBlankText(YamlValue value, String example) {
        Optional<Text> text = text(value, "text");
        if (text.isPresent() && text.get().value().isBlank()) {
            problems.error(value.node(), value.path(), "is empty; write " + example);
            return Optional.empty();
        }
        return text;
    }

    Optional<Duration> duration(YamlValue value) {
        return text(value, "a duration such as 30s").flatMap(text -> {
            Optional<Duration> duration = Durations.parse(text.value());
            if (duration.isEmpty()) {
                problems.error(value.node(), value.path(), text.quoted() + " is not a duration (use 30s, 5m)");
            }
            return duration;
        });
    }

    Optional<Boolean> bool(YamlValue value) {
        return text(value, "true or false").flatMap(text -> {
            String lower = text.value().trim().toLowerCase(Locale.ROOT);
            if (lower.equals("true") || lower.equals("false")) {
                return Optional.of(lower.equals("true"));
            }
            problems.error(value.node(), value.path(), text.quoted() + " is not true or false");
            return Optional.empty();
        });
    }

    Optional<Integer> port(YamlValue value) {
        return text(value, "a port number (1 to 65535)").flatMap(text -> {
            String trimmed = text.value().trim();
            if (trimmed.matches("\\d{1,5}")) {
                int port = Integer.parseInt(trimmed);
                if (port >= 1 && port <= 65535) {
                    return Optional.of(port);
                }
            }
            problems.error(value.node(), value.path(), text.quoted() + " is not a port number (1 to 65535)");
            return Optional.empty();
        });
    }

    /** The items of a list; a single value where a list belongs is an error (not a list of one). */
    List<YamlValue> list(YamlValue value, String expected) {
        if (value.isNull()) {
            return List.of();
        }
        if (!(value.node() instanceof SequenceNode sequence)) {
            problems.error(value.node(), value.path(), "expected " + expected + ", got " + value.kind());
            return List.of();
        }
        List<YamlValue> items = new ArrayList<>();
        for (int i = 0; i < sequence.getValue().size(); i++) {
            items.add(value.item(i, sequence.getValue().get(i)));
        }
        return items;
    }

    /** A list of non-empty texts, e.g. tags. */
    List<String> strings(YamlValue value, String expected, String example) {
        List<String> strings = new ArrayList<>();
        for (YamlValue item : list(value, expected)) {
            if (item.isNull()) {
                problems.error(item.node(), item.path(), "is empty; write " + example);
            } else {
                nonBlank(item, example).ifPresent(strings::add);
            }
        }
        return strings;
    }

    /** An absolute URL whose scheme is one of {@code schemes}, with a host. The URL is never quoted (credentials). */
    Optional<URI> url(YamlValue value, List<String> schemes, String example) {
        return text(value, "a URL such as " + example).flatMap(text -> {
            URI uri;
            try {
                uri = new URI(text.value().trim());
            } catch (URISyntaxException e) {
                problems.error(
                        value.node(),
                        value.path(),
                        "is not a valid URL (" + e.getReason()
                                + (e.getIndex() >= 0 ? " at character " + (e.getIndex() + 1) : "")
                                + "); write it like " + example);
                return Optional.empty();
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!schemes.contains(scheme)) {
                problems.error(
                        value.node(),
                        value.path(),
                        "must start with "
                                + String.join(
                                        " or ",
                                        schemes.stream().map(s -> s + "://").toList())
                                + (scheme.isEmpty() || text.interpolated() ? "" : " (found " + scheme + "://)")
                                + ", e.g. " + example);
                return Optional.empty();
            }
            if (uri.getHost() == null || uri.getHost().isBlank()) {
                problems.error(
                        value.node(),
                        value.path(),
                        uri.getRawAuthority() == null
                                ? "names no host; write it like " + example
                                : "does not name a valid host (letters, digits, - and . only); write it like "
                                        + example);
                return Optional.empty();
            }
            return Optional.of(uri);
        });
    }

    /** A whole number from {@code min} to {@code max} (no upper limit when {@code max} is {@link Integer#MAX_VALUE}). */
    Optional<Integer> integer(YamlValue value, int min, int max) {
        String range = max == Integer.MAX_VALUE ? "of at least " + min : "from " + min + " to " + max;
        return text(value, "a whole number " + range).flatMap(text -> {
            String trimmed = text.value().trim();
            if (trimmed.matches("-?\\d{1,9}")) {
                int number = Integer.parseInt(trimmed);
                if (number >= min && number <= max) {
                    return Optional.of(number);
                }
            }
            problems.error(value.node(), value.path(), text.quoted() + " is not a whole number " + range);
            return Optional.empty();
        });
    }

    /** One of {@code critical}, {@code high}, {@code medium}, {@code low}. */
    Optional<Severity> severity(YamlValue value) {
        List<String> codes =
                Arrays.stream(Severity.values()).map(Severity::code).toList();
        return text(value, "a severity (" + String.join(", ", codes) + ")").flatMap(text -> {
            String written = text.value().trim();
            Optional<Severity> severity = Arrays.stream(Severity.values())
                    .filter(candidate -> candidate.code().equals(written))
                    .findFirst();
            if (severity.isEmpty()) {
                problems.error(
                        value.node(),
                        value.path(),
                        text.quoted() + " is not a severity"
                                + (text.interpolated()
                                        ? ""
                                        : Suggestions.closest(written, codes)
                                                .map(suggestion -> "; did you mean `" + suggestion + "`?")
                                                .orElse(""))
                                + " (one of " + String.join(", ", codes) + ")");
            }
            return severity;
        });
    }

    /** A single value or a list of values, e.g. {@code services: api} or {@code services: [api, db]}. */
    List<YamlValue> oneOrMany(YamlValue value, String expected) {
        if (value.node() instanceof SequenceNode) {
            return list(value, expected);
        }
        if (value.isNull()) {
            return List.of();
        }
        if (!(value.node() instanceof ScalarNode)) {
            problems.error(value.node(), value.path(), "expected " + expected + ", got " + value.kind());
            return List.of();
        }
        return List.of(value);
    }

    /** Reports a service, monitor, policy or channel name that does not follow the naming rule. */
    void checkName(String name, YamlValue value, String what) {
        if (NAME.matcher(name).matches()) {
            return;
        }
        String suggestion = name.toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9._-]+", "-")
                .replaceAll("^[^a-z0-9]+", "")
                .replaceAll("-+$", "");
        suggestion = suggestion.length() > 64 ? suggestion.substring(0, 64) : suggestion;
        problems.error(
                value.anchor(),
                value.path(),
                "\"" + name + "\" is not a valid " + what + " name: use lowercase letters, digits, -, _ and .,"
                        + " starting with a letter or digit, at most 64 characters"
                        + (NAME.matcher(suggestion).matches() ? " (e.g. " + suggestion + ")" : ""));
    }
}
