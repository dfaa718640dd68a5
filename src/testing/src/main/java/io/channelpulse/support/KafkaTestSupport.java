package io.channelpulse.support;

import io.channelpulse.broker.EmbeddedKafka;
import io.channelpulse.config.Checkpointing;
import io.channelpulse.config.PulseConfig;
import io.channelpulse.serde.EventStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Producing fixtures to and reading committed output from the embedded broker in tests. */
public final class KafkaTestSupport {

    private KafkaTestSupport() {}

    /** A config whose topics, group and transactional ids are unique to {@code run}. */
    public static PulseConfig isolatedConfig(EmbeddedKafka kafka, String run) {
        Map<String, String> inputs = new HashMap<>();
        for (EventStream<?> stream : EventStream.ALL) {
            inputs.put(stream.name(), run + "." + stream.name());
        }
        PulseConfig defaults = PulseConfig.defaults();
        return new PulseConfig(
                        new PulseConfig.Topics(Map.copyOf(inputs), run + ".alerts", run + ".channel-kpis", run + ".dead-letters",
                                run + ".partner-tiers", run + ".channel-economics"),
                        defaults.priceBelowGuide(), defaults.diversion(), defaults.orderResponse(),
                        defaults.kpiWindow(), defaults.outOfOrderness(), Duration.ofMillis(500),
                        defaults.dedupHorizon(), defaults.kafka(), defaults.checkpoint(), defaults.input())
                .withKafka(defaults.kafka()
                        .withBootstrapServers(kafka.bootstrapServers())
                        .withGroupId(run)
                        .withTransactionalIdPrefix(run)
                        .withTransactionTimeout(Duration.ofMinutes(5)))
                .withCheckpoint(Checkpointing.of(Duration.ofMillis(500), Duration.ofMinutes(1), Duration.ofMinutes(1)));
    }

    public static List<String> allTopics(PulseConfig config) {
        List<String> topics = new ArrayList<>(config.topics().inputs().values());
        topics.addAll(config.topics().outputs());
        return topics;
    }

    /** Produces every line of {@code dir/<stream>.jsonl} to the stream's topic, in file order. */
    public static void produceFixture(EmbeddedKafka kafka, PulseConfig config, Path dir) throws IOException {
        produceFixture(kafka, config, dir, line -> true);
    }

    /** Produces the lines of {@code dir/<stream>.jsonl} that {@code which} accepts, in file order. */
    public static void produceFixture(EmbeddedKafka kafka, PulseConfig config, Path dir, Predicate<String> which)
            throws IOException {
        try (KafkaProducer<String, String> producer = producer(kafka)) {
            for (EventStream<?> stream : EventStream.ALL) {
                Path file = dir.resolve(stream.name() + ".jsonl");
                if (Files.exists(file)) {
                    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                        if (!which.test(line)) {
                            continue;
                        }
                        producer.send(new ProducerRecord<>(config.topics().input(stream), 0, null, line));
                    }
                }
            }
            producer.flush();
        }
    }

    public static KafkaProducer<String, String> producer(EmbeddedKafka kafka) {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", kafka.bootstrapServers());
        p.setProperty("enable.idempotence", "true");
        p.setProperty("acks", "all");
        p.setProperty("max.in.flight.requests.per.connection", "1");
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    /**
     * Reads {@code topic} from the beginning with {@code read_committed} until {@code done} holds
     * for what was read, or {@code timeout} passes; returns everything read.
     */
    public static List<ConsumerRecord<String, String>> readCommitted(
            EmbeddedKafka kafka, String topic, Duration timeout, Predicate<List<ConsumerRecord<String, String>>> done) {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", kafka.bootstrapServers());
        p.setProperty("isolation.level", "read_committed");
        p.setProperty("auto.offset.reset", "earliest");
        p.setProperty("enable.auto.commit", "false");
        p.setProperty("group.id", "test-reader-" + System.nanoTime());
        List<ConsumerRecord<String, String>> read = new ArrayList<>();
        Instant deadline = Instant.now().plus(timeout);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (Instant.now().isBefore(deadline) && !done.test(read)) {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
        }
        return read;
    }
}
