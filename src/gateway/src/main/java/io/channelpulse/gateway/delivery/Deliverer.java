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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers notifications, each target on its own {@link TargetLane} (own threads, bounded hold),
 * with retries: exponential backoff with jitter, or the target's {@code Retry-After}, never sooner
 * than the minimum retry delay. Every attempt ends in exactly one of: delivered, a scheduled retry,
 * or parking (rejected, gone, still failing after the maximum age, an unexpected error past the
 * maximum age, or the target's queue full). Parking that fails (Kafka down) is retried with
 * backoff, never dropped. Then {@code done} runs once, which lets the dispatcher commit the offset.
 */
public final class Deliverer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Deliverer.class);

    /** One notification on its way: delivered or parked exactly once. */
    private static final class Job {
        final Notification n;
        final Consumer<Boolean> done;
        final TargetLane lane;
        final Instant firstAttempt;
        final AtomicInteger attempts = new AtomicInteger();
        final AtomicBoolean finished = new AtomicBoolean();

        Job(Notification n, Consumer<Boolean> done, TargetLane lane, Instant firstAttempt) {
            this.n = n;
            this.done = done;
            this.lane = lane;
            this.firstAttempt = firstAttempt;
        }
    }

    private final TargetClient client;
    private final DeliverySettings settings;
    private final Parking parking;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, Boolean> disabled = new ConcurrentHashMap<>();
    private final Map<String, TargetLane> lanes = new LinkedHashMap<>();
    /** Parking blocks on Kafka, so it has a thread of its own rather than a target's. */
    private final ScheduledThreadPoolExecutor parker;
    /** Alerts of notifications refused by a full lane, held until parked. */
    private final AtomicInteger awaitingParking = new AtomicInteger();

    public Deliverer(TargetClient client, DeliverySettings settings, Parking parking, MeterRegistry registry, Clock clock) {
        this.client = client;
        this.settings = settings;
        this.parking = parking;
        this.registry = registry;
        this.clock = clock;
        this.parker = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "delivery-parking");
            t.setDaemon(true);
            return t;
        });
        for (Target t : settings.targets()) {
            TargetLane lane = new TargetLane(t, settings.queueCapacity(), settings.senderThreads());
            lanes.put(t.name(), lane);
            Gauge.builder("channelpulse.delivery.target.disabled", disabled, m -> m.containsKey(t.name()) ? 1 : 0)
                    .description("1 when the target answered 410 Gone and receives nothing more")
                    .tag("target", t.name()).register(registry);
            Gauge.builder("channelpulse.delivery.target.inflight", lane, TargetLane::inFlight)
                    .description("Alerts the target holds: waiting, being sent or waiting to retry (bounded by queue-capacity)")
                    .tag("target", t.name()).register(registry);
        }
    }

    public boolean isDisabled(String target) {
        return disabled.containsKey(target);
    }

    /** Alerts held for {@code target}: waiting, being sent or waiting to retry. */
    public int inFlight(String target) {
        TargetLane lane = lanes.get(target);
        return lane == null ? 0 : lane.inFlight();
    }

    /** Alerts held over all targets, including those refused by a full lane and not yet parked. */
    public int inFlight() {
        return lanes.values().stream().mapToInt(TargetLane::inFlight).sum() + awaitingParking.get();
    }

    /** Hands {@code n} to its target's lane without waiting; {@code done} runs once it is delivered or parked. */
    public void deliver(Notification n, Runnable done) {
        deliver(n, delivered -> done.run());
    }

    /** As {@link #deliver(Notification, Runnable)}, telling {@code done} whether the target accepted it. */
    public void deliver(Notification n, Consumer<Boolean> done) {
        String target = n.target().name();
        TargetLane lane = lanes.get(target);
        if (lane == null || !lane.tryAdmit(n.alerts().size())) {
            awaitingParking.addAndGet(n.alerts().size());
            Job job = new Job(n, done, null, clock.instant());
            if (lane == null) {
                park(job, "unknown-target", "no target named " + target + " is configured");
            } else {
                park(job, "queue-full", "target " + target + " already holds " + lane.inFlight() + " alerts (queue-capacity "
                        + settings.queueCapacity() + ")");
            }
            return;
        }
        Job job = new Job(n, done, lane, clock.instant());
        submit(() -> lane.execute(() -> attempt(job)), job);
    }

    /** Any exception in an attempt is a failed attempt: retried, then parked once past the maximum age. */
    private void attempt(Job job) {
        try {
            attemptOnce(job);
        } catch (RuntimeException e) {
            LOG.error("Unexpected error delivering {} to {}", job.n.id(), job.n.target().name(), e);
            failure(job.n.target().name(), "exception");
            retryOrPark(job, "unexpected error: " + e, null);
        }
    }

    private void attemptOnce(Job job) {
        Notification n = job.n;
        String target = n.target().name();
        if (isDisabled(target)) {
            park(job, "disabled", "target " + target + " is disabled (it answered 410 Gone)");
            return;
        }
        job.attempts.incrementAndGet();
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
                finish(job, true);
            }
            case GONE -> {
                disabled.put(target, true);
                LOG.error("DELIVERY TARGET DISABLED: {} answered 410 Gone ({}). It gets nothing more until the gateway"
                        + " restarts; its notifications are parked on {}.", target, outcome.detail(), settings.undeliverableTopic());
                failure(target, "gone");
                park(job, "gone", "target answered 410 Gone: " + outcome.detail());
            }
            case REJECTED -> {
                failure(target, "rejected");
                park(job, "rejected", outcome.detail());
            }
            case RETRY -> {
                failure(target, outcome.status() == 0 ? "error" : "retryable-status");
                retryOrPark(job, outcome.detail(), outcome.retryAfter());
            }
        }
    }

    private void retryOrPark(Job job, String detail, Duration retryAfter) {
        int attempt = Math.max(1, job.attempts.get());
        Duration wait = atLeastMinimum(retryAfter != null ? retryAfter : backoff(attempt));
        // A Retry-After beyond the maximum age is compared first: adding a huge one would overflow.
        if (wait.compareTo(settings.maxAge()) > 0
                || Duration.between(job.firstAttempt, clock.instant()).plus(wait).compareTo(settings.maxAge()) > 0) {
            park(job, "max-age", "still failing after " + attempt + " attempts within max age " + settings.maxAge()
                    + "; last: " + detail);
            return;
        }
        String target = job.n.target().name();
        counter("channelpulse.delivery.retries", target, "Delivery attempts that will be retried").increment();
        LOG.warn("Delivery of {} to {} failed ({}); retry {} in {}", job.n.id(), target, detail, attempt, wait);
        submit(() -> job.lane.schedule(() -> attempt(job), wait), job);
    }

    /** {@code Retry-After: 0}, a date in the past or a tiny backoff cannot make a hot loop. */
    private Duration atLeastMinimum(Duration wait) {
        return wait.compareTo(settings.minRetryDelay()) < 0 ? settings.minRetryDelay() : wait;
    }

    /** Exponential backoff, capped, with "equal jitter": half of it fixed, half random. */
    Duration backoff(int attempt) {
        long base = settings.initialBackoff().toMillis();
        long cap = settings.maxBackoff().toMillis();
        long exp = Math.min(cap, base << Math.min(attempt - 1, 30));
        long half = exp / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }

    private void park(Job job, String reason, String detail) {
        LOG.error("Parking notification {} for {} ({} alerts): {}: {}", job.n.id(), job.n.target().name(),
                job.n.alerts().size(), reason, detail);
        submit(() -> parker.execute(() -> tryPark(job, reason + ": " + detail, reason, 1)), job);
    }

    /** Parks on the parking thread; when parking fails (Kafka down) the notification is kept and parking retried. */
    private void tryPark(Job job, String fullReason, String reason, int parkAttempt) {
        try {
            parking.park(job.n, fullReason, job.attempts.get());
        } catch (RuntimeException e) {
            Duration wait = atLeastMinimum(backoff(parkAttempt));
            Counter.builder("channelpulse.delivery.park.failures")
                    .description("Failed attempts to park a notification (it is kept and parking retried)")
                    .tag("target", job.n.target().name()).register(registry).increment();
            LOG.error("Cannot park notification {} for {} ({}); keeping it and retrying in {}", job.n.id(),
                    job.n.target().name(), e.toString(), wait);
            submit(() -> parker.schedule(() -> tryPark(job, fullReason, reason, parkAttempt + 1), wait.toMillis(),
                    TimeUnit.MILLISECONDS), job);
            return;
        }
        Counter.builder("channelpulse.delivery.parked").description("Notifications parked as undeliverable")
                .tag("target", job.n.target().name()).tag("reason", reason).register(registry).increment();
        finish(job, false);
    }

    private void finish(Job job, boolean delivered) {
        if (!job.finished.compareAndSet(false, true)) {
            return;
        }
        if (job.lane != null) {
            job.lane.release(job.n.alerts().size());
        } else {
            awaitingParking.addAndGet(-job.n.alerts().size());
        }
        try {
            job.done.accept(delivered);
        } catch (RuntimeException e) {
            LOG.error("Completion of notification {} failed", job.n.id(), e);
        }
    }

    /** Only a stopping gateway refuses tasks; what it held is redelivered after the restart. */
    private static void submit(Runnable handOff, Job job) {
        try {
            handOff.run();
        } catch (RejectedExecutionException e) {
            LOG.info("Delivery stopping; notification {} for {} will be redelivered after the restart", job.n.id(),
                    job.n.target().name());
        }
    }

    private void failure(String target, String reason) {
        Counter.builder("channelpulse.delivery.failures").description("Failed delivery attempts")
                .tag("target", target).tag("reason", reason).register(registry).increment();
    }

    private Counter counter(String name, String target, String description) {
        return Counter.builder(name).description(description).tag("target", target).register(registry);
    }

    @Override
    public void close() throws InterruptedException {
        lanes.values().forEach(TargetLane::close);
        parker.shutdownNow();
        for (TargetLane lane : lanes.values()) {
            lane.awaitTermination(5_000);
        }
        parker.awaitTermination(5, TimeUnit.SECONDS);
    }
}
