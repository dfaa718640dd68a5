package io.channelpulse.job;

import io.channelpulse.kafka.LiveJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.config.ConfigLoader;
import io.channelpulse.config.PulseConfig;
import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** The checkpoint interval and timeout: ours when our file sets them, else the cluster's, else our defaults. */
class LiveJobCheckpointingTest {

    static Configuration clusterSetting(Duration interval, Duration timeout) {
        Configuration cluster = new Configuration();
        cluster.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, interval);
        cluster.set(CheckpointingOptions.CHECKPOINTING_TIMEOUT, timeout);
        return cluster;
    }

    @Test
    void aClustersIntervalAndTimeoutAreKeptWhenOurFileLeavesThemOut() {
        PulseConfig ours = ConfigLoader.parse("checkpoint:\n  dir: file:///tmp/cp\n");
        Configuration cluster = clusterSetting(Duration.ofMinutes(2), Duration.ofMinutes(20));

        Configuration applied = LiveJob.flinkConfiguration(ours, cluster);

        assertThat(applied.get(CheckpointingOptions.CHECKPOINTING_INTERVAL)).isEqualTo(Duration.ofMinutes(2));
        assertThat(applied.get(CheckpointingOptions.CHECKPOINTING_TIMEOUT)).isEqualTo(Duration.ofMinutes(20));
        // the transaction-timeout check sees the timeout that will apply
        assertThat(LiveJob.checkpointing(ours, cluster).timeout()).isEqualTo(Duration.ofMinutes(20));
    }

    @Test
    void ourFileWinsWhereItSetsThem() {
        PulseConfig ours = ConfigLoader.parse("checkpoint:\n  interval: 30s\n");
        Configuration cluster = clusterSetting(Duration.ofMinutes(2), Duration.ofMinutes(20));

        Configuration applied = LiveJob.flinkConfiguration(ours, cluster);

        assertThat(applied.get(CheckpointingOptions.CHECKPOINTING_INTERVAL)).isEqualTo(Duration.ofSeconds(30));
        assertThat(applied.get(CheckpointingOptions.CHECKPOINTING_TIMEOUT)).isEqualTo(Duration.ofMinutes(20));
    }

    @Test
    void ourDefaultsApplyWhenNeitherSetsThem() {
        Configuration applied = LiveJob.flinkConfiguration(PulseConfig.defaults(), new Configuration());

        assertThat(applied.get(CheckpointingOptions.CHECKPOINTING_INTERVAL)).isEqualTo(Duration.ofSeconds(10));
        assertThat(applied.get(CheckpointingOptions.CHECKPOINTING_TIMEOUT)).isEqualTo(Duration.ofMinutes(5));
    }
}
