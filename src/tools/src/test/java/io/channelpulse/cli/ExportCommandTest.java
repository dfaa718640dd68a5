package io.channelpulse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectReader;
import io.channelpulse.broker.EmbeddedKafka;
import io.channelpulse.config.ConfigLoader;
import io.channelpulse.config.PulseConfig;
import io.channelpulse.model.Alert;
import io.channelpulse.model.AlertDetails;
import io.channelpulse.model.AlertStatus;
import io.channelpulse.model.ChannelKpi;
import io.channelpulse.model.ChannelType;
import io.channelpulse.model.DeadLetter;
import io.channelpulse.model.Rule;
import io.channelpulse.model.Severity;
import io.channelpulse.replay.Replay;
import io.channelpulse.serde.Json;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export} against a real embedded broker: committed output only (aborted and still-open
 * transactions left out), read up to the end offsets taken at its start, written exactly as
 * replay writes its files.
 */
class ExportCommandTest {

    static final Instant T0 = Instant.parse("2026-11-29T08:00:00Z");
    static final Instant WALL_CLOCK = Instant.parse("2026-12-01T10:00:00Z");

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

    /** The committed records, as the test wrote them; the expected files are replay's form of these. */
    private final List<Alert> alerts = new ArrayList<>();
    private final List<ChannelKpi> kpis = new ArrayList<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();

    @Test
    void writesOnlyCommittedOutputUpToTheEndOffsetsSortedExactlyAsReplayDoes(@TempDir Path tmp) throws Exception {
        Path configFile = CliRun.configWithTopics(tmp, "export", kafka.bootstrapServers());
        PulseConfig config = ConfigLoader.load(configFile);
        PulseConfig.Topics topics = config.topics();
        kafka.createTopics(List.of(topics.alerts(), topics.kpis(), topics.deadLetters()), 2);

        // Out of order, over both partitions, outside any transaction (visible to read_committed).
        try (KafkaProducer<String, String> plain = producer(null)) {
            send(plain, topics.alerts(), 1, alert("a-3", Rule.ORDER_RESPONSE_SLA, AlertStatus.FIRING, 30));
            send(plain, topics.alerts(), 0, alert("a-1", Rule.PRICE_BELOW_GUIDE, AlertStatus.FIRING, 10));
            send(plain, topics.kpis(), 1, kpi("CH-B", 2));
            send(plain, topics.kpis(), 0, kpi("CH-A", 2));
            send(plain, topics.deadLetters(), 0, deadLetter("prices", 7L, T0.plusSeconds(50)));
            plain.flush();
        }
        try (KafkaProducer<String, String> tx = producer("export-test-writer")) {
            tx.initTransactions();
            tx.beginTransaction();
            sendUncommitted(tx, topics.alerts(), 0, alert("aborted-1", Rule.PRICE_BELOW_GUIDE, AlertStatus.FIRING, 5));
            sendUncommitted(tx, topics.kpis(), 1, kpi("CH-ABORTED", 0));
            sendUncommitted(tx, topics.deadLetters(), 1, deadLetter("orders", 1L, null));
            tx.flush();
            tx.abortTransaction();

            tx.beginTransaction();
            send(tx, topics.alerts(), 0, alert("a-2", Rule.CROSS_CHANNEL_DIVERSION, AlertStatus.FIRING, 20));
            send(tx, topics.alerts(), 1, alert("a-1", Rule.PRICE_BELOW_GUIDE, AlertStatus.RESOLVED, 40));
            send(tx, topics.alerts(), 1, alert("a-0", Rule.ORDER_RESPONSE_SLA, AlertStatus.FIRING, 10));
            send(tx, topics.kpis(), 0, kpi("CH-A", 1));
            send(tx, topics.deadLetters(), 0, deadLetter("pos-sales", 3L, null));
            send(tx, topics.deadLetters(), 0, deadLetter("inventory", 2L, T0));
            tx.commitTransaction();
        }
        // Still open while export runs: its records lie beyond the last stable offset.
        try (KafkaProducer<String, String> open = producer("export-test-open")) {
            open.initTransactions();
            open.beginTransaction();
            sendUncommitted(open, topics.alerts(), 0, alert("open-1", Rule.PRICE_BELOW_GUIDE, AlertStatus.FIRING, 1));
            sendUncommitted(open, topics.kpis(), 0, kpi("CH-OPEN", 0));
            open.flush();

            Path live = tmp.resolve("live-out");
            long started = System.nanoTime();
            int code = cli.run("export", "--output", live.toString(), "--config", configFile.toString(), "--timeout", "30s");
            assertThat(code).as(cli.err.toString()).isZero();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("stops at the end offsets").isLessThan(Duration.ofSeconds(20));

            Path expected = tmp.resolve("expected");
            Replay.writeSorted(expected, new ArrayList<>(alerts.stream().map(a -> a.withEmittedAt(a.eventTime())).toList()),
                    new ArrayList<>(kpis), new ArrayList<>(deadLetters));
            for (String file : List.of(Replay.ALERTS_FILE, Replay.KPIS_FILE, Replay.DEAD_LETTERS_FILE)) {
                assertThat(live.resolve(file)).as(file).hasSameTextualContentAs(expected.resolve(file));
            }
            List<Alert> written = readAll(live.resolve(Replay.ALERTS_FILE), Alert.class);
            assertThat(written).extracting(Alert::alertId).containsExactly("a-1", "a-0", "a-2", "a-3", "a-1");
            assertThat(written).allSatisfy(a -> assertThat(a.emittedAt()).isEqualTo(a.eventTime()));
            assertThat(readAll(live.resolve(Replay.KPIS_FILE), ChannelKpi.class)).extracting(ChannelKpi::channelId)
                    .containsExactly("CH-A", "CH-A", "CH-B");
            assertThat(readAll(live.resolve(Replay.DEAD_LETTERS_FILE), DeadLetter.class)).extracting(DeadLetter::stream)
                    .containsExactly("pos-sales", "inventory", "prices");
            assertThat(cli.out.toString()).contains("export.alerts: 5 alerts", "export.channel-kpis: 3 KPI records",
                    "export.dead-letters: 3 dead letters");

            open.commitTransaction();
        }
        Path later = tmp.resolve("later");
        CliRun again = new CliRun();
        assertThat(again.run("export", "--output", later.toString(), "--config", configFile.toString(), "--no-replay-form"))
                .as(again.err.toString()).isZero();
        List<Alert> now = readAll(later.resolve(Replay.ALERTS_FILE), Alert.class);
        assertThat(now).extracting(Alert::alertId).containsExactly("open-1", "a-1", "a-0", "a-2", "a-3", "a-1");
        assertThat(now).allSatisfy(a -> assertThat(a.emittedAt()).as("live stamps kept").isEqualTo(WALL_CLOCK));
        assertThat(readAll(later.resolve(Replay.KPIS_FILE), ChannelKpi.class)).extracting(ChannelKpi::channelId).contains("CH-OPEN");
    }

