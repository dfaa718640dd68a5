package io.channelpulse.gateway.delivery;

import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListSet;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offsets may be committed: per partition, everything below the lowest offset whose alert is
 * still being delivered. An alert's offset is committed only after every matching target accepted
 * it or it was parked, so a gateway that dies mid-delivery redelivers on restart.
 */
public final class OffsetTracker {

    private final Map<TopicPartition, NavigableSet<Long>> pending = new HashMap<>();
    private final Map<TopicPartition, Long> nextToRead = new HashMap<>();

    public synchronized void started(TopicPartition tp, long offset) {
        pending.computeIfAbsent(tp, k -> new ConcurrentSkipListSet<>()).add(offset);
        nextToRead.merge(tp, offset + 1, Math::max);
    }

    public synchronized void finished(TopicPartition tp, long offset) {
        NavigableSet<Long> set = pending.get(tp);
        if (set != null) {
            set.remove(offset);
        }
    }

    /** Offsets safe to commit now (the next offset to consume after a restart). */
    public synchronized Map<TopicPartition, OffsetAndMetadata> committable() {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        nextToRead.forEach((tp, next) -> {
            NavigableSet<Long> set = pending.get(tp);
            long safe = set == null || set.isEmpty() ? next : set.first();
            out.put(tp, new OffsetAndMetadata(safe));
        });
        return out;
    }

    public synchronized int inFlight() {
        return pending.values().stream().mapToInt(NavigableSet::size).sum();
    }

    /** Forgets partitions this consumer no longer owns (after a rebalance). */
    public synchronized void revoked(java.util.Collection<TopicPartition> partitions) {
        partitions.forEach(tp -> {
            pending.remove(tp);
            nextToRead.remove(tp);
        });
    }
}
