package io.channelpulse.gateway.delivery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.channelpulse.serde.Json;
import io.channelpulse.model.Alert;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Parks undeliverable notifications on the {@code alerts-undeliverable} topic, keyed by target,
 * with the reason and the alerts, and waits for the broker's acknowledgement before the alerts'
 * offsets may be committed. Records of the alerts topic the dispatcher cannot route go to the same
 * topic, keyed by their own key, with where they came from.
 */
public final class KafkaParking implements Parking, RecordParking, AutoCloseable {

    /** A raw record longer than this is cut, so that the parked record still fits in a Kafka message. */
    static final int MAX_RAW_CHARS = 64 * 1024;

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
        send(n.target().name(), record, "notification " + n.id());
    }

    @Override
    public void park(ConsumerRecord<String, String> source, String reason, String detail, Alert alert) {
        ObjectNode record = Json.mapper().createObjectNode();
        record.put("reason", reason);
        record.put("detail", detail);
        record.put("parkedAt", Instant.now().toString());
        ObjectNode from = record.putObject("source");
        from.put("topic", source.topic());
        from.put("partition", source.partition());
        from.put("offset", source.offset());
        from.put("key", source.key());
        if (alert != null) {
            record.put("alertId", alert.alertId());
            record.put("rule", alert.rule() == null ? null : alert.rule().name());
            record.put("channelId", alert.channelId());
            record.put("channelType", alert.channelType() == null ? null : alert.channelType().name());
            record.set("alerts", Json.mapper().valueToTree(List.of(alert)));
        } else {
            String value = source.value();
            boolean cut = value != null && value.length() > MAX_RAW_CHARS;
            record.put("value", cut ? value.substring(0, MAX_RAW_CHARS) : value);
            if (cut) {
                record.put("valueTruncatedFromChars", value.length());
            }
        }
        send(source.key(), record, reason + " record " + source.topic() + "-" + source.partition() + "@" + source.offset());
    }

    private void send(String key, ObjectNode record, String what) {
        try {
            producer.send(new ProducerRecord<>(topic, key, record.toString())).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while parking " + what + " on " + topic, e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot park " + what + " on " + topic, e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
