package io.channelpulse.gateway.delivery;

import io.channelpulse.config.DeliverySettings;
import io.channelpulse.config.Target;
import com.fasterxml.jackson.databind.ObjectReader;
import io.channelpulse.config.PulseConfig;
import io.channelpulse.gateway.JobOutputJson;
import io.channelpulse.gateway.ConsumerLoop;
import io.channelpulse.model.Alert;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pages on-call from the {@code alerts} topic. A consumer group (so several gateway replicas share
 * the partitions) reads committed alerts, routes each to its targets by the alert's own fields,
 * groups them, and hands notifications to the {@link Deliverer}. An offset is committed only when
 * every alert before it has been delivered to, or parked for, every matching target: a restart
 * redelivers what was in flight, with the same {@code webhook-id}, and loses nothing.
 *
 * <p>Each record is handled on its own: one that cannot be read, that no route matches (when
 * {@code delivery.park-unrouted} is on) or whose routing throws is parked with its reason before its
 * offset may be committed, and the loop goes on. While more than {@code delivery.max-in-flight}
 * alerts are in flight the consumer is paused (one poll returns at most min(500, max-in-flight)
 * records, so at most twice the bound is ever in flight), and a black-holed target cannot fill the heap.
 */
public final class AlertDispatcher extends ConsumerLoop<String, String> {

    private static final Logger LOG = LoggerFactory.getLogger(AlertDispatcher.class);
    /** How long a partition waits before the dispatcher tries again to park a record of it. */
    static final Duration PARKING_RETRY = Duration.ofSeconds(2);

    private final String topic;
    private final DeliverySettings settings;
    private final Grouper grouper;
    private final RecordParking parking;
    private final MeterRegistry registry;
    private final OffsetTracker offsets = new OffsetTracker();
    private final ObjectReader reader = JobOutputJson.alerts();
    private final DispatcherHealth health;
    /** Partitions whose next record could not be parked, and when to read them again (loop thread only). */
    private final Map<TopicPartition, Long> parkingRetryAt = new HashMap<>();
    private boolean backpressure;
    private final AlertmanagerResender resender;

    public AlertDispatcher(PulseConfig config, DeliverySettings settings, Grouper grouper, RecordParking parking,
            MeterRegistry registry) {
        this(config, settings, grouper, parking, registry, null);
    }

    /** @param resender follows this dispatcher's partitions (null for none) */
    public AlertDispatcher(PulseConfig config, DeliverySettings settings, Grouper grouper, RecordParking parking,
            MeterRegistry registry, AlertmanagerResender resender) {
        super(consumer(config, settings), "alert-dispatcher");
        this.resender = resender;
        this.topic = config.topics().alerts();
        this.settings = settings;
        this.grouper = grouper;
        this.parking = parking;
        this.registry = registry;
        this.health = new DispatcherHealth(registry, offsets::inFlight);
    }

    private static KafkaConsumer<String, String> consumer(PulseConfig config, DeliverySettings settings) {
        Properties p = config.kafka().clientProperties();
        // One poll can overshoot the in-flight bound by at most this much: in flight <= 2 x max.
        p.setProperty("max.poll.records", String.valueOf(Math.min(500, settings.maxInFlight())));
        p.setProperty("group.id", config.kafka().groupId() + "-alert-dispatcher");
        p.setProperty("isolation.level", "read_committed");
        p.setProperty("enable.auto.commit", "false");
        p.setProperty("auto.offset.reset", "earliest");
        return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }

    public AlertDispatcher start() {
        health.started();
        startLoop();
        return this;
    }

    public int inFlight() {
        return offsets.inFlight();
    }

    /** True while the loop runs; false once it has ended, for whatever reason. */
    public boolean isUp() {
        return health.isUp();
    }

