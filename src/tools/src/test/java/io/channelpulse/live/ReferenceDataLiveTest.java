package io.channelpulse.live;

import io.channelpulse.support.KafkaTestSupport;
import static io.channelpulse.support.KafkaTestSupport.readCommitted;
import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.broker.EmbeddedKafka;
import io.channelpulse.config.PulseConfig;
import io.channelpulse.kafka.LiveJob;
import io.channelpulse.model.Alert;
import io.channelpulse.model.AlertStatus;
import io.channelpulse.model.ChannelKpi;
import io.channelpulse.model.Rule;
import io.channelpulse.replay.Replay;
import io.channelpulse.serde.EventStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reference data live: what the topics hold at start-up is in place before anything is judged,
 * and a guide price published while the job runs (ahead of its effectiveFrom, after the guide
 * topic has gone idle) still reaches the observations it applies to, exactly as in replay.
 */
class ReferenceDataLiveTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final Duration WAIT = Duration.ofSeconds(90);

    static String guide(String price, String from) {
        return "{\"sku\":\"SKU-9\",\"guidePrice\":" + price + ",\"effectiveFrom\":\"" + from + "\"}";
    }

    static String check(String id, String time, String price) {
        return "{\"eventId\":\"" + id + "\",\"eventTime\":\"" + time + "\",\"channelId\":\"CH-A\",\"partnerId\":\"P-A\","
                + "\"outletId\":\"O-A\",\"regionId\":\"R-1\",\"sku\":\"SKU-9\",\"price\":" + price + "}";
    }

    static final String PARTNER =
            "{\"partnerId\":\"P-A\",\"channelId\":\"CH-A\",\"channelType\":\"SUPERMARKET\",\"authorizedRegions\":[\"R-1\"]}";

    @Test
    void aGuidePricePublishedWhileTheJobRunsAppliesFromItsEffectiveFromAsInReplay(@TempDir Path dir) throws Exception {
        Map<EventStream<?>, List<String>> before = new LinkedHashMap<>();
        before.put(EventStream.PARTNERS, List.of(PARTNER));
        before.put(EventStream.GUIDE_PRICES, List.of(guide("100.00", "2026-11-01T00:00:00Z")));
        // 96 is compliant against 100; the check at 10:05 closes the 10:00 window live.
        before.put(EventStream.PRICES, List.of(
                check("p-1", "2026-11-29T10:00:00Z", "96.00"), check("p-2", "2026-11-29T10:05:00Z", "96.00")));
        Map<EventStream<?>, List<String>> after = new LinkedHashMap<>();
        // Announced ahead of its effectiveFrom: 96 is 52% below 200 from 11:00 on.
        after.put(EventStream.GUIDE_PRICES, List.of(guide("200.00", "2026-11-29T11:00:00Z")));
        // p-tick (a SKU without a guide price, so it judges nothing) moves the prices topic's event time past p-3.
        after.put(EventStream.PRICES, List.of(
                check("p-3", "2026-11-29T11:00:30Z", "96.00"),
                check("p-tick", "2026-11-29T11:10:00Z", "1.00").replace("SKU-9", "SKU-TICK")));

        Path files = dir.resolve("history");
        Files.createDirectories(files);
        for (EventStream<?> stream : EventStream.ALL) {
            List<String> lines = new ArrayList<>(before.getOrDefault(stream, List.of()));
            lines.addAll(after.getOrDefault(stream, List.of()));
            Files.write(files.resolve(stream.name() + ".jsonl"), lines);
        }
        StreamExecutionEnvironment replayEnv = StreamExecutionEnvironment.getExecutionEnvironment();
        replayEnv.setParallelism(2);
        Replay.Result replay = new Replay(PulseConfig.defaults(), 2).run(replayEnv, files, dir.resolve("replay"));

        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0)) {
            PulseConfig config = KafkaTestSupport.isolatedConfig(kafka, "reference");
            kafka.createTopics(KafkaTestSupport.allTopics(config), 2);
            produce(kafka, config, before);

            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            LiveJob.wire(env, config);
            JobClient job = env.executeAsync("reference-data-live");
            try {
                List<ConsumerRecord<String, String>> firstWindow = readCommitted(
                        kafka, config.topics().kpis(), WAIT, r -> !r.isEmpty());
                assertThat(firstWindow).as("the 10:00 window closed live, so event time has moved").isNotEmpty();
                Thread.sleep(2 * config.idleTimeout().toMillis()); // the guide topic is long idle now

                produce(kafka, config, after);
                List<Alert> live = LiveRuns.Output.values(
                        readCommitted(kafka, config.topics().alerts(), WAIT, r -> !r.isEmpty()), Alert.class);

                assertThat(live).singleElement().satisfies(alert -> {
                    assertThat(alert.rule()).isEqualTo(Rule.PRICE_BELOW_GUIDE);
                    assertThat(alert.status()).isEqualTo(AlertStatus.FIRING);
                    assertThat(alert.evidence()).containsExactly("p-3");
                    assertThat(alert.details().guidePrice()).isEqualByComparingTo(new BigDecimal("200.00"));
                });
                assertThat(live).map(LiveRuns::timeless)
                        .containsExactlyInAnyOrderElementsOf(replay.alerts().stream().map(LiveRuns::timeless).toList());
                List<ChannelKpi> kpis = LiveRuns.Output.values(firstWindow, ChannelKpi.class);
                assertThat(kpis).first().satisfies(k -> assertThat(k.channelType()).isNotNull());
            } finally {
                job.cancel().get();
            }
        }
    }

    private static void produce(EmbeddedKafka kafka, PulseConfig config, Map<EventStream<?>, List<String>> lines) {
        try (KafkaProducer<String, String> producer = KafkaTestSupport.producer(kafka)) {
            lines.forEach((stream, values) -> values.forEach(
                    v -> producer.send(new ProducerRecord<>(config.topics().input(stream), 0, null, v))));
            producer.flush();
        }
    }
}
