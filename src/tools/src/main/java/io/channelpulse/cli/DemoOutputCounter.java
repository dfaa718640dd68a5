package io.channelpulse.cli;

import io.channelpulse.config.PulseConfig;
import io.channelpulse.gateway.ConsumerLoop;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Counts committed records on the output topics for demo's status line. */
final class DemoOutputCounter extends ConsumerLoop<String, String> {

    private final PulseConfig config;
    private final AtomicLong kpis = new AtomicLong();
    private final AtomicLong alerts = new AtomicLong();
    private final AtomicLong firing = new AtomicLong();
    private final AtomicLong resolved = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();

    DemoOutputCounter(String bootstrapServers, PulseConfig config) {
        super(consumer(bootstrapServers), "demo-status");
        this.config = config;
    }

    private static KafkaConsumer<String, String> consumer(String bootstrapServers) {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", bootstrapServers);
        p.setProperty("isolation.level", "read_committed");
        p.setProperty("auto.offset.reset", "earliest");
        p.setProperty("enable.auto.commit", "false");
        p.setProperty("group.id", "channel-pulse-demo-status");
        return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }

    void start() {
        consumer.subscribe(List.of(config.topics().kpis(), config.topics().alerts(), config.topics().deadLetters()));
        startLoop();
    }

    @Override
    protected void loop() {
        while (running()) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                if (r.topic().equals(config.topics().kpis())) {
                    kpis.incrementAndGet();
                } else if (r.topic().equals(config.topics().alerts())) {
                    alerts.incrementAndGet();
                    (r.value().contains("\"status\":\"RESOLVED\"") ? resolved : firing).incrementAndGet();
                } else {
                    deadLetters.incrementAndGet();
                }
            }
        }
    }

    long kpis() {
        return kpis.get();
    }

    long alerts() {
        return alerts.get();
    }

    long firing() {
        return firing.get();
    }

    long resolved() {
        return resolved.get();
    }

    long deadLetters() {
        return deadLetters.get();
    }
}
