package io.channelpulse.kafka;

import io.channelpulse.job.ChannelPulseJob;
import io.channelpulse.job.JobOutputs;
import io.channelpulse.config.Checkpointing;
import io.channelpulse.config.ConfigException;
import io.channelpulse.config.PulseConfig;
import io.channelpulse.kafka.KafkaInputs;
import io.channelpulse.kafka.KafkaOutputs;
import io.channelpulse.kafka.TransactionTimeoutCheck;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The production job: Kafka in, {@link ChannelPulseJob}, exactly-once Kafka out, with checkpointing.
 * Engine settings go through Flink's own configuration keys, so a cluster's configuration (state
 * backend, restart strategy, checkpoint storage) applies unless the job sets the same key.
 */
public final class LiveJob {

    public static final String JOB_NAME = "channel-pulse";

    private LiveJob() {}

    /** {@link #flinkConfiguration(PulseConfig, ReadableConfig)} against a cluster that sets nothing. */
    public static Configuration flinkConfiguration(PulseConfig config) {
        return flinkConfiguration(config, new Configuration());
    }

    /**
     * The Flink settings the job needs: exactly-once checkpoints, the graph's engine defaults (no Kryo
     * fallback, object reuse: {@link ChannelPulseJob#engineDefaults}), and, when the
     * job's configuration names them, checkpoint storage and state backend. Keys the job leaves
     * unset keep the cluster's values: the checkpoint interval and timeout are ours only when our
     * file sets them or {@code cluster} does not (see {@link #checkpointing}).
     */
    public static Configuration flinkConfiguration(PulseConfig config, ReadableConfig cluster) {
        Checkpointing c = checkpointing(config, cluster);
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, c.interval());
        conf.set(CheckpointingOptions.CHECKPOINTING_TIMEOUT, c.timeout());
        conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        conf.set(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER, c.tolerableFailures());
        if (c.directory() != null) {
            conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, c.directory());
            conf.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, savepointDirectory(c.directory()));
        }
        if (c.stateBackend() != null) {
            conf.set(StateBackendOptions.STATE_BACKEND, c.stateBackend());
            if (Checkpointing.ROCKSDB.equals(c.stateBackend())) {
                conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
            }
        }
        ChannelPulseJob.engineDefaults(conf);
        return conf;
    }

    /**
     * Checkpointing as it will apply on {@code cluster}: interval and timeout from our file when it
     * sets them, else from Flink's {@code execution.checkpointing.interval} and {@code .timeout},
     * else our defaults (10 s, 5 min). The transaction-timeout check runs against this.
     */
    public static Checkpointing checkpointing(PulseConfig config, ReadableConfig cluster) {
        return config.checkpoint().resolve(
                cluster.getOptional(CheckpointingOptions.CHECKPOINTING_INTERVAL),
                cluster.getOptional(CheckpointingOptions.CHECKPOINTING_TIMEOUT));
    }

    /** Savepoints next to the checkpoints: {@code <dir>/savepoints}. */
    static String savepointDirectory(String checkpointDirectory) {
        return checkpointDirectory.endsWith("/")
                ? checkpointDirectory + "savepoints"
                : checkpointDirectory + "/savepoints";
    }

    /**
     * Refuses a job whose checkpoints would live in JobManager memory: that storage caps state at
     * 5 MB (a month of state is more) and loses every checkpoint with the JobManager.
     */
    public static void requireDurableCheckpoints(PulseConfig config, ReadableConfig cluster) {
        if (config.checkpoint().directory() == null && cluster.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY) == null) {
            throw new ConfigException("checkpoint.dir",
                    "no durable checkpoint directory: set checkpoint.dir in the job's configuration (for example"
                            + " file:///var/lib/channel-pulse/checkpoints or s3://bucket/channel-pulse/checkpoints) or "
                            + CheckpointingOptions.CHECKPOINTS_DIRECTORY.key() + " in Flink's configuration;"
                            + " without one, checkpoints are kept in JobManager memory, capped at 5 MB and lost with it");
        }
    }

    /**
     * Validates the configuration against the broker and wires the job into {@code env}. Throws a
     * {@link io.channelpulse.config.ConfigException} naming the key when the job must not start.
     */
    public static JobOutputs wire(StreamExecutionEnvironment env, PulseConfig configured) {
        PulseConfig config = configured.withCheckpoint(checkpointing(configured, env.getConfiguration()));
        TransactionTimeoutCheck.check(config);
        env.configure(flinkConfiguration(config, env.getConfiguration()));
        JobOutputs outputs = new ChannelPulseJob(config, true).build(KafkaInputs.create(env, config));
        KafkaOutputs.attach(outputs, config);
        return outputs;
    }
}
