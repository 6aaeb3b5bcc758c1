package dev.steward.notify;

import java.util.Map;

/**
 * A message as a channel would send it, for previews: nothing is sent. Secrets (URLs with tokens, routing keys,
 * signing keys, header values) are masked.
 *
 * @param target where it would go, e.g. {@code POST https://hooks.example.com/steward} or {@code SMTP mail.example.com:587
 *     to ops@example.com}
 * @param headers request headers, or mail headers (Subject, To, From)
 * @param body the request body; for email the plain-text part
 * @param html the HTML part of an email, empty for other channels
 */
public record Rendered(
        String channel, String type, String target, Map<String, String> headers, String body, String html) {

    public Rendered {
        headers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(headers));
    }
}
