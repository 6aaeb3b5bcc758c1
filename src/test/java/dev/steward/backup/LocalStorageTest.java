package dev.steward.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.backup.BackupStorage.StoredObject;
import dev.steward.backup.BackupStorage.Upload;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStorageTest {

    @TempDir
    Path dir;

    @Test
    void anObjectIsInvisibleUntilCompletedThenReadableWhole() throws IOException {
        LocalStorage storage = new LocalStorage(dir.resolve("backups"));
        byte[] content = "pg_dump custom format".getBytes(StandardCharsets.UTF_8);

        try (Upload upload = storage.create("booky-nightly/20261124T020000Z-3f9a/dump")) {
            upload.stream().write(content);
            upload.stream().close(); // closing the stream does not complete the object

            assertThat(storage.stat("booky-nightly/20261124T020000Z-3f9a/dump")).isEmpty();
            assertThat(storage.list("")).isEmpty();
            assertThatThrownBy(() -> storage.open("booky-nightly/20261124T020000Z-3f9a/dump"))
                    .isInstanceOf(NoSuchFileException.class)
                    .hasMessageContaining("booky-nightly/20261124T020000Z-3f9a/dump");

            StoredObject stored = upload.complete();
            assertThat(stored.key()).isEqualTo("booky-nightly/20261124T020000Z-3f9a/dump");
            assertThat(stored.size()).isEqualTo(content.length);
        }

        assertThat(Files.readAllBytes(dir.resolve("backups/booky-nightly/20261124T020000Z-3f9a/dump")))
                .isEqualTo(content);
        assertThat(storage.stat("booky-nightly/20261124T020000Z-3f9a/dump"))
                .get()
                .extracting(StoredObject::size)
                .isEqualTo((long) content.length);
        try (InputStream in = storage.open("booky-nightly/20261124T020000Z-3f9a/dump")) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        assertThat(files()).as("no partial file is left").allMatch(f -> !f.contains(".partial-"));
    }

    @Test
    void closingWithoutCompletingLeavesNothing() throws IOException {
        LocalStorage storage = new LocalStorage(dir);
        try (Upload upload = storage.create("p/1/dump")) {
            upload.stream().write(new byte[100_000]);
            assertThat(files()).anyMatch(f -> f.matches("p/1/\\.dump\\.partial-[0-9a-f]+"));
        }
        assertThat(storage.list("")).isEmpty();
        assertThat(files()).noneMatch(f -> f.contains("dump"));
    }

    @Test
    void abortDiscardsAndLaterWritesFail() throws IOException {
        LocalStorage storage = new LocalStorage(dir);
        Upload upload = storage.create("p/1/dump");
        upload.stream().write(1);
        upload.abort();
        upload.abort();

        assertThatThrownBy(() -> upload.stream().write(2))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("discarded");
        assertThatThrownBy(upload::complete).isInstanceOf(IOException.class);
        upload.close();
        assertThat(storage.list("")).isEmpty();
        assertThat(files()).noneMatch(f -> f.contains("dump"));
    }

    @Test
    void completeReplacesAnExistingObjectAtomically() throws IOException {
        LocalStorage storage = new LocalStorage(dir);
        write(storage, "p/manifest.json", "old");
        write(storage, "p/manifest.json", "new");
        try (InputStream in = storage.open("p/manifest.json")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("new");
        }
    }

    @Test
    void cleanLeftoversRemovesPartialFilesOfInterruptedWritesOnly() throws IOException {
        LocalStorage storage = new LocalStorage(dir);
        write(storage, "p/1/dump", "complete");
        // What a killed Steward leaves: partial files of unfinished writes, here written by "another process".
        Files.createDirectories(dir.resolve("p/2"));
        Files.writeString(dir.resolve("p/2/.dump.partial-0123abcd"), "half a dump");
        Files.writeString(dir.resolve("p/2/.manifest.json.partial-ff"), "{");
        Upload inFlight = storage.create("p/3/dump");
        inFlight.stream().write(7);

        assertThat(storage.cleanLeftovers()).isEqualTo(2);

        assertThat(files()).containsExactlyInAnyOrder("p/1/dump", onlyPartial("p/3/"));
        assertThat(inFlight.complete().size()).isEqualTo(1);
        assertThat(storage.list("").stream().map(StoredObject::key)).containsExactly("p/1/dump", "p/3/dump");
        assertThat(storage.cleanLeftovers()).isZero();
    }

    @Test
    void listsObjectsUnderAPrefixSortedByKey() throws IOException {
        LocalStorage storage = new LocalStorage(dir);
        for (String key : List.of("b/2/dump", "a/10/dump", "a/2/manifest.json", "a/2/dump", "ab/1/dump", "a/1/dump")) {
            write(storage, key, key);
        }

        assertThat(storage.list("").stream().map(StoredObject::key))
                .containsExactly("a/1/dump", "a/10/dump", "a/2/dump", "a/2/manifest.json", "ab/1/dump", "b/2/dump");
        assertThat(storage.list("a/").stream().map(StoredObject::key))
                .containsExactly("a/1/dump", "a/10/dump", "a/2/dump", "a/2/manifest.json");
        assertThat(storage.list("a").stream().map(StoredObject::key)).hasSize(5);
        assertThat(storage.list("a/1").stream().map(StoredObject::key)).containsExactly("a/1/dump", "a/10/dump");
        assertThat(storage.list("a/2/dump"))
                .singleElement()
                .satisfies(o -> assertThat(o.size()).isEqualTo(8));
        assertThat(storage.list("c/")).isEmpty();
    }

    @Test
    void deleteRemovesTheObjectAndDirectoriesItLeavesEmpty() throws IOException {
        LocalStorage storage = new LocalStorage(dir);
        write(storage, "p/1/dump", "x");
        write(storage, "p/2/dump", "y");

        storage.delete("p/1/dump");
        storage.delete("p/1/dump");

        assertThat(storage.list("").stream().map(StoredObject::key)).containsExactly("p/2/dump");
        assertThat(dir.resolve("p/1")).doesNotExist();
        storage.delete("p/2/dump");
        assertThat(dir).isDirectory().isEmptyDirectory();
    }

    @Test
    void rejectsKeysThatLeaveTheDirectoryOrAreReserved() {
        LocalStorage storage = new LocalStorage(dir);
        for (String key : List.of("../etc/passwd", "p/../../x", "/etc/passwd", "p//dump", "p/./dump", "p/.dump", "")) {
            assertThatThrownBy(() -> storage.create(key))
                    .as(key)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + key + "'");
        }
        assertThatThrownBy(() -> storage.open("p/../../x")).hasMessageContaining("'..'");
        assertThatThrownBy(() -> storage.list("../")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void createsItsDirectoryOnFirstUseAndReportsFreeSpace() throws IOException {
        LocalStorage storage = new LocalStorage(dir.resolve("new/backups"));
        assertThat(storage.list("")).isEmpty();
        assertThat(storage.cleanLeftovers()).isZero();

        assertThat(storage.freeSpace().orElseThrow()).isPositive();
        assertThat(dir.resolve("new/backups")).isDirectory();
    }

    @Test
    void saysWhichDirectoryIsNotWritableAndHowToFixIt() throws IOException {
        Path readOnly = dir.resolve("read-only");
        Files.createDirectory(
                readOnly, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r-xr-xr-x")));
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(readOnly), "running as root");
        LocalStorage storage = new LocalStorage(readOnly.resolve("backups"));

        assertThatThrownBy(() -> storage.create("p/1/dump"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(readOnly.resolve("backups").toString())
                .hasMessageContaining("not writable");
    }

    @Test
    void saysWhenAFileIsInTheWayOfTheDirectory() throws IOException {
        Files.writeString(dir.resolve("backups"), "not a directory");
        LocalStorage storage = new LocalStorage(dir.resolve("backups"));

        assertThatThrownBy(() -> storage.create("p/1/dump"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(dir.resolve("backups").toString())
                .hasMessageContaining("is not a directory but a file");
    }

    private static void write(BackupStorage storage, String key, String content) throws IOException {
        try (Upload upload = storage.create(key)) {
            upload.stream().write(content.getBytes(StandardCharsets.UTF_8));
            upload.complete();
        }
    }

    private String onlyPartial(String directory) throws IOException {
        return files().stream()
                .filter(f -> f.startsWith(directory) && f.contains(".partial-"))
                .findFirst()
                .orElseThrow();
    }

    private List<String> files() throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .map(f -> dir.relativize(f).toString())
                    .toList();
        }
    }
}
