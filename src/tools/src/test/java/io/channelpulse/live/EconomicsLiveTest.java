package io.channelpulse.live;

import static io.channelpulse.support.KafkaTestSupport.readCommitted;
import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.broker.EmbeddedKafka;
import io.channelpulse.config.PulseConfig;
import io.channelpulse.kafka.LiveJob;
import io.channelpulse.model.Alert;
import io.channelpulse.model.ChannelEconomics;
import io.channelpulse.model.PartnerTierRecord;
import io.channelpulse.replay.EconomicsFixture;
import io.channelpulse.replay.Replay;
import io.channelpulse.serde.Json;
import io.channelpulse.support.KafkaTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The channel plan through Kafka: the eight months of {@link EconomicsFixture} produced to the
 * input topics and read by the live job commit exactly replay's economics alerts, partner tiers and
 * channel economics (exact decimals, same ids), each record once.
 */
class EconomicsLiveTest {

    static final Duration WAIT = Duration.ofMinutes(3);

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void liveCommitsTheSameEconomicsAsReplay(@TempDir Path dir) throws Exception {
        Path in = EconomicsFixture.writeInput(Files.createDirectories(dir.resolve("in")));
        StreamExecutionEnvironment replayEnv = StreamExecutionEnvironment.getExecutionEnvironment();
        replayEnv.setParallelism(2);
        Replay.Result expected = new Replay(PulseConfig.defaults(), 2).run(replayEnv, in, dir.resolve("replay"));
        List<Alert> expectedAlerts = expected.alerts().stream().filter(a -> a.rule().isEconomics()).map(LiveRuns::timeless).toList();
        assertThat(expectedAlerts).as("the fixture's economics alerts").hasSize(4);

        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0)) {
            PulseConfig config = KafkaTestSupport.isolatedConfig(kafka, "economics");
            kafka.createTopics(KafkaTestSupport.allTopics(config), 2);
            KafkaTestSupport.produceFixture(kafka, config, in);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            LiveJob.wire(env, config);
            JobClient job = env.executeAsync("economics-live");
            try {
                List<ConsumerRecord<String, String>> tiers = readCommitted(kafka, config.topics().partnerTiers(), WAIT,
                        r -> r.size() >= expected.partnerTiers().size());
                List<ConsumerRecord<String, String>> months = readCommitted(kafka, config.topics().channelEconomics(), WAIT,
                        r -> r.size() >= expected.channelEconomics().size());
                List<ConsumerRecord<String, String>> alerts = readCommitted(kafka, config.topics().alerts(), WAIT,
                        r -> r.size() >= expected.alerts().size());

                assertThat(values(alerts, Alert.class).stream().filter(a -> a.rule().isEconomics()).map(LiveRuns::timeless).toList())
                        .containsExactlyInAnyOrderElementsOf(expectedAlerts);
                assertThat(values(tiers, PartnerTierRecord.class)).containsExactlyInAnyOrderElementsOf(expected.partnerTiers());
                assertThat(tiers).allSatisfy(r -> assertThat(r.key()).isEqualTo(Json.mapper().readTree(r.value()).get("partnerId").asText()));
                assertThat(values(months, ChannelEconomics.class)).containsExactlyInAnyOrderElementsOf(expected.channelEconomics());
            } finally {
                job.cancel().get();
            }
        }
    }

    static <T> List<T> values(List<ConsumerRecord<String, String>> records, Class<T> type) throws Exception {
        var reader = Json.mapper().readerFor(type);
        List<T> out = new java.util.ArrayList<>();
        for (ConsumerRecord<String, String> r : records) {
            out.add(reader.readValue(r.value()));
        }
        return out;
    }
}
