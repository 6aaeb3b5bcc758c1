package dev.steward.intake;

import dev.steward.config.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The shared secret other tools present ({@code INTAKE_TOKEN}): checked in constant time, so that how long a refusal
 * takes tells nothing about how much of a guess was right. Both sides are hashed first, which also hides the length.
 */
final class IntakeToken {

    /** What a presented token turned out to be. */
    enum Check {
        /** No {@code INTAKE_TOKEN} is set: intake is off. */
        OFF,
        /** Nothing was presented. */
        MISSING,
        /** Something else than the token was presented. */
        WRONG,
        VALID
    }

    private final byte @Nullable [] expected;

    IntakeToken(Optional<Secret> token) {
        this.expected = token.map(secret -> sha256(secret.value())).orElse(null);
    }

    boolean off() {
        return expected == null;
    }

    Check check(@Nullable String presented) {
        if (expected == null) {
            return Check.OFF;
        }
        if (presented == null || presented.isEmpty()) {
            return Check.MISSING;
        }
        return MessageDigest.isEqual(expected, sha256(presented)) ? Check.VALID : Check.WRONG;
    }

    /** The token of an {@code Authorization: Bearer <token>} header, or null when the header is absent or not Bearer. */
    static @Nullable String bearer(@Nullable String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.strip();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).equalsIgnoreCase("Bearer")) {
            return null;
        }
        return value.substring(space + 1).strip();
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
