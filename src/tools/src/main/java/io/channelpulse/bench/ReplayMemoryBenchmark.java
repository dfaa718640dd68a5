package io.channelpulse.bench;

import java.time.Instant;

/**
 * R2: {@code replay} of the 20M history completes in a child JVM with {@code -Xmx1g}, and its heap
 * after collection stays within 1.5× of the 2M run's (R1's run when the suite has one). The heap
 * measure is the largest heap after a pause that collected the old generation (full, remark or
 * mixed), falling back to after any pause when a run had none; both are in the detail.
 */
final class ReplayMemoryBenchmark implements Benchmark {

    static final double GOAL_GROWTH = 1.5;

    private final Histories histories;
    private final ReplayRuns replays;

    ReplayMemoryBenchmark(Histories histories, ReplayRuns replays) {
        this.histories = histories;
        this.replays = replays;
    }

    @Override
    public String id() {
        return "R2";
    }

    @Override
    public String measure() {
        return "replay memory: " + histories.largeLabel() + " history, -Xmx1g";
    }

    @Override
    public String goal() {
        return "completes; heap after GC ≤ 1.5× the " + histories.smallLabel() + " run's";
    }

    @Override
    public BenchResult run(BenchContext context) throws Exception {
        Histories.History small = histories.small();
        Histories.History large = histories.large();
        Instant deadline = Instant.now().plus(context.timeout());
        ReplayRuns.Measured smallRun = replays.known(context.jar(), small, ReplayThroughputBenchmark.HEAP);
        if (smallRun == null) {
            smallRun = replays.replay("r2", context.jar(), small, ReplayThroughputBenchmark.HEAP, deadline);
        }
        String smallText = small.spec().label() + ": " + (smallRun.run().succeeded() ? smallRun.describe() : smallRun.reached());
        ReplayRuns.Measured largeRun = replays.replay("r2", context.jar(), large, ReplayThroughputBenchmark.HEAP, deadline);
        String label = large.spec().label();
        if (!largeRun.run().finished()) {
            return BenchResult.timedOut(id(), label + " " + largeRun.reached() + String.format(" (%,d records in input)", large.records()),
                    largeRun.unfinishedDetail() + "; " + smallText);
        }
        if (!largeRun.run().succeeded()) {
            return BenchResult.failed(id(), label + " " + largeRun.reached(), largeRun.unfinishedDetail() + "; " + smallText);
        }
        ChildJvm.GcSummary smallGc = smallRun.run().gc();
        ChildJvm.GcSummary largeGc = largeRun.run().gc();
        boolean oldInBoth = smallGc.peakAfterOldCollection() > 0 && largeGc.peakAfterOldCollection() > 0;
        long smallHeap = oldInBoth ? smallGc.peakAfterOldCollection() : smallGc.peakAfterAny();
        long largeHeap = oldInBoth ? largeGc.peakAfterOldCollection() : largeGc.peakAfterAny();
        boolean comparable = smallRun.run().succeeded() && smallHeap > 0 && largeHeap > 0;
        double growth = comparable ? (double) largeHeap / smallHeap : Double.NaN;
        String value = String.format("%s completed; heap after %s GC %s vs %s (%s)", label, oldInBoth ? "old-gen" : "any", ChildJvm.mb(largeHeap),
                ChildJvm.mb(smallHeap), comparable ? String.format("%.2f×", growth) : "not comparable");
        return BenchResult.completed(id(), value, comparable && growth <= GOAL_GROWTH,
                label + ": " + largeRun.describe() + String.format(", %,.0f events/s; ", largeRun.eventsPerSecond()) + smallText);
    }
}
