package io.channelpulse.kafka;

import static io.channelpulse.kafka.KafkaTestSupport.readCommitted;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectReader;
import io.channelpulse.broker.EmbeddedKafka;
import io.channelpulse.config.PulseConfig;
import io.channelpulse.job.JobInputs;
import io.channelpulse.job.ChannelPulseJob;
import io.channelpulse.job.LiveJob;
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
import io.channelpulse.serde.Parsed;
import io.channelpulse.model.PriceCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
        Configuration restarts = new Configuration();
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        env.configure(restarts);
        if (failOnce) {
            wireWithFailure(env, config);
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

    record Output(
            List<ConsumerRecord<String, String>> alerts,
            List<ConsumerRecord<String, String>> kpis,
            List<ConsumerRecord<String, String>> deadLetters) {

        List<Alert> alertValues() {
            return values(alerts, Alert.class);
        }

        List<ChannelKpi> kpiValues() {
            return values(kpis, ChannelKpi.class);
        }

        List<DeadLetter> deadLetterValues() {
            return values(deadLetters, DeadLetter.class);
        }

        static <T> List<T> values(List<ConsumerRecord<String, String>> records, Class<T> type) {
            ObjectReader reader = Json.mapper().readerFor(type);
            return records.stream().map(r -> {
                try {
                    return reader.<T>readValue(r.value());
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }).toList();
        }
    }

    /** An alert without its wall-clock emission time, for comparing live with replay. */
    static Alert timeless(Alert a) {
        return a.withEmittedAt(Instant.EPOCH);
    }

    @Test
    void liveJobCommitsTheSameAlertsAsAReplayOfTheSameRecords() throws Exception {
        Output out = runLive("same-as-replay", false);

        assertThat(out.alertValues()).map(LiveKafkaJobTest::timeless)
                .containsExactlyInAnyOrderElementsOf(expected.alerts().stream().map(LiveKafkaJobTest::timeless).toList());
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
        assertThat(dead).hasSize(6).allSatisfy(d -> {
            assertThat(d.reason()).isEqualTo(DeadLetter.INVALID_JSON);
            assertThat(d.topic()).isEqualTo("dead-letters." + d.stream());
            assertThat(d.partition()).isZero();
            assertThat(d.offset()).isNotNull().isGreaterThanOrEqualTo(0L);
            assertThat(d.payload()).startsWith("{broken");
            assertThat(d.file()).isNull();
        });
        assertThat(dead).extracting(DeadLetter::stream).containsExactlyInAnyOrder(
                "pos-sales", "prices", "inventory", "orders", "guide-prices", "partners");
        assertThat(out.alertValues()).isNotEmpty(); // valid records after the bad ones still flowed
    }

    @Test
    void failureAndRestartFromCheckpointCommitNoDuplicatesAndNoGaps() throws Exception {
        FailOnce.armed.set(true);
        FailOnce.failed.set(false);
        FailOnce.checkpointSeen.set(false);
        Output failed = runLive("exactly-once", true);
        assertThat(FailOnce.failed).as("the injected failure happened").isTrue();

        List<String> alertIds = failed.alertValues().stream().map(a -> a.alertId() + "/" + a.status()).toList();
        assertThat(alertIds).doesNotHaveDuplicates();
        assertThat(failed.alertValues()).map(LiveKafkaJobTest::timeless)
                .containsExactlyInAnyOrderElementsOf(expected.alerts().stream().map(LiveKafkaJobTest::timeless).toList());
        Set<String> windows = new HashSet<>();
        for (ChannelKpi kpi : failed.kpiValues()) {
            assertThat(windows.add(kpi.channelId() + "@" + kpi.windowStart())).as("duplicate KPI " + kpi).isTrue();
        }
        assertThat(failed.kpiValues()).containsExactlyInAnyOrderElementsOf(closedWindows());
        assertThat(failed.deadLetterValues()).hasSize(6);
    }

    /** Wires the live job with an operator that throws once, after a checkpoint has completed. */
    static void wireWithFailure(StreamExecutionEnvironment env, PulseConfig config) {
        io.channelpulse.kafka.TransactionTimeoutCheck.check(config);
        env.configure(LiveJob.flinkConfiguration(config));
        JobInputs in = KafkaInputs.create(env, config);
        DataStream<Parsed<PriceCheck>> failing = in.prices().map(new FailOnce<>()).returns(in.prices().getType());
        JobInputs withFailure = new JobInputs(in.posSales(), failing, in.inventory(), in.orders(), in.guidePrices(), in.partners());
        KafkaOutputs.attach(new ChannelPulseJob(config, true).build(withFailure), config);
    }

    /** Passes records through; throws once, on the first record after the first completed checkpoint. */
    static final class FailOnce<T> extends RichMapFunction<T, T> implements CheckpointListener {
        static final AtomicBoolean armed = new AtomicBoolean();
        static final AtomicBoolean failed = new AtomicBoolean();
        static final AtomicBoolean checkpointSeen = new AtomicBoolean();
        private transient boolean checkpointed;

        @Override
        public void open(OpenContext ctx) {
            checkpointed = false;
        }

        @Override
        public T map(T value) {
            if (checkpointed && armed.compareAndSet(true, false)) {
                failed.set(true);
                throw new IllegalStateException("injected failure for the exactly-once test");
            }
            return value;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
            checkpointSeen.set(true);
        }
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
