package dev.steward.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.catalog.BackupPolicy;
import dev.steward.config.DatabaseUrl;
import dev.steward.testing.Ports;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupEngineTest {

    @TempDir
    Path directory;

    @Test
    void checkSaysWhatToInstallWhenPgDumpIsMissing() {
        Path empty = directory.resolve("bin");
        empty.toFile().mkdirs();
        try (BackupEngine engine = new BackupEngine(
                directory.resolve("work"), BackupPolicy.STEWARD_DATABASE, Optional.of(empty), Clock.systemUTC())) {
            List<String> problems = engine.check(policy());

            assertThat(problems)
                    .anySatisfy(problem -> assertThat(problem)
                            .contains("pg_dump")
                            .contains(empty.toString())
                            .contains("PG_BIN_DIR"));
        }
    }

    @Test
    void checkIsQuietWhenTheToolsExistAndTheSourceIsDown() {
        try (BackupEngine engine = new BackupEngine(
                directory.resolve("work"), BackupPolicy.STEWARD_DATABASE, Optional.empty(), Clock.systemUTC())) {
            assertThat(engine.check(policy()))
                    .as("an unreachable source is the run's problem, not the tools'")
                    .isEmpty();
        }
    }

    @Test
    void idsSortByStartTime() {
        String earlier = BackupEngine.newId(Instant.parse("2026-11-24T02:00:00Z"));
        String later = BackupEngine.newId(Instant.parse("2026-11-24T02:00:01Z"));

        assertThat(earlier).matches("20261124T020000Z-[0-9a-f]{4}");
        assertThat(later).isGreaterThan(earlier);
    }

    private static BackupPolicy policy() {
        DatabaseUrl source = ((DatabaseUrl.Result.Valid)
                        DatabaseUrl.parse("postgres://backup@127.0.0.1:" + Ports.free() + "/shop"))
                .url();
        return new BackupPolicy(
                "shop",
                source,
                Optional.empty(),
                ZoneId.of("UTC"),
                BackupPolicy.Format.CUSTOM,
                2,
                BackupPolicy.Compression.standard(),
                false,
                List.of(new BackupPolicy.Storage.Local(Path.of("/var/backups/shop"))),
                BackupPolicy.Retention.standard(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                BackupPolicy.Drill.standard());
    }
}
