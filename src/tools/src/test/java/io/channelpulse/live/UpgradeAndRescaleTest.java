package io.channelpulse.live;

import io.channelpulse.support.KafkaTestSupport;
import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.broker.EmbeddedKafka;
import io.channelpulse.config.Checkpointing;
import io.channelpulse.config.PulseConfig;
import io.channelpulse.model.Alert;
import io.channelpulse.model.ChannelKpi;
import io.channelpulse.replay.Replay;
import io.channelpulse.sim.Simulation;
import io.channelpulse.sim.Simulator;
import io.channelpulse.sim.SimulatorSettings;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upgrade procedure of docs/runbooks/UPGRADE.md, end to end: stop with a savepoint, start the
 * next version from it at another parallelism, and finally with a changed rule threshold. Across
 * all four runs every alert and every closed KPI window is committed exactly once. Each part of the
 * input is produced while the job is stopped and ends with ticks (see
 * {@link SimulatedInput#withTicksAtEnd}), so no record of a later part is late.
 *
 * <p>What is expected after the threshold change (5% to 5.5%): the new threshold judges the
 * observations the new version reads. The simulated input cannot tell 5% from 5.5% (normal prices
 * are at most 4% below guide, episodes at least 6% below), which the test checks by replaying it
 * under both thresholds. One probe price, 5.25% below guide and produced only after the change, is
 * a breach under 5% and not under 5.5%. So the whole output must equal a replay under the new
 * threshold, and a replay under the old one differs from it exactly by the probe's alert and the
 * probe's KPI window.
 *
 * <p>A change to 6% would not do: the simulator's 6% episodes are breaches under 5% only, and the
 * observations of them still waiting for the watermark at the savepoint are judged by the new
 * version, so no single replay would be the expected output.
 */
class UpgradeAndRescaleTest {

    static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
    static final Duration DAYS = Duration.ofDays(1);
    static final Instant PROBE_TIME = START.plus(DAYS).plus(Duration.ofHours(1));
    static final Instant TICK = START.plus(DAYS).plus(Duration.ofDays(2));
    static final String PROBE_OUTLET = "O-PROBE";
    static final BigDecimal OLD_THRESHOLD = new BigDecimal("0.05");
    static final BigDecimal NEW_THRESHOLD = new BigDecimal("0.055");

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(4)
                    .build());

    static EmbeddedKafka kafka;
    static SimulatedInput simulated;
    static List<SimulatedInput> parts;
    static SimulatedInput last;
    static Replay.Result underOld;
    static Replay.Result underNew;

    @BeforeAll
    static void startBrokerAndReplay(@TempDir Path dir) throws Exception {
        kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
        Simulation sim = new Simulator(SimulatorSettings.defaults(START, DAYS)).run();
        simulated = SimulatedInput.of(sim);
        int third = simulated.size() / 3;
        parts = List.of(
                simulated.slice(0, third).withTicksAtEnd("part-1"),
                simulated.slice(third, 2 * third).withTicksAtEnd("part-2"),
                simulated.slice(2 * third, simulated.size()));
        last = simulated.slice(0, 0)
                .plusLine(simulated.probePrice("probe-1", PROBE_TIME, PROBE_OUTLET, new BigDecimal("0.0525")))
                .plus(simulated.ticks(TICK, "end"));
        Path input = parts.get(0).plus(parts.get(1)).plus(parts.get(2)).plus(last).writeTo(dir.resolve("in"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        underOld = new Replay(config("replay", dir, OLD_THRESHOLD), 2).run(env, input, dir.resolve("old"));
        underNew = new Replay(config("replay", dir, NEW_THRESHOLD), 2).run(env, input, dir.resolve("new"));
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    static PulseConfig config(String run, Path dir, BigDecimal threshold) {
        PulseConfig c = KafkaTestSupport.isolatedConfig(kafka, run);
        return c.withPriceRule(new PulseConfig.PriceRule(threshold, c.priceBelowGuide().criticalThreshold(),
                        c.priceBelowGuide().episodeTimeout()))
                .withCheckpoint(Checkpointing.of(Duration.ofMillis(500), Duration.ofMinutes(1), Duration.ofMinutes(1))
                        .withDirectory(dir.resolve("checkpoints").toUri().toString()));
    }

    static boolean isProbe(Alert a) {
        return PROBE_OUTLET.equals(a.outletId());
    }

    static boolean isProbeWindow(ChannelKpi k) {
        return !k.windowStart().isAfter(PROBE_TIME) && k.windowEnd().isAfter(PROBE_TIME);
    }

    @Test
    void theThresholdChangeIsVisibleOnlyInTheProbe() {
        assertThat(underOld.alerts().stream().filter(UpgradeAndRescaleTest::isProbe)).hasSize(1);
        assertThat(underNew.alerts().stream().filter(UpgradeAndRescaleTest::isProbe)).isEmpty();
        assertThat(underOld.alerts().stream().filter(a -> !isProbe(a)).toList())
                .containsExactlyInAnyOrderElementsOf(underNew.alerts());
        assertThat(underOld.kpis().stream().filter(k -> !isProbeWindow(k)).toList())
                .containsExactlyInAnyOrderElementsOf(underNew.kpis().stream().filter(k -> !isProbeWindow(k)).toList());
        assertThat(underOld.kpis()).filteredOn(UpgradeAndRescaleTest::isProbeWindow)
                .isNotEqualTo(underNew.kpis().stream().filter(UpgradeAndRescaleTest::isProbeWindow).toList());
    }

    @Test
    void savepointsCarryTheJobThroughRescalingAndAConfigChangeWithoutLossOrDuplicates(@TempDir Path dir) throws Exception {
        PulseConfig before = config("upgrade", dir, OLD_THRESHOLD);
        PulseConfig after = config("upgrade", dir, NEW_THRESHOLD);
        kafka.createTopics(KafkaTestSupport.allTopics(before), SimulatedInput.PARTITIONS);
        Path savepoints = dir.resolve("savepoints");

        String sp1 = runUntilReadThenSavepoint(before, 2, null, parts.get(0), savepoints);
        String sp2 = runUntilReadThenSavepoint(before, 1, sp1, parts.get(1), savepoints);
        String sp3 = runUntilReadThenSavepoint(before, 4, sp2, parts.get(2), savepoints);

        last.produce(kafka, after);
        JobClient job = LiveRuns.start(after, 2, fromSavepoint(sp3), "upgrade-new-threshold");
        try {
            List<ChannelKpi> closed = LiveRuns.closedBy(underNew.kpis(), LiveRuns.liveWatermark(after, TICK));
            LiveRuns.Output out = LiveRuns.awaitOutput(kafka, after, underNew.alerts().size(), closed.size(), 0);
            LiveRuns.assertExactly(out, underNew.alerts(), closed);
            LiveRuns.assertNoOpenTransactions(kafka, after);
            assertThat(job.getJobStatus().get().isGloballyTerminalState()).as("job still running").isFalse();
        } finally {
            job.cancel().get();
        }
    }

    /** Starts the job (from {@code savepoint} if given), feeds it {@code part}, and stops it with a savepoint. */
    private static String runUntilReadThenSavepoint(PulseConfig config, int parallelism, String savepoint,
            SimulatedInput part, Path savepoints) throws Exception {
        part.produce(kafka, config);
        JobClient job = LiveRuns.start(config, parallelism, fromSavepoint(savepoint), "upgrade-p" + parallelism);
        LiveRuns.awaitRecordsRead(job, part.size());
        String path = job.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                .get(LiveRuns.WAIT.toSeconds(), TimeUnit.SECONDS);
        System.out.printf("upgrade: parallelism %d read %d records, stopped with savepoint %s%n", parallelism, part.size(), path);
        return path;
    }

    private static Configuration fromSavepoint(String savepoint) {
        Configuration conf = LiveRuns.restarts(3, Duration.ofMillis(500));
        if (savepoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        return conf;
    }
}
