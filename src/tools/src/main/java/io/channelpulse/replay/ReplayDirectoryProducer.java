package io.channelpulse.replay;

import io.channelpulse.config.PulseConfig;
import io.channelpulse.serde.EventStream;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes a replay directory ({@code DIR/<stream>.jsonl}) into the job's input topics, so the live
 * job sees the same records a replay reads. Each file goes, in file order, to one partition: the
 * job's per-partition order then equals the file's order. Blank lines are skipped (replay skips
 * them too); every other line, malformed or not, is sent unchanged so the job dead-letters what
 * replay dead-letters.
 */
public final class ReplayDirectoryProducer {

    private ReplayDirectoryProducer() {}

    /** What was sent to one topic. {@code file} is null when the stream had no file. */
    public record Sent(String stream, String topic, Path file, long records) {}

    /** Failed to send; the message says which topic and why. */
    public static final class ProduceException extends Exception {
        ProduceException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Sends every non-blank line of {@code dir/<stream>.jsonl} to {@code partition} of the stream's
     * input topic, one file after the other, flushing after each. {@code maxBlock} bounds how long
     * a send waits for metadata (a missing topic or an unreachable broker).
     */
    public static List<Sent> produce(Path dir, PulseConfig config, int partition, Duration maxBlock)
            throws IOException, ProduceException {
        Properties props = config.kafka().clientProperties();
        // Idempotent, one request in flight: a retried batch can never overtake a later one, so
        // each partition holds its file's lines in file order, without duplicates.
        props.setProperty("enable.idempotence", "true");
        props.setProperty("acks", "all");
        props.setProperty("max.in.flight.requests.per.connection", "1");
        props.setProperty("max.block.ms", Long.toString(maxBlock.toMillis()));
        props.putIfAbsent("linger.ms", "5");
        Map<String, Sent> sent = new LinkedHashMap<>();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (EventStream<?> stream : EventStream.ALL) {
                String topic = config.topics().input(stream);
                Path file = dir.resolve(stream.name() + ".jsonl");
                if (!Files.isRegularFile(file)) {
                    sent.put(stream.name(), new Sent(stream.name(), topic, null, 0));
                    continue;
                }
                requirePartition(producer, topic, partition);
                long count = send(producer, topic, partition, file);
                sent.put(stream.name(), new Sent(stream.name(), topic, file, count));
            }
        }
        return List.copyOf(sent.values());
    }

    private static void requirePartition(KafkaProducer<byte[], byte[]> producer, String topic, int partition)
            throws ProduceException {
        List<PartitionInfo> partitions;
        try {
            partitions = producer.partitionsFor(topic);
        } catch (KafkaException e) {
            throw new ProduceException("cannot get the partitions of topic '" + topic + "': " + e.getMessage(), e);
        }
        if (partition >= partitions.size()) {
            throw new ProduceException("topic '" + topic + "' has " + partitions.size()
                    + " partition(s); there is no partition " + partition, null);
        }
    }

    private static long send(KafkaProducer<byte[], byte[]> producer, String topic, int partition, Path file)
            throws IOException, ProduceException {
        AtomicReference<Exception> failure = new AtomicReference<>();
        long count = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            byte[] line;
            while ((line = nextLine(in)) != null) {
                if (new String(line, StandardCharsets.UTF_8).isBlank()) {
                    continue;
                }
                producer.send(new ProducerRecord<>(topic, partition, null, line), (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
                count++;
                if (failure.get() != null) {
                    break;
                }
            }
            producer.flush();
        } catch (KafkaException e) {
            failure.compareAndSet(null, e);
        }
        if (failure.get() != null) {
            throw new ProduceException("cannot send " + file + " to topic '" + topic + "': " + failure.get().getMessage(), failure.get());
        }
        return count;
    }

    /**
     * The next line's bytes without its terminator, or null at the end. Lines end at {@code \n},
     * {@code \r\n} or a lone {@code \r}, as for {@link java.io.BufferedReader#readLine()}, which
     * replay reads with. The bytes themselves are passed on unchanged.
     */
    static byte[] nextLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                return line.toByteArray();
            }
            if (b == '\r') {
                in.mark(1);
                if (in.read() != '\n') {
                    in.reset();
                }
                return line.toByteArray();
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toByteArray();
    }
}
