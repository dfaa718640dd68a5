package io.channelpulse.gateway.delivery;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * The dispatcher's liveness as metrics: {@code up} is 1 only while its loop runs, and the age of its
 * last poll grows whenever it is stuck or gone, so a page can fire before alerts pile up unread.
 */
final class DispatcherHealth {

    private final AtomicBoolean up = new AtomicBoolean();
    private final AtomicBoolean paused = new AtomicBoolean();
    private final AtomicLong lastPollNanos = new AtomicLong(System.nanoTime());

    DispatcherHealth(MeterRegistry registry, IntSupplier inFlight) {
        Gauge.builder("channelpulse.delivery.dispatcher.up", up, u -> u.get() ? 1 : 0)
                .description("1 while the alert dispatcher's loop runs; 0 once it has ended (see the ERROR log)")
                .strongReference(true).register(registry);
        TimeGauge.builder("channelpulse.delivery.dispatcher.last.poll.age", lastPollNanos, TimeUnit.NANOSECONDS,
                        t -> System.nanoTime() - t.get())
                .description("Time since the alert dispatcher last polled the alerts topic")
                .strongReference(true).register(registry);
        Gauge.builder("channelpulse.delivery.dispatcher.paused", paused, p -> p.get() ? 1 : 0)
                .description("1 while the dispatcher stops reading because too many alerts are in flight")
                .strongReference(true).register(registry);
        Gauge.builder("channelpulse.delivery.in.flight", inFlight, IntSupplier::getAsInt)
                .description("Alerts read from the alerts topic and neither delivered nor parked yet")
                .strongReference(true).register(registry);
    }

    void started() {
        lastPollNanos.set(System.nanoTime());
        up.set(true);
    }

    void polled() {
        lastPollNanos.set(System.nanoTime());
    }

    void paused(boolean p) {
        paused.set(p);
    }

    void ended() {
        up.set(false);
    }

    boolean isUp() {
        return up.get();
    }
}
