package io.channelpulse.kafka;

import io.channelpulse.job.StreamTypes;
import io.channelpulse.config.InputBounds;
import io.channelpulse.serde.EventStream;
import io.channelpulse.serde.Parsed;
import io.channelpulse.serde.RecordOrigin;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Parses one Kafka record of an input stream into a {@link Parsed}: the event, or a dead letter
 * that carries the record's topic, partition and offset. Never throws, so a poison record cannot
 * restart the job.
 */
public final class KafkaEventDeserializationSchema<T> implements KafkaRecordDeserializationSchema<Parsed<T>> {

    private final EventStream<T> stream;
    private final InputBounds bounds;

    public KafkaEventDeserializationSchema(EventStream<T> stream, InputBounds bounds) {
        this.stream = stream;
        this.bounds = bounds;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Parsed<T>> out) {
        RecordOrigin origin = RecordOrigin.kafka(stream.name(), record.topic(), record.partition(), record.offset());
        String payload = record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8);
        // Live, the wall clock is a bound too: a far-future event would drag event time ahead.
        Instant notAfter = Instant.now().plus(bounds.maxFutureSkew());
        out.collect(stream.parse(payload, origin, bounds, notAfter));
    }

    @Override
    public TypeInformation<Parsed<T>> getProducedType() {
        return StreamTypes.parsed(stream);
    }
}
