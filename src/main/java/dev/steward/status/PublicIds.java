package dev.steward.status;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Stable ids for the Statuspage-compatible JSON: 12 lower-case letters and digits derived from what they name (a
 * service's name, an incident's number), so they survive restarts and reloads without being stored, and do not
 * spell out internal names.
 */
final class PublicIds {

    private static final int LENGTH = 12;

    private PublicIds() {}

    static String page(String baseUrl) {
        return of("page:" + baseUrl);
    }

    static String component(String service) {
        return of("component:" + service);
    }

    static String incident(long id) {
        return of("incident:" + id);
    }

    static String update(String what) {
        return of("update:" + what);
    }

    static String maintenance(String what) {
        return of("maintenance:" + what);
    }

    static String of(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            long bits = ByteBuffer.wrap(digest).getLong() >>> 2; // 62 bits: at most 12 base-36 digits
            String id = Long.toString(bits, 36);
            return "0".repeat(LENGTH - id.length()) + id;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
