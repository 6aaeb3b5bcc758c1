package dev.steward.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class SvgChartTest {

    private static SvgChart.Point point(String label, double p50, double p95) {
        return new SvgChart.Point(label, OptionalDouble.of(p50), OptionalDouble.of(p95));
    }

    private static SvgChart.Point gap(String label) {
        return new SvgChart.Point(label, OptionalDouble.empty(), OptionalDouble.empty());
    }

    @Test
    void isAnImageWithATitleAndADescriptionForScreenReaders() {
        String svg = SvgChart.latency(
                "chart-0",
                "Latency of <health>",
                "p50 from 10 ms",
                List.of(point("10:00", 10, 20), point("11:00", 12, 30)));

        assertThat(svg)
                .startsWith("<svg ")
                .contains("role=\"img\"", "aria-labelledby=\"chart-0-title chart-0-desc\"")
                .contains("<title id=\"chart-0-title\">Latency of &lt;health&gt;</title>")
                .contains("<desc id=\"chart-0-desc\">p50 from 10 ms</desc>")
                .endsWith("</svg>");
    }

    @Test
    void drawsBothPercentilesAndBreaksTheLineWhereBucketsHaveNoResults() {
        String svg = SvgChart.latency(
                "c",
                "t",
                "d",
                List.of(point("a", 10, 20), point("b", 12, 40), gap("c"), point("d", 11, 25), point("e", 10, 22)));

        assertThat(svg).contains("<path class=\"p50\"", "<path class=\"p95\"");
        String p50 = svg.substring(svg.indexOf("<path class=\"p50\" d=\"") + 21);
        assertThat(p50.substring(0, p50.indexOf('"')))
                .as("two segments, a to b and d to e")
                .matches("M\\S+ \\S+ L\\S+ \\S+ M\\S+ \\S+ L\\S+ \\S+");
        assertThat(svg).contains(">50 ms</text>").as("the axis ends at a round number above the highest p95");
    }

    @Test
    void drawsALoneBucketAsADot() {
        String svg = SvgChart.latency("c", "t", "d", List.of(gap("a"), point("b", 5, 9), gap("c")));

        assertThat(svg)
                .contains("<circle class=\"p50\"", "<circle class=\"p95\"")
                .doesNotContain("<path");
    }

    @Test
    void saysSoWhenThereAreNoLatencies() {
        String svg = SvgChart.latency("c", "t", "d", List.of(gap("a"), gap("b")));

        assertThat(svg).contains("no latencies in this range").doesNotContain("<path", "<circle");
    }

    @Test
    void roundsTheAxisUpToOneTwoOrFiveTimesAPowerOfTen() {
        assertThat(SvgChart.niceCeiling(0)).isZero();
        assertThat(SvgChart.niceCeiling(0.7)).isEqualTo(1);
        assertThat(SvgChart.niceCeiling(13)).isEqualTo(20);
        assertThat(SvgChart.niceCeiling(240)).isEqualTo(250);
        assertThat(SvgChart.niceCeiling(2600)).isEqualTo(5000);
        assertThat(SvgChart.millis(2500)).isEqualTo("2.5 s");
        assertThat(SvgChart.millis(0.5)).isEqualTo("0.5 ms");
    }
}
