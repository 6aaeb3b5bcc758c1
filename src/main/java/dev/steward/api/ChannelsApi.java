package dev.steward.api;

import dev.steward.catalog.CatalogService;
import dev.steward.catalog.ChannelSpec;
import dev.steward.catalog.Severity;
import dev.steward.config.Settings;
import dev.steward.notify.Channels;
import dev.steward.notify.Delivery;
import dev.steward.notify.Message;
import java.net.URI;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The catalog's notification channels: where each sends (secrets masked), a test message sent now, and a preview of
 * what an alert's message looks like on a channel without sending it.
 */
@RestController
@RequestMapping(path = "/api/v1/channels", produces = "application/json")
class ChannelsApi {

    static final String TEST_TITLE = "Test notification from Steward";

    private static final Logger log = LoggerFactory.getLogger(ChannelsApi.class);

    private final CatalogService catalog;
    private final Channels channels;
    private final URI baseUrl;
    private final Clock clock;

    ChannelsApi(CatalogService catalog, Channels channels, Settings settings, Clock clock) {
        this.catalog = catalog;
        this.channels = channels;
        this.baseUrl = settings.baseUrl();
        this.clock = clock;
    }

    @GetMapping
    Map<String, Object> channels() {
        Message sample = sample(Message.Event.TRIGGER, clock.instant());
        return Map.of(
                "channels",
                catalog.current().alerting().channels().values().stream()
                        .map(channel -> new AlertingModel.Channel(
                                channel.name(),
                                channel.type(),
                                channels.render(channel, sample).target()))
                        .toList());
    }

    /** Sends a test message now and waits for the receiver's answer (at most the channel timeout, 10 s). */
    @PostMapping("/{name}/test")
    AlertingModel.ChannelTest test(
            @PathVariable String name, @RequestBody(required = false) @Nullable JsonNode body, Principal principal) {
        RequestFields fields = new RequestFields(body, List.of("author"));
        Optional<String> author = Optional.of(fields.actor(principal));
        fields.check("the test");
        ChannelSpec channel = channel(name);
        Instant now = clock.instant();
        Message message = new Message(
                "test-" + UUID.randomUUID(),
                Message.Event.TRIGGER,
                "steward-test-" + channel.name() + "-" + now.toEpochMilli(),
                "steward",
                Optional.empty(),
                TEST_TITLE,
                Severity.LOW,
                "A test of channel " + channel.name()
                        + author.map(who -> " sent by " + who).orElse("") + "; nobody needs to act.",
                now,
                Optional.empty(),
                baseUrl,
                Optional.empty(),
                now,
                Optional.empty(),
                Optional.empty(),
                true);
        Delivery delivery = channels.send(channel, message);
        AlertingModel.ChannelTest result = AlertingModel.ChannelTest.of(channel.name(), delivery);
        log.atInfo()
                .addKeyValue("event", "channel_tested")
                .addKeyValue("channel", channel.name())
                .addKeyValue("type", channel.type())
                .addKeyValue("author", author.orElse(""))
                .addKeyValue("delivered", result.delivered())
                .addKeyValue("status", result.status())
                .log(
                        result.delivered()
                                ? "test notification delivered"
                                : "test notification not delivered: " + result.error());
        return result;
    }

    @GetMapping("/{name}/preview")
    AlertingModel.RenderedMessage preview(
            @PathVariable String name, @RequestParam(required = false) @Nullable String event) {
        Message.Event kind = Message.Event.TRIGGER;
        if (event != null) {
            kind = Arrays.stream(Message.Event.values())
                    .filter(candidate -> candidate.code().equals(event.toLowerCase(Locale.ROOT)))
                    .findFirst()
                    .orElseThrow(() -> ApiProblems.badRequest(
                            "event",
                            "\"" + event + "\" is not an event; use "
                                    + String.join(
                                            ", ",
                                            Arrays.stream(Message.Event.values())
                                                    .map(Message.Event::code)
                                                    .toList())));
        }
        ChannelSpec channel = channel(name);
        return AlertingModel.RenderedMessage.of(channels.render(channel, sample(kind, clock.instant())));
    }

    private ChannelSpec channel(String name) {
        Map<String, ChannelSpec> declared = catalog.current().alerting().channels();
        ChannelSpec channel = declared.get(name);
        if (channel == null) {
            throw ApiProblems.notFound("No channel \"" + name + "\" in the catalog; "
                    + (declared.isEmpty()
                            ? "it declares none (channels: in "
                                    + catalog.current().source() + ")"
                            : "it has: " + String.join(", ", declared.keySet())));
        }
        return channel;
    }

    /** A made-up alert of a made-up service, as an alert's messages look on the channel. */
    private Message sample(Message.Event event, Instant now) {
        Instant since = now.minus(Duration.ofMinutes(3));
        return new Message(
                "preview-" + event.code(),
                event,
                "preview",
                "example-api",
                Optional.of("health"),
                "example-api/health is down",
                Severity.HIGH,
                "HTTP 503: [STATUS] (503) == 200",
                since,
                Optional.of("status_mismatch: HTTP 503"),
                URI.create(baseUrl.toString().replaceAll("/+$", "") + "/services/example-api"),
                Optional.of(URI.create("https://wiki.example.com/runbooks/example-api")),
                event == Message.Event.TRIGGER ? since : now,
                Optional.of(42L),
                event == Message.Event.ACKNOWLEDGE ? Optional.of("alice") : Optional.empty(),
                false);
    }
}
