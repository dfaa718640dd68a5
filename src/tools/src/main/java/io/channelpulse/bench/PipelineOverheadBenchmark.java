package io.channelpulse.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * P1: the full job ({@code replay}) against a no-op pipeline with the same sources and parsing
 * ({@link NoopPipeline}), both as child JVMs with {@code -Xmx1g} on the 2M history, run alternately
 * (no-op, full, no-op, full) so drifting machine load hits both. The ratio is of throughputs on the
 * same input, i.e. the median no-op wall clock over the median full wall clock.
 */
final class PipelineOverheadBenchmark implements Benchmark {

    static final double GOAL_RATIO = 0.5;
    static final int PAIRS = 2;

    private final Histories histories;
    private final ReplayRuns replays;
    private final Path workDir;

    PipelineOverheadBenchmark(Histories histories, ReplayRuns replays, Path workDir) {
        this.histories = histories;
        this.replays = replays;
        this.workDir = workDir;
    }

    @Override
    public String id() {
        return "P1";
    }

    @Override
    public String measure() {
        return "full job ÷ no-op pipeline (same sources, parsing), " + histories.smallLabel();
    }

    @Override
    public String goal() {
        return "≥ 0.5";
    }

    @Override
    public BenchResult run(BenchContext context) throws Exception {
        Histories.History history = histories.small();
        Instant deadline = Instant.now().plus(context.timeout());
        List<Duration> noops = new ArrayList<>();
        List<Duration> fulls = new ArrayList<>();
        for (int i = 1; i <= PAIRS; i++) {
            List<String> noop = List.of(ChildJvm.javaBinary(), "-Xmx" + ReplayThroughputBenchmark.HEAP,
                    "-cp", context.jar().toString(), NoopPipeline.class.getName(), history.dir().toString());
            ChildJvm.Run run = ChildJvm.run("p1-noop-" + i + "-" + history.spec().label(), noop, workDir.resolve("runs"), history.dir(), deadline);
            if (!run.succeeded()) {
                return unfinished("no-op run " + i, run, noops, fulls);
            }
            noops.add(run.wall());
            ReplayRuns.Measured full = replays.replay("p1-full-" + i, context.jar(), history, ReplayThroughputBenchmark.HEAP, deadline);
            if (!full.run().succeeded()) {
                return unfinished("full run " + i, full.run(), noops, fulls);
            }
            fulls.add(full.run().wall());
        }
        double noop = median(noops);
        double full = median(fulls);
        double ratio = noop / full;
        return BenchResult.completed(id(), String.format("%.2f", ratio), ratio >= GOAL_RATIO,
                String.format("median wall: no-op %.1f s (%,.0f records/s), full %.1f s (%,.0f records/s); runs no-op %s, full %s",
                        noop, history.records() / noop, full, history.records() / full, seconds(noops), seconds(fulls)));
    }

    private BenchResult unfinished(String which, ChildJvm.Run run, List<Duration> noops, List<Duration> fulls) {
        String reached = String.format("%s %s after %.0f s; before it: no-op %s, full %s", which,
                run.finished() ? "exited with " + run.exitCode() : "killed", run.wall().toMillis() / 1000.0, seconds(noops), seconds(fulls));
        String detail = (run.finished() ? run.stderrTail() : run.progress()) + "; logs in " + run.stdout().getParent();
        return run.finished() ? BenchResult.failed(id(), reached, detail) : BenchResult.timedOut(id(), reached, detail);
    }

    static double median(List<Duration> walls) {
        double[] s = walls.stream().mapToDouble(d -> d.toNanos() / 1e9).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static String seconds(List<Duration> walls) {
        return walls.isEmpty() ? "none" : walls.stream().map(d -> String.format("%.1f s", d.toMillis() / 1000.0)).toList().toString();
    }
}
