package io.channelpulse.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.config.PulseConfig;
import io.channelpulse.serde.EventStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Which readers are kept in step, and how far apart they may run. */
class KafkaInputsAlignmentTest {

    private final PulseConfig config = PulseConfig.defaults()
            .withIdleTimeout(Duration.ofSeconds(5))
            .withOutOfOrderness(Duration.ofMinutes(2));

    @Test
    void eventTopicsShareOneAlignmentGroup() {
        for (EventStream<?> stream : EventStream.ALL) {
            var params = KafkaInputs.readAlignment(stream, config).getAlignmentParameters();
            if (stream.isEventStream()) {
                assertThat(params.isEnabled()).as(stream.name()).isTrue();
                assertThat(params.getWatermarkGroup()).isEqualTo(KafkaInputs.ALIGNMENT_GROUP);
                assertThat(params.getMaxAllowedWatermarkDrift()).isEqualTo(Duration.ofSeconds(125).toMillis());
                assertThat(params.getUpdateInterval()).isEqualTo(KafkaInputs.ALIGNMENT_UPDATE.toMillis());
            } else {
                assertThat(params.isEnabled()).as(stream.name()).isFalse();
            }
        }
    }

    /** Live, a silent topic goes idle (and leaves the group) before the others are this far ahead of it. */
    @Test
    void theDriftCoversTheIdleTimeoutAndTheOutOfOrderness() {
        assertThat(KafkaInputs.maxReadDrift(config))
                .isGreaterThanOrEqualTo(config.idleTimeout())
                .isGreaterThanOrEqualTo(config.outOfOrderness());
    }
}
