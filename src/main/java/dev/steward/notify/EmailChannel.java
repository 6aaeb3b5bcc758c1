package dev.steward.notify;

import dev.steward.catalog.ChannelSpec;
import dev.steward.config.Secret;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.jspecify.annotations.Nullable;

/**
 * Email through SMTP: multipart/alternative with a plain-text and an HTML part. Message-IDs are derived from the
 * message's keys, so a retried mail has the same Message-ID and receivers can drop the duplicate; follow-ups refer to
 * their alert's trigger mail (In-Reply-To, References) so mail clients show one thread per firing.
 */
final class EmailChannel {

    static final String NO_SERVER = "no SMTP server: set SMTP_URL or the channel's smtp";

    private static final Pattern LEADING_CODE = Pattern.compile("^\\s*([2-5]\\d\\d)[ -]");
    private static final Pattern RESPONSE_CODE = Pattern.compile("response: ([2-5]\\d\\d)");

    private final Optional<Secret> defaultServer;
    private final String defaultFrom;
    private final Duration timeout;

    EmailChannel(Optional<Secret> defaultServer, String defaultFrom, Duration timeout) {
        this.defaultServer = defaultServer;
        this.defaultFrom = defaultFrom;
        this.timeout = timeout;
    }

    /** A mail as Steward writes it, before it becomes MIME. */
    record Mail(
            String from,
            List<String> to,
            String subject,
            String messageId,
            Optional<String> inReplyTo,
            String idempotencyKey,
            Instant at,
            String text,
            String html) {}

    Delivery send(ChannelSpec.Email channel, Message message) {
        Optional<Secret> url = channel.smtp().or(() -> defaultServer);
        if (url.isEmpty()) {
            return failed(NO_SERVER, Optional.empty(), "", false);
        }
        SmtpServer server;
        try {
            server = SmtpServer.parse(url.get().value());
        } catch (IllegalArgumentException e) {
            String where = channel.smtp().isPresent() ? "channel " + channel.name() + ": smtp " : "SMTP_URL ";
            return failed(where + e.getMessage(), Optional.empty(), "", false);
        }
        if (channel.to().isEmpty()) {
            return failed(
                    "channel " + channel.name() + ": no recipients; list them in to", Optional.empty(), "", false);
        }
        Mail mail = mail(channel, message);
        Masking masking = masking(url.get(), server);
        Session session = Session.getInstance(properties(server, message));
        MimeMessage mime;
        try {
            mime = mime(session, mail);
        } catch (AddressException e) {
            String address = e.getRef() == null ? "an address" : "the address " + Wording.oneLine(e.getRef());
            String why = e.getMessage() == null ? "" : " (" + Wording.oneLine(e.getMessage()) + ")";
            return failed(
                    "channel " + channel.name() + ": " + address + " is not a valid email address" + why
                            + "; check to and from, or SMTP_FROM",
                    Optional.empty(),
                    "",
                    false);
        } catch (MessagingException e) {
            return failed(
                    "channel " + channel.name() + ": the mail cannot be built: " + reason(e, masking),
                    Optional.empty(),
                    "",
                    false);
        }
        try (Transport transport = session.getTransport(server.protocol())) {
            transport.connect(
                    server.host(),
                    server.port(),
                    server.user().orElse(null),
                    server.password().orElse(null));
            transport.sendMessage(mime, mime.getAllRecipients());
            if (transport instanceof SMTPTransport smtp) {
                return new Delivery.Delivered(smtp.getLastReturnCode(), answer(smtp.getLastServerResponse(), masking));
            }
            return new Delivery.Delivered(250, "");
        } catch (MessagingException e) {
            return failure(e, server, masking);
        }
    }

    Rendered render(ChannelSpec.Email channel, Message message) {
        Mail mail = mail(channel, message);
        Optional<Secret> url = channel.smtp().or(() -> defaultServer);
        String server;
        if (url.isEmpty()) {
            server = "(" + NO_SERVER + ")";
        } else {
            try {
                SmtpServer smtp = SmtpServer.parse(url.get().value());
                server = smtp.protocol() + "://" + smtp.address();
            } catch (IllegalArgumentException e) {
                server = "(the smtp URL " + e.getMessage() + ")";
            }
        }
        String target = "SMTP " + server + " to " + String.join(", ", mail.to());
        return new Rendered(channel.name(), channel.type(), target, headers(mail), mail.text(), mail.html());
    }

