package dev.steward.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed embedded start quotes what PostgreSQL said during that attempt, not what it said the last time. */
class EmbeddedDatabaseLogTest {

    @TempDir
    Path dataDir;

    @Test
    void quotesTheErrorWrittenDuringThisAttemptNotOldLines() throws IOException {
        Path directory = dataDir.resolve("postgres");
        Files.createDirectories(directory.resolve("log"));
        Path oldServerLog = directory.resolve("log/postgresql-Mon.log");
        Files.writeString(oldServerLog, "2026-11-23 LOG:  database system is shut down\n");
        Files.setLastModifiedTime(oldServerLog, FileTime.from(Instant.now().minusSeconds(3600)));
        Path startupLog = dataDir.resolve("postgres-startup.log");
        Files.writeString(startupLog, "waiting for server to start.... done\nserver started\n");
        long offset = Files.size(startupLog);
        long attempt = System.currentTimeMillis();
        Files.writeString(
                startupLog,
                "waiting for server to start....\n"
                        + "FATAL:  invalid value for parameter \"shared_buffers\": \"bogus\"\n"
                        + " stopped waiting\npg_ctl: could not start server\n",
                java.nio.file.StandardOpenOption.APPEND);

        String quoted = EmbeddedDatabase.linesWrittenSince(directory, offset, attempt);

        assertThat(quoted)
                .isEqualTo("FATAL:  invalid value for parameter \"shared_buffers\": \"bogus\"")
                .doesNotContain("shut down")
                .doesNotContain("server started");
    }

    @Test
    void withoutAnErrorLineQuotesTheLastLinesOfThisAttempt() throws IOException {
        Path directory = dataDir.resolve("postgres");
        Files.createDirectories(directory);
        Path startupLog = dataDir.resolve("postgres-startup.log");
        Files.writeString(startupLog, "old line\n");
        long offset = Files.size(startupLog);
        Files.writeString(startupLog, "a\nb\nc\nd\n", java.nio.file.StandardOpenOption.APPEND);

        assertThat(EmbeddedDatabase.linesWrittenSince(directory, offset, System.currentTimeMillis()))
                .isEqualTo("b | c | d");
    }
}
