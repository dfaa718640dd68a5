package io.channelpulse.gateway.delivery;

import io.channelpulse.config.DeliverySettings;
import io.channelpulse.config.Target;
import static io.channelpulse.gateway.delivery.DeliveryFixtures.alert;
import static io.channelpulse.gateway.delivery.DeliveryFixtures.fast;
import static io.channelpulse.gateway.delivery.DeliveryFixtures.notification;
import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.broker.EmbeddedKafka;
import io.channelpulse.support.KafkaTestSupport;
import io.channelpulse.model.AlertStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A notification that must be parked while Kafka is down is kept and parked once Kafka is back. */
class ParkingWhileKafkaDownTest {

    @Test
    void parkingThatFailsIsRetriedUntilKafkaIsBackAndOnlyThenCompletes(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0); TestReceiver rejecting = new TestReceiver().otherwise(TestReceiver.Response.of(400))) {
            kafka.createTopics(List.of("down.alerts-undeliverable"), 1);
            Properties client = new Properties();
            client.setProperty("bootstrap.servers", kafka.bootstrapServers());
            // Fail fast while the broker is away, so the test sees parking fail rather than block.
            client.setProperty("max.block.ms", "1000");
            client.setProperty("request.timeout.ms", "1000");
            client.setProperty("delivery.timeout.ms", "2000");
            Target hook = new Target("hook", Target.Kind.WEBHOOK, rejecting.url(), List.of());
            DeliverySettings settings = fast(List.of(hook), List.of()).withUndeliverableTopic("down.alerts-undeliverable");
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            try (KafkaParking parking = new KafkaParking(client, settings.undeliverableTopic());
                    Deliverer deliverer = new Deliverer(new TargetClient(settings), settings, parking, registry, java.time.Clock.systemUTC())) {
                kafka.stop();
                CountDownLatch done = new CountDownLatch(1);
                deliverer.deliver(notification(hook, alert("a-1", AlertStatus.FIRING, "CH-1", "SKU-1")), done::countDown);

                AlertDeliveryKafkaTest.await(() -> failedParks(registry) >= 2, Duration.ofSeconds(30));
                assertThat(failedParks(registry)).as("parking was tried, and retried, while Kafka was down").isGreaterThanOrEqualTo(2);
                assertThat(done.getCount()).as("not completed (its offset not committable) until parked").isEqualTo(1);
                assertThat(deliverer.inFlight()).isEqualTo(1);

                kafka.restart();
                assertThat(done.await(60, TimeUnit.SECONDS)).as("parked once Kafka is back").isTrue();
                var parked = KafkaTestSupport.readCommitted(kafka, "down.alerts-undeliverable", Duration.ofSeconds(30), r -> !r.isEmpty());
                assertThat(parked).singleElement().satisfies(r -> assertThat(r.value()).contains("\"alertId\":\"a-1\"").contains("HTTP 400"));
                assertThat(deliverer.inFlight()).isZero();
            }
        }
    }

    static double failedParks(SimpleMeterRegistry registry) {
        return registry.find("channelpulse.delivery.park.failures").counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
