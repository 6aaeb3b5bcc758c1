package dev.steward.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A catalog file without services, for tests that start Steward and are not about monitors: otherwise Steward would
 * read the repository's sample {@code steward.yml} from the working directory.
 */
final class EmptyCatalog {

    private EmptyCatalog() {}

    static String path() {
        try {
            Path file = Files.createTempFile("steward-empty-catalog", ".yml");
            Files.writeString(file, "# no services\nservices: {}\n");
            file.toFile().deleteOnExit();
            return file.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