    /** The mail's headers as a preview shows them. */
    private static Map<String, String> headers(Mail mail) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("From", mail.from());
        headers.put("To", String.join(", ", mail.to()));
        headers.put("Subject", mail.subject());
        headers.put("Message-ID", mail.messageId());
        mail.inReplyTo().ifPresent(parent -> {
            headers.put("In-Reply-To", parent);
            headers.put("References", parent);
        });
        headers.put("X-Steward-Idempotency-Key", mail.idempotencyKey());
        return headers;
    }

    Mail mail(ChannelSpec.Email channel, Message message) {
        String domain = domain(message.link());
        Optional<String> parent = message.event() == Message.Event.TRIGGER
                ? Optional.empty()
                : Optional.of(threadId(message.dedupKey(), domain));
        String messageId = message.event() == Message.Event.TRIGGER
                ? threadId(message.dedupKey(), domain)
                : "<" + encode(message.idempotencyKey()) + ".notification@" + domain + ">";
        return new Mail(
                channel.from().orElse(defaultFrom),
                channel.to(),
                "[Steward] " + Wording.headlineWithOutcome(message),
                messageId,
                parent,
                Wording.oneLine(message.idempotencyKey()),
                message.at(),
                EmailText.plain(message),
                EmailText.html(message));
    }

    /**
     * The trigger's Message-ID, derived from the dedup key that its repeats, acknowledgement and resolve share: they
     * can name it in In-Reply-To without knowing the trigger's idempotency key. The outbox sends one trigger per
     * channel and firing, so it is still one mail's ID.
     */
    static String threadId(String dedupKey, String domain) {
        return "<" + encode(dedupKey) + ".alert@" + domain + ">";
    }

    /** Letters, digits, {@code -} and {@code _} stay; every other UTF-8 byte becomes {@code =XX} (never a dot). */
    static String encode(String key) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                encoded.append(c);
            } else {
                encoded.append('=').append(String.format(Locale.ROOT, "%02X", b & 0xff));
            }
        }
        return encoded.isEmpty() ? "=" : encoded.toString();
    }

    private static String domain(URI link) {
        String host = link.getHost();
        if (host == null || host.isEmpty() || host.startsWith("[")) {
            return "steward.invalid";
        }
        return host.toLowerCase(Locale.ROOT);
    }

    private Properties properties(SmtpServer server, Message message) {
        String p = "mail." + server.protocol() + ".";
        String millis = Long.toString(timeout.toMillis());
        Properties properties = new Properties();
        properties.setProperty(p + "host", server.host());
        properties.setProperty(p + "port", Integer.toString(server.port()));
        properties.setProperty(p + "connectiontimeout", millis);
        properties.setProperty(p + "timeout", millis);
        properties.setProperty(p + "writetimeout", millis);
        properties.setProperty(p + "auth", Boolean.toString(server.user().isPresent()));
        // EHLO names Steward's own host instead of a reverse lookup of this machine, which can be slow or wrong.
        properties.setProperty(p + "localhost", domain(message.link()));
        properties.setProperty(p + "ssl.checkserveridentity", "true");
        if (!server.implicitTls()) {
            properties.setProperty(p + "starttls.enable", "true");
            properties.setProperty(p + "starttls.required", Boolean.toString(server.starttlsRequired()));
        }
        return properties;
    }

    private static MimeMessage mime(Session session, Mail mail) throws MessagingException {
        MimeMessage mime = new KeyedMimeMessage(session, mail.messageId());
        mime.setFrom(new InternetAddress(mail.from(), true));
        List<InternetAddress> to = new ArrayList<>();
        for (String address : mail.to()) {
            to.add(new InternetAddress(address, true));
        }
        mime.setRecipients(RecipientType.TO, to.toArray(InternetAddress[]::new));
        mime.setSubject(Wording.oneLine(mail.subject()), "UTF-8");
        mime.setSentDate(Date.from(mail.at()));
        mime.setHeader("Auto-Submitted", "auto-generated");
        mime.setHeader("X-Steward-Idempotency-Key", mail.idempotencyKey());
        if (mail.inReplyTo().isPresent()) {
            mime.setHeader("In-Reply-To", mail.inReplyTo().get());
            mime.setHeader("References", mail.inReplyTo().get());
        }
        MimeBodyPart plain = new MimeBodyPart();
        plain.setText(mail.text(), "UTF-8", "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(mail.html(), "UTF-8", "html");
        MimeMultipart alternative = new MimeMultipart("alternative", plain, html);
        mime.setContent(alternative);
        mime.saveChanges();
        return mime;
    }

    /** Keeps Steward's Message-ID: Jakarta Mail would make a new random one on every save. */
    private static final class KeyedMimeMessage extends MimeMessage {

        private final String messageId;

        KeyedMimeMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }

    /** SMTP 5xx is permanent; 4xx and connection problems are worth another attempt. */
    private Delivery failure(MessagingException e, SmtpServer server, Masking masking) {
        String smtp = "SMTP " + server.address();
        String text = e.getMessage() == null ? "" : e.getMessage();
        if (text.contains("STARTTLS is required")) {
            return failed(
                    smtp + " does not offer STARTTLS, which the URL's starttls=required insists on;"
                            + " use smtps:// if the server takes TLS from the first byte",
                    Optional.empty(),
                    "",
                    false);
        }
        if (e instanceof AuthenticationFailedException) {
            Optional<Integer> code = code(text);
            boolean retryable = code.map(c -> c < 500).orElse(false);
            return failed(smtp + " refused the login: " + reason(e, masking), code, answer(text, masking), retryable);
        }
        Optional<Reply> reply = reply(e);
        if (reply.isPresent()) {
            int status = reply.get().code();
            return failed(
                    smtp + " rejected the mail: " + reply.get().text(masking),
                    Optional.of(status),
                    answer(reply.get().response(), masking),
                    status < 500);
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            switch (cause) {
                case ConnectException c -> {
                    return failed("connection refused by " + smtp, Optional.empty(), "", true);
                }
                case SocketTimeoutException c -> {
                    return failed(
                            smtp + " did not answer within " + Wording.duration(timeout), Optional.empty(), "", true);
                }
                case UnknownHostException c -> {
                    return failed("cannot resolve " + server.host(), Optional.empty(), "", true);
                }
                case SSLException c -> {
                    return failed("TLS with " + smtp + " failed: " + reason(c, masking), Optional.empty(), "", true);
                }
                default -> {}
            }
        }
        Optional<Integer> code = code(text);
        if (code.isPresent()) {
            return failed(smtp + ": " + reason(e, masking), code, answer(text, masking), code.get() < 500);
        }
        boolean io = false;
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            io |= cause instanceof IOException;
        }
        return failed(
                (io ? "I/O error talking to " : "error talking to ") + smtp + ": " + reason(e, masking),
                Optional.empty(),
                "",
                true);
    }

    /** One refusal of the server: its reply code and text. */
    private record Reply(int code, String response) {
        String text(Masking masking) {
            return Wording.truncate(Wording.oneLine(masking.redact(response)), 300);
        }
    }

    /** The most serious SMTP reply in the exception and its nested ones: a permanent refusal wins. */
    private static Optional<Reply> reply(MessagingException e) {
        @Nullable Reply worst = null;
        Exception current = e;
        for (int depth = 0; current != null && depth < 50; depth++) {
            @Nullable
            Reply reply = switch (current) {
                case SMTPAddressFailedException f -> new Reply(f.getReturnCode(), f.getMessage());
                case SMTPSenderFailedException f -> new Reply(f.getReturnCode(), f.getMessage());
                case SMTPSendFailedException f -> new Reply(f.getReturnCode(), f.getMessage());
                default -> null;
            };
            if (reply != null && reply.code() >= 400 && (worst == null || reply.code() >= 500 && worst.code() < 500)) {
                worst = reply;
            }
            current = current instanceof MessagingException m ? m.getNextException() : null;
        }
        return Optional.ofNullable(worst);
    }

    private static Optional<Integer> code(String text) {
        Matcher leading = LEADING_CODE.matcher(text);
        if (leading.find()) {
            return Optional.of(Integer.parseInt(leading.group(1)));
        }
        Matcher response = RESPONSE_CODE.matcher(text);
        return response.find() ? Optional.of(Integer.parseInt(response.group(1))) : Optional.empty();
    }

    private static String reason(Throwable e, Masking masking) {
        String message = e.getMessage();
        String text = message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
        return Wording.truncate(Wording.oneLine(masking.redact(text)), 300);
    }

    private static String answer(@Nullable String response, Masking masking) {
        if (response == null) {
            return "";
        }
        String redacted = masking.redact(response.strip());
        byte[] bytes = redacted.getBytes(StandardCharsets.UTF_8);
        return bytes.length <= HttpPost.ANSWER_BYTES
                ? redacted
                : new String(bytes, 0, HttpPost.ANSWER_BYTES, StandardCharsets.UTF_8);
    }

    private static Masking masking(Secret url, SmtpServer server) {
        List<String> secrets = new ArrayList<>();
        secrets.add(url.value());
        server.password().ifPresent(secrets::add);
        try {
            secrets.addAll(Masking.partsOf(new URI(url.value().strip())));
        } catch (java.net.URISyntaxException e) {
            // parse() read it already; an unreadable URL never gets here.
        }
        return Masking.of(secrets);
    }

    private static Delivery.Failed failed(String error, Optional<Integer> status, String answer, boolean retryable) {
        return new Delivery.Failed(error, status, answer, retryable, Optional.empty());
    }
}
