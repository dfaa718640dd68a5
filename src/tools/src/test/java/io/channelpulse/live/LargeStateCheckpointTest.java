package io.channelpulse.live;

import io.channelpulse.support.KafkaTestSupport;
import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.broker.EmbeddedKafka;
import io.channelpulse.config.Checkpointing;
import io.channelpulse.config.PulseConfig;
import io.channelpulse.live.LiveRuns.FailOnce;
import io.channelpulse.model.ChannelKpi;
import io.channelpulse.replay.Replay;
import io.channelpulse.sim.Simulation;
import io.channelpulse.sim.Simulator;
import io.channelpulse.sim.SimulatorSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.checkpoint.CompletedCheckpointStats;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live job with more than 5 MB of state, the cap of JobManager memory checkpoint storage:
 * checkpoints to the configured directory complete, and a failure while such checkpoints are
 * being taken still commits exactly the output of a replay.
 *
 * <p>The state is made large the way production makes it: a dedup horizon of two weeks keeps every
 * eventId of the backlog (a 36-character UUID, plus its clean-up timer) in state. Three days of 26
 * outlets per partner (about 61,000 records) end at about 5.9 MB; 24 outlets end just over 5 MB.
 *
 * <p>Flink counts checkpoints it could not even trigger while tasks were still starting (the event
 * time gates ask the broker for each partition's tail in {@code open}) as failed. Those are no
 * failure of the checkpoint storage; the tests require that no checkpoint fails once one has
 * completed, and that none fails after it was triggered.
 */
class LargeStateCheckpointTest {

    /** JobManager memory checkpoint storage refuses state above this (Flink's default cap). */
    static final long MEMORY_STORAGE_CAP = 5 * 1024 * 1024;
    static final int DAYS = Integer.getInteger("pulse.big-state.days", 3);
    static final int OUTLETS_PER_PARTNER = Integer.getInteger("pulse.big-state.outlets", 26);
    static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
    static final Instant TICK = START.plus(Duration.ofDays(DAYS + 2));

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .build());

    static EmbeddedKafka kafka;
    static SimulatedInput backlog;
    static SimulatedInput ticks;
    static Replay.Result expected;

    @BeforeAll
    static void startBrokerAndReplay(@TempDir Path dir) throws Exception {
        kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
        SimulatorSettings d = SimulatorSettings.defaults(START, Duration.ofDays(DAYS));
        Simulation sim = new Simulator(d.withOutletsPerPartner(OUTLETS_PER_PARTNER)).run();
        backlog = SimulatedInput.of(sim).withUuidEventIds();
        ticks = backlog.ticks(TICK, "end");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        long replayStart = System.nanoTime();
        expected = new Replay(config("replay", dir), 2).run(env, backlog.plus(ticks).writeTo(dir.resolve("in")), dir.resolve("out"));
        System.out.printf("big state: %d records (%d days, %d outlets per partner), replay in %.1f s: %d alerts, %d KPI windows%n",
                backlog.size(), DAYS, OUTLETS_PER_PARTNER, (System.nanoTime() - replayStart) / 1e9,
                expected.alerts().size(), expected.kpis().size());
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** An isolated live config: two weeks of dedup state, 1 s checkpoints to {@code dir}. */
    static PulseConfig config(String run, Path dir) {
        PulseConfig c = KafkaTestSupport.isolatedConfig(kafka, run).withDedupHorizon(Duration.ofDays(14));
        return c.withCheckpoint(Checkpointing.of(Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofMinutes(1))
                .withDirectory(dir.resolve("checkpoints").toUri().toString()));
    }

    static List<ChannelKpi> closedWindows(PulseConfig config) {
        return LiveRuns.closedBy(expected.kpis(), LiveRuns.liveWatermark(config, TICK));
    }

    @ParameterizedTest(name = "state backend {0}")
    @ValueSource(strings = {Checkpointing.HASHMAP, Checkpointing.ROCKSDB})
    void stateOverFiveMegabytesIsCheckpointedToTheDirectoryWithoutAFailedCheckpoint(
            String backend, @InjectMiniCluster MiniCluster cluster, @TempDir Path dir) throws Exception {
        PulseConfig base = config("big-state-" + backend, dir);
        PulseConfig config = base.withCheckpoint(base.checkpoint().withStateBackend(backend));
        boolean rocksDb = Checkpointing.ROCKSDB.equals(backend);
        kafka.createTopics(KafkaTestSupport.allTopics(config), SimulatedInput.PARTITIONS);
        backlog.plus(ticks).produce(kafka, config);

        Configuration flink = new Configuration();
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "none"); // any failure fails the test
        flink.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        long start = System.nanoTime();
        JobClient job = LiveRuns.start(config, 2, flink, "big-state-" + backend);
        CompletedCheckpointStats big;
        CheckpointStatsSnapshot stats;
        try {
            LiveRuns.await("a first checkpoint", () -> LiveRuns.latestCheckpointSize(cluster, job.getJobID()) > 0);
            long failedBeforeFirst = LiveRuns.checkpointStats(cluster, job.getJobID()).getCounts().getNumberOfFailedCheckpoints();
            LiveRuns.Output out = LiveRuns.awaitOutput(kafka, config, expected.alerts().size(), closedWindows(config).size(), 0);
            double readSeconds = (System.nanoTime() - start) / 1e9;
            if (rocksDb) {
                // RocksDB compresses its files, so its checkpoints can be smaller than the heap's
                // 5.9 MB: wait for one that holds the whole backlog (taken after the output was complete).
                long completed = LiveRuns.checkpointStats(cluster, job.getJobID()).getCounts().getNumberOfCompletedCheckpoints();
                LiveRuns.await("a checkpoint of the whole backlog", () ->
                        LiveRuns.checkpointStats(cluster, job.getJobID()).getCounts().getNumberOfCompletedCheckpoints() > completed + 1);
            } else {
                LiveRuns.await("a checkpoint over 5 MB", () -> LiveRuns.latestCheckpointSize(cluster, job.getJobID()) > MEMORY_STORAGE_CAP);
            }
            stats = LiveRuns.checkpointStats(cluster, job.getJobID());
            big = stats.getHistory().getLatestCompletedCheckpoint();
            System.out.printf("big state (%s): output complete after %.1f s; checkpoint %d: %d bytes in %d ms; %d completed,"
                            + " %d not triggered while starting, %d failed%n",
                    backend, readSeconds, big.getCheckpointId(), big.getStateSize(), big.getEndToEndDuration(),
                    stats.getCounts().getNumberOfCompletedCheckpoints(), failedBeforeFirst,
                    stats.getCounts().getNumberOfFailedCheckpoints() - failedBeforeFirst);

            assertThat(job.getJobStatus().get().isGloballyTerminalState()).as("job still running").isFalse();
            assertThat(stats.getCounts().getNumberOfFailedCheckpoints()).as("checkpoints failed after the first completed")
                    .isEqualTo(failedBeforeFirst);
            assertThat(stats.getHistory().getLatestFailedCheckpoint()).as("a triggered checkpoint that failed").isNull();
            assertThat(big.getExternalPath()).startsWith(dir.resolve("checkpoints").toUri().toString().replace("file:///", "file:/"));
            LiveRuns.assertExactly(out, expected.alerts(), closedWindows(config));
            LiveRuns.assertNoOpenTransactions(kafka, config);
        } finally {
            job.cancel().get();
        }
        // Only the newest completed checkpoint is retained; it may be newer than the one above.
        Path jobDir = Path.of(java.net.URI.create(big.getExternalPath())).getParent();
        Path chk = retainedCheckpoint(jobDir);
        if (rocksDb) {
            // Incremental: chk-N holds the metadata, the SST files live in shared/ and are reused.
            long shared = sizeOf(jobDir.resolve("shared"));
            System.out.printf("big state (rocksdb): %s holds %d bytes, shared/ %d bytes; full state %d bytes%n",
                    chk, sizeOf(chk), shared, big.getStateSize());
            assertThat(shared).as("incremental RocksDB files in shared/").isPositive();
            assertThat(big.getCheckpointedSize()).as("an incremental checkpoint persists less than the full state")
                    .isLessThanOrEqualTo(big.getStateSize());
        } else {
            long onDisk = sizeOf(chk);
            System.out.printf("big state: %s holds %d bytes after the job was cancelled%n", chk, onDisk);
            assertThat(onDisk).as("retained checkpoint on disk").isGreaterThan(MEMORY_STORAGE_CAP);
        }
    }

    @Test
    void failureWhileCheckpointingMoreThanFiveMegabytesCommitsExactlyTheReplaysOutput(
            @InjectMiniCluster MiniCluster cluster, @TempDir Path dir) throws Exception {
        PulseConfig config = config("big-state-failure", dir);
        kafka.createTopics(KafkaTestSupport.allTopics(config), SimulatedInput.PARTITIONS);
        backlog.produce(kafka, config);
        FailOnce.reset();

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                LiveRuns.restarts(3, Duration.ofMillis(500)));
        env.setParallelism(2);
        LiveRuns.wireWithFailure(env, config);
        try (LogCapture connector = LiveRuns.connectorWarnings(); LogCapture restores = LiveRuns.restores()) {
            JobClient job = env.executeAsync("big-state-failure");
            try {
                // Fail only once checkpoints are big: the next record is a tick, read while the
                // job takes a > 5 MB checkpoint every second.
                LiveRuns.await("a checkpoint over 5 MB", () -> LiveRuns.latestCheckpointSize(cluster, job.getJobID()) > MEMORY_STORAGE_CAP);
                FailOnce.arm();
                ticks.produce(kafka, config);
                LiveRuns.await("the injected failure", FailOnce.failed::get);

                LiveRuns.Output out = LiveRuns.awaitOutput(kafka, config, expected.alerts().size(), closedWindows(config).size(), 0);
                CheckpointStatsSnapshot stats = LiveRuns.checkpointStats(cluster, job.getJobID());
                System.out.printf("big state failure: restored checkpoint %d of %d bytes; %d completed, %d failed%n",
                        stats.getLatestRestoredCheckpoint().getCheckpointId(), stats.getLatestRestoredCheckpoint().getStateSize(),
                        stats.getCounts().getNumberOfCompletedCheckpoints(), stats.getCounts().getNumberOfFailedCheckpoints());

                assertThat(stats.getLatestRestoredCheckpoint().getStateSize()).as("restored state").isGreaterThan(MEMORY_STORAGE_CAP);
                LiveRuns.assertExactly(out, expected.alerts(), closedWindows(config));
                LiveRuns.assertNoOpenTransactions(kafka, config);
                assertThat(job.getJobStatus().get().isGloballyTerminalState()).as("job still running").isFalse();
            } finally {
                job.cancel().get();
            }
            LiveRuns.assertNoDataLossReported(connector, restores);
        }
    }

    /**
     * The one checkpoint Flink retains. Subsumed checkpoints are discarded asynchronously, so right
     * after a cancel an older one may still be on its way out: wait for it, then require exactly one.
     */
    private static Path retainedCheckpoint(Path jobDir) throws Exception {
        try {
            LiveRuns.await("subsumed checkpoints to be discarded", () -> checkpointsIn(jobDir).size() <= 1);
        } catch (AssertionError e) {
            // fall through: the assertion below names what is left
        }
        List<Path> chk = checkpointsIn(jobDir);
        assertThat(chk).as("retained checkpoints in " + jobDir).hasSize(1);
        return chk.get(0);
    }

    private static List<Path> checkpointsIn(Path jobDir) throws IOException {
        try (Stream<Path> dirs = Files.list(jobDir)) {
            return dirs.filter(p -> p.getFileName().toString().startsWith("chk-")).toList();
        }
    }

    private static long sizeOf(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
