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
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(rank, 1) - 1);
    }
}
