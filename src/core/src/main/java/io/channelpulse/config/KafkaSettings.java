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
        Map<String, String> properties)
        implements Serializable {

    public static KafkaSettings defaults() {
        return new KafkaSettings("localhost:9092", "channel-pulse", "channel-pulse",
                Duration.ofMinutes(15), Map.of());
    }

    @JsonCreator
    static KafkaSettings bind(
            @JsonProperty("bootstrap-servers") String bootstrapServers,
            @JsonProperty("group-id") String groupId,
            @JsonProperty("transactional-id-prefix") String transactionalIdPrefix,
            @JsonProperty("transaction-timeout") Duration transactionTimeout,
            @JsonProperty("properties") @JsonDeserialize(contentUsing = Secrets.PropertyDeserializer.class)
                    Map<String, String> properties) {
        KafkaSettings d = defaults();
        return new KafkaSettings(
                Require.text("bootstrap-servers", bootstrapServers, d.bootstrapServers()),
                Require.text("group-id", groupId, d.groupId()),
                Require.text("transactional-id-prefix", transactionalIdPrefix, d.transactionalIdPrefix()),
                Require.orDefault(transactionTimeout, d.transactionTimeout()),
                properties == null ? d.properties() : Map.copyOf(properties));
    }

    public KafkaSettings withBootstrapServers(String servers) {
        return new KafkaSettings(servers, groupId, transactionalIdPrefix, transactionTimeout, properties);
    }

    public KafkaSettings withGroupId(String group) {
        return new KafkaSettings(bootstrapServers, group, transactionalIdPrefix, transactionTimeout, properties);
    }

    public KafkaSettings withTransactionalIdPrefix(String prefix) {
        return new KafkaSettings(bootstrapServers, groupId, prefix, transactionTimeout, properties);
    }

    public KafkaSettings withTransactionTimeout(Duration timeout) {
        return new KafkaSettings(bootstrapServers, groupId, transactionalIdPrefix, timeout, properties);
    }

    /** Client properties including bootstrap servers, for consumers, producers and admin clients. */
    public Properties clientProperties() {
        Properties p = new Properties();
        p.putAll(new LinkedHashMap<>(properties));
        p.setProperty("bootstrap.servers", bootstrapServers);
        return p;
    }
}
