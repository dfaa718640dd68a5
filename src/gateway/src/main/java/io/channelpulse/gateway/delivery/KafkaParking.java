package io.channelpulse.gateway.delivery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.channelpulse.serde.Json;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Parks undeliverable notifications on the {@code alerts-undeliverable} topic, keyed by target,
 * with the reason and the alerts, and waits for the broker's acknowledgement before the alerts'
 * offsets may be committed.
 */
public final class KafkaParking implements Parking, AutoCloseable {

    private final KafkaProducer<String, String> producer;
    private final String topic;

    public KafkaParking(Properties clientProperties, String topic) {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.setProperty("enable.idempotence", "true");
        p.setProperty("acks", "all");
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        this.topic = topic;
    }

    @Override
    public void park(Notification n, String reason, int attempts) {
        ObjectNode record = Json.mapper().createObjectNode();
        record.put("notificationId", n.id());
        record.put("target", n.target().name());
        record.put("reason", reason);
        record.put("attempts", attempts);
        record.put("parkedAt", Instant.now().toString());
        record.put("rule", n.rule().name());
        record.put("channelId", n.channelId());
        record.set("alerts", Json.mapper().valueToTree(n.alerts()));
        try {
            producer.send(new ProducerRecord<>(topic, n.target().name(), record.toString())).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot park notification " + n.id() + " on " + topic, e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