    @Test
    void withTheProducedDirectoryDeadLettersCarryReplaysFileAndLine(@TempDir Path tmp) throws Exception {
        Path history = Files.createDirectories(tmp.resolve("history"));
        Files.writeString(history.resolve("prices.jsonl"), "{\"eventId\":\"p-1\"}\n\n  \n{broken\r\n{broken\n");
        Path configFile = CliRun.configWithTopics(tmp, "origins", kafka.bootstrapServers());
        PulseConfig config = ConfigLoader.load(configFile);
        List<String> all = new ArrayList<>(config.topics().inputs().values());
        all.addAll(config.topics().outputs());
        kafka.createTopics(all, 2);
        assertThat(new CliRun().run("produce", "--input", history.toString(), "--config", configFile.toString())).isZero();
        // What the job dead-letters for the two broken lines (offsets 1 and 2) and for a record produce never sent.
        try (KafkaProducer<String, String> producer = producer(null)) {
            for (long offset : new long[] {1, 2}) {
                sendUncommitted(producer, config.topics().deadLetters(), 0, new DeadLetter("prices", "origins.prices", 0, offset,
                        null, null, DeadLetter.INVALID_JSON, null, "not valid JSON", null, "{broken"));
            }
            sendUncommitted(producer, config.topics().deadLetters(), 0, new DeadLetter("prices", "origins.prices", 0, 9L,
                    null, null, DeadLetter.INVALID_JSON, null, "not valid JSON", null, "{elsewhere"));
            producer.flush();
        }

        int code = cli.run("export", "--output", tmp.resolve("out").toString(), "--config", configFile.toString(),
                "--input", history.toString());

        assertThat(code).as(cli.err.toString()).isZero();
        List<DeadLetter> dead = readAll(tmp.resolve("out").resolve(Replay.DEAD_LETTERS_FILE), DeadLetter.class);
        assertThat(dead).extracting(DeadLetter::file, DeadLetter::line, DeadLetter::topic, DeadLetter::offset).containsExactly(
                org.assertj.core.groups.Tuple.tuple(null, null, "origins.prices", 9L),
                org.assertj.core.groups.Tuple.tuple("prices.jsonl", 4L, null, null),
                org.assertj.core.groups.Tuple.tuple("prices.jsonl", 5L, null, null));
    }

