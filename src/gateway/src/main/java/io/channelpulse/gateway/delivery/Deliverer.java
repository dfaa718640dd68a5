package io.channelpulse.gateway.delivery;

import io.channelpulse.config.Target;
import io.channelpulse.config.DeliverySettings;
import io.channelpulse.model.Alert;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers notifications with retries: exponential backoff with jitter (half fixed, half random),
 * or the target's {@code Retry-After} when it sends one; a notification still failing after the
 * maximum age, rejected outright, or meant for a target that answered 410 Gone is parked.
 * Exactly one of delivered or parked happens for every notification, then {@code done} runs,
 * which is what lets the dispatcher commit the alert's offset.
 */
public final class Deliverer {

    private static final Logger LOG = LoggerFactory.getLogger(Deliverer.class);

    private final TargetClient client;
    private final DeliverySettings settings;
    private final Parking parking;
    private final ScheduledExecutorService scheduler;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, Boolean> disabled = new ConcurrentHashMap<>();

    public Deliverer(TargetClient client, DeliverySettings settings, Parking parking,
            ScheduledExecutorService scheduler, MeterRegistry registry, Clock clock) {
        this.client = client;
        this.settings = settings;
        this.parking = parking;
        this.scheduler = scheduler;
        this.registry = registry;
        this.clock = clock;
        for (Target t : settings.targets()) {
            Gauge.builder("channelpulse.delivery.target.disabled", disabled, m -> m.containsKey(t.name()) ? 1 : 0)
                    .description("1 when the target answered 410 Gone and receives nothing more")
                    .tag("target", t.name()).register(registry);
        }
    }

    public boolean isDisabled(String target) {
        return disabled.containsKey(target);
    }

    /** Starts delivering {@code n}; {@code done} runs once it is delivered or parked. */
    public void deliver(Notification n, Runnable done) {
        deliver(n, delivered -> done.run());
    }

    /** As {@link #deliver(Notification, Runnable)}, telling {@code done} whether the target accepted it. */
    public void deliver(Notification n, Consumer<Boolean> done) {
        Instant firstAttempt = clock.instant();
        attempt(n, done, firstAttempt, new AtomicInteger());
    }

    private void attempt(Notification n, Consumer<Boolean> done, Instant firstAttempt, AtomicInteger attempts) {
        String target = n.target().name();
        if (isDisabled(target)) {
            park(n, done, "target " + target + " is disabled (it answered 410 Gone)", attempts.get());
            return;
        }
        int attempt = attempts.incrementAndGet();
        TargetClient.Outcome outcome = client.send(n);
        switch (outcome.kind()) {
            case DELIVERED -> {
                counter("channelpulse.delivery.deliveries", target, "Notifications accepted by the target").increment();
                Timer latency = Timer.builder("channelpulse.delivery.latency")
                        .description("From the alert's emission by the job to acceptance by the target")
                        .tag("target", target).register(registry);
                for (Alert a : n.alerts()) {
                    if (a.emittedAt() != null) {
                        latency.record(Duration.between(a.emittedAt(), clock.instant()).abs());
                    }
                }
                done.accept(true);
            }
            case GONE -> {
                disabled.put(target, true);
                LOG.error("DELIVERY TARGET DISABLED: {} answered 410 Gone ({}). It gets nothing more until the gateway"
                        + " restarts; its notifications are parked on {}.", target, outcome.detail(), settings.undeliverableTopic());
                failure(target, "gone");
                park(n, done, "target answered 410 Gone: " + outcome.detail(), attempt);
            }
            case REJECTED -> {
                failure(target, "rejected");
                park(n, done, "rejected: " + outcome.detail(), attempt);
            }
            case RETRY -> {
                failure(target, outcome.status() == 0 ? "error" : "retryable-status");
                Duration wait = outcome.retryAfter() != null ? outcome.retryAfter() : backoff(attempt);
                if (Duration.between(firstAttempt, clock.instant()).plus(wait).compareTo(settings.maxAge()) > 0) {
                    park(n, done, "still failing after " + attempt + " attempts within max age " + settings.maxAge()
                            + "; last: " + outcome.detail(), attempt);
                    return;
                }
                counter("channelpulse.delivery.retries", target, "Delivery attempts that will be retried").increment();
                LOG.warn("Delivery of {} to {} failed ({}); retry {} in {}", n.id(), target, outcome.detail(), attempt, wait);
                scheduler.schedule(() -> attempt(n, done, firstAttempt, attempts), wait.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Exponential backoff, capped, with "equal jitter": half of it fixed, half random. */
    Duration backoff(int attempt) {
        long base = settings.initialBackoff().toMillis();
        long cap = settings.maxBackoff().toMillis();
        long exp = Math.min(cap, base << Math.min(attempt - 1, 30));
        long half = exp / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }

    private void park(Notification n, Consumer<Boolean> done, String reason, int attempts) {
        counter("channelpulse.delivery.parked", n.target().name(), "Notifications parked as undeliverable").increment();
        LOG.error("Parking notification {} for {} ({} alerts): {}", n.id(), n.target().name(), n.alerts().size(), reason);
        parking.park(n, reason, attempts);
        done.accept(false);
    }

    private void failure(String target, String reason) {
        Counter.builder("channelpulse.delivery.failures").description("Failed delivery attempts")
                .tag("target", target).tag("reason", reason).register(registry).increment();
    }

    private Counter counter(String name, String target, String description) {
        return Counter.builder(name).description(description).tag("target", target).register(registry);
    }
}
