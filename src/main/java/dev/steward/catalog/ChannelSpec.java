package dev.steward.catalog;

import dev.steward.config.Secret;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A notification channel of the catalog: where alerts are sent. Secrets come from {@code ${ENV}} values. */
public sealed interface ChannelSpec {

    /** The channel's name in the catalog, e.g. {@code ops-slack}. */
    String name();

    /** The type as written in the catalog, e.g. {@code webhook}. */
    String type();

    /**
     * A generic webhook: Steward's documented JSON body, POSTed.
     *
     * @param secret signs each body with HMAC-SHA256 in {@code X-Steward-Signature} when given
     * @param headers extra request headers (values may come from {@code ${ENV}})
     */
    record Webhook(String name, URI url, Optional<Secret> secret, Map<String, Secret> headers) implements ChannelSpec {

        public Webhook {
            headers = Map.copyOf(headers);
        }

        @Override
        public String type() {
            return "webhook";
        }
    }

    /** A Slack incoming webhook (Mattermost and other compatible receivers take the same body). */
    record Slack(String name, Secret url) implements ChannelSpec {

        @Override
        public String type() {
            return "slack";
        }
    }

    /**
     * Email through an SMTP server.
     *
     * @param to recipients
     * @param smtp the server, {@code smtp://user:password@host:587} (STARTTLS when offered; {@code ?starttls=required}
     *     to insist) or {@code smtps://…:465} (TLS from the first byte); empty means the {@code SMTP_URL} setting
     * @param from the sender address; empty means the {@code SMTP_FROM} setting
     */
    record Email(String name, List<String> to, Optional<Secret> smtp, Optional<String> from) implements ChannelSpec {

        public Email {
            to = List.copyOf(to);
        }

        @Override
        public String type() {
            return "email";
        }
    }

    /**
     * PagerDuty's Events API v2.
     *
     * @param routingKey the integration's routing key
     * @param url the API's base URL (the request goes to {@code <url>/v2/enqueue}); empty means PagerDuty's own
     */
    record PagerDuty(String name, Secret routingKey, Optional<URI> url) implements ChannelSpec {

        @Override
        public String type() {
            return "pagerduty";
        }
    }
}
