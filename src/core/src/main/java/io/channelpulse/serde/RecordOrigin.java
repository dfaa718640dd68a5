package io.channelpulse.serde;

import io.channelpulse.model.DeadLetter;
import java.io.Serializable;
import java.time.Instant;

/** Where a raw record came from: a Kafka topic/partition/offset or a replay file and line. */
public record RecordOrigin(
        String stream, String topic, Integer partition, Long offset, String file, Long line)
        implements Serializable {

    public static RecordOrigin kafka(String stream, String topic, int partition, long offset) {
        return new RecordOrigin(stream, topic, partition, offset, null, null);
    }

    public static RecordOrigin file(String stream, String file, long line) {
        return new RecordOrigin(stream, null, null, null, file, line);
    }

    public DeadLetter deadLetter(
            String reason, String field, String message, Instant eventTime, String payload) {
        return new DeadLetter(
                stream, topic, partition, offset, file, line, reason, field, message, eventTime,
                payload);
    }
}