    @Test
    void anUnreachableBrokerFailsWithExitCode1WhenTheTimeoutPasses(@TempDir Path tmp) {
        String nowhere = "127.0.0.1:" + EmbeddedKafka.freePort();
        long started = System.nanoTime();

        int code = cli.run("export", "--output", tmp.toString(), "--bootstrap-servers", nowhere, "--timeout", "2s");

        assertThat(code).isEqualTo(1);
        assertThat(cli.err.toString()).contains("export failed", nowhere, "PT2S");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
        assertThat(tmp.resolve(Replay.ALERTS_FILE)).doesNotExist();
    }

    @Test
    void aMissingOutputTopicFailsNamingIt(@TempDir Path tmp) throws Exception {
        Path configFile = CliRun.configWithTopics(tmp, "absent", kafka.bootstrapServers());

        int code = cli.run("export", "--output", tmp.resolve("out").toString(), "--config", configFile.toString(), "--timeout", "5s");

        assertThat(code).isEqualTo(1);
        assertThat(cli.err.toString()).contains("export failed", "absent.alerts");
    }

    @Test
    void withoutOutputItIsAUsageErrorNamingTheOption() {
        assertThat(cli.run("export")).isEqualTo(2);
        assertThat(cli.err.toString()).contains("--output");
    }

    private void send(KafkaProducer<String, String> producer, String topic, int partition, Object record) throws Exception {
        if (record instanceof Alert a) {
            alerts.add(a);
        } else if (record instanceof ChannelKpi k) {
            kpis.add(k);
        } else {
            deadLetters.add((DeadLetter) record);
        }
        sendUncommitted(producer, topic, partition, record);
    }

    private static void sendUncommitted(KafkaProducer<String, String> producer, String topic, int partition, Object record)
            throws Exception {
        producer.send(new ProducerRecord<>(topic, partition, null, Json.mapper().writeValueAsString(record)));
    }

    private static KafkaProducer<String, String> producer(String transactionalId) {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", kafka.bootstrapServers());
        p.setProperty("enable.idempotence", "true");
        p.setProperty("acks", "all");
        p.setProperty("max.in.flight.requests.per.connection", "1");
        if (transactionalId != null) {
            p.setProperty("transactional.id", transactionalId);
        }
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    private static <T> List<T> readAll(Path file, Class<T> type) throws Exception {
        ObjectReader reader = Json.mapper().readerFor(type);
        List<T> records = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            records.add(reader.readValue(line));
        }
        return records;
    }

    static Alert alert(String id, Rule rule, AlertStatus status, int minutes) {
        return new Alert(id, rule, status, Severity.WARNING, T0.plusSeconds(60L * minutes), WALL_CLOCK,
                "CH-A", null, "P-1", "R-EAST", "O-1", "SKU-1", null, null, "summary of " + id,
                AlertDetails.price(new BigDecimal("90.00"), new BigDecimal("100.00"), new BigDecimal("0.10"), "EUR", "SHELF"),
                List.of("ev-" + id));
    }

    static ChannelKpi kpi(String channel, int window) {
        Instant start = T0.plusSeconds(60L * window);
        return new ChannelKpi(channel, ChannelType.DEALER, start, start.plusSeconds(60), 3, 5, new BigDecimal("450.00"),
                2, 1, 0.5, 0, 1, 1, 60L, 60L, 0, 0, 0);
    }

    static DeadLetter deadLetter(String stream, Long offset, Instant eventTime) {
        return new DeadLetter(stream, "export." + stream, 0, offset, null, null,
                eventTime == null ? DeadLetter.INVALID_JSON : DeadLetter.LATE, null, "why", eventTime, "{payload of " + stream);
    }
}
