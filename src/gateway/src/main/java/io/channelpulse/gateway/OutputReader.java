package io.channelpulse.gateway;

import com.fasterxml.jackson.databind.ObjectReader;
import io.channelpulse.config.PulseConfig;
import io.channelpulse.gateway.ConsumerLoop;
import io.channelpulse.model.Alert;
import io.channelpulse.model.ChannelKpi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the job's committed output ({@code read_committed}) from the beginning of the retained
 * topics, so a restarted gateway rebuilds its open-alert count and last-window gauges, and feeds it
 * to its listeners (metrics, the live panels). Records it cannot parse are counted and skipped.
 */
public final class OutputReader extends ConsumerLoop<String, String> {

    private static final Logger LOG = LoggerFactory.getLogger(OutputReader.class);

    private final PulseConfig config;
    private final List<OutputListener> listeners;
    private final AtomicLong unreadable = new AtomicLong();

    public OutputReader(PulseConfig config, List<OutputListener> listeners) {
        super(consumer(config), "gateway-output-reader");
        this.config = config;
        this.listeners = List.copyOf(listeners);
    }

    private static KafkaConsumer<String, String> consumer(PulseConfig config) {
        Properties p = config.kafka().clientProperties();
        p.setProperty("isolation.level", "read_committed");
        p.setProperty("enable.auto.commit", "false");
        p.putIfAbsent("client.id", config.kafka().groupId() + "-gateway-metrics");
        return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }

    public OutputReader start() {
        startLoop();
        return this;
    }

    public long unreadable() {
        return unreadable.get();
    }

    @Override
    protected void loop() {
        // Lenient: a newer job's extra fields must not make its output unreadable here.
        ObjectReader alerts = JobOutputJson.alerts();
        ObjectReader kpis = JobOutputJson.kpis();
        List<TopicPartition> partitions = new ArrayList<>();
        while (partitions.isEmpty() && running()) {
            for (String topic : List.of(config.topics().kpis(), config.topics().alerts())) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
                if (infos != null) {
                    infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
                }
            }
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        while (running()) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                try {
                    if (r.topic().equals(config.topics().kpis())) {
                        ChannelKpi kpi = kpis.readValue(r.value());
                        listeners.forEach(l -> l.onKpi(kpi));
                    } else {
                        Alert alert = alerts.readValue(r.value());
                        listeners.forEach(l -> l.onAlert(alert));
                    }
                } catch (Exception e) {
                    unreadable.incrementAndGet();
                    LOG.warn("Skipping unreadable record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.toString());
                }
            }
        }
    }
}
