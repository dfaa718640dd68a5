package io.channelpulse.cli;

import io.channelpulse.config.PulseConfig;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Counts committed records on the output topics for demo's status line. */
final class DemoOutputCounter implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final PulseConfig config;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong kpis = new AtomicLong();
    private final AtomicLong alerts = new AtomicLong();
    private final AtomicLong firing = new AtomicLong();
    private final AtomicLong resolved = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private final Thread thread;

    DemoOutputCounter(String bootstrapServers, PulseConfig config) {
        this.config = config;
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", bootstrapServers);
        p.setProperty("isolation.level", "read_committed");
        p.setProperty("auto.offset.reset", "earliest");
        p.setProperty("enable.auto.commit", "false");
        p.setProperty("group.id", "channel-pulse-demo-status");
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        this.thread = new Thread(this::loop, "demo-status");
        thread.setDaemon(true);
    }

    void start() {
        consumer.subscribe(List.of(config.topics().kpis(), config.topics().alerts(), config.topics().deadLetters()));
        thread.start();
    }

    private void loop() {
        try {
            while (running.get()) {
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
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(5));
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
