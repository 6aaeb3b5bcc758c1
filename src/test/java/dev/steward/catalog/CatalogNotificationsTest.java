package dev.steward.catalog;

import static dev.steward.catalog.CatalogAssertions.errors;
import static dev.steward.catalog.CatalogAssertions.loaded;
import static dev.steward.catalog.CatalogAssertions.read;
import static dev.steward.catalog.CatalogAssertions.warnings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.config.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The channels and routes sections: where notifications go, and which alerts go where and when. */
class CatalogNotificationsTest {

    private static final String SERVICES = """
            services:
              api:
                group: booky
                tags: [production, api]
                monitors:
                  health: { type: http, url: https://api.example.com/health }
              db:
                group: booky
            """;

    private static final Map<String, String> ENVIRONMENT = Map.of(
            "SLACK_URL", "https://hooks.slack.com/services/T0/B0/secret-path",
            "HOOK_SECRET", "hook-secret-1234",
            "PD_KEY", "routing-key-5678",
            "SMTP_PASSWORD", "smtp-pass-9012");

    @Test
    void readsEveryChannelType() {
        Catalog catalog = loaded(read("""
                channels:
                  hook:
                    type: webhook
                    url: https://hooks.example.com/steward
                    secret: ${HOOK_SECRET}
                    headers:
                      X-Api-Key: ${HOOK_SECRET}
                  plain-hook:
                    type: webhook
                    url: http://127.0.0.1:9000/alerts
                  ops-slack:
                    type: slack
                    url: ${SLACK_URL}
                  ops-mail:
                    type: email
                    to: [ops@example.com, oncall@example.com]
                    smtp: smtps://alerts:${SMTP_PASSWORD}@mail.example.com:465
                    from: steward@example.com
                  one-mail:
                    type: email
                    to: ops@example.com
                  oncall:
                    type: pagerduty
                    routingKey: ${PD_KEY}
                  oncall-eu:
                    type: pagerduty
                    routingKey: ${PD_KEY}
                    url: https://events.eu.pagerduty.com
                """ + SERVICES, ENVIRONMENT));

        assertThat(catalog.alerting().channels())
                .containsExactlyEntriesOf(orderedChannels(
                        new ChannelSpec.Webhook(
                                "hook",
                                URI.create("https://hooks.example.com/steward"),
                                Optional.of(new Secret("hook-secret-1234")),
                                Map.of("X-Api-Key", new Secret("hook-secret-1234"))),
                        new ChannelSpec.Webhook(
                                "plain-hook", URI.create("http://127.0.0.1:9000/alerts"), Optional.empty(), Map.of()),
                        new ChannelSpec.Slack(
                                "ops-slack", new Secret("https://hooks.slack.com/services/T0/B0/secret-path")),
                        new ChannelSpec.Email(
                                "ops-mail",
                                List.of("ops@example.com", "oncall@example.com"),
                                Optional.of(new Secret("smtps://alerts:smtp-pass-9012@mail.example.com:465")),
                                Optional.of("steward@example.com")),
                        new ChannelSpec.Email(
                                "one-mail", List.of("ops@example.com"), Optional.empty(), Optional.empty()),
                        new ChannelSpec.PagerDuty("oncall", new Secret("routing-key-5678"), Optional.empty()),
                        new ChannelSpec.PagerDuty(
                                "oncall-eu",
                                new Secret("routing-key-5678"),
                                Optional.of(URI.create("https://events.eu.pagerduty.com")))));
    }

    @Test
    void withoutRoutesEveryAlertNotifiesEveryChannelAtOnce() {
        Catalog catalog = loaded(read("""
                channels:
                  ops-slack: { type: slack, url: "${SLACK_URL}" }
                  oncall: { type: pagerduty, routingKey: "${PD_KEY}" }
                """ + SERVICES, ENVIRONMENT));

        assertThat(catalog.alerting().routes())
                .containsExactly(new Route(
                        Route.Match.all(),
                        List.of(new Route.Step(Duration.ZERO, List.of("ops-slack", "oncall"))),
                        "steward.yml:1:1"));
    }

    @Test
    void withoutChannelsThereAreNoRoutes() {
        assertThat(loaded(read(SERVICES)).alerting()).isEqualTo(Alerting.none());
    }

