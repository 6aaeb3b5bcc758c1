package dev.steward.catalog;

import dev.steward.config.Secret;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads the {@code channels} section: where notifications go. URLs, keys and header values are held as {@link Secret}s
 * and never quoted in a message.
 */
final class ChannelReader {

    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern ADDRESS = Pattern.compile("[^\\s@<>,;:\"]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?");

    private final CatalogValues values;
    private final CatalogProblems problems;

    ChannelReader(CatalogValues values) {
        this.values = values;
        this.problems = values.problems();
    }

    /** The valid channels by name; every problem of the others is reported. */
    Map<String, ChannelSpec> read(YamlMapping channels) {
        Map<String, ChannelSpec> read = new LinkedHashMap<>();
        channels.fields().forEach((name, value) -> {
            values.checkName(name, value, "channel");
            channel(name, value).ifPresent(channel -> read.put(name, channel));
        });
        return read;
    }

    private Optional<ChannelSpec> channel(String name, YamlValue value) {
        int errorsBefore = problems.errorCount();
        Optional<YamlMapping> found = YamlMapping.of(value, problems, "the channel's fields (type, url, …)");
        if (found.isEmpty()) {
            return Optional.empty();
        }
        YamlMapping channel = found.get();
        SequencedMap<String, List<String>> types = CatalogFields.CHANNEL_TYPES;
        Optional<YamlValue> typeValue = channel.get("type").filter(v -> !v.isNull());
        if (typeValue.isEmpty()) {
            problems.error(
                    channel.get("type").orElse(value).anchor(),
                    value.path() + ".type",
                    "required; one of " + String.join(", ", types.keySet()));
        }
        Optional<String> type = typeValue.flatMap(v -> type(v, types));
        List<String> allowed = new ArrayList<>(CatalogFields.CHANNEL);
        type.ifPresentOrElse(
                t -> allowed.addAll(types.get(t)),
                () -> types.values().stream().flatMap(List::stream).distinct().forEach(allowed::add));
        channel.rejectUnknown(allowed, field -> type.flatMap(t -> belongsElsewhere(t, field)), problems);
        Optional<ChannelSpec> spec = type.flatMap(t -> switch (t) {
            case "webhook" -> webhook(name, channel);
            case "slack" -> slack(name, channel);
            case "email" -> email(name, channel);
            default -> pagerDuty(name, channel);
        });
        return problems.errorCount() > errorsBefore ? Optional.empty() : spec;
    }

    private Optional<String> type(YamlValue value, SequencedMap<String, List<String>> types) {
        return values.text(value, "a channel type such as slack").flatMap(text -> {
            String written = text.value().trim();
            if (types.containsKey(written)) {
                return Optional.of(written);
            }
            problems.error(
                    value.node(),
                    value.path(),
                    text.quoted() + " is not a channel type"
                            + (text.interpolated()
                                    ? ""
                                    : Suggestions.closest(written, types.keySet())
                                            .map(suggestion -> "; did you mean `" + suggestion + "`?")
                                            .orElse(""))
                            + " (one of " + String.join(", ", types.keySet()) + ")");
            return Optional.empty();
        });
    }

