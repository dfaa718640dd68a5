package io.channelpulse.gateway.delivery;

import io.channelpulse.config.DeliverySettings;
import io.channelpulse.config.Route;
import io.channelpulse.config.Target;
import static io.channelpulse.gateway.delivery.DeliveryFixtures.alert;
import static io.channelpulse.gateway.delivery.DeliveryFixtures.fast;
import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.broker.EmbeddedKafka;
import io.channelpulse.config.PulseConfig;
import io.channelpulse.support.KafkaTestSupport;
import io.channelpulse.model.Alert;
import io.channelpulse.model.AlertStatus;
import io.channelpulse.serde.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delivery from a real broker: nothing is lost when the gateway dies mid-delivery, and undeliverables are parked. */
class AlertDeliveryKafkaTest {

    static EmbeddedKafka kafka;
    static final Pattern ALERT_ID = Pattern.compile("\"alertId\":\"([^\"]+)\"");

    @BeforeAll
    static void start(@TempDir Path dir) {
        kafka = EmbeddedKafka.start(dir, 0);
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    static PulseConfig config(String run) {
        PulseConfig config = KafkaTestSupport.isolatedConfig(kafka, run);
        kafka.createTopics(List.of(config.topics().alerts(), run + ".alerts-undeliverable"), 2);
        return config;
    }

    static void produce(PulseConfig config, int count) throws Exception {
        try (KafkaProducer<String, String> producer = KafkaTestSupport.producer(kafka)) {
            for (int i = 0; i < count; i++) {
                Alert a = alert("alert-" + i, AlertStatus.FIRING, "CH-" + (i % 5), "SKU-" + i);
                producer.send(new ProducerRecord<>(config.topics().alerts(), a.alertId(), Json.mapper().writeValueAsString(a)));
            }
            producer.flush();
        }
    }

    static Set<String> deliveredIds(TestReceiver receiver) {
        Set<String> ids = new HashSet<>();
        for (TestReceiver.Request r : receiver.requests) {
            Matcher m = ALERT_ID.matcher(r.body());
            while (m.find()) {
                ids.add(m.group(1));
            }
        }
        return ids;
    }

    static long committed(PulseConfig config) throws Exception {
        try (Admin admin = kafka.admin()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin
                    .listConsumerGroupOffsets(config.kafka().groupId() + "-alert-dispatcher")
                    .partitionsToOffsetAndMetadata().get();
            return offsets.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
        }
    }

    static void await(java.util.function.BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < until) {
            Thread.sleep(100);
        }
    }

    @Test
    void gatewayKilledMidDeliveryRedeliversEveryAlertAfterRestart() throws Exception {
        PulseConfig config = config("kill-restart");
        int count = 40;
        produce(config, count);

        // First gateway: the receiver hangs, so nothing is acknowledged before the gateway dies.
        try (TestReceiver hanging = new TestReceiver().otherwise(new TestReceiver.Response(200, null, 10_000))) {
            Target hook = new Target("hook", Target.Kind.WEBHOOK, hanging.url(), List.of());
            DeliverySettings settings = fast(List.of(hook), List.of(new Route(null, null, null, null, List.of("hook"))))
                    .withUndeliverableTopic("kill-restart.alerts-undeliverable");
            Delivery first = Delivery.start(config, settings, new SimpleMeterRegistry());
            await(() -> !hanging.requests.isEmpty(), Duration.ofSeconds(30));
            assertThat(hanging.requests).as("delivery was under way").isNotEmpty();
            first.close(); // dies mid-delivery
        }
        assertThat(committed(config)).as("nothing committed while undelivered").isZero();

        // Second gateway: a healthy receiver gets every alert.
        try (TestReceiver healthy = new TestReceiver()) {
            Target hook = new Target("hook", Target.Kind.WEBHOOK, healthy.url(), List.of());
            DeliverySettings settings = fast(List.of(hook), List.of(new Route(null, null, null, null, List.of("hook"))))
                    .withUndeliverableTopic("kill-restart.alerts-undeliverable");
            try (Delivery second = Delivery.start(config, settings, new SimpleMeterRegistry())) {
                await(() -> deliveredIds(healthy).size() == count, Duration.ofSeconds(60));
                assertThat(deliveredIds(healthy)).hasSize(count);
                await(() -> {
                    try {
                        return committed(config) == count;
                    } catch (Exception e) {
                        return false;
                    }
                }, Duration.ofSeconds(30));
                assertThat(committed(config)).as("all offsets committed once delivered").isEqualTo(count);
                // Grouped by (rule, channel): 5 channels, far fewer notifications than alerts.
                assertThat(healthy.requests.size()).isLessThan(count);
            }
        }
    }

    @Test
    void undeliverableAlertsAreParkedWithTheReasonAndTheirOffsetsCommitted() throws Exception {
        PulseConfig config = config("parking");
        produce(config, 3);
        try (TestReceiver gone = new TestReceiver().otherwise(TestReceiver.Response.of(410))) {
            Target hook = new Target("hook", Target.Kind.WEBHOOK, gone.url(), List.of());
            DeliverySettings settings = fast(List.of(hook), List.of(new Route(null, null, null, null, List.of("hook"))))
                    .withUndeliverableTopic("parking.alerts-undeliverable");
            try (Delivery delivery = Delivery.start(config, settings, new SimpleMeterRegistry())) {
                var parked = KafkaTestSupport.readCommitted(kafka, "parking.alerts-undeliverable", Duration.ofSeconds(30),
                        r -> r.stream().mapToInt(x -> countIds(x.value())).sum() >= 3);
                assertThat(parked.stream().mapToInt(x -> countIds(x.value())).sum()).isEqualTo(3);
                assertThat(parked).allSatisfy(r -> {
                    assertThat(r.key()).isEqualTo("hook");
                    assertThat(r.value()).containsAnyOf("410", "disabled");
                });
                await(() -> {
                    try {
                        return committed(config) == 3;
                    } catch (Exception e) {
                        return false;
                    }
                }, Duration.ofSeconds(20));
                assertThat(committed(config)).isEqualTo(3);
            }
        }
    }

    static int countIds(String json) {
        Matcher m = ALERT_ID.matcher(json);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
