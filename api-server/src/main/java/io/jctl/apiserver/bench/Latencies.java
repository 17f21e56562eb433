package io.jctl.apiserver.bench;

import java.util.Arrays;

/** Percentiles over a fixed set of latency samples in nanoseconds (nearest-rank). */
public final class Latencies {
    private final long[] sorted;

    public Latencies(long[] nanos, int count) {
        this.sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
    }

    public int count() {
        return sorted.length;
    }

    /** The {@code p}-th percentile (0 < p <= 100) in milliseconds, or NaN without samples. */
    public double percentileMillis(double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }

    public double maxMillis() {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6;
    }

    public double meanMillis() {
        return sorted.length == 0 ? Double.NaN : Arrays.stream(sorted).average().orElse(0) / 1e6;
    }
}