    /** "routingKey is a field of pagerduty channels" is more useful than a suggestion for another type's field. */
    private static Optional<String> belongsElsewhere(String type, String field) {
        List<String> owners = CatalogFields.CHANNEL_TYPES.entrySet().stream()
                .filter(entry -> entry.getValue().contains(field))
                .map(Map.Entry::getKey)
                .toList();
        if (owners.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("not a field of " + type + " channels (" + field + " belongs to "
                + String.join(" and ", owners) + " channels); " + type + " channels have "
                + String.join(", ", CatalogFields.CHANNEL_TYPES.get(type)));
    }

    private Optional<ChannelSpec> webhook(String name, YamlMapping channel) {
        String example = "https://hooks.example.com/steward";
        Optional<URI> url = required(channel, "url", "webhook", example)
                .flatMap(v -> values.url(v, List.of("http", "https"), example));
        Optional<Secret> secret = channel.get("secret")
                .flatMap(v -> values.nonBlank(v, "a signing key, e.g. ${WEBHOOK_SECRET}"))
                .map(Secret::new);
        Map<String, Secret> headers = channel.get("headers").map(this::headers).orElse(Map.of());
        return url.map(u -> new ChannelSpec.Webhook(name, u, secret, headers));
    }

    private Map<String, Secret> headers(YamlValue value) {
        Map<String, Secret> headers = new LinkedHashMap<>();
        YamlMapping.of(
                        value,
                        problems,
                        "a mapping of header names to values, e.g. {Authorization: \"Bearer ${TOKEN}\"}")
                .ifPresent(mapping -> mapping.fields().forEach((name, header) -> {
                    if (!HEADER_NAME.matcher(name).matches()) {
                        problems.error(
                                header.anchor(),
                                header.path(),
                                "is not a header name (letters, digits and - such as X-Api-Key)");
                    }
                    values.text(header, "the header's value").ifPresent(text -> {
                        if (text.value().contains("\n") || text.value().contains("\r")) {
                            problems.error(header.node(), header.path(), "a header value cannot span lines");
                        } else {
                            headers.put(name, new Secret(text.value()));
                        }
                    });
                }));
        return headers;
    }

    private Optional<ChannelSpec> slack(String name, YamlMapping channel) {
        String example = "${SLACK_WEBHOOK_URL}";
        return required(channel, "url", "slack", example)
                .flatMap(v -> values.url(v, List.of("http", "https"), "https://hooks.slack.com/services/…"))
                .map(url -> new ChannelSpec.Slack(name, new Secret(url.toString())));
    }

    private Optional<ChannelSpec> email(String name, YamlMapping channel) {
        Optional<YamlValue> toValue = required(channel, "to", "email", "[ops@example.com]");
        List<String> to = new ArrayList<>();
        toValue.ifPresent(v -> {
            List<YamlValue> items = values.oneOrMany(v, "an address or a list of addresses, e.g. [ops@example.com]");
            if (items.isEmpty() && v.node() instanceof SequenceNode) {
                problems.error(v.node(), v.path(), "is empty; write at least one address, e.g. [ops@example.com]");
            }
            for (YamlValue item : items) {
                if (item.isNull()) {
                    problems.error(item.node(), item.path(), "is empty; write an address such as ops@example.com");
                } else {
                    address(item).ifPresent(to::add);
                }
            }
        });
        String smtpExample = "smtp://alerts:${SMTP_PASSWORD}@mail.example.com:587";
        Optional<Secret> smtp = channel.get("smtp")
                .flatMap(v -> values.url(v, List.of("smtp", "smtps"), smtpExample))
                .map(uri -> new Secret(uri.toString()));
        Optional<String> from = channel.get("from").flatMap(this::address);
        return toValue.isEmpty() ? Optional.empty() : Optional.of(new ChannelSpec.Email(name, to, smtp, from));
    }

    private Optional<String> address(YamlValue value) {
        return values.text(value, "an address such as ops@example.com").flatMap(text -> {
            String address = text.value().trim();
            if (ADDRESS.matcher(address).matches()) {
                return Optional.of(address);
            }
            problems.error(
                    value.node(),
                    value.path(),
                    text.quoted() + " is not an email address; write it like ops@example.com");
            return Optional.empty();
        });
    }

    private Optional<ChannelSpec> pagerDuty(String name, YamlMapping channel) {
        Optional<Secret> routingKey = required(channel, "routingKey", "pagerduty", "${PAGERDUTY_ROUTING_KEY}")
                .flatMap(v -> values.nonBlank(v, "the integration's routing key, e.g. ${PAGERDUTY_ROUTING_KEY}"))
                .map(key -> new Secret(key.trim()));
        Optional<URI> url = channel.get("url")
                .flatMap(v -> values.url(v, List.of("http", "https"), "https://events.pagerduty.com"));
        return routingKey.map(key -> new ChannelSpec.PagerDuty(name, key, url));
    }

    /** A field the type needs; missing, it is an error at the channel's name. */
    private Optional<YamlValue> required(YamlMapping channel, String field, String type, String example) {
        Optional<YamlValue> value = channel.get(field).filter(v -> !v.isNull());
        if (value.isEmpty()) {
            problems.error(
                    channel.get(field).orElse(channel.value()).anchor(),
                    channel.value().path() + "." + field,
                    "required for " + type + " channels, e.g. " + example);
        }
        return value;
    }
}
