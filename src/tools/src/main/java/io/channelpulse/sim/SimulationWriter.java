package io.channelpulse.sim;

import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.channelpulse.config.PulseConfig;
import io.channelpulse.serde.EventStream;
import io.channelpulse.serde.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes a {@link Simulation} to a replay directory or to Kafka, and its ground truth to a file. */
public final class SimulationWriter {

    private SimulationWriter() {}

    /** Writes {@code DIR/<stream>.jsonl} in emission order, as fast as possible. */
    public static void toDirectory(Simulation sim, Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, BufferedWriter> writers = new HashMap<>();
        try {
            for (EventStream<?> stream : EventStream.ALL) {
                writers.put(stream.name(), Files.newBufferedWriter(dir.resolve(stream.name() + ".jsonl"), StandardCharsets.UTF_8));
            }
            for (Emission e : sim.emissions()) {
                BufferedWriter w = writers.get(e.stream());
                w.write(e.payload());
                w.newLine();
            }
        } finally {
            for (BufferedWriter w : writers.values()) {
                w.close();
            }
        }
    }

    /**
     * Produces the emissions to their topics at about {@code eventsPerSecond}, until done or
     * {@code keepGoing} turns false. Returns how many records were sent. {@code sent} is updated as
     * records go out, for status lines.
     */
    public static long toKafka(Simulation sim, PulseConfig config, double eventsPerSecond,
            BooleanSupplier keepGoing, AtomicLong sent) throws InterruptedException {
        Properties props = config.kafka().clientProperties();
        props.putIfAbsent("enable.idempotence", "true");
        props.putIfAbsent("acks", "all");
        props.putIfAbsent("linger.ms", "5");
        // One batch in flight per connection: a retried batch (NOT_LEADER right after topic
        // creation) can then never leave a later batch's sequence number ahead of it.
        props.putIfAbsent("max.in.flight.requests.per.connection", "1");
        Map<String, String> topics = new HashMap<>();
        for (EventStream<?> stream : EventStream.ALL) {
            topics.put(stream.name(), config.topics().input(stream));
        }
        long startNanos = System.nanoTime();
        long count = 0;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (Emission e : sim.emissions()) {
                if (!keepGoing.getAsBoolean()) {
                    break;
                }
                producer.send(new ProducerRecord<>(topics.get(e.stream()), e.payload()));
                count++;
                sent.set(count);
                long dueNanos = startNanos + (long) (count * 1e9 / eventsPerSecond);
                long waitNanos = dueNanos - System.nanoTime();
                if (waitNanos > 1_000_000) {
                    Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
                }
            }
            producer.flush();
        }
        return count;
    }

    /**
     * One JSON line per anomaly; for an economics history, then one {@code {"tierChange":{...}}}
     * line per expected tier change and one {@code {"tierHold":{...}}} line per one-close band
     * crossing that must not change a tier; then one summary line with the totals.
     */
    public static void groundTruth(Simulation sim, Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        ObjectWriter json = Json.mapper().writer();
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (GroundTruth.Anomaly a : sim.anomalies()) {
                out.write(json.writeValueAsString(a));
                out.newLine();
            }
            for (GroundTruth.TierChange c : sim.tierChanges()) {
                ObjectNode line = Json.mapper().createObjectNode();
                line.putPOJO("tierChange", c);
                out.write(json.writeValueAsString(line));
                out.newLine();
            }
            for (GroundTruth.TierHold h : sim.tierHolds()) {
                ObjectNode line = Json.mapper().createObjectNode();
                line.putPOJO("tierHold", h);
                out.write(json.writeValueAsString(line));
                out.newLine();
            }
            ObjectNode summary = Json.mapper().createObjectNode();
            ObjectNode totals = summary.putObject("summary");
            totals.putPOJO("eventsPerStream", sim.eventsPerStream());
            totals.putPOJO("duplicatesPerStream", sim.duplicatesPerStream());
            totals.putPOJO("malformedPerStream", sim.malformedPerStream());
            totals.put("sales", sim.sales());
            totals.put("revenue", sim.revenue());
            totals.put("anomalies", sim.anomalies().size());
            out.write(summary.toString());
            out.newLine();
        }
    }
}
