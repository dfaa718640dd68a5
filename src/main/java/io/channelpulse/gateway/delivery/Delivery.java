package io.channelpulse.gateway.delivery;

import io.channelpulse.config.PulseConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Wires alert delivery: dispatcher, grouper, deliverer with retries, parking and Alertmanager resends. */
public final class Delivery implements AutoCloseable {

    private final AlertDispatcher dispatcher;
    private final ScheduledExecutorService scheduler;
    private final KafkaParking parking;

    private Delivery(AlertDispatcher dispatcher, ScheduledExecutorService scheduler, KafkaParking parking) {
        this.dispatcher = dispatcher;
        this.scheduler = scheduler;
        this.parking = parking;
    }

    public static Delivery start(PulseConfig config, DeliverySettings settings, MeterRegistry registry) {
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(4, r -> {
            Thread t = new Thread(r, "alert-delivery");
            t.setDaemon(true);
            return t;
        });
        Clock clock = Clock.systemUTC();
        KafkaParking parking = new KafkaParking(config.kafka().clientProperties(), settings.undeliverableTopic());
        TargetClient client = new TargetClient(settings);
        Deliverer deliverer = new Deliverer(client, settings, parking, scheduler, registry, clock);
        AlertmanagerResender resender = new AlertmanagerResender(client, scheduler, settings.resendInterval().toMillis(), clock);
        // Only alerts Alertmanager actually accepted are re-posted; parked ones are not.
        Grouper grouper = new Grouper(settings.groupWindow().toMillis(), scheduler, clock,
                (notification, ack) -> scheduler.execute(() -> deliverer.deliver(notification, (Boolean delivered) -> {
                    if (delivered && notification.target().kind() == Target.Kind.ALERTMANAGER) {
                        notification.alerts().forEach(a -> resender.delivered(notification.target(), a, notification.channelType()));
                    }
                    ack.run();
                })));
        AlertDispatcher dispatcher = new AlertDispatcher(config, settings, grouper, parking, registry).start();
        return new Delivery(dispatcher, scheduler, parking);
    }

    @Override
    public void close() throws InterruptedException {
        dispatcher.close();
        scheduler.shutdownNow();
        scheduler.awaitTermination(10, TimeUnit.SECONDS);
        parking.close();
    }
}
