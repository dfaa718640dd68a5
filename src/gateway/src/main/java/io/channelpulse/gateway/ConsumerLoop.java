package io.channelpulse.gateway;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;

/**
 * A Kafka consumer that polls on a thread of its own. {@link #close()} stops it promptly (a
 * {@code wakeup()} interrupts a blocked poll), runs {@link #afterLoop()} on the consumer's thread
 * (for a final offset commit) and closes the consumer there, since a consumer is not thread-safe.
 */
public abstract class ConsumerLoop<K, V> implements AutoCloseable {

    protected final KafkaConsumer<K, V> consumer;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    protected ConsumerLoop(KafkaConsumer<K, V> consumer, String threadName) {
        this.consumer = consumer;
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
    }

    protected void startLoop() {
        thread.start();
    }

    protected boolean running() {
        return running.get();
    }

    /** Polls until {@link #running()} turns false. */
    protected abstract void loop();

    /** Runs on the consumer's thread after the loop ends, before the consumer closes. */
    protected void afterLoop() {}

    private void run() {
        try {
            loop();
        } catch (WakeupException e) {
            // close() woke a blocked poll
        } finally {
            afterLoop();
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
