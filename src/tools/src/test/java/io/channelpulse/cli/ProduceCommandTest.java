package io.channelpulse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.broker.EmbeddedKafka;
import io.channelpulse.config.ConfigLoader;
import io.channelpulse.config.PulseConfig;
import io.channelpulse.serde.EventStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code produce} against a real embedded broker: each file's lines, in file order, on one partition. */
class ProduceCommandTest {

    static final Path BASIC = Path.of("src/test/resources/replay/basic");

    static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker(@TempDir Path dir) {
        kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private final CliRun cli = new CliRun();

    /** The basic fixture (which has no channel costs), plus blank lines, a CRLF line and malformed JSON in prices, and no partners file. */
    static Path inputWithEdges(Path dir) throws Exception {
        Path input = Files.createDirectories(dir.resolve("history"));
        for (EventStream<?> stream : EventStream.ALL) {
            if (!stream.name().equals("partners") && Files.exists(BASIC.resolve(stream.name() + ".jsonl"))) {
                Files.copy(BASIC.resolve(stream.name() + ".jsonl"), input.resolve(stream.name() + ".jsonl"));
            }
        }
        Files.writeString(input.resolve("prices.jsonl"), "\n   \n{broken json\r\n\n[1,2]\n\t\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        return input;
    }

    /** What replay reads from a file: its lines (any terminator), blank ones skipped. */
    static List<String> nonBlankLines(Path file) throws Exception {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void producesEveryNonBlankLineOfEachFileToItsTopicInFileOrderOnOnePartition(@TempDir Path tmp) throws Exception {
        Path input = inputWithEdges(tmp);
        Path configFile = CliRun.configWithTopics(tmp, "produce", kafka.bootstrapServers());
        PulseConfig config = ConfigLoader.load(configFile);
        kafka.createTopics(topics(config), 2);

        int code = cli.run("produce", "--input", input.toString(), "--config", configFile.toString(), "--partition", "1");

        assertThat(code).as(cli.err.toString()).isZero();
        for (EventStream<?> stream : EventStream.ALL) {
            String topic = config.topics().input(stream);
            Path file = input.resolve(stream.name() + ".jsonl");
            List<String> expected = Files.exists(file) ? nonBlankLines(file) : List.of();
            assertThat(read(topic, 1, expected.size())).as(topic).containsExactlyElementsOf(expected);
            assertThat(endOffset(topic, 0)).as("nothing on the other partition of " + topic).isZero();
            assertThat(cli.out.toString()).contains(topic + ": " + expected.size() + " records");
        }
        assertThat(nonBlankLines(input.resolve("prices.jsonl"))).contains("{broken json", "[1,2]").hasSize(14);
        assertThat(cli.out.toString()).contains("produce.partners: 0 records (no partners.jsonl)");
    }

    @Test
    void bootstrapServersOptionOverridesTheConfigAndPartitionZeroIsTheDefault(@TempDir Path tmp) throws Exception {
        Path configFile = CliRun.configWithTopics(tmp, "override", "127.0.0.1:1");
        PulseConfig config = ConfigLoader.load(configFile);
        kafka.createTopics(topics(config), 2);

        int code = cli.run("produce", "--input", BASIC.toString(), "--config", configFile.toString(),
                "--bootstrap-servers", kafka.bootstrapServers());

        assertThat(code).as(cli.err.toString()).isZero();
        List<String> orders = nonBlankLines(BASIC.resolve("orders.jsonl"));
        assertThat(read("override.orders", 0, orders.size())).containsExactlyElementsOf(orders);
        assertThat(cli.out.toString()).contains("Sent 35 records to " + kafka.bootstrapServers());
    }

    @Test
    void aPartitionTheTopicDoesNotHaveFailsNamingTheTopic(@TempDir Path tmp) throws Exception {
        Path configFile = CliRun.configWithTopics(tmp, "narrow", kafka.bootstrapServers());
        kafka.createTopics(topics(ConfigLoader.load(configFile)), 2);

        int code = cli.run("produce", "--input", BASIC.toString(), "--config", configFile.toString(), "--partition", "2");

        assertThat(code).isEqualTo(1);
        assertThat(cli.err.toString()).contains("produce failed", "'narrow.pos-sales' has 2 partition(s)", "no partition 2");
    }

    @Test
    void missingInputDirectoryIsAUsageErrorNamingTheOption(@TempDir Path tmp) {
        int code = cli.run("produce", "--input", tmp.resolve("nope").toString(), "--bootstrap-servers", kafka.bootstrapServers());

        assertThat(code).isEqualTo(2);
        assertThat(cli.err.toString()).contains("--input").contains("no such directory");
    }

    @Test
    void withoutInputItIsAUsageErrorNamingTheOption() {
        assertThat(cli.run("produce")).isEqualTo(2);
        assertThat(cli.err.toString()).contains("--input");
    }

    static List<String> topics(PulseConfig config) {
        return List.copyOf(config.topics().inputs().values());
    }

    private static List<String> read(String topic, int partition, int expected) {
        TopicPartition tp = new TopicPartition(topic, partition);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (values.size() < expected && System.nanoTime() < until) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    assertThat(r.key()).isNull();
                    values.add(new String(r.value(), StandardCharsets.UTF_8));
                }
            }
            // nothing beyond the file's lines
            assertThat(consumer.endOffsets(List.of(tp)).get(tp)).isEqualTo(expected);
        }
        return values;
    }

    private static long endOffset(String topic, int partition) {
        TopicPartition tp = new TopicPartition(topic, partition);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            Map<TopicPartition, Long> end = consumer.endOffsets(List.of(tp));
            return end.get(tp);
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer() {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", kafka.bootstrapServers());
        p.setProperty("enable.auto.commit", "false");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
