package io.channelpulse.replay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads what has been committed to some topics up to now: every partition from its beginning,
 * with {@code read_committed}, up to the end offsets taken at the start. With read_committed the
 * end offset is the last stable offset, so an open transaction ends the snapshot where it begins,
 * and records written after the start are not read.
 */
public final class CommittedSnapshot {

    private CommittedSnapshot() {}

    /** The snapshot could not be completed in time, or a topic does not exist. */
    public static final class SnapshotException extends Exception {
        SnapshotException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The committed values of each of {@code topics}, in partition then offset order.
     *
     * @param clientProperties Kafka client properties, with at least {@code bootstrap.servers}
     * @param timeout the whole read must finish within this
     */
    public static Map<String, List<String>> read(Properties clientProperties, List<String> topics, Duration timeout)
            throws SnapshotException {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.setProperty("isolation.level", "read_committed");
        p.setProperty("enable.auto.commit", "false");
        p.remove("group.id"); // assign() needs no group, and nothing is committed
        long deadline = System.nanoTime() + timeout.toNanos();
        String servers = p.getProperty("bootstrap.servers");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, remaining(deadline));
                if (infos == null || infos.isEmpty()) {
                    throw new SnapshotException("topic '" + topic + "' does not exist at " + servers, null);
                }
                infos.stream().map(i -> new TopicPartition(i.topic(), i.partition()))
                        .sorted(Comparator.comparingInt(TopicPartition::partition))
                        .forEach(partitions::add);
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, remaining(deadline));
            Map<TopicPartition, List<String>> read = new LinkedHashMap<>();
            partitions.forEach(tp -> read.put(tp, new ArrayList<>()));
            while (!reached(consumer, end, deadline)) {
                for (ConsumerRecord<String, String> r : consumer.poll(pollTime(deadline))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() < end.get(tp)) {
                        read.get(tp).add(r.value());
                    }
                }
            }
            Map<String, List<String>> values = new LinkedHashMap<>();
            topics.forEach(t -> values.put(t, new ArrayList<>()));
            read.forEach((tp, v) -> values.get(tp.topic()).addAll(v));
            return values;
        } catch (KafkaException e) {
            throw new SnapshotException("cannot read " + topics + " from " + servers + " within " + timeout
                    + ": " + e.getMessage(), e);
        }
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end, long deadline)
            throws SnapshotException {
        List<TopicPartition> behind = new ArrayList<>();
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey(), remaining(deadline)) < e.getValue()) {
                behind.add(e.getKey());
            }
        }
        if (!behind.isEmpty() && System.nanoTime() >= deadline) {
            throw new SnapshotException("timed out before reaching the end offsets " + end
                    + "; still behind on " + behind, null);
        }
        return behind.isEmpty();
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    private static Duration pollTime(long deadline) {
        Duration left = remaining(deadline);
        return left.compareTo(Duration.ofMillis(200)) < 0 ? left : Duration.ofMillis(200);
    }
}