    @Test
    void readsRoutesWithTheirMatchersAndEscalationSteps() {
        Catalog catalog = loaded(read("""
                channels:
                  ops-slack: { type: slack, url: "${SLACK_URL}" }
                  oncall: { type: pagerduty, routingKey: "${PD_KEY}" }
                  ops-mail: { type: email, to: ops@example.com }
                routes:
                  - match: { severity: [critical], services: [api, db] }
                    notify:
                      - channels: [oncall, ops-slack]
                      - after: 10m
                        channels: [ops-mail]
                  - match:
                      group: booky
                      tags: [production]
                      severities: high
                    notify:
                      - channels: ops-slack
                  - notify:
                      - channels: [ops-mail]
                """ + SERVICES, ENVIRONMENT));

        assertThat(catalog.alerting().routes())
                .containsExactly(
                        new Route(
                                new Route.Match(Set.of("api", "db"), Set.of(), Set.of(), Set.of(Severity.CRITICAL)),
                                List.of(
                                        new Route.Step(Duration.ZERO, List.of("oncall", "ops-slack")),
                                        new Route.Step(Duration.ofMinutes(10), List.of("ops-mail"))),
                                "steward.yml:6:5"),
                        new Route(
                                new Route.Match(Set.of(), Set.of("booky"), Set.of("production"), Set.of(Severity.HIGH)),
                                List.of(new Route.Step(Duration.ZERO, List.of("ops-slack"))),
                                "steward.yml:11:5"),
                        new Route(
                                Route.Match.all(),
                                List.of(new Route.Step(Duration.ZERO, List.of("ops-mail"))),
                                "steward.yml:17:5"));
    }

    @Test
    void reportsEveryInvalidChannel() {
        assertThat(errors(read("""
                        channels:
                          teams: { type: msteams, url: https://example.com }
                          slak: { type: slak, url: https://hooks.slack.com/x }
                          hook:
                            type: webhook
                            url: ftp://hooks.example.com
                            routingKey: abc
                            headers: { "Bad Header": x }
                          chat: { type: slack }
                          mail: { type: email, to: [ops, ""], smtp: "http://mail.example.com", from: steward }
                          nobody: { type: email, to: [] }
                          pager: { type: pagerduty, url: "events.pagerduty.com" }
                          untyped: { url: https://example.com }
                        """ + SERVICES)))
                .containsExactly(
                        "steward.yml:2:18 channels.teams.type: \"msteams\" is not a channel type (one of webhook, slack,"
                                + " email, pagerduty)",
                        "steward.yml:3:17 channels.slak.type: \"slak\" is not a channel type; did you mean `slack`? (one"
                                + " of webhook, slack, email, pagerduty)",
                        "steward.yml:6:10 channels.hook.url: must start with http:// or https:// (found ftp://), e.g."
                                + " https://hooks.example.com/steward",
                        "steward.yml:7:5 channels.hook.routingKey: not a field of webhook channels (routingKey belongs"
                                + " to pagerduty channels); webhook channels have url, secret, headers",
                        "steward.yml:8:16 channels.hook.headers.Bad Header: is not a header name (letters, digits and -"
                                + " such as X-Api-Key)",
                        "steward.yml:9:3 channels.chat.url: required for slack channels, e.g. ${SLACK_WEBHOOK_URL}",
                        "steward.yml:10:29 channels.mail.to[0]: \"ops\" is not an email address; write it like"
                                + " ops@example.com",
                        "steward.yml:10:34 channels.mail.to[1]: \"\" is not an email address; write it like"
                                + " ops@example.com",
                        "steward.yml:10:45 channels.mail.smtp: must start with smtp:// or smtps:// (found http://),"
                                + " e.g. smtp://alerts:${SMTP_PASSWORD}@mail.example.com:587",
                        "steward.yml:10:78 channels.mail.from: \"steward\" is not an email address; write it like"
                                + " ops@example.com",
                        "steward.yml:11:30 channels.nobody.to: is empty; write at least one address, e.g."
                                + " [ops@example.com]",
                        "steward.yml:12:3 channels.pager.routingKey: required for pagerduty channels, e.g."
                                + " ${PAGERDUTY_ROUTING_KEY}",
                        "steward.yml:12:34 channels.pager.url: must start with http:// or https://, e.g."
                                + " https://events.pagerduty.com",
                        "steward.yml:13:3 channels.untyped.type: required; one of webhook, slack, email, pagerduty");
    }

    @Test
    void neverShowsAChannelSecretInAMessage() {
        CatalogLoad load = read("""
                channels:
                  ops-slack: { type: slack, url: "${SLACK_URL}/x y" }
                  oncall: { type: pagerduty, routingKey: "${PD_KEY}", url: "${PD_KEY}" }
                  mail: { type: email, to: "${PD_KEY}", smtp: "${SMTP_PASSWORD}" }
                """ + SERVICES, ENVIRONMENT);

        List<String> messages = errors(load);
        assertThat(messages)
                .containsExactly(
                        "steward.yml:2:34 channels.ops-slack.url: is not a valid URL (Illegal character in path at"
                                + " character 53); write it like https://hooks.slack.com/services/…",
                        "steward.yml:3:60 channels.oncall.url: must start with http:// or https://, e.g."
                                + " https://events.pagerduty.com",
                        "steward.yml:4:28 channels.mail.to: \"${PD_KEY}\" is not an email address; write it like"
                                + " ops@example.com",
                        "steward.yml:4:47 channels.mail.smtp: must start with smtp:// or smtps://, e.g."
                                + " smtp://alerts:${SMTP_PASSWORD}@mail.example.com:587");
        for (String secret : ENVIRONMENT.values()) {
            assertThat(String.join("\n", messages)).doesNotContain(secret);
        }
    }

