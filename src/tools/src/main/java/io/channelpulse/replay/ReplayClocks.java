package io.channelpulse.replay;

import java.io.Serializable;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The clocks of one replay's event streams ({@link ReplayClock}), which coordinate in two ways:
 * <ul>
 *   <li><b>While reading</b>, a stream's source waits before it forwards a watermark more than
 *       {@code maxDrift} ahead of the slowest stream. Unaligned, a small file (inventory) is
 *       read to its end while a large one (POS lines) is still at its start, and every operator
 *       that joins them buffers the fast stream in state until the slow one catches up: memory
 *       that grows with the input. Waiting never changes what happens downstream: each stream
 *       keeps its records and watermarks in file order. The slowest stream never waits, and a
 *       finished stream no longer holds anyone back, so the wait always ends.
 *   <li><b>At the end of input</b>, they agree on where event time stops: the latest event time of
 *       any stream (the epoch when there is none).
 * </ul>
 *
 * <p>The clocks run in the tasks of one local MiniCluster, in the JVM that called {@link #open}, so
 * they meet in a JVM-wide registry rather than in a two-input operator: that operator could not be
 * chained to its source, and every record of the replay would be serialized once more to reach
 * it. Flink's own watermark alignment does not fit either: a source blocked at the end of its input
 * keeps holding back the others at its last watermark. Replay never runs on a remote cluster
 * ({@link Replay} builds a local environment).
 */
public final class ReplayClocks {

    private static final Map<String, ReplayClocks> OPEN = new ConcurrentHashMap<>();
    /** How long a source that is ahead sleeps before it looks at the slowest stream again. */
    private static final long WAIT_MILLIS = 1;

    private final List<String> streams;
    private final long maxDrift;
    /** The latest watermark of each stream, +infinity once it has ended. */
    private final AtomicLongArray watermarks;
    private final Map<String, Long> reported = new HashMap<>();
    private final CompletableFuture<Long> agreed = new CompletableFuture<>();

    private ReplayClocks(List<String> streams, Duration maxDrift) {
        this.streams = List.copyOf(streams);
        this.maxDrift = maxDrift.toMillis();
        this.watermarks = new AtomicLongArray(streams.size());
        for (int i = 0; i < streams.size(); i++) {
            watermarks.set(i, Long.MIN_VALUE);
        }
    }

    /**
     * Opens the clocks of one replay's event streams, which keep within {@code maxDrift} of each
     * other. Close the handle when the job has ended.
     */
    public static Handle open(List<String> streams, Duration maxDrift) {
        if (streams.isEmpty() || Set.copyOf(streams).size() != streams.size()) {
            throw new IllegalArgumentException("streams must be distinct and at least one, got " + streams);
        }
        String id = UUID.randomUUID().toString();
        OPEN.put(id, new ReplayClocks(streams, maxDrift));
        return new Handle(id, List.copyOf(streams));
    }

    private long slowest() {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < watermarks.length(); i++) {
            min = Math.min(min, watermarks.get(i));
        }
        return min;
    }

    /** Whether {@code watermark} is more than the maximum drift ahead of the slowest stream. */
    private boolean isAhead(long watermark) {
        long slowest = slowest();
        return slowest != Long.MAX_VALUE && watermark > slowest + maxDrift;
    }

    private synchronized void report(String stream, long latest) {
        reported.merge(stream, latest, Math::max);
        if (reported.size() == streams.size()) {
            long end = reported.values().stream().mapToLong(Long::longValue).max().orElse(Long.MIN_VALUE);
            agreed.complete(end == Long.MIN_VALUE ? 0L : end);
        }
    }

    /** The handle a {@link ReplayClock} carries to its task: serializable, and only an id. */
    public static final class Handle implements Serializable, AutoCloseable {
        private static final long serialVersionUID = 1L;

        private final String id;
        private final List<String> streams;

        private Handle(String id, List<String> streams) {
            this.id = id;
            this.streams = streams;
        }

        private ReplayClocks clocks() {
            ReplayClocks clocks = OPEN.get(id);
            if (clocks == null) {
                throw new IllegalStateException("replay " + id + " has ended, or runs in another JVM than the one that started it");
            }
            return clocks;
        }

        /** The index of {@code stream} among the streams. */
        int slotOf(String stream) {
            int slot = streams.indexOf(stream);
            if (slot < 0) {
                throw new IllegalArgumentException("not a source of this replay: " + stream);
            }
            return slot;
        }

        /**
         * Records that the stream in {@code slot} has reached {@code watermark}, and returns once no
         * longer more than the maximum drift ahead of the slowest aligned stream.
         */
        void advance(int slot, long watermark) throws InterruptedException {
            ReplayClocks clocks = clocks();
            clocks.watermarks.set(slot, watermark);
            while (clocks.isAhead(watermark)) {
                Thread.sleep(WAIT_MILLIS);
            }
        }

        /**
         * Reports the latest event time of {@code stream} (Long.MIN_VALUE for none) at the end of its
         * input and waits until every source has reported; returns the latest of all, in epoch
         * milliseconds. From here on the stream no longer holds back the others.
         */
        long agree(String stream, long latest) throws InterruptedException {
            ReplayClocks clocks = clocks();
            clocks.watermarks.set(slotOf(stream), Long.MAX_VALUE);
            clocks.report(stream, latest);
            try {
                return clocks.agreed.get();
            } catch (ExecutionException | CancellationException e) {
                throw new IllegalStateException("replay " + id + " ended before all its sources finished", e);
            }
        }

        /** Forgets these clocks and releases any still waiting (only if the job failed). */
        @Override
        public void close() {
            ReplayClocks clocks = OPEN.remove(id);
            if (clocks != null) {
                clocks.agreed.cancel(false);
            }
        }
    }
}
