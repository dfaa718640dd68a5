package io.channelpulse.live;

import io.channelpulse.support.KafkaTestSupport;
import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.broker.EmbeddedKafka;
import io.channelpulse.config.Checkpointing;
import io.channelpulse.config.PulseConfig;
import io.channelpulse.model.ChannelKpi;
import io.channelpulse.replay.Replay;
import io.channelpulse.sim.Simulation;
import io.channelpulse.sim.Simulator;
import io.channelpulse.sim.SimulatorSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker goes away in the middle of a live run and comes back on the same ports with the same
 * data. The job rides it out (its clients reconnect, or it restarts from its last checkpoint) and
 * still commits exactly the replay's output.
 */
class BrokerRestartTest {

    static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
    static final Duration SPAN = Duration.ofDays(2);
    static final Instant TICK = START.plus(SPAN).plus(Duration.ofDays(2));
    static final Duration OUTAGE = Duration.ofSeconds(5);

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .build());

    static EmbeddedKafka kafka;
    static SimulatedInput backlog;
    static SimulatedInput firstHalf;
    static SimulatedInput secondHalf;
    static Replay.Result expected;

    @BeforeAll
    static void startBrokerAndReplay(@TempDir Path dir) throws Exception {
        kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
        SimulatorSettings d = SimulatorSettings.defaults(START, SPAN);
        Simulation sim = new Simulator(d.withOutletsPerPartner(6)).run();
        backlog = SimulatedInput.of(sim);
        firstHalf = backlog.slice(0, backlog.size() / 2).withTicksAtEnd("half");
        secondHalf = backlog.slice(backlog.size() / 2, backlog.size()).plusTicks(TICK, "end");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        expected = new Replay(config("replay", dir), 2).run(env,
                firstHalf.plus(secondHalf).writeTo(dir.resolve("in")), dir.resolve("out"));
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    /**
     * The job's default idle timeout (1 min), not the 500 ms of the other live tests: with 500 ms
     * every topic is idle long before the broker comes back, and the second half then arrives on all
     * of them at once. Whichever topic's reader fetches first moves event time, and the others'
     * records reach closed KPI windows (docs/DISCUSSION.md, "Idle topics and a burst after an
     * outage"). That race is the per-topic gates' known limit; this test is about riding out the
     * outage itself.
     */
    static PulseConfig config(String run, Path dir) {
        return KafkaTestSupport.isolatedConfig(kafka, run)
                .withIdleTimeout(PulseConfig.defaults().idleTimeout())
                .withCheckpoint(Checkpointing.of(Duration.ofMillis(500), Duration.ofMinutes(1), Duration.ofMinutes(1))
                        .withDirectory(dir.resolve("checkpoints").toUri().toString()));
    }

    @Test
    void jobRecoversFromABrokerRestartAndCommitsExactlyTheReplaysOutput(
            @InjectMiniCluster MiniCluster cluster, @TempDir Path dir) throws Exception {
        PulseConfig config = config("broker-restart", dir);
        kafka.createTopics(KafkaTestSupport.allTopics(config), SimulatedInput.PARTITIONS);
        firstHalf.produce(kafka, config);

        try (LogCapture connector = LiveRuns.connectorWarnings(); LogCapture restores = LiveRuns.restores()) {
            JobClient job = LiveRuns.start(config, 2, LiveRuns.restarts(30, Duration.ofSeconds(1)), "broker-restart");
            try {
                // Mid-run: a checkpoint has completed, the job is reading the first half of the
                // backlog; the second half arrives only on the restarted broker.
                LiveRuns.await("a completed checkpoint", () -> LiveRuns.latestCheckpointSize(cluster, job.getJobID()) > 0);
                LiveRuns.await("part of the backlog read", () -> LiveRuns.recordsRead(job) >= firstHalf.size() / 2);
                long readBefore = LiveRuns.recordsRead(job);
                long outageStart = System.nanoTime();
                kafka.stop();
                Thread.sleep(OUTAGE.toMillis());
                kafka.restart();
                System.out.printf("broker restart: stopped after %d of %d records, back after %.1f s%n",
                        readBefore, backlog.size(), (System.nanoTime() - outageStart) / 1e9);
                assertThat(readBefore).as("the outage hit the job mid-backlog").isLessThan(backlog.size());

                secondHalf.produce(kafka, config);
                List<ChannelKpi> closed = LiveRuns.closedBy(expected.kpis(), LiveRuns.liveWatermark(config, TICK));
                LiveRuns.Output out = LiveRuns.awaitOutput(kafka, config, expected.alerts().size(), closed.size(), 0);
                var stats = LiveRuns.checkpointStats(cluster, job.getJobID());
                System.out.printf("broker restart: output complete; %d checkpoints completed, %d failed, restored from %s%n",
                        stats.getCounts().getNumberOfCompletedCheckpoints(), stats.getCounts().getNumberOfFailedCheckpoints(),
                        stats.getLatestRestoredCheckpoint() == null ? "none" : stats.getLatestRestoredCheckpoint().getCheckpointId());

                LiveRuns.assertExactly(out, expected.alerts(), closed);
                LiveRuns.assertNoOpenTransactions(kafka, config);
                assertThat(job.getJobStatus().get().isGloballyTerminalState()).as("job still running").isFalse();
            } finally {
                job.cancel().get();
            }
            LiveRuns.assertNoDataLossReported(connector, restores);
        }
    }
}
