package io.channelpulse.gateway.delivery;

import io.channelpulse.config.Target;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One target's share of delivery: its own sender threads and a cap on the alerts it holds (waiting,
 * being sent, or waiting to retry), so a slow or black-holing target stalls only itself.
 */
final class TargetLane implements AutoCloseable {

    private final int capacity;
    private final AtomicInteger held = new AtomicInteger();
    private final ScheduledThreadPoolExecutor executor;

    TargetLane(Target target, int capacity, int threads) {
        this.capacity = capacity;
        AtomicInteger n = new AtomicInteger();
        this.executor = new ScheduledThreadPoolExecutor(threads, r -> {
            Thread t = new Thread(r, "delivery-" + target.name() + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    /**
     * Takes {@code alerts} more alerts if they fit. An empty lane takes any notification, so one
     * larger than the capacity is still delivered rather than parked forever.
     */
    boolean tryAdmit(int alerts) {
        while (true) {
            int now = held.get();
            if (now > 0 && now + alerts > capacity) {
                return false;
            }
            if (held.compareAndSet(now, now + alerts)) {
                return true;
            }
        }
    }

    void release(int alerts) {
        held.addAndGet(-alerts);
    }

    /** Alerts this lane holds now. */
    int inFlight() {
        return held.get();
    }

    void execute(Runnable task) {
        executor.execute(task);
    }

    void schedule(Runnable task, Duration delay) {
        executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    boolean awaitTermination(long millis) throws InterruptedException {
        return executor.awaitTermination(millis, TimeUnit.MILLISECONDS);
    }
}
