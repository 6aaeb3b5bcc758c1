package dev.steward.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.testing.Http;
import dev.steward.testing.PostgresExtension;
import dev.steward.testing.TestSteward;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The catalog's maintenance windows through a running Steward, on and off. */
class MaintenanceApiIT {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @TempDir
    static Path directory;

    static TestSteward steward;
    static Instant started;

    @BeforeAll
    static void start() throws IOException {
        started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Path catalog = Files.writeString(directory.resolve("steward.yml"), """
                maintenance:
                  - services: [shop-api]
                    schedule: "0 3 * * SUN"
                    duration: 30m
                    timezone: Europe/Berlin
                    reason: weekly patching
                  - start: "%s"
                    end: "%s"
                    reason: power work
                  - services: shop-db
                    start: "%s"
                    end: "%s"
                services:
                  shop-api:
                    monitors:
                      health:
                        type: tcp
                        host: 127.0.0.1
                        port: 9
                        enabled: false
                  shop-db:
                    monitors:
                      postgres:
                        type: tcp
                        host: 127.0.0.1
                        port: 9
                        enabled: false
                """.formatted(
                        started.minus(Duration.ofHours(1)),
                        started.plus(Duration.ofHours(1)),
                        started.plus(Duration.ofDays(1)),
                        started.plus(Duration.ofDays(1)).plus(Duration.ofHours(2))));
        steward =
                TestSteward.start(Map.of("DATABASE_URL", postgres.databaseUrl(), "STEWARD_CONFIG", catalog.toString()));
    }

    @AfterAll
    static void stop() {
        steward.close();
    }

    @Test
    void listsEachWindowWithWhetherItIsOnAndWhenItIsOnNext() {
        Http.Response response = Http.get(steward.url("/api/v1/maintenance"));

        assertThat(response.status()).isEqualTo(200);
        JsonNode windows = response.json().path("maintenance");
        assertThat(windows.size()).isEqualTo(3);

        JsonNode weekly = windows.get(0);
        assertThat(weekly.path("services").get(0).asString()).isEqualTo("shop-api");
        assertThat(weekly.path("schedule").asString()).isEqualTo("0 3 * * SUN for 30m (Europe/Berlin)");
        assertThat(weekly.path("reason").asString()).isEqualTo("weekly patching");
        assertThat(weekly.path("location").asString()).contains("steward.yml:2:");
        ZonedDateTime next = Instant.parse(weekly.path("nextStart").asString()).atZone(ZoneId.of("Europe/Berlin"));
        assertThat(next.getDayOfWeek()).isEqualTo(DayOfWeek.SUNDAY);
        assertThat(next.toLocalTime()).hasToString("03:00");
        assertThat(next.toInstant()).isAfter(started).isBefore(started.plus(Duration.ofDays(8)));

        JsonNode now = windows.get(1);
        assertThat(now.path("services").isEmpty()).as("every service").isTrue();
        assertThat(now.path("schedule").asString())
                .isEqualTo("once, " + started.minus(Duration.ofHours(1)) + " to " + started.plus(Duration.ofHours(1)));
        assertThat(now.path("activeNow").asBoolean()).isTrue();
        assertThat(Instant.parse(now.path("activeUntil").asString())).isEqualTo(started.plus(Duration.ofHours(1)));
        assertThat(now.path("nextStart").isNull()).isTrue();

        JsonNode tomorrow = windows.get(2);
        assertThat(tomorrow.path("activeNow").asBoolean()).isFalse();
        assertThat(tomorrow.path("activeUntil").isNull()).isTrue();
        assertThat(Instant.parse(tomorrow.path("nextStart").asString())).isEqualTo(started.plus(Duration.ofDays(1)));
        assertThat(tomorrow.path("reason").isNull()).isTrue();
    }
}