    @Override
    protected void loop() {
        try {
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    commit();
                    offsets.revoked(partitions);
                    partitions.forEach(parkingRetryAt::remove);
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
                applyPauses();
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                health.polled();
                for (TopicPartition tp : records.partitions()) {
                    for (ConsumerRecord<String, String> r : records.records(tp)) {
                        if (!handle(tp, r)) {
                            // Not parked, so not committed: read it again after a pause.
                            consumer.seek(tp, r.offset());
                            parkingRetryAt.put(tp, System.nanoTime() + PARKING_RETRY.toNanos());
                            break;
                        }
                    }
                }
                commit();
            }
        } catch (WakeupException e) {
            if (running()) {
                LOG.error("ALERT DISPATCHER STOPPED: woken up while still running; alerts are no longer read", e);
            }
        } catch (RuntimeException | Error e) {
            LOG.error("ALERT DISPATCHER STOPPED: its loop ended on {}; alerts are no longer read from {} until the"
                    + " gateway restarts (channelpulse_delivery_dispatcher_up is 0)", e.toString(), topic, e);
        } finally {
            health.ended();
        }
    }

    /** A last commit of what was delivered before the consumer closes. */
    @Override
    protected void afterLoop() {
        health.ended();
        try {
            commit();
        } catch (RuntimeException e) {
            LOG.warn("Last offset commit failed ({}); uncommitted alerts are redelivered on restart", e.toString());
        }
    }

    /**
     * Pauses every partition while too many alerts are in flight (until half of them are done), and a
     * partition whose record could not be parked until its retry is due; resumes the rest.
     */
    private void applyPauses() {
        int inFlight = offsets.inFlight();
        int max = settings.maxInFlight();
        if (!backpressure && inFlight > max) {
            backpressure = true;
            LOG.warn("{} alerts in flight, above delivery.max-in-flight {}: reading of {} paused", inFlight, max, topic);
        } else if (backpressure && inFlight <= max / 2) {
            backpressure = false;
            LOG.info("{} alerts in flight: reading of {} resumed", inFlight, topic);
        }
        health.paused(backpressure);
        Set<TopicPartition> assigned = consumer.assignment();
        long now = System.nanoTime();
        parkingRetryAt.entrySet().removeIf(e -> e.getValue() - now <= 0 || !assigned.contains(e.getKey()));
        Set<TopicPartition> want = backpressure ? new HashSet<>(assigned) : new HashSet<>(parkingRetryAt.keySet());
        Set<TopicPartition> paused = consumer.paused();
        List<TopicPartition> pause = want.stream().filter(tp -> !paused.contains(tp)).toList();
        List<TopicPartition> resume = paused.stream().filter(tp -> !want.contains(tp)).toList();
        if (!pause.isEmpty()) {
            consumer.pause(pause);
        }
        if (!resume.isEmpty()) {
            consumer.resume(resume);
        }
    }

    /**
     * Routes or parks one record. False only when it had to be parked and parking failed: then
     * nothing of it was started, and the caller reads it again.
     */
    private boolean handle(TopicPartition tp, ConsumerRecord<String, String> r) {
        Alert alert = null;
        String reason;
        String detail;
        try {
            alert = read(r.value());
            List<Target> matching = matching(alert);
            if (!matching.isEmpty()) {
                dispatch(tp, r, alert, matching);
                return true;
            }
            Counter.builder("channelpulse.delivery.unrouted").description("Alerts that matched no route")
                    .tag("rule", alert.rule().name()).register(registry).increment();
            LOG.warn("Alert {} (rule {}, channel {}, channel type {}) at {}@{} matches no route; {}", alert.alertId(),
                    alert.rule(), alert.channelId(), alert.channelType(), tp, r.offset(),
                    settings.parkUnrouted() ? "parking it as unrouted" : "committed without delivery (delivery.park-unrouted is off)");
            if (!settings.parkUnrouted()) {
                offsets.started(tp, r.offset());
                offsets.finished(tp, r.offset());
                return true;
            }
            reason = RecordParking.UNROUTED;
            detail = "no route matches rule " + alert.rule() + ", severity " + alert.severity() + ", channel "
                    + alert.channelId() + ", channel type " + alert.channelType();
        } catch (UnreadableAlert e) {
            reason = RecordParking.UNREADABLE;
            detail = e.getMessage();
            LOG.warn("Unreadable record at {}@{}: {}; parking it", tp, r.offset(), detail);
        } catch (RuntimeException e) {
            reason = RecordParking.INTERNAL;
            detail = e.toString();
            LOG.error("Routing the record at {}@{} failed; parking it as internal", tp, r.offset(), e);
        }
        return park(tp, r, reason, detail, alert);
    }

    /** An alert, with every field delivery depends on present. */
    private Alert read(String value) {
        Alert alert;
        try {
            alert = value == null ? null : reader.readValue(value);
        } catch (IOException e) {
            throw new UnreadableAlert("not an alert: " + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()));
        }
        if (alert == null) {
            throw new UnreadableAlert("empty record");
        }
        List<String> missing = new ArrayList<>();
        if (alert.alertId() == null || alert.alertId().isBlank()) {
            missing.add("alertId");
        }
        if (alert.rule() == null) {
            missing.add("rule");
        }
        if (alert.status() == null) {
            missing.add("status");
        }
        if (alert.severity() == null) {
            missing.add("severity");
        }
        if (alert.channelId() == null) {
            missing.add("channelId");
        }
        if (!missing.isEmpty()) {
            throw new UnreadableAlert("missing or unknown value of " + String.join(", ", missing));
        }
        return alert;
    }

    private List<Target> matching(Alert alert) {
        return settings.targetsFor(alert);
    }

    /**
     * Hands {@code alert} to the grouper for every matching target; its offset is finished once all
     * of them delivered or parked it. The dispatcher holds one extra share until every target has
     * it, so a fast ack cannot finish the offset early.
     */
    private void dispatch(TopicPartition tp, ConsumerRecord<String, String> r, Alert alert, List<Target> matching) {
        AtomicInteger remaining = new AtomicInteger(matching.size() + 1);
        Runnable ack = () -> {
            if (remaining.decrementAndGet() == 0) {
                offsets.finished(tp, r.offset());
            }
        };
        offsets.started(tp, r.offset());
        int handed = 0;
        try {
            for (Target target : matching) {
                grouper.add(target, alert, ack);
                handed++;
            }
        } catch (RuntimeException e) {
            LOG.error("Grouping alert {} at {}@{} failed after {} of {} targets; parking it as internal",
                    alert.alertId(), tp, r.offset(), handed, matching.size(), e);
            try {
                parking.park(r, RecordParking.INTERNAL, e.toString(), alert);
                parked(RecordParking.INTERNAL);
            } catch (RuntimeException notParked) {
                // Keep the offset in flight: commits of this partition stop here and a restart
                // redelivers it, rather than committing an alert no target has.
                LOG.error("Alert {} at {}@{} could not be parked either ({}); its partition commits no further until"
                        + " the gateway restarts", alert.alertId(), tp, r.offset(), notParked.toString());
                return;
            }
            for (int i = handed; i < matching.size(); i++) {
                ack.run();
            }
        }
        ack.run();
    }

    private boolean park(TopicPartition tp, ConsumerRecord<String, String> r, String reason, String detail, Alert alert) {
        try {
            parking.park(r, reason, detail, alert);
        } catch (RuntimeException e) {
            Counter.builder("channelpulse.delivery.dispatcher.parking.failures")
                    .description("Records the dispatcher could not park; each is read again later").register(registry).increment();
            LOG.error("Cannot park the {} record at {}@{} ({}); reading it again in {}", reason, tp, r.offset(),
                    e.toString(), PARKING_RETRY);
            return false;
        }
        parked(reason);
        offsets.started(tp, r.offset());
        offsets.finished(tp, r.offset());
        return true;
    }

    private void parked(String reason) {
        Counter.builder("channelpulse.delivery.dispatcher.parked")
                .description("Records of the alerts topic parked by the dispatcher, by reason")
                .tag("reason", reason).register(registry).increment();
    }

    private void commit() {
        Map<TopicPartition, OffsetAndMetadata> safe = offsets.committable();
        if (!safe.isEmpty()) {
            try {
                consumer.commitSync(safe);
            } catch (WakeupException e) {
                throw e;
            } catch (Exception e) {
                LOG.warn("Offset commit failed ({}); will retry", e.toString());
            }
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    /** A record that is not an alert delivery can work with. */
    private static final class UnreadableAlert extends RuntimeException {
        UnreadableAlert(String message) {
            super(message, null, false, false);
        }
    }
}
