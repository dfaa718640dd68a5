package io.channelpulse.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.config.KafkaSettings;
import io.channelpulse.config.PulseConfig;
import io.channelpulse.model.Alert;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.junit.jupiter.api.Test;

/** The sinks follow {@code kafka.delivery-guarantee}; exactly-once stays the default. */
class KafkaOutputsDeliveryTest {

    private static PulseConfig with(KafkaSettings.DeliveryGuarantee guarantee) {
        PulseConfig d = PulseConfig.defaults();
        return d.withKafka(d.kafka().withDeliveryGuarantee(guarantee));
    }

    @Test
    void eachConfiguredGuaranteeMapsToFlinksOwn() {
        assertThat(KafkaOutputs.deliveryGuarantee(KafkaSettings.DeliveryGuarantee.EXACTLY_ONCE))
                .isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
        assertThat(KafkaOutputs.deliveryGuarantee(KafkaSettings.DeliveryGuarantee.AT_LEAST_ONCE))
                .isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
    }

    @Test
    void theDefaultSinkIsExactlyOnceWithTheTransactionTimeout() throws Exception {
        PulseConfig config = PulseConfig.defaults();
        KafkaSink<Alert> sink = KafkaOutputs.sink(config, "alerts", "alerts", Alert::alertId);

        assertThat(guaranteeOf(sink)).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
        assertThat(KafkaOutputs.producerProperties(config).getProperty("transaction.timeout.ms"))
                .isEqualTo(Long.toString(config.kafka().transactionTimeout().toMillis()));
    }

    @Test
    void atLeastOnceSinksWriteWithoutTransactions() throws Exception {
        PulseConfig config = with(KafkaSettings.DeliveryGuarantee.AT_LEAST_ONCE);
        KafkaSink<Alert> sink = KafkaOutputs.sink(config, "alerts", "alerts", Alert::alertId);

        assertThat(guaranteeOf(sink)).isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
        assertThat(KafkaOutputs.producerProperties(config)).doesNotContainKey("transaction.timeout.ms")
                .containsEntry("bootstrap.servers", config.kafka().bootstrapServers());
    }

    /** The connector keeps the guarantee private; the test reads it rather than widen the API. */
    private static DeliveryGuarantee guaranteeOf(KafkaSink<?> sink) throws Exception {
        var field = KafkaSink.class.getDeclaredField("deliveryGuarantee");
        field.setAccessible(true);
        return (DeliveryGuarantee) field.get(sink);
    }
}
