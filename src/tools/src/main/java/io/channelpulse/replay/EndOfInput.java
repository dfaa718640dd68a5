package io.channelpulse.replay;

import java.io.Serializable;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Where one replay's clock stops: the latest event time of any of its input streams, agreed
 * between the {@link ReplayClock}s of its sources as each reaches the end of its file. With no
 * event at all, the epoch.
 *
 * <p>The clocks run in the tasks of one local MiniCluster, in the JVM that called {@link #open}, so
 * they meet in a JVM-wide registry rather than in a two-input operator: that operator could not be
 * chained to its source, and every record of the replay would be serialized once more to reach
 * it. Replay never runs on a remote cluster ({@link Replay} builds a local environment).
 */
public final class EndOfInput {

    private static final Map<String, EndOfInput> OPEN = new ConcurrentHashMap<>();

    private final Set<String> streams;
    private final Map<String, Long> reported = new HashMap<>();
    private final CompletableFuture<Long> agreed = new CompletableFuture<>();

    private EndOfInput(Collection<String> streams) {
        this.streams = Set.copyOf(streams);
    }

    /** Opens the agreement for one replay whose sources are {@code streams}; close it when the job has ended. */
    static Agreement open(Collection<String> streams) {
        String id = UUID.randomUUID().toString();
        OPEN.put(id, new EndOfInput(streams));
        return new Agreement(id, List.copyOf(streams));
    }

    private synchronized void report(String stream, long latest) {
        if (!streams.contains(stream)) {
            throw new IllegalArgumentException("not a source of this replay: " + stream);
        }
        reported.merge(stream, latest, Math::max);
        if (reported.keySet().equals(streams)) {
            long end = reported.values().stream().mapToLong(Long::longValue).max().orElse(Long.MIN_VALUE);
            agreed.complete(end == Long.MIN_VALUE ? 0L : end);
        }
    }

    /** The handle a {@link ReplayClock} carries to its task: serializable, and only an id. */
    public static final class Agreement implements Serializable, AutoCloseable {
        private static final long serialVersionUID = 1L;

        private final String id;
        private final List<String> streams;

        private Agreement(String id, List<String> streams) {
            this.id = id;
            this.streams = streams;
        }

        List<String> streams() {
            return streams;
        }

        /**
         * Reports the latest event time of {@code stream} (Long.MIN_VALUE for none) and waits until
         * every source has reported; returns the latest of all, in epoch milliseconds.
         */
        long agree(String stream, long latest) throws InterruptedException {
            EndOfInput end = OPEN.get(id);
            if (end == null) {
                throw new IllegalStateException("replay " + id + " has ended, or runs in another JVM than the one that started it");
            }
            end.report(stream, latest);
            try {
                return end.agreed.get();
            } catch (ExecutionException | CancellationException e) {
                throw new IllegalStateException("replay " + id + " ended before all its sources finished", e);
            }
        }

        /** Forgets the agreement and releases any clock still waiting (only if the job failed). */
        @Override
        public void close() {
            EndOfInput end = OPEN.remove(id);
            if (end != null) {
                end.agreed.cancel(false);
            }
        }
    }
}
