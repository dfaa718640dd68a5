package io.channelpulse.bench;

/**
 * One row of the benchmark suite ({@code channel-pulse bench}): a measure with a goal. A run always
 * ends in a {@link BenchResult} that states whether it completed; a run that timed out never
 * reports a throughput as if it had finished.
 */
public interface Benchmark {

    /** The row's id in the table and in {@code docs/PERFORMANCE.md}, e.g. {@code R1}. */
    String id();

    /** What is measured, in a few words. */
    String measure();

    /** The goal, as printed in the table, e.g. {@code ≥ 100,000 events/s}. */
    String goal();

    /**
     * Runs the measurement. Exceptions are reported as {@link BenchResult.Status#FAILED} by the
     * suite; a measurement that runs out of {@link BenchContext#timeout()} returns {@link
     * BenchResult#timedOut}.
     */
    BenchResult run(BenchContext context) throws Exception;
}
