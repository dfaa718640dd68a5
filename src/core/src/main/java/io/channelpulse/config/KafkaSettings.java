package io.channelpulse.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.io.Serializable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * How the job reaches Kafka. {@code properties} are passed to every client (consumers, producers,
 * admin), so {@code security.protocol}, {@code sasl.*} and {@code ssl.*} work as in any Kafka
 * client; their values may be {@code ${env:NAME}} or {@code ${file:/path}} so secrets never sit in
 * the config file or on the command line (see {@link Secrets}).
 */
public record KafkaSettings(
        String bootstrapServers,
        String groupId,
        String transactionalIdPrefix,
        Duration transactionTimeout,
        DeliveryGuarantee deliveryGuarantee,
        Map<String, String> properties)
        implements Serializable {

    /** The key of {@link #deliveryGuarantee()}, for error messages. */
    public static final String DELIVERY_GUARANTEE_KEY = "delivery-guarantee";

    /**
     * How the job's sinks write alerts, KPIs and dead letters. Exactly-once writes in Kafka
     * transactions committed on checkpoints, so {@code read_committed} readers see output only
     * after the checkpoint that covers it. At-least-once writes at once (flushed on checkpoints):
     * output is visible in milliseconds, and after a restart records since the last checkpoint
     * are written again.
     */
    public enum DeliveryGuarantee {
        EXACTLY_ONCE("exactly-once"),
        AT_LEAST_ONCE("at-least-once");

        private final String configName;

        DeliveryGuarantee(String configName) {
            this.configName = configName;
        }

        /** The value as written in the configuration file. */
        public String configName() {
            return configName;
        }

        /** The guarantee named {@code value}; a {@link ConfigException} naming {@code key} otherwise. */
        public static DeliveryGuarantee parse(String key, String value) {
            for (DeliveryGuarantee g : values()) {
                if (g.configName.equals(value)) {
                    return g;
                }
            }
            throw new ConfigException(key, "must be one of exactly-once, at-least-once, got '" + value + "'");
        }
    }

    public static KafkaSettings defaults() {
        return new KafkaSettings("localhost:9092", "channel-pulse", "channel-pulse",
                Duration.ofMinutes(15), DeliveryGuarantee.EXACTLY_ONCE, Map.of());
    }

    @JsonCreator
    static KafkaSettings bind(
            @JsonProperty("bootstrap-servers") String bootstrapServers,
            @JsonProperty("group-id") String groupId,
            @JsonProperty("transactional-id-prefix") String transactionalIdPrefix,
            @JsonProperty("transaction-timeout") Duration transactionTimeout,
            @JsonProperty("delivery-guarantee") String deliveryGuarantee,
            @JsonProperty("properties") @JsonDeserialize(contentUsing = Secrets.PropertyDeserializer.class)
                    Map<String, String> properties) {
        KafkaSettings d = defaults();
        return new KafkaSettings(
                Require.text("bootstrap-servers", bootstrapServers, d.bootstrapServers()),
                Require.text("group-id", groupId, d.groupId()),
                Require.text("transactional-id-prefix", transactionalIdPrefix, d.transactionalIdPrefix()),
                Require.orDefault(transactionTimeout, d.transactionTimeout()),
                deliveryGuarantee == null ? d.deliveryGuarantee() : DeliveryGuarantee.parse(DELIVERY_GUARANTEE_KEY, deliveryGuarantee),
                properties == null ? d.properties() : Map.copyOf(properties));
    }

    public KafkaSettings withBootstrapServers(String servers) {
        return new KafkaSettings(servers, groupId, transactionalIdPrefix, transactionTimeout, deliveryGuarantee, properties);
    }

    public KafkaSettings withGroupId(String group) {
        return new KafkaSettings(bootstrapServers, group, transactionalIdPrefix, transactionTimeout, deliveryGuarantee, properties);
    }

    public KafkaSettings withTransactionalIdPrefix(String prefix) {
        return new KafkaSettings(bootstrapServers, groupId, prefix, transactionTimeout, deliveryGuarantee, properties);
    }

    public KafkaSettings withTransactionTimeout(Duration timeout) {
        return new KafkaSettings(bootstrapServers, groupId, transactionalIdPrefix, timeout, deliveryGuarantee, properties);
    }

    public KafkaSettings withDeliveryGuarantee(DeliveryGuarantee guarantee) {
        return new KafkaSettings(bootstrapServers, groupId, transactionalIdPrefix, transactionTimeout, guarantee, properties);
    }

    /** Client properties including bootstrap servers, for consumers, producers and admin clients. */
    public Properties clientProperties() {
        Properties p = new Properties();
        p.putAll(new LinkedHashMap<>(properties));
        p.setProperty("bootstrap.servers", bootstrapServers);
        return p;
    }
}
