package io.channelpulse.job;

import io.channelpulse.config.PulseConfig;
import io.channelpulse.kafka.KafkaInputs;
import io.channelpulse.kafka.KafkaOutputs;
import io.channelpulse.kafka.TransactionTimeoutCheck;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
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

    /** The Flink settings the job needs: exactly-once checkpoints and no Kryo fallback. */
    public static Configuration flinkConfiguration(PulseConfig config) {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, config.checkpoint().interval());
        conf.set(CheckpointingOptions.CHECKPOINTING_TIMEOUT, config.checkpoint().timeout());
        conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        return conf;
    }

    /**
     * Validates the configuration against the broker and wires the job into {@code env}. Throws a
     * {@link io.channelpulse.config.ConfigException} naming the key when the job must not start.
     */
    public static JobOutputs wire(StreamExecutionEnvironment env, PulseConfig config) {
        TransactionTimeoutCheck.check(config);
        env.configure(flinkConfiguration(config));
        JobOutputs outputs = new ChannelPulseJob(config, true).build(KafkaInputs.create(env, config));
        KafkaOutputs.attach(outputs, config);
        return outputs;
    }
}