    @Test
    void reportsEveryInvalidRoute() {
        assertThat(errors(read("""
                        channels:
                          ops-slack: { type: slack, url: https://hooks.slack.com/x }
                          oncall: { type: pagerduty, routingKey: abc }
                        routes:
                          - match: { service: apx, services: [db], severity: urgent, colour: red }
                            notify:
                              - channels: [ops-slak, pager]
                          - match: { group: booky }
                          - notify: []
                          - notify:
                              - channels: [oncall]
                              - after: 5m
                                channels: []
                              - after: 10m
                                channels: [ops-slack]
                              - after: 10m
                                channels: [oncall]
                              - after: 1x
                        """ + SERVICES)))
                .containsExactly(
                        "steward.yml:5:28 routes[0].match.services: give service or services, not both (each takes one"
                                + " name or a list)",
                        "steward.yml:5:54 routes[0].match.severity: \"urgent\" is not a severity (one of critical, high,"
                                + " medium, low)",
                        "steward.yml:5:62 routes[0].match.colour: unknown field; allowed here: service, services, group,"
                                + " groups, tag, tags, severity, severities",
                        "steward.yml:7:20 routes[0].notify[0].channels[0]: no channel is named ops-slak; did you mean"
                                + " `ops-slack`?",
                        "steward.yml:7:30 routes[0].notify[0].channels[1]: no channel is named pager; channels are"
                                + " ops-slack, oncall",
                        "steward.yml:8:5 routes[1].notify: required: the steps that notify channels, e.g. notify:"
                                + " [{channels: [ops-slack]}]",
                        "steward.yml:9:13 routes[2].notify: is empty; give at least one step, e.g. notify: [{channels:"
                                + " [ops-slack]}]",
                        "steward.yml:13:19 routes[3].notify[1].channels: is empty; name at least one channel",
                        "steward.yml:16:16 routes[3].notify[3].after: 10m is not later than the step before (10m);"
                                + " steps notify in order, each after is counted from when the alert fired",
                        "steward.yml:18:9 routes[3].notify[4].channels: required: the channels this step notifies,"
                                + " e.g. [ops-slack, oncall]",
                        "steward.yml:18:16 routes[3].notify[4].after: \"1x\" is not a duration (use 30s, 5m)");
    }

    @Test
    void reportsAServiceARouteNamesThatDoesNotExist() {
        assertThat(errors(read("""
                        channels:
                          ops-slack: { type: slack, url: https://hooks.slack.com/x }
                        routes:
                          - match: { services: [apii] }
                            notify: [{ channels: [ops-slack] }]
                        """ + SERVICES)))
                .containsExactly(
                        "steward.yml:4:25 routes[0].match.services[0]: no service is named apii; did you mean `api`?");
    }

    @Test
    void warnsAboutRoutesAndChannelsThatCanNeverBeUsed() {
        CatalogLoad load = read("""
                channels:
                  ops-slack: { type: slack, url: https://hooks.slack.com/x }
                  ops-mail: { type: email, to: ops@example.com }
                routes:
                  - match: { group: boky, tag: prod }
                    notify: [{ after: 5m, channels: [ops-slack] }]
                  - notify: [{ channels: [ops-slack] }]
                  - match: { severity: critical }
                    notify: [{ channels: [ops-slack] }]
                """ + SERVICES);

        assertThat(loaded(load).alerting().routes()).hasSize(3);
        assertThat(warnings(load))
                .containsExactly(
                        "steward.yml:3:3 channels.ops-mail: no route notifies this channel",
                        "steward.yml:5:21 routes[0].match.group: no service has the group boky, so this criterion"
                                + " matches no alert yet; did you mean `booky`?",
                        "steward.yml:5:32 routes[0].match.tag: no service has the tag prod, so this criterion matches"
                                + " no alert yet",
                        "steward.yml:6:23 routes[0].notify[0].after: the first step waits 5m before anyone is told;"
                                + " leave after out of the first step to notify at once, and escalate in a later step",
                        "steward.yml:8:5 routes[2]: never used: the route at steward.yml:7:5 takes every alert (the"
                                + " first route that matches wins)");
    }

    private static Map<String, ChannelSpec> orderedChannels(ChannelSpec... channels) {
        Map<String, ChannelSpec> map = new java.util.LinkedHashMap<>();
        for (ChannelSpec channel : channels) {
            map.put(channel.name(), channel);
        }
        return map;
    }
}
