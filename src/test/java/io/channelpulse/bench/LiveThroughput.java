package io.channelpulse.bench;

import io.channelpulse.broker.EmbeddedKafka;
import io.channelpulse.config.Checkpointing;
import io.channelpulse.config.PulseConfig;
import io.channelpulse.job.LiveJob;
import io.channelpulse.serde.EventStream;
import io.channelpulse.sim.Simulation;
import io.channelpulse.sim.SimulationWriter;
import io.channelpulse.sim.Simulator;
import io.channelpulse.sim.SimulatorSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Live throughput on this machine: a simulated backlog is produced to the embedded broker first,
 * then the live job (parallelism 2, exactly-once, 10 s checkpoints) is started and timed until it
 * has read every record. Prints one result line. Not a test.
 *
 * <p>Usage: {@code LiveThroughput [HISTORY_DAYS] [OUTLETS_PER_PARTNER]}
 */
public final class LiveThroughput {

    public static void main(String[] args) throws Exception {
        int days = args.length > 0 ? Integer.parseInt(args[0]) : 14;
        int outlets = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        Path dir = Files.createTempDirectory("pulse-bench-");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0)) {
            PulseConfig d = PulseConfig.defaults();
            PulseConfig config = d.withKafka(d.kafka().withBootstrapServers(kafka.bootstrapServers()))
                    .withIdleTimeout(Duration.ofSeconds(5))
                    .withCheckpoint(Checkpointing.of(Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofMinutes(5))
                            .withDirectory(dir.resolve("checkpoints").toUri().toString())
                            .withStateBackend(System.getProperty("state.backend", Checkpointing.HASHMAP)));
            List<String> topics = new ArrayList<>(config.topics().inputs().values());
            topics.addAll(List.of(config.topics().alerts(), config.topics().kpis(), config.topics().deadLetters()));
            kafka.createTopics(topics, 2);

            SimulatorSettings base = SimulatorSettings.defaults(Instant.parse("2026-11-01T00:00:00Z"), Duration.ofDays(days));
            SimulatorSettings settings = new SimulatorSettings(base.seed(), base.start(), base.duration(), base.channelsPerType(),
                    outlets, base.skus(), base.salesPerOutletHour(), base.belowGuideRate(), base.recoveryRate(),
                    base.diversionRate(), base.lateAnswerRate(), base.missingAnswerRate(), base.duplicateRate(),
                    base.outOfOrderRate(), base.malformedRate());
            Simulation sim = new Simulator(settings).run();
            long produceStart = System.nanoTime();
            long records = SimulationWriter.toKafka(sim, config, Double.MAX_VALUE, () -> true, new AtomicLong());
            double produceSeconds = (System.nanoTime() - produceStart) / 1e9;

            Configuration flink = new Configuration();
            flink.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, Duration.ofSeconds(1));
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
            env.setParallelism(2);
            LiveJob.wire(env, config);
            long start = System.nanoTime();
            JobClient job = env.executeAsync(LiveJob.JOB_NAME);
            long read = 0;
            while (read < records && System.nanoTime() - start < TimeUnit.MINUTES.toNanos(10)) {
                Thread.sleep(250);
                Map<String, Object> acc = job.getAccumulators().get();
                read = 0;
                for (EventStream<?> stream : EventStream.ALL) {
                    Object n = acc.get("records-read." + stream.name());
                    read += n == null ? 0 : ((Number) n).longValue();
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            job.cancel().get();
            System.out.printf("records=%d produced in %.1f s; job read all in %.1f s (incl. ~1 s heartbeat lag and start-up) = %.0f records/s%n",
                    records, produceSeconds, seconds, records / seconds);
        }
    }
}
