package dev.steward.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.catalog.BackupPolicy;
import dev.steward.config.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class BackupKeyTest {

    private static final byte[] KEY =
            HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static final String HEX = HexFormat.of().formatHex(KEY);

    @TempDir
    Path dir;

    @Test
    void readsHexBase64AndRawKeyFilesAsTheSameKey() throws IOException {
        String id = BackupKey.of(KEY).id();

        assertThat(fromFile(HEX + "\n").id()).isEqualTo(id);
        assertThat(fromFile("  " + HEX.toUpperCase() + "\r\n").id()).isEqualTo(id);
        assertThat(fromFile(Base64.getEncoder().encodeToString(KEY) + "\n").id())
                .isEqualTo(id);
        assertThat(fromFile(Base64.getUrlEncoder().withoutPadding().encodeToString(KEY))
                        .id())
                .isEqualTo(id);
        Path raw = privateFile("raw.key");
        Files.write(raw, KEY);
        assertThat(BackupKey.load("booky-nightly", new BackupPolicy.Encryption.KeyFile(raw))
                        .material())
                .isEqualTo(KEY);
    }

    @Test
    void readsAKeyFromTheEnvironmentAsHexOrBase64() throws IOException {
        assertThat(fromSecret(HEX).material()).isEqualTo(KEY);
        assertThat(fromSecret(Base64.getEncoder().encodeToString(KEY)).material())
                .isEqualTo(KEY);
    }

    @Test
    void theIdIsAShortHashNeverPartOfTheKey() {
        BackupKey key = BackupKey.of(KEY);

        assertThat(key.id()).matches("[0-9a-f]{8}").isNotEqualTo(HEX.substring(0, 8));
        assertThat(BackupKey.of(KEY).id()).isEqualTo(key.id());
        assertThat(BackupKey.of(new byte[32]).id()).isNotEqualTo(key.id());
        assertThat(key.toString()).isEqualTo("backup key " + key.id()).doesNotContain(HEX);
    }

    @Test
    void aFileThatIsNotAKeyIsNamedWithHowToMakeOne() throws IOException {
        Path file = privateFile("backup.key");
        Files.writeString(file, "correct horse battery\n");

        assertThatThrownBy(() -> BackupKey.load("booky-nightly", new BackupPolicy.Encryption.KeyFile(file)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("backup policy 'booky-nightly': key file " + file + " holds 22 bytes")
                .hasMessageContaining("64 hex characters, base64 of 32 bytes, or exactly 32 raw bytes")
                .hasMessageContaining("openssl rand -hex 32 > /etc/steward/backup.key && chmod 600")
                .message()
                .doesNotContain("horse");
        Files.writeString(file, HEX.substring(2));
        assertThatThrownBy(() -> BackupKey.load("p", new BackupPolicy.Encryption.KeyFile(file)))
                .hasMessageContaining("holds 62 bytes");
    }

    @Test
    void aMissingFileSaysHowToMakeOne() {
        Path file = dir.resolve("missing.key");

        assertThatThrownBy(() -> BackupKey.load("booky-nightly", new BackupPolicy.Encryption.KeyFile(file)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("key file " + file + " does not exist")
                .hasMessageContaining("openssl rand -hex 32");
    }

    @Test
    void aSecretThatIsNotAKeyIsReportedWithoutItsValue() {
        assertThatThrownBy(() -> fromSecret("hunter2-is-not-a-key"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("backup policy 'booky-nightly': encryption.key is not a key")
                .hasMessageContaining("got 20 characters")
                .hasMessageContaining("openssl rand -hex 32")
                .message()
                .doesNotContain("hunter2");
    }

    @Test
    void warnsWhenOtherUsersCanReadTheKeyFile(CapturedOutput output) throws IOException {
        Path file = dir.resolve("shared.key");
        Files.writeString(file, HEX);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        BackupKey.load("booky-nightly", new BackupPolicy.Encryption.KeyFile(file));

        assertThat(output.getOut() + output.getErr())
                .contains("Backup key file " + file + " can be read by other users (rw-r--r--)")
                .contains("chmod 600 " + file)
                .doesNotContain(HEX);
    }

    @Test
    void aPrivateKeyFileIsReadWithoutWarning(CapturedOutput output) throws IOException {
        fromFile(HEX);

        assertThat(output.getOut() + output.getErr()).doesNotContain("can be read by other users");
    }

    private BackupKey fromFile(String content) throws IOException {
        Path file = privateFile("backup-" + System.nanoTime() + ".key");
        Files.writeString(file, content);
        return BackupKey.load("booky-nightly", new BackupPolicy.Encryption.KeyFile(file));
    }

    private static BackupKey fromSecret(String value) throws IOException {
        return BackupKey.load("booky-nightly", new BackupPolicy.Encryption.Key(new Secret(value)));
    }

    private Path privateFile(String name) throws IOException {
        return Files.createFile(
                dir.resolve(name), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
}
