package dev.steward.result;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void eachMicrosecondBelow64HasItsOwnBucket() {
        for (int micros = 0; micros < 64; micros++) {
            assertThat(LatencyHistogram.bucketOf(micros)).isEqualTo(micros);
            assertThat(LatencyHistogram.representative(micros)).isEqualTo(micros);
        }
    }

    @Test
    void everyPowerOfTwoAbove64IsSplitIntoThirtyTwoBuckets() {
        assertThat(LatencyHistogram.bucketOf(64)).isEqualTo(64);
        assertThat(LatencyHistogram.bucketOf(127)).isEqualTo(95);
        assertThat(LatencyHistogram.bucketOf(128)).isEqualTo(96);
        // 40 ms: 2^15 <= 40000 < 2^16, so 10 halvings, buckets 1024 µs wide: 32 * 10 + 39 = 359, from 39936 µs
        assertThat(LatencyHistogram.bucketOf(40_000)).isEqualTo(359);
        assertThat(LatencyHistogram.lowerBound(359)).isEqualTo(39_936);
        assertThat(LatencyHistogram.width(359)).isEqualTo(1_024);
        assertThat(LatencyHistogram.representative(359)).isEqualTo(40_448);
        assertThat(LatencyHistogram.BUCKETS).isEqualTo(864);
        assertThat(LatencyHistogram.bucketOf(-5)).as("negative counts as 0").isZero();
    }

    @Test
    void bucketsTileTheRangeAndReportAValueWithinOneSixtyFourthOfAnyLatencyInThem() {
        long expectedLower = 0;
        for (int bucket = 0; bucket < LatencyHistogram.BUCKETS; bucket++) {
            long lower = LatencyHistogram.lowerBound(bucket);
            long width = LatencyHistogram.width(bucket);
            assertThat(lower)
                    .as("bucket %d starts where the previous ended", bucket)
                    .isEqualTo(expectedLower);
            assertThat(LatencyHistogram.bucketOf((int) lower)).isEqualTo(bucket);
            assertThat(LatencyHistogram.bucketOf((int) Math.min(Integer.MAX_VALUE, lower + width - 1)))
                    .isEqualTo(bucket);
            long representative = LatencyHistogram.representative(bucket);
            for (long latency : new long[] {lower, lower + width - 1}) {
                if (latency > 0) {
                    assertThat(Math.abs(representative - latency) / (double) latency)
                            .isLessThanOrEqualTo(1.0 / 64);
                }
            }
            expectedLower = lower + width;
        }
        assertThat(expectedLower).isEqualTo(1L << 31);
    }

    @Test
    void percentilesAreNearestRank() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int micros = 1; micros <= 20; micros++) {
            histogram.addLatency(micros);
        }
        assertThat(histogram.percentileMicros(0)).hasValue(1);
        assertThat(histogram.percentileMicros(50)).as("rank 10").hasValue(10);
        assertThat(histogram.percentileMicros(95)).as("rank exactly 19, not 20").hasValue(19);
        assertThat(histogram.percentileMicros(96)).as("rank ceil(19.2) = 20").hasValue(20);
        assertThat(histogram.percentileMicros(100)).hasValue(20);
        assertThat(new LatencyHistogram().percentileMicros(50)).isEmpty();
    }
}
