package io.channelpulse.kafka;

import io.channelpulse.support.KafkaTestSupport;
import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.broker.EmbeddedKafka;
import io.channelpulse.serde.EventStream;
import io.channelpulse.serde.Parsed;
import io.channelpulse.serde.RecordOrigin;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live event-time gate against a real broker: it holds event time until each partition's
 * committed backlog is read (checked against the broker, commit markers included), idles a
 * partition only when it is caught up and quiet, and releases reference data only once it is read
 * to its end. Processing time is the harness's, so idleness is exact.
 */
class EventTimeGateTest {

    static final long OUT_OF_ORDERNESS = 120_000;
    static final long IDLE = 1_000;
    static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker(@TempDir Path dir) throws Exception {
        kafka = EmbeddedKafka.start(dir, 0);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    static String price(String id, String time) {
        return "{\"eventId\":\"" + id + "\",\"eventTime\":\"" + time + "\",\"channelId\":\"CH-A\",\"partnerId\":\"P-A\","
                + "\"outletId\":\"O-A\",\"regionId\":\"R-1\",\"sku\":\"SKU-9\",\"price\":96.00}";
    }

    static long millis(String time) {
        return Instant.parse(time).toEpochMilli();
    }

    private static void produce(String topic, int partition, String... values) {
        try (KafkaProducer<String, String> producer = KafkaTestSupport.producer(kafka)) {
            for (String v : values) {
                producer.send(new ProducerRecord<>(topic, partition, null, v));
            }
            producer.flush();
        }
    }

    private static <T> OneInputStreamOperatorTestHarness<Parsed<T>, Parsed<T>> gate(
            EventStream<T> stream, String topic, OperatorSubtaskState restoreFrom) throws Exception {
        Properties props = new Properties();
        props.setProperty("bootstrap.servers", kafka.bootstrapServers());
        var harness = new OneInputStreamOperatorTestHarness<>(
                new EventTimeGate<>(stream, topic, props, "gate-test-" + topic, OUT_OF_ORDERNESS, IDLE));
        harness.setProcessingTime(0);
        if (restoreFrom != null) {
            harness.initializeState(restoreFrom);
        }
        harness.open();
        return harness;
    }

    private static <T> void feed(OneInputStreamOperatorTestHarness<Parsed<T>, Parsed<T>> harness,
            EventStream<T> stream, String topic, int partition, long offset, String payload) throws Exception {
        Parsed<T> parsed = stream.parse(payload, RecordOrigin.kafka(stream.name(), topic, partition, offset));
        harness.processElement(parsed, stream.timestampOf(parsed));
    }

    private static List<Long> watermarks(OneInputStreamOperatorTestHarness<?, ?> harness) {
        return harness.getOutput().stream().filter(o -> o instanceof Watermark).map(o -> ((Watermark) o).getTimestamp()).toList();
    }

    private static List<WatermarkStatus> statuses(OneInputStreamOperatorTestHarness<?, ?> harness) {
        return harness.getOutput().stream().filter(o -> o instanceof WatermarkStatus).map(o -> (WatermarkStatus) o).toList();
    }

    @Test
    void eventTimeWaitsForTheBacklogAndAnEmptyPartitionStopsHoldingItOnlyOnceQuiet() throws Exception {
        String topic = "gate-backlog";
        kafka.createTopics(List.of(topic), 2);
        produce(topic, 0, price("p-1", "2026-11-29T10:00:00Z"), price("p-2", "2026-11-29T10:05:00Z"), price("p-3", "2026-11-29T10:01:00Z"));

        try (var harness = gate(EventStream.PRICES, topic, null)) {
            feed(harness, EventStream.PRICES, topic, 0, 0, price("p-1", "2026-11-29T10:00:00Z"));
            harness.setProcessingTime(200);
            assertThat(watermarks(harness)).as("partition 1 has not been quiet for the idle timeout").isEmpty();

            harness.setProcessingTime(IDLE + 200);
            assertThat(watermarks(harness)).as("only partition 0 holds now, at its own bound")
                    .containsExactly(millis("2026-11-29T10:00:00Z") - OUT_OF_ORDERNESS - 1);

            feed(harness, EventStream.PRICES, topic, 0, 1, price("p-2", "2026-11-29T10:05:00Z"));
            feed(harness, EventStream.PRICES, topic, 0, 2, price("p-3", "2026-11-29T10:01:00Z"));
            harness.setProcessingTime(IDLE + 400);
            assertThat(watermarks(harness)).last().isEqualTo(millis("2026-11-29T10:05:00Z") - OUT_OF_ORDERNESS - 1);
            assertThat(statuses(harness)).isEmpty();

            harness.setProcessingTime(2 * IDLE + 600);
            assertThat(statuses(harness)).as("caught up and quiet: idle").containsExactly(WatermarkStatus.IDLE);
            assertThat(watermarks(harness)).as("final up to the newest event, so nothing stays held downstream")
                    .last().isEqualTo(millis("2026-11-29T10:05:00Z"));
        }
    }

    @Test
    void aQuietPartitionWithCommittedDataNotYetDeliveredKeepsHoldingEventTime() throws Exception {
        String topic = "gate-lagging";
        kafka.createTopics(List.of(topic), 1);
        produce(topic, 0, price("p-1", "2026-11-29T10:00:00Z"), price("p-2", "2026-11-29T10:05:00Z"));

        try (var harness = gate(EventStream.PRICES, topic, null)) {
            feed(harness, EventStream.PRICES, topic, 0, 0, price("p-1", "2026-11-29T10:00:00Z"));
            // p-2 sits in the broker, undelivered (a slow or backpressured reader), far longer than the idle timeout
            for (long t = 200; t <= 10 * IDLE; t += 200) {
                harness.setProcessingTime(t);
            }
            assertThat(statuses(harness)).as("never idle while data is pending").isEmpty();
            assertThat(watermarks(harness)).containsOnly(millis("2026-11-29T10:00:00Z") - OUT_OF_ORDERNESS - 1);

            feed(harness, EventStream.PRICES, topic, 0, 1, price("p-2", "2026-11-29T10:05:00Z"));
            harness.setProcessingTime(10 * IDLE + 200);
            produce(topic, 0, price("p-3", "2026-11-29T10:06:00Z")); // new data while caught up: checked before idling
            harness.setProcessingTime(12 * IDLE);
            assertThat(statuses(harness)).isEmpty();
            feed(harness, EventStream.PRICES, topic, 0, 2, price("p-3", "2026-11-29T10:06:00Z"));
            harness.setProcessingTime(14 * IDLE);
            harness.setProcessingTime(16 * IDLE);
            assertThat(statuses(harness)).containsExactly(WatermarkStatus.IDLE);
        }
    }

    @Test
    void referenceDataHoldsEventTimeAtTheStartUntilReadToTheEndEvenBehindCommitMarkers() throws Exception {
        String topic = "gate-guides";
        kafka.createTopics(List.of(topic), 1);
        String g1 = "{\"sku\":\"SKU-9\",\"guidePrice\":100.00,\"effectiveFrom\":\"2026-11-01T00:00:00Z\"}";
        String g2 = "{\"sku\":\"SKU-9\",\"guidePrice\":90.00,\"effectiveFrom\":\"2026-12-01T00:00:00Z\"}";
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", kafka.bootstrapServers());
        p.setProperty("transactional.id", "gate-test-tx");
        try (KafkaProducer<String, String> tx = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            tx.initTransactions();
            tx.beginTransaction();
            tx.send(new ProducerRecord<>(topic, 0, null, g1));
            tx.send(new ProducerRecord<>(topic, 0, null, g2));
            tx.commitTransaction(); // offsets 0, 1 and a commit marker at 2
        }

        try (var harness = gate(EventStream.GUIDE_PRICES, topic, null)) {
            feed(harness, EventStream.GUIDE_PRICES, topic, 0, 0, g1);
            harness.setProcessingTime(5 * IDLE);
            assertThat(statuses(harness)).as("still reading reference data: event time held").isEmpty();
            assertThat(watermarks(harness)).isEmpty();

            feed(harness, EventStream.GUIDE_PRICES, topic, 0, 1, g2);
            harness.setProcessingTime(5 * IDLE + 200);
            assertThat(statuses(harness)).containsExactly(WatermarkStatus.IDLE);
            assertThat(watermarks(harness)).as("reference data never moves event time").isEmpty();
        }
    }

    @Test
    void afterARestoreTheGateWaitsForWhatWasNotReadAtTheCheckpoint() throws Exception {
        String topic = "gate-restore";
        kafka.createTopics(List.of(topic), 1);
        produce(topic, 0, price("p-1", "2026-11-29T10:00:00Z"), price("p-2", "2026-11-29T10:05:00Z"));
        OperatorSubtaskState snapshot;
        try (var harness = gate(EventStream.PRICES, topic, null)) {
            feed(harness, EventStream.PRICES, topic, 0, 0, price("p-1", "2026-11-29T10:00:00Z"));
            snapshot = harness.snapshot(1, 1);
        }
        try (var restored = gate(EventStream.PRICES, topic, snapshot)) {
            restored.setProcessingTime(200);
            assertThat(watermarks(restored)).as("the restored partition's own bound")
                    .containsExactly(millis("2026-11-29T10:00:00Z") - OUT_OF_ORDERNESS - 1);
            for (long t = 400; t <= 5 * IDLE; t += 200) {
                restored.setProcessingTime(t);
            }
            assertThat(statuses(restored)).as("p-2 is still to be read").isEmpty();
            feed(restored, EventStream.PRICES, topic, 0, 1, price("p-2", "2026-11-29T10:05:00Z"));
            restored.setProcessingTime(7 * IDLE);
            restored.setProcessingTime(9 * IDLE);
            assertThat(statuses(restored)).containsExactly(WatermarkStatus.IDLE);
        }
    }

    @Test
    void aPartitionOfOnlyGarbageNeitherHoldsEventTimeNorLeavesItBehindWhenTheTopicGoesIdle() throws Exception {
        String topic = "gate-garbage";
        kafka.createTopics(List.of(topic), 2);
        produce(topic, 0, price("p-1", "2026-11-29T10:00:00Z"));
        produce(topic, 1, "{garbage", "{more garbage", "[]");

        try (var harness = gate(EventStream.PRICES, topic, null)) {
            feed(harness, EventStream.PRICES, topic, 1, 0, "{garbage");
            feed(harness, EventStream.PRICES, topic, 1, 1, "{more garbage");
            feed(harness, EventStream.PRICES, topic, 1, 2, "[]");
            feed(harness, EventStream.PRICES, topic, 0, 0, price("p-1", "2026-11-29T10:00:00Z"));
            // Both partitions become quiet within the same tick: the data's watermark must still come out.
            harness.setProcessingTime(IDLE + 200);

            assertThat(watermarks(harness)).containsExactly(millis("2026-11-29T10:00:00Z"));
            assertThat(statuses(harness)).containsExactly(WatermarkStatus.IDLE);
            assertThat(harness.extractOutputValues()).as("dead letters pass through to routing").hasSize(4);
        }
    }

    @Test
    void aRestoredGateReemitsItsWatermarkBeforeAnyRecordAndStaysIdleWhenNothingNewArrived() throws Exception {
        String topic = "gate-restore-idle";
        kafka.createTopics(List.of(topic), 1);
        produce(topic, 0, price("p-1", "2026-11-29T10:00:00Z"));
        OperatorSubtaskState snapshot;
        try (var harness = gate(EventStream.PRICES, topic, null)) {
            feed(harness, EventStream.PRICES, topic, 0, 0, price("p-1", "2026-11-29T10:00:00Z"));
            harness.setProcessingTime(IDLE + 200);
            assertThat(statuses(harness)).containsExactly(WatermarkStatus.IDLE);
            snapshot = harness.snapshot(1, IDLE + 300);
        }
        try (var restored = gate(EventStream.PRICES, topic, snapshot)) {
            assertThat(restored.getOutput()).as("at open, before any record or tick").containsExactly(
                    new Watermark(millis("2026-11-29T10:00:00Z")), WatermarkStatus.IDLE);
        }
    }
}
