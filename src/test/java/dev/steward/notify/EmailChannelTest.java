package dev.steward.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import dev.steward.catalog.ChannelSpec;
import dev.steward.config.Secret;
import dev.steward.testing.Ports;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmailChannelTest {

    private static final String PASSWORD = "p@ss:w/rd-7731";
    private static final String ENCODED_PASSWORD = "p%40ss%3Aw%2Frd-7731";

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(
                    new ServerSetup(3025, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("steward@example.com", "steward", PASSWORD));

    private final Channels channels = new Channels(Optional.empty(), "steward@example.com", Messages.CLOCK);

    @AfterEach
    void stop() {
        channels.close();
    }

    private static String smtp(String userInfo, String query) {
        return "smtp://" + userInfo + "127.0.0.1:" + MAIL.getSmtp().getPort() + query;
    }

    private static ChannelSpec.Email opsMail(String smtpUrl) {
        return new ChannelSpec.Email(
                "ops-mail", List.of("ops@example.com"), Optional.of(new Secret(smtpUrl)), Optional.empty());
    }

    private static ChannelSpec.Email opsMail() {
        return opsMail(smtp("", ""));
    }

    private static MimeMessage received(int count) {
        assertThat(MAIL.waitForIncomingEmail(5_000, count)).isTrue();
        MimeMessage[] messages = MAIL.getReceivedMessages();
        return messages[count - 1];
    }

    private static String part(MimeMessage message, String type) throws Exception {
        Multipart alternative = (Multipart) message.getContent();
        for (int i = 0; i < alternative.getCount(); i++) {
            Part part = alternative.getBodyPart(i);
            if (part.isMimeType(type)) {
                return ((String) part.getContent()).replace("\r\n", "\n");
            }
        }
        throw new AssertionError("no " + type + " part");
    }

    @Test
    void sendsPlainTextAndHtmlAlternatives() throws Exception {
        Delivery delivery = channels.send(opsMail(), Messages.trigger());

        assertThat(delivery)
                .isInstanceOfSatisfying(
                        Delivery.Delivered.class,
                        delivered -> assertThat(delivered.status()).isEqualTo(250));
        MimeMessage mail = received(1);
        assertThat(mail.getContentType()).startsWith("multipart/alternative");
        assertThat(mail.getSubject()).isEqualTo("[Steward] FIRING high: booky-api/health is down");
        assertThat(mail.getFrom()[0].toString()).isEqualTo("steward@example.com");
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("ops@example.com");
        assertThat(part(mail, "text/plain"))
                .contains("FIRING high: booky-api/health is down")
                .contains("HTTP 503: [STATUS] (503) == 200")
                .contains("Since:      2025-03-01 10:15:00 UTC\n")
                .contains("Last error: http_status: 503 Service Unavailable")
                .contains("Steward:    https://steward.example.com/services/booky-api")
                .contains("Runbook:    https://git.example.com/booky/docs/RUNBOOK.md");
        assertThat(part(mail, "text/html"))
                .contains("<a href=\"https://steward.example.com/services/booky-api\">")
                .contains("<a href=\"https://git.example.com/booky/docs/RUNBOOK.md\">")
                .contains("HTTP 503: [STATUS] (503) == 200");
    }

    @Test
    void escapesEveryValueInTheHtmlPart() throws Exception {
        channels.send(
                opsMail(),
                Messages.withTitle(
                        Messages.trigger(),
                        "<script>alert(1)</script> is down",
                        "body contains <b>\"quoted\" & 'single'</b>",
                        "error <img src=x onerror=alert(2)>"));

        String html = part(received(1), "text/html");
        assertThat(html)
                .doesNotContain("<script>", "<b>", "<img")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt; is down")
                .contains("body contains &lt;b&gt;&quot;quoted&quot; &amp; &#39;single&#39;&lt;/b&gt;")
                .contains("error &lt;img src=x onerror=alert(2)&gt;");
    }

    @Test
    void derivesMessageIdsFromTheKeysAndThreadsFollowUpsOnTheTrigger() throws Exception {
        channels.send(opsMail(), Messages.trigger());
        channels.send(opsMail(), Messages.with(Message.Event.RESOLVE, "ntf-resolve-9"));

        MimeMessage trigger = received(1);
        MimeMessage resolve = received(2);
        String threadId = "<alert-42-1740823500.alert@steward.example.com>";
        assertThat(trigger.getMessageID()).isEqualTo(threadId);
        assertThat(trigger.getHeader("In-Reply-To")).isNull();
        assertThat(trigger.getHeader("X-Steward-Idempotency-Key", null)).isEqualTo("ntf-7f3a9c");
        assertThat(resolve.getMessageID()).isEqualTo("<ntf-resolve-9.notification@steward.example.com>");
        assertThat(resolve.getHeader("In-Reply-To", null)).isEqualTo(threadId);
        assertThat(resolve.getHeader("References", null)).isEqualTo(threadId);
        assertThat(resolve.getHeader("X-Steward-Idempotency-Key", null)).isEqualTo("ntf-resolve-9");
        assertThat(resolve.getSubject())
                .isEqualTo("[Steward] RESOLVED high: booky-api/health is down (lasted 12m 30s)");
    }

    @Test
    void sendsTheSameMessageIdOnARetry() throws Exception {
        Message repeat = Messages.with(Message.Event.REPEAT, "ntf-repeat-1");
        channels.send(opsMail(), repeat);
        channels.send(opsMail(), repeat);

        assertThat(received(2).getMessageID()).isEqualTo(received(1).getMessageID());
    }

    @Test
    void encodesKeysThatAreNotSafeInAMessageId() {
        assertThat(EmailChannel.encode("alert:42/ü.x")).isEqualTo("alert=3A42=2F=C3=BC=2Ex");
    }

    @Test
    void logsInWithThePercentDecodedUserAndPassword() {
        Delivery delivery = channels.send(opsMail(smtp("steward:" + ENCODED_PASSWORD + "@", "")), Messages.trigger());

        assertThat(delivery).isInstanceOf(Delivery.Delivered.class);
        received(1);
    }

    @Test
    void doesNotRetryRefusedCredentialsAndNamesNoSecret() {
        String url = smtp("steward:wrong-Pa55word@", "");

        Delivery delivery = channels.send(opsMail(url), Messages.trigger());

        assertThat(delivery).isInstanceOfSatisfying(Delivery.Failed.class, failed -> {
            assertThat(failed.retryable()).isFalse();
            assertThat(failed.status()).contains(535);
            assertThat(failed.error())
                    .startsWith("SMTP 127.0.0.1:" + MAIL.getSmtp().getPort() + " refused the login")
                    .doesNotContain("wrong-Pa55word");
        });
        assertThat(MAIL.getReceivedMessages()).isEmpty();
    }

    @Test
    void failsClearlyWhenRequiredStarttlsIsNotOffered() {
        Delivery delivery = channels.send(
                opsMail(smtp("steward:" + ENCODED_PASSWORD + "@", "?starttls=required")), Messages.trigger());

        assertThat(delivery).isInstanceOfSatisfying(Delivery.Failed.class, failed -> {
            assertThat(failed.retryable()).isFalse();
            assertThat(failed.error())
                    .isEqualTo("SMTP 127.0.0.1:" + MAIL.getSmtp().getPort()
                            + " does not offer STARTTLS, which the URL's starttls=required insists on;"
                            + " use smtps:// if the server takes TLS from the first byte");
        });
        assertThat(MAIL.getReceivedMessages()).isEmpty();
    }

    @Test
    void usesTheSmtpUrlSettingWhenTheChannelNamesNoServer() {
        try (Channels withSetting =
                new Channels(Optional.of(new Secret(smtp("", ""))), "alerts@example.com", Messages.CLOCK)) {
            ChannelSpec.Email channel =
                    new ChannelSpec.Email("ops-mail", List.of("ops@example.com"), Optional.empty(), Optional.empty());

            assertThat(withSetting.send(channel, Messages.trigger())).isInstanceOf(Delivery.Delivered.class);
        }
        assertThat(received(1))
                .satisfies(mail -> assertThat(mail.getFrom()[0].toString()).isEqualTo("alerts@example.com"));
    }

    @Test
    void failsWithoutRetryWhenNoServerIsConfigured() {
        ChannelSpec.Email channel =
                new ChannelSpec.Email("ops-mail", List.of("ops@example.com"), Optional.empty(), Optional.empty());

        Delivery delivery = channels.send(channel, Messages.trigger());

        assertThat(delivery)
                .isEqualTo(new Delivery.Failed(
                        "no SMTP server: set SMTP_URL or the channel's smtp",
                        Optional.empty(),
                        "",
                        false,
                        Optional.empty()));
    }

    @Test
    void retriesARefusedConnectionNamingTheServerButNoPassword() {
        int closed = Ports.free();

        Delivery delivery = channels.send(
                opsMail("smtp://steward:" + ENCODED_PASSWORD + "@127.0.0.1:" + closed), Messages.trigger());

        assertThat(delivery).isInstanceOfSatisfying(Delivery.Failed.class, failed -> {
            assertThat(failed.retryable()).isTrue();
            assertThat(failed.error())
                    .isEqualTo("connection refused by SMTP 127.0.0.1:" + closed)
                    .doesNotContain(PASSWORD)
                    .doesNotContain(ENCODED_PASSWORD);
        });
    }

    @Test
    void retriesATemporaryRefusalButNotAPermanentOne() throws Exception {
        try (ScriptedSmtp server = new ScriptedSmtp()) {
            ChannelSpec.Email channel = opsMail("smtp://127.0.0.1:" + server.port());

            server.answeringRcpt("452 4.2.2 mailbox full, try later");
            Delivery temporary = channels.send(channel, Messages.trigger());
            server.answeringRcpt("550 5.1.1 no such user");
            Delivery permanent = channels.send(channel, Messages.trigger());

            assertThat(temporary).isInstanceOfSatisfying(Delivery.Failed.class, failed -> {
                assertThat(failed.retryable()).isTrue();
                assertThat(failed.status()).contains(452);
                assertThat(failed.error())
                        .contains("127.0.0.1:" + server.port())
                        .contains("mailbox full");
            });
            assertThat(permanent).isInstanceOfSatisfying(Delivery.Failed.class, failed -> {
                assertThat(failed.retryable()).isFalse();
                assertThat(failed.status()).contains(550);
                assertThat(failed.error()).contains("no such user");
            });
        }
    }

    @Test
    void refusesAnInvalidSmtpUrlWithoutQuotingIt() {
        Delivery delivery = channels.send(opsMail("smtp://steward:se cret@mail.example.com"), Messages.trigger());

        assertThat(delivery).isInstanceOfSatisfying(Delivery.Failed.class, failed -> {
            assertThat(failed.retryable()).isFalse();
            assertThat(failed.error())
                    .startsWith("channel ops-mail: smtp is not a valid URL")
                    .doesNotContain("se cret");
        });
    }

    @Test
    void previewShowsTheServerAndHeadersButNoPassword() {
        Rendered rendered = channels.render(
                opsMail("smtp://steward:" + ENCODED_PASSWORD + "@mail.example.com"),
                Messages.with(Message.Event.ACKNOWLEDGE, "ntf-ack-3"));

        assertThat(rendered.type()).isEqualTo("email");
        assertThat(rendered.target()).isEqualTo("SMTP smtp://mail.example.com:587 to ops@example.com");
        assertThat(rendered.headers())
                .containsEntry("Subject", "[Steward] ACKNOWLEDGED high: booky-api/health is down (by alice)")
                .containsEntry("From", "steward@example.com")
                .containsEntry("Message-ID", "<ntf-ack-3.notification@steward.example.com>")
                .containsEntry("In-Reply-To", "<alert-42-1740823500.alert@steward.example.com>");
        assertThat(rendered.body()).contains("Acknowledged by:");
        assertThat(rendered.html()).contains("<table");
        assertThat(rendered.toString()).doesNotContain(PASSWORD, ENCODED_PASSWORD);
    }
}
