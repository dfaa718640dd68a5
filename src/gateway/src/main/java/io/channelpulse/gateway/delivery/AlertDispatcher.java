package io.channelpulse.gateway.delivery;

import io.channelpulse.config.DeliverySettings;
import io.channelpulse.config.Target;
import com.fasterxml.jackson.databind.ObjectReader;
import io.channelpulse.config.PulseConfig;
import io.channelpulse.gateway.ConsumerLoop;
import io.channelpulse.model.Alert;
import io.channelpulse.serde.Json;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pages on-call from the {@code alerts} topic. A consumer group (so several gateway replicas share
 * the partitions) reads committed alerts, routes each to its targets, groups them, and hands
 * notifications to the {@link Deliverer}. An offset is committed only when every alert before it has
 * been delivered to, or parked for, every matching target: a restart redelivers what was in flight,
 * with the same {@code webhook-id}, and loses nothing.
 */
public final class AlertDispatcher extends ConsumerLoop<String, String> {

    private static final Logger LOG = LoggerFactory.getLogger(AlertDispatcher.class);

    private final String topic;
    private final DeliverySettings settings;
    private final Grouper grouper;
    private final Function<String, String> channelTypes;
    private final OffsetTracker offsets = new OffsetTracker();
    private final Map<String, Target> targets = new ConcurrentHashMap<>();
    private final AlertmanagerResender resender;

    /**
     * @param channelTypes the channel type of a channelId as last seen in the KPIs, for routes
     */
    public AlertDispatcher(PulseConfig config, DeliverySettings settings, Grouper grouper,
            Function<String, String> channelTypes) {
        this(config, settings, grouper, channelTypes, null);
    }

    /** @param resender follows this dispatcher's partitions (null for none) */
    public AlertDispatcher(PulseConfig config, DeliverySettings settings, Grouper grouper,
            Function<String, String> channelTypes, AlertmanagerResender resender) {
        super(consumer(config), "alert-dispatcher");
        this.resender = resender;
        this.topic = config.topics().alerts();
        this.settings = settings;
        this.grouper = grouper;
        this.channelTypes = channelTypes;
        settings.targets().forEach(t -> targets.put(t.name(), t));
    }

    private static KafkaConsumer<String, String> consumer(PulseConfig config) {
        Properties p = config.kafka().clientProperties();
        p.setProperty("group.id", config.kafka().groupId() + "-alert-dispatcher");
        p.setProperty("isolation.level", "read_committed");
        p.setProperty("enable.auto.commit", "false");
        p.setProperty("auto.offset.reset", "earliest");
        return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }

    public AlertDispatcher start() {
        startLoop();
        return this;
    }

    public int inFlight() {
        return offsets.inFlight();
    }

    @Override
    protected void loop() {
        ObjectReader reader = Json.mapper().readerFor(Alert.class);
        consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                commit();
                offsets.revoked(partitions);
                if (resender != null) {
                    resender.revoked(partitions);
                }
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                if (resender != null) {
                    resender.assigned(partitions);
                }
            }
        });
        while (running()) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                offsets.started(tp, r.offset());
                Alert alert;
                try {
                    alert = reader.readValue(r.value());
                } catch (Exception e) {
                    LOG.error("Unreadable alert at {}@{} skipped: {}", tp, r.offset(), e.toString());
                    offsets.finished(tp, r.offset());
                    continue;
                }
                route(alert, () -> offsets.finished(tp, r.offset()));
            }
            commit();
        }
    }

    /** A last commit of what was delivered before the consumer closes. */
    @Override
    protected void afterLoop() {
        commit();
    }

    private void route(Alert alert, Runnable finished) {
        String channelType = channelTypes.apply(alert.channelId());
        List<Target> matching = settings.routes().stream()
                .filter(route -> route.matches(alert, channelType))
                .flatMap(route -> route.targets().stream())
                .distinct()
                .map(targets::get)
                .toList();
        if (matching.isEmpty()) {
            finished.run();
            return;
        }
        AtomicInteger remaining = new AtomicInteger(matching.size());
        for (Target target : matching) {
            grouper.add(target, alert, channelType, () -> {
                if (remaining.decrementAndGet() == 0) {
                    finished.run();
                }
            });
        }
    }

    private void commit() {
        Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> safe = offsets.committable();
        if (!safe.isEmpty()) {
            try {
                consumer.commitSync(safe);
            } catch (Exception e) {
                LOG.warn("Offset commit failed ({}); will retry", e.toString());
            }
        }
    }

}
