package io.channelpulse.live;

import io.channelpulse.support.KafkaTestSupport;
import static io.channelpulse.support.KafkaTestSupport.readCommitted;
import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.broker.EmbeddedKafka;
import io.channelpulse.config.PulseConfig;
import io.channelpulse.kafka.LiveJob;
import io.channelpulse.model.Alert;
import io.channelpulse.model.ChannelKpi;
import io.channelpulse.model.DeadLetter;
import io.channelpulse.replay.Replay;
import io.channelpulse.serde.Json;
import io.channelpulse.sim.GroundTruth;
import io.channelpulse.sim.Simulation;
import io.channelpulse.sim.SimulationWriter;
import io.channelpulse.sim.Simulator;
import io.channelpulse.sim.SimulatorSettings;
import java.util.concurrent.atomic.AtomicLong;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import io.channelpulse.live.LiveRuns.FailOnce;
import io.channelpulse.live.LiveRuns.Output;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live job against a real, embedded KRaft broker: exactly-once output read with
 * {@code read_committed}, the same alerts as a replay of the same records, dead letters with their
 * Kafka offsets, and no duplicates or gaps after a failure and restart from a checkpoint.
 */
class LiveKafkaJobTest {

    static final Path LIVE = Path.of("src/test/resources/replay/live");
    static final Duration WAIT = Duration.ofSeconds(90);

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .build());

    static EmbeddedKafka kafka;
    static Replay.Result expected;

    @BeforeAll
    static void startBroker(@TempDir Path dir) throws Exception {
        kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        expected = new Replay(PulseConfig.defaults(), 2).run(env, LIVE, dir.resolve("replay"));
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** Runs the live job until the committed alerts and dead letters are all there, then cancels it. */
    static Output runLive(String run, boolean failOnce) throws Exception {
        PulseConfig config = KafkaTestSupport.isolatedConfig(kafka, run);
        kafka.createTopics(KafkaTestSupport.allTopics(config), 2);
        // Everything but the two "tick" events first; the ticks move event time past the last
        // deadlines and, in the failure run, arrive only after a checkpoint so the failure hits
        // a job that has already committed output.
        KafkaTestSupport.produceFixture(kafka, config, LIVE, line -> !line.contains("-tick\""));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.configure(LiveRuns.restarts(3, Duration.ofMillis(200)));
        if (failOnce) {
            LiveRuns.wireWithFailure(env, config);
        } else {
            LiveJob.wire(env, config);
        }
        JobClient job = env.executeAsync("live-test-" + run);
        try {
            if (failOnce) {
                Instant until = Instant.now().plus(WAIT);
                while (!FailOnce.checkpointSeen.get() && Instant.now().isBefore(until)) {
                    Thread.sleep(50);
                }
                assertThat(FailOnce.checkpointSeen).as("a checkpoint completed before the failure").isTrue();
            }
            KafkaTestSupport.produceFixture(kafka, config, LIVE, line -> line.contains("-tick\""));
            List<ConsumerRecord<String, String>> alerts = readCommitted(
                    kafka, config.topics().alerts(), WAIT, r -> r.size() >= expected.alerts().size());
            List<ConsumerRecord<String, String>> dead = readCommitted(
                    kafka, config.topics().deadLetters(), WAIT, r -> r.size() >= 6);
            List<ConsumerRecord<String, String>> kpis = readCommitted(
                    kafka, config.topics().kpis(), WAIT, r -> r.size() >= closedWindows().size());
            assertThat(job.getJobStatus().get().isGloballyTerminalState()).as("job still running").isFalse();
            return new Output(alerts, kpis, dead);
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void liveJobCommitsTheSameAlertsAsAReplayOfTheSameRecords() throws Exception {
        Output out = runLive("same-as-replay", false);

        assertThat(out.alertValues()).map(LiveRuns::timeless)
                .containsExactlyInAnyOrderElementsOf(expected.alerts().stream().map(LiveRuns::timeless).toList());
        assertThat(out.alerts()).allSatisfy(r -> assertThat(r.key()).isEqualTo(Json.mapper().readTree(r.value()).get("alertId").asText()));
        assertThat(out.alertValues()).allSatisfy(a -> assertThat(a.emittedAt()).isAfter(Instant.parse("2026-01-01T00:00:00Z")));
    }

    /**
     * Where live event time stands once the ticks are read: the newest event (the ticks at 12:00)
     * minus the out-of-orderness bound. Replay flushes every window at the end of its input; live
     * closes only the windows that end at or before this watermark.
     */
    static final Instant LIVE_WATERMARK = Instant.parse("2026-11-30T12:00:00Z")
            .minus(PulseConfig.defaults().outOfOrderness()).minusMillis(1);

    static List<ChannelKpi> closedWindows() {
        return expected.kpis().stream().filter(k -> !k.windowEnd().isAfter(LIVE_WATERMARK)).toList();
    }

    @Test
    void kpisOfClosedWindowsMatchTheReplayAndAreKeyedByChannel() throws Exception {
        Output out = runLive("kpis", false);
        List<ChannelKpi> live = out.kpiValues();

        assertThat(closedWindows()).hasSizeGreaterThan(3);
        assertThat(live).doesNotHaveDuplicates();
        assertThat(live).as("closed windows, live against replay, both directions")
                .containsExactlyInAnyOrderElementsOf(closedWindows());
        assertThat(out.kpis()).allSatisfy(r -> assertThat(r.value()).contains("\"channelId\":\"" + r.key() + "\""));
    }

    @Test
    void malformedRecordOnEveryTopicIsDeadLetteredWithItsOffsetAndTheJobKeepsRunning() throws Exception {
        Output out = runLive("dead-letters", false);

        List<DeadLetter> dead = out.deadLetterValues();
        assertThat(dead).hasSize(7).allSatisfy(d -> {
            assertThat(d.reason()).isEqualTo(DeadLetter.INVALID_JSON);
            assertThat(d.topic()).isEqualTo("dead-letters." + d.stream());
            assertThat(d.partition()).isZero();
            assertThat(d.offset()).isNotNull().isGreaterThanOrEqualTo(0L);
            assertThat(d.payload()).startsWith("{broken");
            assertThat(d.file()).isNull();
        });
        assertThat(dead).extracting(DeadLetter::stream).containsExactlyInAnyOrder(
                "pos-sales", "prices", "inventory", "orders", "channel-costs", "guide-prices", "partners");
        assertThat(out.alertValues()).isNotEmpty(); // valid records after the bad ones still flowed
    }

    @Test
    void failureAndRestartFromCheckpointCommitNoDuplicatesAndNoGaps() throws Exception {
        FailOnce.reset();
        FailOnce.arm();
        Output failed = runLive("exactly-once", true);
        assertThat(FailOnce.failed).as("the injected failure happened").isTrue();

        LiveRuns.assertExactly(failed, expected.alerts(), closedWindows());
        assertThat(failed.deadLetterValues()).hasSize(7);
    }

    @Test
    void simulatedStreamsThroughKafkaRaiseExactlyTheInjectedAnomalies() throws Exception {
        PulseConfig config = KafkaTestSupport.isolatedConfig(kafka, "simulated");
        kafka.createTopics(KafkaTestSupport.allTopics(config), 2);
        SimulatorSettings settings = SimulatorSettings.defaults(Instant.parse("2026-11-01T00:00:00Z"), Duration.ofDays(1));
        Simulation sim = new Simulator(settings).run();
        SimulationWriter.toKafka(sim, config, 1_000_000, () -> true, new AtomicLong());

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        LiveJob.wire(env, config);
        JobClient job = env.executeAsync("live-test-simulated");
        // Live event time trails the newest event by the out-of-orderness: judge what is due an hour before the end.
        Instant horizon = settings.end().minus(Duration.ofHours(1));
        try {
            List<ConsumerRecord<String, String>> alerts = readCommitted(kafka, config.topics().alerts(), WAIT,
                    read -> GroundTruth.compare(sim.anomalies(), Output.values(read, Alert.class), horizon).missing().isEmpty());
            GroundTruth.Comparison check = GroundTruth.compare(sim.anomalies(), Output.values(alerts, Alert.class), horizon);
            assertThat(check.missing()).as("injected anomalies the live job missed").isEmpty();
            assertThat(check.unexpected()).as("alerts nothing was injected for").isEmpty();
            assertThat(check.expected()).isGreaterThan(10);
        } finally {
            job.cancel().get();
        }
    }
}
