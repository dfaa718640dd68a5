package io.channelpulse.gateway.delivery;

import io.channelpulse.config.Target;
import io.channelpulse.config.DeliverySettings;
import io.channelpulse.config.PulseConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Wires alert delivery: dispatcher, grouper, deliverer (one lane per target, retries, parking) and
 * the Alertmanager resender, which follows the dispatcher's partitions.
 */
public final class Delivery implements AutoCloseable {

    private final AlertDispatcher dispatcher;
    private final ScheduledExecutorService windows;
    private final Deliverer deliverer;
    private final AlertmanagerResender resender;
    private final KafkaParking parking;

    private Delivery(AlertDispatcher dispatcher, ScheduledExecutorService windows, Deliverer deliverer,
            AlertmanagerResender resender, KafkaParking parking) {
        this.dispatcher = dispatcher;
        this.windows = windows;
        this.deliverer = deliverer;
        this.resender = resender;
        this.parking = parking;
    }

    public static Delivery start(PulseConfig config, DeliverySettings settings, MeterRegistry registry) {
        // Only closes grouping windows and hands notifications to the lanes: it never waits on a target.
        ScheduledExecutorService windows = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "alert-grouping");
            t.setDaemon(true);
            return t;
        });
        Clock clock = Clock.systemUTC();
        KafkaParking parking = new KafkaParking(config.kafka().clientProperties(), settings.undeliverableTopic());
        TargetClient client = new TargetClient(settings);
        Deliverer deliverer = new Deliverer(client, settings, parking, registry, clock);
        // Without an Alertmanager target there is nothing to re-post, and no reason to read the topic twice.
        AlertmanagerResender resender = settings.targets().stream().noneMatch(t -> t.kind() == Target.Kind.ALERTMANAGER) ? null
                : new AlertmanagerResender(config.kafka().clientProperties(), config.topics().alerts(),
                alert -> settings.targetsFor(alert).stream().filter(t -> t.kind() == Target.Kind.ALERTMANAGER).toList(),
                alert -> alert.channelType() == null ? null : alert.channelType().name(), client, deliverer::isDisabled, settings, registry);
        Grouper grouper = new Grouper(settings.groupWindow().toMillis(), windows, clock,
                (notification, ack) -> deliverer.deliver(notification, ack));
        AlertDispatcher dispatcher = new AlertDispatcher(config, settings, grouper, parking, registry, resender).start();
        return new Delivery(dispatcher, windows, deliverer, resender, parking);
    }

    /** Alerts held by the targets' lanes (what the dispatcher may pause on). */
    public Deliverer deliverer() {
        return deliverer;
    }

    @Override
    public void close() throws InterruptedException {
        dispatcher.close();
        if (resender != null) {
            resender.close();
        }
        windows.shutdownNow();
        deliverer.close();
        windows.awaitTermination(10, TimeUnit.SECONDS);
        parking.close();
    }
}
