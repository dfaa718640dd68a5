package io.channelpulse.kpi;

import java.util.List;

/** Exact nearest-rank percentiles: the smallest value with at least p% of values at or below it. */
public final class Percentiles {

    private Percentiles() {}

    /** The nearest-rank percentile of {@code sorted} (ascending), or null when empty. */
    public static Long nearestRank(List<Long> sorted, int percent) {
        if (sorted.isEmpty()) {
            return null;
        }
        // ceil(percent × n / 100) in integers: floating point would put p7 of 100 values at rank 8.
        long rank = (percent * (long) sorted.size() + 99) / 100;
        return sorted.get((int) Math.max(rank, 1) - 1);
    }
}
