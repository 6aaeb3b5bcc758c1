package dev.steward.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @Test
    void parsesEveryUnit() {
        assertThat(Durations.parse("500ms")).contains(Duration.ofMillis(500));
        assertThat(Durations.parse("30s")).contains(Duration.ofSeconds(30));
        assertThat(Durations.parse("5m")).contains(Duration.ofMinutes(5));
        assertThat(Durations.parse("1h")).contains(Duration.ofHours(1));
        assertThat(Durations.parse("7d")).contains(Duration.ofDays(7));
    }

    @Test
    void parsesZero() {
        assertThat(Durations.parse("0s")).contains(Duration.ZERO);
    }

    @Test
    void ignoresSurroundingWhitespace() {
        assertThat(Durations.parse(" 30s ")).contains(Duration.ofSeconds(30));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "5x",
                "",
                " ",
                "1.5s",
                "-1s",
                "s",
                "30",
                "30 s",
                "1h30m",
                "+5s",
                "99999999999999999999s",
                "9999999999999999d"
            })
    void rejectsTextThatIsNotANumberAndOneUnit(String text) {
        assertThat(Durations.parse(text)).isEmpty();
    }

    @Test
    void formatsWithTheLargestExactUnit() {
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Durations.format(Duration.ofSeconds(120))).isEqualTo("2m");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(Durations.format(Duration.ofHours(1))).isEqualTo("1h");
        assertThat(Durations.format(Duration.ofHours(48))).isEqualTo("2d");
        assertThat(Durations.format(Duration.ofMillis(100))).isEqualTo("100ms");
    }

    @Test
    void formatsZeroAsSeconds() {
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    }

    @ParameterizedTest
    @ValueSource(strings = {"500ms", "1500ms", "90s", "2m", "90m", "1h", "25h", "7d", "0s"})
    void formatRoundTripsWhatParseReads(String text) {
        Duration parsed = Durations.parse(text).orElseThrow();

        assertThat(Durations.format(parsed)).isEqualTo(text);
        assertThat(Durations.parse(Durations.format(parsed))).contains(parsed);
    }

    @Test
    void formatPicksTheShortestFormOfAnEquivalentDuration() {
        assertThat(Durations.format(Durations.parse("60s").orElseThrow())).isEqualTo("1m");
        assertThat(Durations.format(Durations.parse("1000ms").orElseThrow())).isEqualTo("1s");
        assertThat(Durations.format(Durations.parse("24h").orElseThrow())).isEqualTo("1d");
    }
}
