package io.channelpulse.bench;

import io.channelpulse.config.PulseConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * P5: state per open order, open price episode and live batch allocation, from the full size of
 * the live job's checkpoints (hashmap backend, 1 s checkpoints to a local directory, read from
 * Flink's REST API).
 *
 * <p>A steady load (a sale, a compliant price check, a stock count, and an order created and
 * answered, every 100 ms) runs throughout on a simulated clock that moves {@value #STEP_SECONDS}
 * s of event time per tick (by default) and starts 60 days in the past, so horizons measured in event time
 * pass in seconds. For each kind, N items are opened at once; once event time has moved past the
 * dedup horizon (so the items' own eventIds no longer count), the growth over the baseline divided
 * by N is the state per item. The items are then closed as the rules define (orders answered,
 * prices back at the guide, allocations expired after the diversion horizon, which this benchmark
 * sets to {@value #DIVERSION_HORIZON_MINUTES} minutes instead of 90 days), and the state must fall
 * back to within {@value #RETURN_TOLERANCE_PERCENT}% of the growth. Finally the steady load runs for
 * {@link BenchContext#soak()} and the state at its end must be within {@value
 * #SOAK_TOLERANCE_PERCENT}% of its start.
 */
public final class StateSizeBenchmark implements Benchmark {

    static final String ID = "P5";
    static final long GOAL_BYTES = 1024;
    static final long STEP_SECONDS = 30;
    static final long TICK_MILLIS = 100;
    static final long DIVERSION_HORIZON_MINUTES = 60;
    static final int RETURN_TOLERANCE_PERCENT = 5;
    static final int SOAK_TOLERANCE_PERCENT = 10;
    /** More than the dedup horizon (10 min) and the out-of-orderness (2 min) together. */
    static final Duration SETTLE = Duration.ofMinutes(15);

    private final int n;
    private final Duration step;

    /** The suite's size: 10,000 items of each kind. */
    public StateSizeBenchmark() {
        this(10_000);
    }

    public StateSizeBenchmark(int itemsPerKind) {
        this(itemsPerKind, Duration.ofSeconds(STEP_SECONDS));
    }

    /** With {@code step} of event time per 100 ms tick of steady load (tests move faster). */
    StateSizeBenchmark(int itemsPerKind, Duration step) {
        this.n = itemsPerKind;
        this.step = step;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String measure() {
        return "state per open order, price episode and batch allocation, from checkpoint sizes";
    }

    @Override
    public String goal() {
        return "≤ 1 KB each; back to baseline when closed; flat in the soak";
    }

    /** One kind's measurement. */
    record Kind(String name, Snapshot baselineState, Snapshot openState, Snapshot closedState) {
        long baseline() {
            return baselineState.bytes();
        }

        long open() {
            return openState.bytes();
        }

        long closed() {
            return closedState.bytes();
        }

        double perItem(int n) {
            return (open() - baseline()) / (double) n;
        }

        boolean returned() {
            return Math.abs(closed() - baseline()) <= (open() - baseline()) * RETURN_TOLERANCE_PERCENT / 100;
        }

        String describe(int n) {
            return String.format("%s %.0f B/item (baseline %s B, open %s B, closed %s B%s)", name, perItem(n),
                    LiveRig.thousands(baseline()), LiveRig.thousands(open()), LiveRig.thousands(closed()),
                    returned() ? ", back to baseline" : ", NOT back to baseline, left in: " + baselineState.largestGrowthTo(closedState));
        }
    }

    /** A measured checkpoint: its full size, and its size per job vertex (chain of operators). */
    record Snapshot(long bytes, Map<String, Long> byVertex) {
        static final int LISTED = 3;

        /**
         * The vertices whose state grew most from this snapshot to {@code later}, largest first,
         * e.g. {@code "Order admission (+204,310 B)"}: which operator holds what did not go away.
         */
        String largestGrowthTo(Snapshot later) {
            List<String> grown = later.byVertex.entrySet().stream()
                    .map(e -> Map.entry(e.getKey(), e.getValue() - byVertex.getOrDefault(e.getKey(), 0L)))
                    .filter(e -> e.getValue() > 0)
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .limit(LISTED)
                    .map(e -> e.getKey() + " (+" + LiveRig.thousands(e.getValue()) + " B)")
                    .toList();
            if (later.byVertex.isEmpty()) {
                return "per-vertex sizes unavailable";
            }
            return grown.isEmpty() ? "no vertex grew" : String.join(", ", grown);
        }
    }

    /** Thrown inside a phase when the benchmark's time is up. */
    private static final class OutOfTime extends Exception {
        OutOfTime() {
            super(null, null, false, false);
        }
    }

    @Override
    public BenchResult run(BenchContext context) throws Exception {
        long deadline = LiveRig.deadline(context.timeout());
        List<Kind> kinds = new ArrayList<>();
        List<String> reached = new ArrayList<>();
        try (LiveRig rig = LiveRig.start(context.workDir(), "p5", Duration.ofSeconds(1))) {
            PulseConfig c = rig.config;
            PulseConfig config = new PulseConfig(c.topics(), c.priceBelowGuide(),
                    new PulseConfig.DiversionRule(Duration.ofMinutes(DIVERSION_HORIZON_MINUTES)), c.orderResponse(),
                    c.kpiWindow(), c.outOfOrderness(), c.idleTimeout(), c.dedupHorizon(), c.kafka(), c.checkpoint(),
                    c.input(), c.business(), c.gateway(), c.economics());
            Instant start = Instant.now().minus(Duration.ofDays(60)).truncatedTo(ChronoUnit.MINUTES);
            try (Load load = new Load(config, start, step);
                    LiveRig.RunningJob job = rig.startJob(config)) {
                load.start();
                Phases phases = new Phases(load, job, deadline, config.outOfOrderness());
                try {
                    phases.advance(SETTLE);
                    Snapshot baseline = phases.measure();
                    reached.add("baseline " + LiveRig.thousands(baseline.bytes()) + " B");

                    Snapshot open = phases.openThenMeasure(items -> {
                        for (int i = 0; i < n; i++) {
                            items.order(load.now(), i, "BO-" + i, "CREATED");
                        }
                    });
                    reached.add("orders open " + LiveRig.thousands(open.bytes()) + " B");
                    Snapshot closed = phases.openThenMeasure(items -> {
                        for (int i = 0; i < n; i++) {
                            items.order(load.now(), i, "BO-" + i, "ACKNOWLEDGED");
                        }
                    });
                    kinds.add(new Kind("order", baseline, open, closed));
                    reached.add("orders closed " + LiveRig.thousands(closed.bytes()) + " B");

                    baseline = closed;
                    open = phases.openThenMeasure(items -> {
                        for (int i = 0; i < n; i++) {
                            items.priceCheck(load.now(), i, "BE-" + (i / BenchEvents.SKUS), BenchEvents.sku(i), BenchEvents.BELOW_GUIDE);
                        }
                    });
                    reached.add("episodes open " + LiveRig.thousands(open.bytes()) + " B");
                    closed = phases.openThenMeasure(items -> {
                        for (int i = 0; i < n; i++) {
                            items.priceCheck(load.now(), i, "BE-" + (i / BenchEvents.SKUS), BenchEvents.sku(i), BenchEvents.AT_GUIDE);
                        }
                    });
                    kinds.add(new Kind("price episode", baseline, open, closed));
                    reached.add("episodes closed " + LiveRig.thousands(closed.bytes()) + " B");

                    baseline = closed;
                    open = phases.openThenMeasure(items -> {
                        for (int i = 0; i < n; i++) {
                            items.inventory(load.now(), i, "BA-" + (i / BenchEvents.SKUS), BenchEvents.sku(i), "RECEIPT", 12, "BB-" + i);
                        }
                    });
                    reached.add("allocations open " + LiveRig.thousands(open.bytes()) + " B");
                    phases.advance(Duration.ofMinutes(DIVERSION_HORIZON_MINUTES));
                    closed = phases.measure();
                    kinds.add(new Kind("batch allocation", baseline, open, closed));
                    reached.add("allocations expired " + LiveRig.thousands(closed.bytes()) + " B");

                    Snapshot soakStart = closed;
                    long soakEndAt = System.nanoTime() + context.soak().toNanos();
                    long max = soakStart.bytes();
                    Instant eventTimeAtSoakStart = load.now();
                    while (System.nanoTime() < soakEndAt) {
                        phases.check();
                        Thread.sleep(Math.min(5_000, Math.max(1, (soakEndAt - System.nanoTime()) / 1_000_000)));
                        long[] latest = job.latestCompleted();
                        max = Math.max(max, latest[1]);
                    }
                    Snapshot soakEnd = phases.measure();
                    max = Math.max(max, soakEnd.bytes());
                    boolean flat = Math.abs(soakEnd.bytes() - soakStart.bytes()) <= soakStart.bytes() * SOAK_TOLERANCE_PERCENT / 100;
                    String soak = String.format("soak %s (%s of event time): %s B at start, %s B at end, max %s B (%s, tolerance %d%%)%s",
                            context.soak(), Duration.between(eventTimeAtSoakStart, load.now()),
                            LiveRig.thousands(soakStart.bytes()), LiveRig.thousands(soakEnd.bytes()), LiveRig.thousands(max),
                            flat ? "flat" : "NOT flat", SOAK_TOLERANCE_PERCENT,
                            flat ? "" : "; grew in: " + soakStart.largestGrowthTo(soakEnd));

                    boolean met = flat;
                    List<String> details = new ArrayList<>();
                    List<String> values = new ArrayList<>();
                    for (Kind k : kinds) {
                        met &= k.perItem(n) <= GOAL_BYTES && k.returned();
                        details.add(k.describe(n));
                        values.add(String.format("%s %.0f B", k.name(), k.perItem(n)));
                    }
                    details.add(soak);
                    List<String> invalid = kinds.stream().filter(k -> k.open() <= k.baseline()).map(Kind::name).toList();
                    if (!invalid.isEmpty()) {
                        // The state moved more between checkpoints than N open items add: whatever
                        // else waits in state (observations buffered until the watermark passes) is
                        // not settled, and a per-item figure would be noise printed as a result.
                        return BenchResult.failed(ID, "measurement invalid: state did not grow while " + String.join(", ", invalid)
                                        + " were open",
                                "N = " + LiveRig.thousands(n) + " per kind; " + String.join("; ", details));
                    }
                    return BenchResult.completed(ID, String.join(", ", values) + (flat ? "; flat soak" : "; soak NOT flat"), met,
                            "N = " + LiveRig.thousands(n) + " per kind; " + String.join("; ", details));
                } catch (OutOfTime e) {
                    return BenchResult.timedOut(ID, reached.isEmpty() ? "no checkpoint measured" : String.join(", ", reached),
                            "timeout " + context.timeout() + (phases.stalled == null ? "" : "; " + phases.stalled)
                                    + (kinds.isEmpty() ? "" : "; " + kinds.get(kinds.size() - 1).describe(n)));
                }
            }
        }
    }

    /** What a phase does with the item producer. */
    @FunctionalInterface
    private interface Items {
        void produce(BenchEvents items) throws Exception;
    }

    /** The phases' shared steps: advance event time, produce items, measure a settled checkpoint. */
    private final class Phases {
        private final Load load;
        private final LiveRig.RunningJob job;
        private final long deadline;
        private final Duration outOfOrderness;
        /** What a measurement is waiting for, while it waits: the timeout's message. */
        volatile String stalled;

        Phases(Load load, LiveRig.RunningJob job, long deadline, Duration outOfOrderness) {
            this.load = load;
            this.job = job;
            this.deadline = deadline;
            this.outOfOrderness = outOfOrderness;
        }

        void check() throws OutOfTime {
            if (LiveRig.past(deadline)) {
                throw new OutOfTime();
            }
            if (load.failure.get() != null) {
                throw new IllegalStateException("steady load failed", load.failure.get());
            }
        }

        /** Waits until the steady load has moved event time by {@code d}. */
        void advance(Duration d) throws Exception {
            Instant until = load.now().plus(d);
            while (load.now().isBefore(until)) {
                check();
                Thread.sleep(TICK_MILLIS);
            }
        }

        Snapshot openThenMeasure(Items items) throws Exception {
            load.exclusively(items);
            advance(SETTLE);
            return measure();
        }

        /**
         * The full size of a checkpoint that completed after the job had read everything sent so
         * far and every operator's watermark had passed it (two more checkpoints, at least 2 s).
         * Without the watermark, state that waits for it (observations buffered for the guide
         * join, cleanup timers of closed items) is counted or not depending on how far the job
         * lags, which made figures at N = 1,000 negative.
         */
        Snapshot measure() throws Exception {
            load.pause(true);
            try {
                return measureWhilePaused();
            } finally {
                load.pause(false);
            }
        }

        /**
         * With the load's clock standing still, so that nothing expires while the job catches up
         * (under load that took long enough for a 60-minute allocation horizon to pass, and the
         * allocations measured 3 B each).
         */
        private Snapshot measureWhilePaused() throws Exception {
            long sent = load.flushedCount();
            // The job's watermark trails the newest event by the out-of-orderness and 1 ms.
            long watermarkTarget = load.now().minus(outOfOrderness).toEpochMilli() - 1;
            while (job.recordsRead() < sent) {
                check();
                Thread.sleep(200);
            }
            LiveRig.RunningJob.LowestWatermark lowest = job.lowestWatermark();
            while (lowest.millis() < watermarkTarget) {
                stalled = "waiting for the watermark to pass " + Instant.ofEpochMilli(watermarkTarget) + ": lowest "
                        + (lowest.millis() == Long.MIN_VALUE ? "none" : Instant.ofEpochMilli(lowest.millis()).toString())
                        + " at " + lowest.vertex();
                check();
                Thread.sleep(200);
                lowest = job.lowestWatermark();
            }
            stalled = null;
            long first = job.latestCompleted()[0];
            long notBefore = System.nanoTime() + 2_000_000_000L;
            long[] latest = job.latestCompleted();
            while (latest[0] < first + 2 || System.nanoTime() < notBefore) {
                check();
                Thread.sleep(250);
                latest = job.latestCompleted();
            }
            return new Snapshot(latest[1], job.stateByVertex(latest[0]));
        }
    }

    /**
     * The steady load on a simulated clock, and the producer of the phases' items. Both send under
     * one lock, so items are stamped with the clock of the moment and never fall behind the
     * watermark however long a bulk send takes.
     */
    private static final class Load implements AutoCloseable {
        final BenchEvents items;
        private final BenchEvents steady;
        private final AtomicLong clock;
        private final AtomicBoolean running = new AtomicBoolean(true);
        final java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        private final Object lock = new Object();
        private final Thread thread;
        private final long stepMillis;
        private long ticks;
        /** While set, the load keeps sending but its clock stands still (a measurement waits). */
        private volatile boolean paused;

        Load(PulseConfig config, Instant start, Duration step) {
            this.stepMillis = step.toMillis();
            items = new BenchEvents(config, "I-");
            steady = new BenchEvents(config, "S-");
            clock = new AtomicLong(start.toEpochMilli());
            steady.referenceData(start.minus(Duration.ofDays(1)));
            thread = new Thread(this::loop, "p5-steady-load");
            thread.setDaemon(true);
        }

        void pause(boolean pause) {
            paused = pause;
        }

        void start() {
            thread.start();
        }

        Instant now() {
            return Instant.ofEpochMilli(clock.get());
        }

        private void loop() {
            try {
                while (running.get()) {
                    synchronized (lock) {
                        Instant at = now();
                        int k = (int) (ticks % 8);
                        steady.sale(at, k, "SO-" + k, BenchEvents.sku(k), BenchEvents.AT_GUIDE);
                        steady.priceCheck(at, k, "SO-" + k, BenchEvents.sku(k), BenchEvents.AT_GUIDE);
                        steady.inventory(at, k, "SO-" + k, BenchEvents.sku(k), "SNAPSHOT", 20, null);
                        steady.order(at, k, "SORD-" + ticks, "CREATED");
                        steady.order(at, k, "SORD-" + ticks, "ACKNOWLEDGED");
                        ticks++;
                        if (!paused) {
                            clock.addAndGet(stepMillis);
                        }
                    }
                    Thread.sleep(TICK_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable t) {
                failure.set(t);
            }
        }

        void exclusively(Items work) throws Exception {
            synchronized (lock) {
                work.produce(items);
                items.flush();
            }
        }

        /** Everything sent so far, flushed: what the job must have read. */
        long flushedCount() {
            synchronized (lock) {
                steady.flush();
                items.flush();
                return steady.sent() + items.sent();
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(5_000);
            steady.close();
            items.close();
        }
    }
}
