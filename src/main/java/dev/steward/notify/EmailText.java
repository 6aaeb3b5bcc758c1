package dev.steward.notify;

import java.util.Locale;

/**
 * The two parts of a notification mail: plain text for every client and HTML for the rest. Every value is escaped in
 * the HTML part, and only http(s) links become anchors.
 */
final class EmailText {

    private EmailText() {}

    static String plain(Message message) {
        StringBuilder text = new StringBuilder();
        text.append(Wording.headlineWithOutcome(message)).append("\n\n");
        if (message.test()) {
            text.append("This is a test notification from Steward: nothing is wrong.\n\n");
        }
        text.append(message.summary()).append("\n\n");
        int width = Wording.facts(message).stream()
                .mapToInt(fact -> fact.label().length())
                .max()
                .orElse(0);
        for (Wording.Fact fact : Wording.facts(message)) {
            String label = fact.label() + ":";
            text.append(label)
                    .append(" ".repeat(width + 2 - label.length()))
                    .append(fact.value())
                    .append('\n');
        }
        text.append("\n-- \nSent by Steward. Notification ")
                .append(Wording.oneLine(message.idempotencyKey()))
                .append('\n');
        return text.toString();
    }

    static String html(Message message) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
                .append(escape(Wording.headline(message)))
                .append("</title></head>\n<body style=\"font-family:sans-serif;font-size:14px;color:#1d1c1d\">\n");
        html.append("<p style=\"margin:0 0 12px 0;padding-left:8px;border-left:4px solid ")
                .append(SlackChannel.color(message))
                .append(";font-size:16px\"><strong>")
                .append(escape(Wording.headlineWithOutcome(message)))
                .append("</strong></p>\n");
        if (message.test()) {
            html.append("<p><em>This is a test notification from Steward: nothing is wrong.</em></p>\n");
        }
        html.append("<p>").append(escape(message.summary())).append("</p>\n");
        html.append("<table cellpadding=\"4\" cellspacing=\"0\">\n");
        for (Wording.Fact fact : Wording.facts(message)) {
            html.append("<tr><th align=\"left\" valign=\"top\">")
                    .append(escape(fact.label()))
                    .append("</th><td>")
                    .append(fact.link() ? link(fact.value()) : escape(fact.value()))
                    .append("</td></tr>\n");
        }
        html.append("</table>\n<p style=\"color:#616061;font-size:12px\">Sent by Steward. Notification ")
                .append(escape(message.idempotencyKey()))
                .append("</p>\n</body></html>\n");
        return html.toString();
    }

    private static String link(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("https://") || lower.startsWith("http://")) {
            return "<a href=\"" + escape(url) + "\">" + escape(url) + "</a>";
        }
        return escape(url);
    }

    /** HTML escaping for text and attribute values. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
