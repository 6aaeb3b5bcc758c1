package dev.steward.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.backup.DrillRecord;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class BackupViewsTest {

    private final BackupViews views = new BackupViews(
            new IncidentTimes(Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC)),
            JsonMapper.builder().build());

    @Test
    void givesEveryStatusAColourTheOtherPagesUse() {
        assertThat(BackupViews.tone("verified")).isEqualTo("up");
        assertThat(BackupViews.tone("passed")).isEqualTo("up");
        assertThat(BackupViews.tone("complete")).isEqualTo("active");
        assertThat(BackupViews.tone("running")).isEqualTo("pending");
        assertThat(BackupViews.tone("failed")).isEqualTo("down");
        assertThat(BackupViews.tone("drill_failed")).isEqualTo("down");
        assertThat(BackupViews.tone("deleted")).isEqualTo("disabled");
    }

    @Test
    void writesSizesAndDrillTimesAsTheCommandLineDoes() {
        assertThat(BackupViews.size(93_300)).isEqualTo("93.3 kB");
        assertThat(BackupViews.size(540_000_000)).isEqualTo("540.0 MB");
        assertThat(BackupViews.seconds(3.21)).isEqualTo("3.2s");
        assertThat(BackupViews.seconds(125)).isEqualTo("2m 5s");
        assertThat(BackupViews.excerpt("pg_dump exited with status 1\ndetails", 80))
                .isEqualTo("pg_dump exited with status 1");
    }

    @Test
    void readsWhatADrillCheckedWithItsFailures() {
        String checks = """
                {"tables": [
                   {"table": "public.accounts", "dumped": 1000000, "restored": 999000,
                    "failure": "public.accounts: 1000000 rows at dump time, 999000 restored"},
                   {"table": "public.gone", "dumped": 5, "restored": null, "failure": "public.gone: missing"},
                   {"table": "public.tellers", "dumped": 10, "restored": 10, "failure": null}],
                 "checks": [{"sql": "select 1", "expect": "== 1", "actual": "1", "failure": null}]}""";
        DrillRecord drill = new DrillRecord(
                7,
                "20261124T020000Z-3f9a",
                "shop",
                "failed",
                Instant.parse("2026-11-24T05:00:00Z"),
                Optional.of(Instant.parse("2026-11-24T05:01:00Z")),
                Optional.of(42.0),
                Optional.of(10_800.0),
                Optional.of(checks),
                Optional.of("public.accounts: 1000000 rows at dump time, 999000 restored"),
                Optional.empty());

        BackupViews.DrillRow row = views.drill(drill);

        assertThat(row.tone()).isEqualTo("down");
        assertThat(row.rto()).isEqualTo("42.0s");
        assertThat(row.rpo()).isEqualTo("3h");
        assertThat(row.tables())
                .extracting(BackupViews.TableCheck::restored)
                .containsExactly("999,000", "missing", "10");
        assertThat(row.checks()).singleElement().satisfies(check -> {
            assertThat(check.actual()).isEqualTo("1");
            assertThat(check.failure()).isNull();
        });
        assertThat(row.checked()).isEqualTo("3 tables, 1 SQL check, 2 failed");
    }
}
