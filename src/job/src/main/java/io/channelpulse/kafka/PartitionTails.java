package io.channelpulse.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Answers "is there committed data in this partition at or after offset X, and up to which offset?"
 * with a private {@code read_committed} consumer that never joins a group or commits.
 *
 * <p>The end offset alone cannot answer it: with transactional producers the last offsets of a
 * partition are commit markers (and aborted records), which no consumer ever delivers, so a reader
 * waiting to "reach the end offset" would wait for ever. The tail is therefore read, backwards in
 * growing windows, until a delivered record is found or the start offset is reached.
 */
final class PartitionTails implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final int FIRST_WINDOW = 32;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;

    PartitionTails(Properties clientProperties, String groupId, String topic) {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.setProperty("isolation.level", "read_committed");
        p.setProperty("enable.auto.commit", "false");
        p.setProperty("group.id", groupId); // only to read the group's committed offsets
        p.setProperty("client.id", groupId + "-" + topic + "-tails");
        p.setProperty("max.poll.records", "500");
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
    }

    List<Integer> partitions() {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(60));
        return infos == null ? List.of() : infos.stream().map(PartitionInfo::partition).sorted().toList();
    }

    /** Where a reader without a checkpoint starts: the group's committed offset, else the beginning. */
    Map<Integer, Long> startOffsets(Collection<Integer> partitions, boolean fromCommitted) {
        List<TopicPartition> tps = partitions.stream().map(p -> new TopicPartition(topic, p)).toList();
        Map<TopicPartition, Long> beginning = consumer.beginningOffsets(tps);
        Map<TopicPartition, OffsetAndMetadata> committed =
                fromCommitted ? consumer.committed(new java.util.HashSet<>(tps)) : Map.of();
        Map<Integer, Long> out = new HashMap<>();
        for (TopicPartition tp : tps) {
            OffsetAndMetadata c = committed.get(tp);
            out.put(tp.partition(), c != null ? c.offset() : beginning.get(tp));
        }
        return out;
    }

    /**
     * The offset of the last record a {@code read_committed} reader will be handed in {@code
     * partition} at or after {@code from}, or -1 when there is none (right now).
     */
    long lastDataOffset(int partition, long from) {
        TopicPartition tp = new TopicPartition(topic, partition);
        long end = consumer.endOffsets(List.of(tp)).get(tp); // the last stable offset under read_committed
        long begin = Math.max(from, consumer.beginningOffsets(List.of(tp)).get(tp));
        if (end <= begin) {
            return -1;
        }
        consumer.assign(List.of(tp));
        long windowStart = end;
        long window = FIRST_WINDOW;
        while (windowStart > begin) {
            long windowEnd = windowStart;
            windowStart = Math.max(begin, windowStart - window);
            long last = lastIn(tp, windowStart, windowEnd);
            if (last >= 0) {
                return last;
            }
            window *= 4;
        }
        return -1;
    }

    private long lastIn(TopicPartition tp, long from, long to) {
        consumer.seek(tp, from);
        long last = -1;
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        while (consumer.position(tp) < to) {
            if (System.nanoTime() > deadline) {
                throw new org.apache.kafka.common.errors.TimeoutException(
                        "could not read " + tp + " from " + from + " to " + to + " within " + READ_TIMEOUT);
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL).records(tp)) {
                if (record.offset() < to) {
                    last = Math.max(last, record.offset());
                }
            }
        }
        return last;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
