package io.channelpulse.kafka;

import io.channelpulse.job.StreamTypes;
import io.channelpulse.config.PulseConfig;
import io.channelpulse.job.JobInputs;
import io.channelpulse.job.WatermarkStrategies;
import io.channelpulse.serde.EventStream;
import io.channelpulse.serde.Parsed;
import java.util.Properties;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The seven input topics as {@link KafkaSource}s. Offsets start from the group's committed position
 * (earliest for a new group) and are committed on checkpoints; records of aborted producer
 * transactions are skipped ({@code isolation.level=read_committed}). Each topic's event time is
 * decided by its {@link EventTimeGate}: a topic with unread committed data always holds it back, a
 * caught-up quiet topic never stalls it, and reference topics are read to their end first.
 */
public final class KafkaInputs {

    private KafkaInputs() {}

    public static JobInputs create(StreamExecutionEnvironment env, PulseConfig config) {
        return new JobInputs(
                source(env, config, EventStream.POS_SALES),
                source(env, config, EventStream.PRICES),
                source(env, config, EventStream.INVENTORY),
                source(env, config, EventStream.ORDERS),
                source(env, config, EventStream.CHANNEL_COSTS),
                source(env, config, EventStream.GUIDE_PRICES),
                source(env, config, EventStream.PARTNERS));
    }

    static <T> DataStream<Parsed<T>> source(StreamExecutionEnvironment env, PulseConfig config, EventStream<T> stream) {
        String topic = config.topics().input(stream);
        Properties props = config.kafka().clientProperties();
        props.putIfAbsent("isolation.level", "read_committed");
        props.putIfAbsent("client.id.prefix", config.kafka().groupId() + "-" + stream.name());
        // Reference data is state rebuilt from the whole topic: without a checkpoint, read it all.
        OffsetsInitializer start = stream.isEventStream()
                ? OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST)
                : OffsetsInitializer.earliest();
        KafkaSource<Parsed<T>> source = KafkaSource.<Parsed<T>>builder()
                .setProperties(props)
                .setTopics(topic)
                .setGroupId(config.kafka().groupId())
                .setStartingOffsets(start)
                .setDeserializer(new KafkaEventDeserializationSchema<>(stream, config.input()))
                .build();
        EventTimeGate<T> gate = new EventTimeGate<>(stream, topic, config.kafka().clientProperties(),
                config.kafka().groupId(), config.outOfOrderness().toMillis(), config.idleTimeout().toMillis());
        // The gate sees every partition of the topic, so it runs once; records keep their
        // per-partition order on the way (one source reader per partition, one channel each).
        return env.fromSource(source, WatermarkStrategies.timestampsOnly(stream), "Kafka " + topic)
                .uid("kafka-source-" + stream.name())
                .transform("Event time of " + topic, StreamTypes.parsed(stream), gate)
                .setParallelism(1)
                .uid(EventTimeGate.UID + stream.name());
    }
}
