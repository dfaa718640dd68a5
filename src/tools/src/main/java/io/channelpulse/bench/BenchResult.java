package io.channelpulse.bench;

import java.util.Objects;

/**
 * The outcome of one {@link Benchmark} run.
 *
 * @param value the measured value as printed (for example {@code 131,200 events/s}); for a run that
 *     did not complete, what was reached (for example {@code 1,200,000 of 2,000,000 events read}),
 *     never a rate
 * @param goalMet whether the goal was met; always false unless the run completed
 * @param detail the numbers behind the value (wall clock, peak RSS, percentiles), one line
 */
public record BenchResult(String id, Status status, String value, boolean goalMet, String detail) {

    /** Whether the run finished its whole workload. */
    public enum Status {
        COMPLETED,
        TIMED_OUT,
        FAILED
    }

    public BenchResult {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(detail, "detail");
        if (status != Status.COMPLETED && goalMet) {
            throw new IllegalArgumentException(id + ": a run that did not complete cannot meet its goal");
        }
    }

    public static BenchResult completed(String id, String value, boolean goalMet, String detail) {
        return new BenchResult(id, Status.COMPLETED, value, goalMet, detail);
    }

    public static BenchResult timedOut(String id, String reached, String detail) {
        return new BenchResult(id, Status.TIMED_OUT, reached, false, detail);
    }

    public static BenchResult failed(String id, String why, String detail) {
        return new BenchResult(id, Status.FAILED, why, false, detail);
    }
}
