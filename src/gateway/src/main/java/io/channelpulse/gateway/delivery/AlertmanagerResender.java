package io.channelpulse.gateway.delivery;

import io.channelpulse.config.DeliverySettings;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import io.channelpulse.config.Target;
import io.channelpulse.model.Alert;
import io.channelpulse.model.AlertStatus;
import io.channelpulse.serde.Json;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-posts FIRING alerts to Alertmanager every resend interval, as Prometheus does, so Alertmanager
 * does not resolve them by its own timeout. Its state is the alerts topic itself: for the partitions
 * the dispatcher owns, a separate {@code read_committed} consumer reads from the beginning and keeps
 * tailing, holding the latest status per alertId of alerts that route to an Alertmanager target. So
 * a restarted gateway resumes the resends, any RESOLVED ends them, and a revoked partition's alerts
 * are dropped at once (their new owner rebuilds them). Each round is one POST per target.
 */
public final class AlertmanagerResender implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertmanagerResender.class);

    /** Alertmanager takes a list; a cap keeps one request body bounded (about 1 KB per alert). */
    static final int MAX_ALERTS_PER_POST = 1_000;

    private record Firing(Alert alert, String channelType, List<Target> targets) {}

    private final String topic;
    private final Function<Alert, List<Target>> alertmanagersOf;
    private final Function<Alert, String> channelTypeOf;
    private final TargetClient client;
    private final Predicate<String> disabled;
    private final int maxAlerts;
    private final KafkaConsumer<String, String> consumer;
    private final Thread reader;
    private final ScheduledExecutorService rounds;
    private final MeterRegistry registry;
    private final Counter untracked;
    private volatile boolean running = true;
    private volatile boolean assignmentChanged;

    private final Object lock = new Object();
    // Guarded by lock: written by the dispatcher's rebalance listener and the reader thread, read by rounds.
    private final Map<TopicPartition, Map<String, Firing>> firing = new HashMap<>();
    private final Set<TopicPartition> owned = new HashSet<>();
    private final Set<TopicPartition> toRebuild = new HashSet<>();
    /** Partitions read up to the end they had when assigned; only these are re-posted. */
    private final Set<TopicPartition> ready = new HashSet<>();
    // Reader thread only.
    private final Map<TopicPartition, Long> catchUpTo = new HashMap<>();

    /**
     * @param alertmanagersOf the Alertmanager targets an alert routes to (empty for none)
     * @param disabled whether a target (by name) is disabled, having answered 410 Gone
     */
    public AlertmanagerResender(Properties clientProperties, String topic, Function<Alert, List<Target>> alertmanagersOf,
            Function<Alert, String> channelTypeOf, TargetClient client, Predicate<String> disabled,
            DeliverySettings settings, MeterRegistry registry) {
        this.topic = topic;
        this.alertmanagersOf = alertmanagersOf;
        this.channelTypeOf = channelTypeOf;
        this.client = client;
        this.disabled = disabled;
        this.maxAlerts = settings.resendMaxAlerts();
        this.registry = registry;
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.remove("group.id"); // assigned by hand, following the dispatcher's group; commits nothing
        p.setProperty("isolation.level", "read_committed");
        p.setProperty("enable.auto.commit", "false");
        p.setProperty("auto.offset.reset", "earliest");
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        this.reader = new Thread(this::read, "alertmanager-resender-reader");
        reader.setDaemon(true);
        this.rounds = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "alertmanager-resender");
            t.setDaemon(true);
            return t;
        });
        this.untracked = Counter.builder("channelpulse.delivery.resender.untracked")
                .description("FIRING alerts not re-posted because the resender already tracks resend-max-alerts")
                .register(registry);
        Gauge.builder("channelpulse.delivery.resender.firing", this, AlertmanagerResender::firingCount)
                .description("FIRING alerts re-posted to Alertmanager every resend interval").register(registry);
        long every = settings.resendInterval().toMillis();
        reader.start();
        rounds.scheduleWithFixedDelay(this::resendRound, every, every, TimeUnit.MILLISECONDS);
    }

    /** The dispatcher was assigned these partitions: rebuild their FIRING alerts from the beginning. */
    public void assigned(Collection<TopicPartition> partitions) {
        synchronized (lock) {
            for (TopicPartition tp : partitions) {
                if (tp.topic().equals(topic)) {
                    owned.add(tp);
                    toRebuild.add(tp);
                    ready.remove(tp);
                    firing.remove(tp);
                }
            }
        }
        assignmentChanged = true;
    }

    /** The dispatcher lost these partitions: their alerts are the new owner's to re-post. */
    public void revoked(Collection<TopicPartition> partitions) {
        synchronized (lock) {
            for (TopicPartition tp : partitions) {
                owned.remove(tp);
                toRebuild.remove(tp);
                ready.remove(tp);
                firing.remove(tp);
            }
        }
        assignmentChanged = true;
    }

    public int firingCount() {
        synchronized (lock) {
            return firing.values().stream().mapToInt(Map::size).sum();
        }
    }

    private void read() {
        ObjectReader alerts = Json.mapper().readerFor(Alert.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try {
            while (running) {
                try {
                    if (assignmentChanged) {
                        followAssignment();
                    }
                    if (consumer.assignment().isEmpty()) {
                        sleep(200); // polling with no partitions is an error, and there is nothing to read
                        continue;
                    }
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        apply(new TopicPartition(r.topic(), r.partition()), r.value(), alerts);
                    }
                    markCaughtUp();
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // Kafka away or a broken record: keep the state, try again shortly.
                    LOG.warn("Alertmanager resender cannot read {} ({}); retrying", topic, e.toString());
                    sleep(1_000);
                }
            }
        } catch (WakeupException e) {
            // close() woke a blocked poll
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void followAssignment() {
        assignmentChanged = false;
        Set<TopicPartition> assign;
        Set<TopicPartition> rebuild;
        synchronized (lock) {
            assign = new HashSet<>(owned);
            rebuild = new HashSet<>(toRebuild);
            toRebuild.clear();
        }
        consumer.assign(assign);
        catchUpTo.keySet().retainAll(assign);
        if (rebuild.isEmpty()) {
            return;
        }
        try {
            consumer.seekToBeginning(rebuild);
            // With read_committed this is the last stable offset: what a read from the beginning must reach.
            catchUpTo.putAll(consumer.endOffsets(rebuild, Duration.ofSeconds(10)));
            synchronized (lock) {
                rebuild.forEach(firing::remove);
            }
        } catch (RuntimeException e) {
            synchronized (lock) {
                rebuild.stream().filter(owned::contains).forEach(toRebuild::add);
            }
            assignmentChanged = true;
            throw e;
        }
    }

    private void markCaughtUp() {
        for (var it = catchUpTo.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (consumer.position(e.getKey(), Duration.ofSeconds(5)) >= e.getValue()) {
                it.remove();
                synchronized (lock) {
                    if (owned.contains(e.getKey())) {
                        ready.add(e.getKey());
                        LOG.info("Alertmanager resender rebuilt {} from the beginning to offset {}: {} FIRING alerts to re-post",
                                e.getKey(), e.getValue(), firing.getOrDefault(e.getKey(), Map.of()).size());
                    }
                }
            }
        }
    }

    private void apply(TopicPartition tp, String value, ObjectReader reader) {
        Alert alert;
        List<Target> targets;
        try {
            alert = reader.readValue(value);
            if (alert == null || alert.alertId() == null || alert.status() == null) {
                return;
            }
            targets = alert.status() == AlertStatus.FIRING ? alertmanagersOf.apply(alert) : List.of();
        } catch (Exception e) {
            // The dispatcher parks what cannot be read; here it only cannot be re-posted.
            LOG.debug("Alertmanager resender skips an unreadable alert at {}: {}", tp, e.toString());
            return;
        }
        String channelType = targets.isEmpty() ? null : channelTypeOf.apply(alert);
        synchronized (lock) {
            if (!owned.contains(tp)) {
                return;
            }
            Map<String, Firing> alerts = firing.computeIfAbsent(tp, k -> new LinkedHashMap<>());
            // Any RESOLVED ends the resends, whichever target delivered it; so does a FIRING no longer routed to Alertmanager.
            if (targets.isEmpty()) {
                alerts.remove(alert.alertId());
            } else if (alerts.containsKey(alert.alertId()) || firingCountLocked() < maxAlerts) {
                alerts.put(alert.alertId(), new Firing(alert, channelType, List.copyOf(targets)));
            } else {
                untracked.increment();
                LOG.warn("Alertmanager resender already tracks {} FIRING alerts (resend-max-alerts); {} is not re-posted",
                        maxAlerts, alert.alertId());
            }
        }
    }

    private int firingCountLocked() {
        return firing.values().stream().mapToInt(Map::size).sum();
    }

    /** One round: every tracked FIRING alert of a caught-up partition, one POST per target. */
    void resendRound() {
        try {
            Map<Target, List<Firing>> byTarget = new LinkedHashMap<>();
            synchronized (lock) {
                for (TopicPartition tp : ready) {
                    for (Firing f : firing.getOrDefault(tp, Map.of()).values()) {
                        f.targets().forEach(t -> byTarget.computeIfAbsent(t, k -> new ArrayList<>()).add(f));
                    }
                }
            }
            byTarget.forEach(this::post);
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: log and keep the rounds going.
            LOG.error("Alertmanager resend round failed", e);
        }
    }

    private void post(Target target, List<Firing> alerts) {
        if (disabled.test(target.name())) {
            return;
        }
        for (int from = 0; from < alerts.size(); from += MAX_ALERTS_PER_POST) {
            List<Firing> batch = alerts.subList(from, Math.min(alerts.size(), from + MAX_ALERTS_PER_POST));
            Map<String, String> channelTypes = new HashMap<>();
            batch.forEach(f -> channelTypes.put(f.alert().alertId(), f.channelType()));
            TargetClient.Outcome outcome = client.postToAlertmanager(target, batch.stream().map(Firing::alert).toList(),
                    a -> channelTypes.get(a.alertId()));
            if (outcome.kind() != TargetClient.Outcome.Kind.DELIVERED) {
                Counter.builder("channelpulse.delivery.resend.failures")
                        .description("Re-posts of FIRING alerts that Alertmanager did not accept (the next round tries again)")
                        .tag("target", target.name()).register(registry).increment();
                LOG.warn("Re-posting {} firing alerts to {} failed: {}", batch.size(), target.name(), outcome.detail());
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        rounds.shutdownNow();
        consumer.wakeup();
        reader.join(10_000);
        rounds.awaitTermination(5, TimeUnit.SECONDS);
    }
}
