package io.channelpulse.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.channelpulse.config.KafkaSettings;
import io.channelpulse.config.PulseConfig;
import io.channelpulse.job.JobOutputs;
import io.channelpulse.model.Alert;
import io.channelpulse.model.ChannelKpi;
import io.channelpulse.model.ChannelEconomics;
import io.channelpulse.model.DeadLetter;
import io.channelpulse.model.PartnerTierRecord;
import io.channelpulse.serde.Json;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@link KafkaSink}s for alerts, KPIs, dead letters, partner tiers and channel economics,
 * exactly-once by default ({@code kafka.delivery-guarantee}). Records are keyed so one entity's
 * updates stay in order on one partition: alerts by alertId (FIRING before RESOLVED), KPIs and
 * channel economics by channelId, partner tiers by partnerId, dead letters by source stream. Each sink has its own stable transactional id prefix.
 */
public final class KafkaOutputs {

    public static final String ALERTS_SINK_UID = "kafka-sink-alerts";
    public static final String KPIS_SINK_UID = "kafka-sink-channel-kpis";
    public static final String DEAD_LETTERS_SINK_UID = "kafka-sink-dead-letters";
    public static final String PARTNER_TIERS_SINK_UID = "kafka-sink-partner-tiers";
    public static final String CHANNEL_ECONOMICS_SINK_UID = "kafka-sink-channel-economics";

    private KafkaOutputs() {}

    public static void attach(JobOutputs outputs, PulseConfig config) {
        outputs.alerts()
                .sinkTo(sink(config, config.topics().alerts(), "alerts", Alert::alertId))
                .uid(ALERTS_SINK_UID).name("Kafka " + config.topics().alerts());
        outputs.kpis()
                .sinkTo(sink(config, config.topics().kpis(), "kpis", ChannelKpi::channelId))
                .uid(KPIS_SINK_UID).name("Kafka " + config.topics().kpis());
        outputs.deadLetters()
                .sinkTo(sink(config, config.topics().deadLetters(), "dead-letters", DeadLetter::stream))
                .uid(DEAD_LETTERS_SINK_UID).name("Kafka " + config.topics().deadLetters());
        outputs.partnerTiers()
                .sinkTo(sink(config, config.topics().partnerTiers(), "partner-tiers", PartnerTierRecord::partnerId))
                .uid(PARTNER_TIERS_SINK_UID).name("Kafka " + config.topics().partnerTiers());
        outputs.channelEconomics()
                .sinkTo(sink(config, config.topics().channelEconomics(), "channel-economics", ChannelEconomics::channelId))
                .uid(CHANNEL_ECONOMICS_SINK_UID).name("Kafka " + config.topics().channelEconomics());
    }

    /** Extracts a record's Kafka key. */
    @FunctionalInterface
    public interface KeyOf<T> extends java.io.Serializable {
        String keyOf(T record);
    }

    static <T> KafkaSink<T> sink(PulseConfig config, String topic, String name, KeyOf<T> key) {
        return KafkaSink.<T>builder()
                .setKafkaProducerConfig(producerProperties(config))
                .setDeliveryGuarantee(deliveryGuarantee(config.kafka().deliveryGuarantee()))
                .setTransactionalIdPrefix(config.kafka().transactionalIdPrefix() + "-" + name)
                .setRecordSerializer(new JsonRecords<>(topic, key))
                .build();
    }

    /** The sinks' producer settings: the transaction timeout only where there are transactions. */
    static Properties producerProperties(PulseConfig config) {
        Properties props = config.kafka().clientProperties();
        if (config.kafka().deliveryGuarantee() == KafkaSettings.DeliveryGuarantee.EXACTLY_ONCE) {
            props.setProperty("transaction.timeout.ms", Long.toString(config.kafka().transactionTimeout().toMillis()));
        }
        return props;
    }

    /**
     * Flink's guarantee for ours. At-least-once writes outside transactions and flushes on every
     * checkpoint: output is visible at once, and after a restart what was written since the last
     * checkpoint is written again (alerts carry stable ids, so consumers can drop the repeats).
     */
    static DeliveryGuarantee deliveryGuarantee(KafkaSettings.DeliveryGuarantee configured) {
        return switch (configured) {
            case EXACTLY_ONCE -> DeliveryGuarantee.EXACTLY_ONCE;
            case AT_LEAST_ONCE -> DeliveryGuarantee.AT_LEAST_ONCE;
        };
    }

    /**
     * Key and JSON value of a record. The Kafka timestamp is left to the producer (the time of
     * writing): event time is in the payload, and history replayed into Kafka or a simulation
     * ahead of the wall clock must not be rejected by the broker's timestamp bounds.
     */
    static final class JsonRecords<T> implements KafkaRecordSerializationSchema<T> {
        private final String topic;
        private final KeyOf<T> key;

        JsonRecords(String topic, KeyOf<T> key) {
            this.topic = topic;
            this.key = key;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(T record, KafkaSinkContext context, Long timestamp) {
            try {
                return new ProducerRecord<>(topic, null, null,
                        key.keyOf(record).getBytes(StandardCharsets.UTF_8),
                        Json.mapper().writeValueAsBytes(record));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
