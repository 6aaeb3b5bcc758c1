package dev.steward.result;

import java.util.Arrays;
import java.util.OptionalLong;

/**
 * Counts of latencies in log-linear buckets, the form in which hourly rollups keep latencies and from which every
 * percentile Steward reports is read.
 *
 * <p>Buckets are over whole microseconds. Below 64 µs each microsecond is its own bucket; above, each power of two
 * {@code [2^k, 2^(k+1))} is split into 32 buckets of equal width {@code 2^(k-5)}. With {@code o = max(0, k - 5)} a
 * latency {@code v} falls in bucket {@code 32 * o + (v >> o)}, 0 to 863 for any {@code int}. The SQL function
 * {@code steward_latency_bucket} computes the same.
 *
 * <p>A bucket reports its midpoint, {@code lower + width / 2} (its only value when it is 1 µs wide), which is within
 * 1/64 (1.6 %) of any latency in it.
 */
final class LatencyHistogram {

    /** The number of buckets: the bucket of {@link Integer#MAX_VALUE} is the last. */
    static final int BUCKETS = bucketOf(Integer.MAX_VALUE) + 1;

    private final long[] counts = new long[BUCKETS];
    private long total;

    /** The bucket of a latency in microseconds; negative latencies count as 0. */
    static int bucketOf(int latencyMicros) {
        int value = Math.max(0, latencyMicros);
        int halvings = halvings(value);
        return 32 * halvings + (value >> halvings);
    }

    private static int halvings(int value) {
        int log2 = 31 - Integer.numberOfLeadingZeros(Math.max(1, value));
        return Math.max(0, log2 - 5);
    }

    /** The smallest latency in the bucket. */
    static long lowerBound(int bucket) {
        int halvings = Math.max(0, bucket / 32 - 1);
        return (long) (bucket - 32 * halvings) << halvings;
    }

    /** The bucket's width in microseconds. */
    static long width(int bucket) {
        return 1L << Math.max(0, bucket / 32 - 1);
    }

    /** The value a bucket reports: its midpoint, or its only value when it is 1 µs wide. */
    static long representative(int bucket) {
        return lowerBound(bucket) + width(bucket) / 2;
    }

    void add(int bucket, long count) {
        counts[bucket] += count;
        total += count;
    }

    void add(LatencyHistogram other) {
        for (int bucket = 0; bucket < BUCKETS; bucket++) {
            counts[bucket] += other.counts[bucket];
        }
        total += other.total;
    }

    void addLatency(int latencyMicros) {
        add(bucketOf(latencyMicros), 1);
    }

    long total() {
        return total;
    }

    /**
     * The nearest-rank percentile: the bucket of the {@code ceil(p / 100 * n)}-th smallest latency (the first for
     * p = 0), reported as that bucket's {@link #representative}. Empty when there are no latencies.
     */
    OptionalLong percentileMicros(double percentile) {
        if (total == 0) {
            return OptionalLong.empty();
        }
        // p * n first: 95 * 20 / 100 is exactly 19, while 0.95 * 20 is not.
        long rank = Math.max(1, (long) Math.ceil(percentile * total / 100.0));
        long seen = 0;
        for (int bucket = 0; bucket < BUCKETS; bucket++) {
            seen += counts[bucket];
            if (seen >= rank) {
                return OptionalLong.of(representative(bucket));
            }
        }
        throw new IllegalStateException("rank " + rank + " beyond the histogram's " + total + " latencies");
    }

    @Override
    public String toString() {
        return "LatencyHistogram" + Arrays.toString(counts);
    }
}
