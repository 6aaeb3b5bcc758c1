package dev.steward.backup;

import dev.steward.catalog.BackupPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The 256-bit key backups are encrypted with, from a key file or an environment variable. Accepted: 64 hex characters,
 * base64 of 32 bytes (either alphabet), or (in a file) exactly 32 raw bytes. Its id, a short hash, names it in
 * manifests and messages; the key itself is never printed.
 */
final class BackupKey {

    static final int SIZE = 32;

    /** How to make a key, quoted in every error about one. */
    static final String HOW_TO_MAKE =
            "make one with: openssl rand -hex 32 > /etc/steward/backup.key && chmod 600 /etc/steward/backup.key";

    private static final Logger log = LoggerFactory.getLogger(BackupKey.class);
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/_-]{43}=?");

    private final byte[] material;
    private final String id;

    private BackupKey(byte[] material) {
        this.material = material.clone();
        this.id = idOf(material);
    }

    /** A key from its 32 bytes (tests and benchmarks). */
    static BackupKey of(byte[] material) {
        if (material.length != SIZE) {
            throw new IllegalArgumentException("a backup key has 32 bytes, not " + material.length);
        }
        return new BackupKey(material);
    }

    /**
     * Reads the key a policy names.
     *
     * @param policy the backup policy's name, for messages
     * @throws IOException naming the file or setting, what is wrong and how to make a key
     */
    static BackupKey load(String policy, BackupPolicy.Encryption spec) throws IOException {
        return switch (spec) {
            case BackupPolicy.Encryption.KeyFile file -> fromFile(policy, file.path());
            case BackupPolicy.Encryption.Key key ->
                fromText(key.key().value())
                        .orElseThrow(
                                () -> new IOException("backup policy '" + policy + "': encryption.key is not a key:"
                                        + " expected 64 hex characters or base64 of 32 bytes, got "
                                        + key.key().length()
                                        + " characters; make one with 'openssl rand -hex 32' and put it into the environment"
                                        + " variable that encryption.key names"));
        };
    }

    private static BackupKey fromFile(String policy, Path path) throws IOException {
        String where = "backup policy '" + policy + "': key file " + path;
        byte[] content;
        try {
            content = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new IOException(where + " does not exist; " + HOW_TO_MAKE, e);
        } catch (AccessDeniedException e) {
            throw new IOException(
                    where + " cannot be read by the user running Steward (" + System.getProperty("user.name")
                            + "); give that user read access (chown, then chmod 600)",
                    e);
        }
        warnWhenOthersCanRead(path);
        try {
            if (content.length == SIZE) {
                if (looksLikeText(content)) {
                    log.atWarn()
                            .addKeyValue("event", "backup_key_looks_like_text")
                            .addKeyValue("file", path.toString())
                            .log(
                                    "Backup key file {} holds 32 printable characters, used as 32 raw bytes: a"
                                            + " password is a weak key; {}",
                                    path,
                                    HOW_TO_MAKE);
                }
                return new BackupKey(content);
            }
            return fromText(new String(content, StandardCharsets.US_ASCII))
                    .orElseThrow(() -> new IOException(where + " holds " + content.length
                            + " bytes, which is not a key: expected 64 hex characters, base64 of 32 bytes, or"
                            + " exactly 32 raw bytes; " + HOW_TO_MAKE));
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    private static Optional<BackupKey> fromText(String text) {
        String trimmed = text.strip();
        if (HEX.matcher(trimmed).matches()) {
            return Optional.of(new BackupKey(HexFormat.of().parseHex(trimmed)));
        }
        if (BASE64.matcher(trimmed).matches()) {
            // Both alphabets, padding optional: what 'openssl rand -base64 32' and URL-safe tools print.
            byte[] decoded =
                    Base64.getDecoder().decode(trimmed.replace('-', '+').replace('_', '/'));
            if (decoded.length == SIZE) {
                return Optional.of(new BackupKey(decoded));
            }
        }
        return Optional.empty();
    }

    private static boolean looksLikeText(byte[] content) {
        for (byte b : content) {
            if (b < 0x20 || b > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static void warnWhenOthersCanRead(Path path) {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(path);
        } catch (UnsupportedOperationException | IOException e) {
            return; // not a POSIX file system: nothing to check
        }
        if (permissions.contains(PosixFilePermission.GROUP_READ)
                || permissions.contains(PosixFilePermission.OTHERS_READ)) {
            log.atWarn()
                    .addKeyValue("event", "backup_key_file_readable")
                    .addKeyValue("file", path.toString())
                    .addKeyValue("permissions", PosixFilePermissions.toString(permissions))
                    .log(
                            "Backup key file {} can be read by other users ({}); restrict it with 'chmod 600 {}'",
                            path,
                            PosixFilePermissions.toString(permissions),
                            path);
        }
    }

    private static String idOf(byte[] material) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            // A label first, so the id is not the plain hash of the key anyone could compare with other uses of it.
            sha256.update("steward backup key id\0".getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(sha256.digest(material), 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /** The key's id, 8 hex characters, stored in manifests and encrypted objects' headers. */
    String id() {
        return id;
    }

    /** A copy of the key's bytes. */
    byte[] material() {
        return material.clone();
    }

    @Override
    public String toString() {
        return "backup key " + id;
    }
}
