package io.channelpulse.bench;

import java.nio.file.Path;
import java.time.Instant;

/**
 * R1: {@code replay} end to end on the 2M history in a child JVM with {@code -Xmx1g}, from JVM start
 * to exit; events per second are the records replay read divided by that wall clock. With a
 * baseline jar (today's code), the baseline replays the same history right after, with its own
 * timeout and {@code --baseline-heap}, and the speedup is the ratio of the two wall clocks.
 */
final class ReplayThroughputBenchmark implements Benchmark {

    static final double GOAL_EVENTS_PER_SECOND = 100_000;
    static final double GOAL_SPEEDUP = 5.0;
    static final String HEAP = "1g";

    private final Histories histories;
    private final ReplayRuns replays;
    private final Path baselineJar;
    private final String baselineHeap;

    ReplayThroughputBenchmark(Histories histories, ReplayRuns replays, Path baselineJar, String baselineHeap) {
        this.histories = histories;
        this.replays = replays;
        this.baselineJar = baselineJar;
        this.baselineHeap = baselineHeap;
    }

    @Override
    public String id() {
        return "R1";
    }

    @Override
    public String measure() {
        return "replay end to end, " + histories.smallLabel() + " history, -Xmx1g";
    }

    @Override
    public String goal() {
        return "≥ 100,000 events/s" + (baselineJar != null ? " and ≥ 5× baseline" : "");
    }

    @Override
    public BenchResult run(BenchContext context) throws Exception {
        Histories.History history = histories.small();
        ReplayRuns.Measured current = replays.replay("r1", context.jar(), history, HEAP, Instant.now().plus(context.timeout()));
        if (!current.run().finished()) {
            return BenchResult.timedOut(id(), current.reached() + " (" + String.format("%,d", history.records()) + " records in input)",
                    current.unfinishedDetail());
        }
        if (!current.run().succeeded()) {
            return BenchResult.failed(id(), current.reached(), current.unfinishedDetail());
        }
        double rate = current.eventsPerSecond();
        boolean met = rate >= GOAL_EVENTS_PER_SECOND;
        String detail = current.describe();
        if (baselineJar != null) {
            ReplayRuns.Measured baseline = replays.replay("r1-baseline", baselineJar, history, baselineHeap,
                    Instant.now().plus(context.timeout()));
            if (baseline.run().succeeded()) {
                double speedup = rate / baseline.eventsPerSecond();
                met = met && speedup >= GOAL_SPEEDUP;
                detail += String.format("; baseline (-Xmx%s) %,.0f events/s, %s → speedup %.2f×",
                        baselineHeap, baseline.eventsPerSecond(), baseline.describe(), speedup);
            } else {
                met = false;
                detail += String.format("; baseline (-Xmx%s) did not complete: %s; %s → no speedup",
                        baselineHeap, baseline.reached(), baseline.unfinishedDetail());
            }
        }
        return BenchResult.completed(id(), String.format("%,.0f events/s", rate), met, detail);
    }
}
