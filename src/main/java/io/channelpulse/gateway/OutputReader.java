package io.channelpulse.gateway;

import com.fasterxml.jackson.databind.ObjectReader;
import io.channelpulse.config.PulseConfig;
import io.channelpulse.model.Alert;
import io.channelpulse.model.ChannelKpi;
import io.channelpulse.serde.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the job's committed output ({@code read_committed}) from the beginning of the retained
 * topics, so a restarted gateway rebuilds its open-alert count and last-window gauges, and feeds it
 * to {@link GatewayMetrics}. Records it cannot parse are counted and skipped.
 */
public final class OutputReader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutputReader.class);

    private final KafkaConsumer<String, String> consumer;
    private final PulseConfig config;
    private final GatewayMetrics metrics;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong unreadable = new AtomicLong();
    private final Thread thread;

    public OutputReader(PulseConfig config, GatewayMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
        Properties p = config.kafka().clientProperties();
        p.setProperty("isolation.level", "read_committed");
        p.setProperty("enable.auto.commit", "false");
        p.putIfAbsent("client.id", config.kafka().groupId() + "-gateway-metrics");
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        this.thread = new Thread(this::run, "gateway-output-reader");
        thread.setDaemon(true);
    }

    public OutputReader start() {
        thread.start();
        return this;
    }

    public long unreadable() {
        return unreadable.get();
    }

    private void run() {
        ObjectReader alerts = Json.mapper().readerFor(Alert.class);
        ObjectReader kpis = Json.mapper().readerFor(ChannelKpi.class);
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            while (partitions.isEmpty() && running.get()) {
                for (String topic : List.of(config.topics().kpis(), config.topics().alerts())) {
                    List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
                    if (infos != null) {
                        infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
                    }
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running.get()) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    try {
                        if (r.topic().equals(config.topics().kpis())) {
                            metrics.onKpi(kpis.readValue(r.value()));
                        } else {
                            metrics.onAlert(alerts.readValue(r.value()));
                        }
                    } catch (Exception e) {
                        unreadable.incrementAndGet();
                        LOG.warn("Skipping unreadable record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.toString());
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
