package dev.steward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.config.DatabaseUrl;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BackupFormatTest {

    @Test
    void writesSizesInDecimalUnitsWithOneDecimal() {
        assertThat(BackupFormat.size(0)).isEqualTo("0 B");
        assertThat(BackupFormat.size(999)).isEqualTo("999 B");
        assertThat(BackupFormat.size(1000)).isEqualTo("1.0 kB");
        assertThat(BackupFormat.size(12_345_678)).isEqualTo("12.3 MB");
        assertThat(BackupFormat.size(999_960_000)).isEqualTo("1.0 GB");
        assertThat(BackupFormat.size(4_400_000_000_000L)).isEqualTo("4.4 TB");
    }

    @Test
    void writesDurationsToTheTwoLargestUnits() {
        assertThat(BackupFormat.duration(Duration.ofMillis(420))).isEqualTo("0.4s");
        assertThat(BackupFormat.duration(Duration.ofMillis(8_250))).isEqualTo("8.3s");
        assertThat(BackupFormat.duration(Duration.ofSeconds(41))).isEqualTo("41s");
        assertThat(BackupFormat.duration(Duration.ofSeconds(125))).isEqualTo("2m 05s");
        assertThat(BackupFormat.duration(Duration.ofMinutes(187))).isEqualTo("3h 07m");
        assertThat(BackupFormat.duration(Duration.ofHours(52))).isEqualTo("2d 04h");
        assertThat(BackupFormat.duration(Duration.ofSeconds(-3))).isEqualTo("0.0s");
        assertThat(BackupFormat.seconds(12.4)).isEqualTo("12s");
    }

    @Test
    void drawsABarFilledToTheShareDoneWhenTheTotalIsKnown() {
        assertThat(BackupFormat.progressLine("restoring", 312_400_000, 540_000_000, Duration.ofSeconds(41)))
                .isEqualTo("restoring  [#############...........]  57%  312.4 MB of 540.0 MB  41s");
        assertThat(BackupFormat.progressLine("restoring", 0, 540_000_000, Duration.ZERO))
                .isEqualTo("restoring  [........................]   0%  0 B of 540.0 MB  0.0s");
        assertThat(BackupFormat.progressLine("restoring", 600_000_000, 540_000_000, Duration.ofSeconds(50)))
                .startsWith("restoring  [########################] 100%");
    }

    @Test
    void movesAMarkerBackAndForthWhenTheTotalIsUnknown() {
        assertThat(BackupFormat.progressLine("dumping", 312_400_000, -1, Duration.ofSeconds(0)))
                .isEqualTo("dumping  [<=>.....................]  312.4 MB  0.0s");
        assertThat(BackupFormat.progressLine("dumping", 312_400_000, -1, Duration.ofSeconds(2)))
                .isEqualTo("dumping  [..<=>...................]  312.4 MB  2.0s");
        assertThat(BackupFormat.progressLine("dumping", 312_400_000, -1, Duration.ofSeconds(21)))
                .isEqualTo("dumping  [.....................<=>]  312.4 MB  21s");
        assertThat(BackupFormat.progressLine("dumping", 312_400_000, -1, Duration.ofSeconds(23)))
                .isEqualTo("dumping  [...................<=>..]  312.4 MB  23s");
        for (int second = 0; second < 100; second++) {
            assertThat(BackupFormat.progressLine("dumping", 1, -1, Duration.ofSeconds(second)))
                    .as("second %d", second)
                    .startsWith("dumping  [")
                    .contains("<=>");
            String line = BackupFormat.progressLine("dumping", 1, -1, Duration.ofSeconds(second));
            assertThat(line.substring(line.indexOf('[') + 1, line.indexOf(']')))
                    .as("second %d", second)
                    .hasSize(BackupFormat.BAR)
                    .matches("\\.*<=>\\.*");
        }
    }

    @Test
    void writesPlainProgressForLogs() {
        assertThat(BackupFormat.progressText("dumping", 312_400_000, -1, Duration.ofSeconds(41)))
                .isEqualTo("dumping 312.4 MB after 41s");
        assertThat(BackupFormat.progressText("restoring", 270_000_000, 540_000_000, Duration.ofSeconds(12)))
                .isEqualTo("restoring 270.0 MB of 540.0 MB (50%) after 12s");
        assertThat(BackupFormat.progressText("creating scratch database", 0, -1, Duration.ofMillis(300)))
                .isEqualTo("creating scratch database after 0.3s");
    }

    @Test
    void excerptsTheFirstLineOfAnError() {
        assertThat(BackupFormat.excerpt("pg_dump exited with status 1\npg_dump: error: …", 60))
                .isEqualTo("pg_dump exited with status 1");
        assertThat(BackupFormat.excerpt("x".repeat(80), 10)).isEqualTo("xxxxxxxxx…");
    }

    @Test
    void redrawsOneLineOnATerminalAtMostFiveTimesASecond() {
        AtomicLong nanos = new AtomicLong();
        StringWriter text = new StringWriter();
        ProgressDisplay display = new ProgressDisplay(new PrintWriter(text), true, nanos::get);

        display.phase("dumping");
        display.bytes(1_000_000, -1);
        nanos.addAndGet(Duration.ofMillis(250).toNanos());
        display.bytes(2_000_000, -1);
        display.bytes(3_000_000, -1);
        display.phase("completing");
        display.finish();

        assertThat(text.toString())
                .isEqualTo("\rdumping  [<=>.....................]  0 B  0.0s"
                        + "\rdumping  [<=>.....................]  2.0 MB  0.3s"
                        + "\rcompleting  [<=>.....................]  0 B  0.3s"
                        + "\rcompleting  [<=>.....................]  0 B  0.3s"
                        + System.lineSeparator());
    }

    @Test
    void padsAShorterLineSoNothingOfTheLongerOneStays() {
        AtomicLong nanos = new AtomicLong();
        StringWriter text = new StringWriter();
        ProgressDisplay display = new ProgressDisplay(new PrintWriter(text), true, nanos::get);

        display.update("creating scratch database", 0, -1);
        display.update("verifying", 0, -1);

        String[] lines = text.toString().split("\r");
        assertThat(lines[2]).hasSameSizeAs(lines[1]).startsWith("verifying  [").endsWith("   ");
    }

    @Test
    void writesALineWhenThePhaseChangesAndEveryFifteenSecondsInALog() {
        AtomicLong nanos = new AtomicLong();
        StringWriter text = new StringWriter();
        ProgressDisplay display = new ProgressDisplay(new PrintWriter(text), false, nanos::get);

        display.phase("dumping");
        for (int second = 1; second <= 31; second++) {
            nanos.set(Duration.ofSeconds(second).toNanos());
            display.bytes(second * 1_000_000L, -1);
        }
        display.phase("completing");
        display.finish();

        assertThat(text.toString().lines())
                .containsExactly(
                        "dumping after 0.0s",
                        "dumping 15.0 MB after 15s",
                        "dumping 30.0 MB after 30s",
                        "completing after 31s");
    }

    @Test
    void namesTheTargetDatabaseAndPrintsItsUrlWithoutThePassword() {
        DatabaseUrl url = ((DatabaseUrl.Result.Valid)
                        DatabaseUrl.parse("postgres://restorer:s3cret@db.internal:5433/booky_restore?sslmode=require"))
                .url();
        assertThat(BackupRestore.database(url)).isEqualTo("booky_restore");
        assertThat(BackupRestore.withoutPassword(url))
                .isEqualTo("postgres://restorer@db.internal:5433/booky_restore?sslmode=require")
                .doesNotContain("s3cret");
        DatabaseUrl ipv6 = ((DatabaseUrl.Result.Valid) DatabaseUrl.parse("postgres://u@[::1]:5432/shop")).url();
        assertThat(BackupRestore.database(ipv6)).isEqualTo("shop");
    }
}
