package io.channelpulse.bench;

import io.channelpulse.config.InputBounds;
import io.channelpulse.serde.EventStream;
import io.channelpulse.serde.Parsed;
import io.channelpulse.serde.RecordOrigin;
import io.channelpulse.sim.Simulation;
import io.channelpulse.sim.SimulationWriter;
import io.channelpulse.sim.Simulator;
import io.channelpulse.sim.SimulatorSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * P4: the live job reading a Kafka backlog, against a plain {@link KafkaConsumer} that reads and
 * parses the same topics. A simulated backlog is produced to the embedded broker; then (a) one
 * consumer thread reads every input partition from the start to its end offset, parsing each
 * record as the job's deserializer does, and (b) the live job (parallelism 2, exactly-once sinks,
 * 10 s checkpoints) is timed from submission until its {@code records-read.*} counters reach the
 * number produced. The ratio is the job's rate over the consumer's.
 *
 * <p>The job's time includes its start-up (MiniCluster, event-time gates asking the broker for
 * their partitions' ends) and up to ~1 s of accumulator lag; the detail line also gives the rate
 * from the first record read, which leaves the start-up out.
 */
public final class LiveReadBenchmark implements Benchmark {

    static final String ID = "P4";
    static final double GOAL = 0.6;

    private final Duration history;
    private final int outletsPerPartner;

    /** The suite's size: 28 days, 24 outlets per partner (about 527,000 records). */
    public LiveReadBenchmark() {
        this(Duration.ofDays(28), 24);
    }

    public LiveReadBenchmark(Duration history, int outletsPerPartner) {
        this.history = history;
        this.outletsPerPartner = outletsPerPartner;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String measure() {
        return "live job reading Kafka ÷ a plain KafkaConsumer reading and parsing the same topics";
    }

    @Override
    public String goal() {
        return "≥ " + GOAL;
    }

    @Override
    public BenchResult run(BenchContext context) throws Exception {
        long deadline = LiveRig.deadline(context.timeout());
        try (LiveRig rig = LiveRig.start(context.workDir(), "p4", Duration.ofSeconds(10))) {
            SimulatorSettings settings = SimulatorSettings.defaults(Instant.parse("2026-10-01T00:00:00Z"), history)
                    .withOutletsPerPartner(outletsPerPartner);
            Simulation sim = new Simulator(settings).run();
            long produced = SimulationWriter.toKafka(sim, rig.config, Double.MAX_VALUE, () -> !LiveRig.past(deadline), new AtomicLong());
            if (LiveRig.past(deadline)) {
                return BenchResult.timedOut(ID, LiveRig.thousands(produced) + " records produced, nothing timed", "timeout " + context.timeout());
            }

            Read consumer = consume(rig, deadline);
            if (consumer.records < produced) {
                return BenchResult.timedOut(ID, "plain consumer read " + LiveRig.thousands(consumer.records) + " of " + LiveRig.thousands(produced) + " records",
                        "timeout " + context.timeout());
            }
            double consumerRate = consumer.records / consumer.seconds;

            long start = System.nanoTime();
            long firstRead = -1;
            long read = 0;
            double seconds;
            String checkpoints;
            try (LiveRig.RunningJob job = rig.startJob(rig.config)) {
                while (read < produced && !LiveRig.past(deadline)) {
                    Thread.sleep(100);
                    read = job.recordsRead();
                    if (firstRead < 0 && read > 0) {
                        firstRead = System.nanoTime();
                    }
                }
                seconds = (System.nanoTime() - start) / 1e9;
                checkpoints = checkpointSummary(job.checkpoints());
            }
            if (read < produced) {
                return BenchResult.timedOut(ID, "live job read " + LiveRig.thousands(read) + " of " + LiveRig.thousands(produced) + " records",
                        String.format("plain consumer %.0f records/s; job stopped after %.1f s (timeout %s)", consumerRate, seconds, context.timeout()));
            }
            double jobRate = produced / seconds;
            double steadyRate = firstRead < 0 ? jobRate : produced / ((System.nanoTime() - firstRead) / 1e9);
            double ratio = jobRate / consumerRate;
            return BenchResult.completed(ID, String.format("%.2f", ratio), ratio >= GOAL,
                    String.format("%s records; job %.0f records/s (%.1f s from submission; %.0f/s from its first record read);"
                                    + " plain consumer %.0f records/s (%.1f s, %s dead letters); %s",
                            LiveRig.thousands(produced), jobRate, seconds, steadyRate, consumerRate, consumer.seconds,
                            LiveRig.thousands(consumer.deadLetters), checkpoints));
        }
    }

    /** Checkpoints taken while the backlog was read: how many, and the largest full state. */
    static String checkpointSummary(com.fasterxml.jackson.databind.JsonNode c) {
        return String.format("checkpoints while reading: %s completed, largest %.1f MB, longest %s ms",
                c.path("counts").path("completed").asText("?"),
                c.path("summary").path("state_size").path("max").asLong(0) / 1e6,
                c.path("summary").path("end_to_end_duration").path("max").asText("?"));
    }

    record Read(long records, long deadLetters, double seconds) {}

    /**
     * One {@code read_committed} consumer over every input partition, from the beginning to the end
     * offsets taken at the start, parsing each record as {@code KafkaEventDeserializationSchema}
     * does (payload decoded, the live wall-clock bound applied).
     */
    static Read consume(LiveRig rig, long deadline) {
        Properties p = rig.config.kafka().clientProperties();
        p.setProperty("isolation.level", "read_committed");
        p.setProperty("enable.auto.commit", "false");
        InputBounds bounds = rig.config.input();
        Map<String, EventStream<?>> byTopic = new HashMap<>();
        for (EventStream<?> s : EventStream.ALL) {
            byTopic.put(rig.config.topics().input(s), s);
        }
        long records = 0;
        long deadLetters = 0;
        long start = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (String topic : byTopic.keySet()) {
                consumer.partitionsFor(topic).forEach(i -> tps.add(new TopicPartition(topic, i.partition())));
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> end = consumer.endOffsets(tps);
            while (!LiveRig.past(deadline) && tps.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    EventStream<?> stream = byTopic.get(r.topic());
                    RecordOrigin origin = RecordOrigin.kafka(stream.name(), r.topic(), r.partition(), r.offset());
                    String payload = r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8);
                    Parsed<?> parsed = stream.parse(payload, origin, bounds, Instant.now().plus(bounds.maxFutureSkew()));
                    records++;
                    if (!parsed.isOk()) {
                        deadLetters++;
                    }
                }
            }
        }
        return new Read(records, deadLetters, (System.nanoTime() - start) / 1e9);
    }
}
