package dev.steward.notify;

import dev.steward.catalog.ChannelSpec;
import dev.steward.config.Secret;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends one message to one of the catalog's channels (webhook, Slack, email, PagerDuty) or renders it as a preview.
 * Never throws: every failure is a {@link Delivery.Failed} with one line naming the receiver's host, never a secret,
 * and whether repeating the attempt can help. docs/NOTIFICATIONS.md describes what each channel sends.
 */
public final class Channels implements AutoCloseable {

    /** How long one attempt may take when no timeout is given: connecting, sending and reading the answer. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(Channels.class);

    private final Clock clock;
    private final HttpPost http;
    private final WebhookChannel webhook;
    private final SlackChannel slack;
    private final PagerDutyChannel pagerDuty;
    private final EmailChannel email;

    /**
     * @param smtpUrl the {@code SMTP_URL} setting: the server for email channels that name none
     * @param smtpFrom the {@code SMTP_FROM} setting: the sender for email channels that name none
     * @param timeout the limit for one attempt, connecting included
     * @param clock the time for webhook timestamps and Retry-After dates
     */
    public Channels(Optional<Secret> smtpUrl, String smtpFrom, Duration timeout, Clock clock) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the notification timeout must be positive, not " + timeout);
        }
        this.clock = clock;
        JsonMapper json = JsonMapper.builder().build();
        this.http = new HttpPost(timeout, clock);
        this.webhook = new WebhookChannel(json, http);
        this.slack = new SlackChannel(json, http);
        this.pagerDuty = new PagerDutyChannel(json, http);
        this.email = new EmailChannel(smtpUrl, smtpFrom, timeout);
    }

    /** Channels with the {@link #DEFAULT_TIMEOUT} of 10 seconds. */
    public Channels(Optional<Secret> smtpUrl, String smtpFrom, Clock clock) {
        this(smtpUrl, smtpFrom, DEFAULT_TIMEOUT, clock);
    }

    /** Delivers the message to the channel once; the caller decides about retries from the result. */
    public Delivery send(ChannelSpec channel, Message message) {
        try {
            return switch (channel) {
                case ChannelSpec.Webhook hook -> webhook.send(hook, message, clock.instant());
                case ChannelSpec.Slack slackChannel -> slack.send(slackChannel, message);
                case ChannelSpec.Email mail -> email.send(mail, message);
                case ChannelSpec.PagerDuty events -> pagerDuty.send(events, message);
            };
        } catch (RuntimeException e) {
            // A bug in rendering: the same message would fail the same way again, so it is not retried.
            log.atError()
                    .addKeyValue("event", "notification_send_crashed")
                    .addKeyValue("channel", channel.name())
                    .addKeyValue("type", channel.type())
                    .setCause(e)
                    .log("Sending a notification failed unexpectedly");
            return new Delivery.Failed(
                    "channel " + channel.name() + ": Steward could not send the message ("
                            + e.getClass().getSimpleName() + "); see Steward's log",
                    Optional.empty(),
                    "",
                    false,
                    Optional.empty());
        }
    }

    /** The message as the channel would send it, with secrets masked; nothing is sent. */
    public Rendered render(ChannelSpec channel, Message message) {
        return switch (channel) {
            case ChannelSpec.Webhook hook -> webhook.render(hook, message, clock.instant());
            case ChannelSpec.Slack slackChannel -> slack.render(slackChannel, message);
            case ChannelSpec.Email mail -> email.render(mail, message);
            case ChannelSpec.PagerDuty events -> pagerDuty.render(events, message);
        };
    }

    /** Closes the shared HTTP client. */
    @Override
    public void close() {
        http.close();
    }
}
