package io.channelpulse.gateway.delivery;

import io.channelpulse.config.Target;
import io.channelpulse.config.DeliverySettings;
import io.channelpulse.config.Route;
import static io.channelpulse.gateway.delivery.AlertDeliveryKafkaTest.await;
import static io.channelpulse.gateway.delivery.DeliveryFixtures.alert;
import static io.channelpulse.gateway.delivery.DeliveryFixtures.fast;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.channelpulse.broker.EmbeddedKafka;
import io.channelpulse.config.PulseConfig;
import io.channelpulse.support.KafkaTestSupport;
import io.channelpulse.model.Alert;
import io.channelpulse.model.AlertStatus;
import io.channelpulse.model.ChannelType;
import io.channelpulse.serde.Json;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dispatcher against a real broker: routing by the alert's own channel type, alerts no route
 * matches, records it cannot read, and its liveness. Nothing read is committed without a trace.
 */
class AlertDispatcherKafkaTest {

    static EmbeddedKafka kafka;

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
        kafka.createTopics(List.of(config.topics().alerts(), parkingTopic(run)), 1);
        return config;
    }

    static String parkingTopic(String run) {
        return run + ".alerts-undeliverable";
    }

    static void produce(PulseConfig config, String... values) throws Exception {
        try (KafkaProducer<String, String> producer = KafkaTestSupport.producer(kafka)) {
            for (String v : values) {
                producer.send(new ProducerRecord<>(config.topics().alerts(), "k", v));
            }
            producer.flush();
        }
    }

    static String json(Alert a) throws Exception {
        return Json.mapper().writeValueAsString(a);
    }

    static long committed(PulseConfig config) {
        try (Admin admin = kafka.admin()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin
                    .listConsumerGroupOffsets(config.kafka().groupId() + "-alert-dispatcher")
                    .partitionsToOffsetAndMetadata().get();
            return offsets.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
        } catch (Exception e) {
            return -1;
        }
    }

    static List<ConsumerRecord<String, String>> parked(String run, int atLeast) {
        return KafkaTestSupport.readCommitted(kafka, parkingTopic(run), Duration.ofSeconds(30), r -> r.size() >= atLeast);
    }

    static Alert dealerAlert(String id, String channel) {
        return alert(id, AlertStatus.FIRING, channel, "SKU-" + id).withChannelType(ChannelType.DEALER);
    }

    static DeliverySettings settings(String run, TestReceiver receiver, Route route) {
        Target hook = new Target("hook", Target.Kind.WEBHOOK, receiver.url(), List.of());
        return fast(List.of(hook), List.of(route)).withUndeliverableTopic(parkingTopic(run));
    }

    static Route to(String channelType) {
        return new Route("PRICE_BELOW_GUIDE", null, null, channelType, List.of("hook"));
    }

    static double gauge(SimpleMeterRegistry registry, String name) {
        Gauge g = registry.find(name).gauge();
        return g == null ? Double.NaN : g.value();
    }

    @Test
    void routeOnChannelTypeDeliversAnAlertOfAChannelWhoseKpiWasNeverSeen() throws Exception {
        PulseConfig config = config("by-type");
        produce(config, json(dealerAlert("a-1", "CH-NEW-DEALER")));
        try (TestReceiver receiver = new TestReceiver();
                Delivery delivery = Delivery.start(config, settings("by-type", receiver, to("DEALER")), new SimpleMeterRegistry())) {
            await(() -> !receiver.requests.isEmpty(), Duration.ofSeconds(30));
            // (a slow first answer may be retried: every request is this one alert)
            assertThat(receiver.requests).allSatisfy(req -> assertThat(req.body()).contains("a-1"));
            await(() -> committed(config) == 1, Duration.ofSeconds(20));
            assertThat(committed(config)).isEqualTo(1);
        }
    }

    @Test
    void alertMatchingNoRouteIsCountedAndParkedAsUnroutedBeforeItsOffsetIsCommitted() throws Exception {
        PulseConfig config = config("unrouted");
        Alert dealer = dealerAlert("u-1", "CH-D");
        produce(config, json(dealer));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TestReceiver receiver = new TestReceiver();
                Delivery delivery = Delivery.start(config,
                        settings("unrouted", receiver, to("ONLINE")).withParkUnrouted(true), registry)) {
            List<ConsumerRecord<String, String>> parked = parked("unrouted", 1);
            assertThat(parked).hasSize(1);
            JsonNode record = Json.mapper().readTree(parked.get(0).value());
            assertThat(record.path("reason").asText()).isEqualTo("unrouted");
            assertThat(record.path("alerts").get(0).path("alertId").asText()).isEqualTo("u-1");
            assertThat(record.path("source").path("offset").asLong()).isZero();
            await(() -> committed(config) == 1, Duration.ofSeconds(20));
            assertThat(committed(config)).isEqualTo(1);
            Counter unrouted = registry.find("channelpulse.delivery.unrouted").tag("rule", "PRICE_BELOW_GUIDE").counter();
            assertThat(unrouted).isNotNull();
            assertThat(unrouted.count()).isEqualTo(1.0);
            assertThat(receiver.requests).isEmpty();
        }
    }

    @Test
    void unroutedAlertIsCountedEvenWhenParkingUnroutedIsOff() throws Exception {
        PulseConfig config = config("unrouted-off");
        produce(config, json(dealerAlert("o-1", "CH-D")));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TestReceiver receiver = new TestReceiver();
                Delivery delivery = Delivery.start(config, settings("unrouted-off", receiver, to("ONLINE")), registry)) {
            await(() -> committed(config) == 1, Duration.ofSeconds(30));
            assertThat(committed(config)).isEqualTo(1);
            Counter unrouted = registry.find("channelpulse.delivery.unrouted").tag("rule", "PRICE_BELOW_GUIDE").counter();
            assertThat(unrouted).isNotNull();
            assertThat(unrouted.count()).isEqualTo(1.0);
        }
    }

    @Test
    void recordsThatCannotBeReadAreParkedAndTheDispatcherGoesOnToTheNextAlert() throws Exception {
        PulseConfig config = config("unreadable");
        ObjectNode nullRule = (ObjectNode) Json.mapper().valueToTree(dealerAlert("n-1", "CH-D"));
        nullRule.remove("rule");
        ObjectNode nullStatus = (ObjectNode) Json.mapper().valueToTree(dealerAlert("n-2", "CH-D"));
        nullStatus.putNull("status");
        produce(config, "not json at all", nullRule.toString(), nullStatus.toString(), "", json(dealerAlert("good-1", "CH-D")));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TestReceiver receiver = new TestReceiver();
                Delivery delivery = Delivery.start(config, settings("unreadable", receiver, new Route(null, null, null, null, List.of("hook"))),
                        registry)) {
            List<ConsumerRecord<String, String>> parked = parked("unreadable", 4);
            assertThat(parked).hasSize(4);
            assertThat(parked).allSatisfy(r -> assertThat(Json.mapper().readTree(r.value()).path("reason").asText())
                    .isEqualTo("unreadable"));
            assertThat(parked).extracting(r -> Json.mapper().readTree(r.value()).path("source").path("offset").asLong())
                    .containsExactly(0L, 1L, 2L, 3L);
            assertThat(Json.mapper().readTree(parked.get(0).value()).path("value").asText()).isEqualTo("not json at all");
            await(() -> !receiver.requests.isEmpty(), Duration.ofSeconds(30));
            assertThat(receiver.requests).allSatisfy(req -> assertThat(req.body()).contains("good-1").doesNotContain("n-1", "n-2"));
            await(() -> committed(config) == 5, Duration.ofSeconds(20));
            assertThat(committed(config)).isEqualTo(5);
            assertThat(gauge(registry, "channelpulse.delivery.dispatcher.up")).isEqualTo(1.0);
            Counter unreadable = registry.find("channelpulse.delivery.dispatcher.parked").tag("reason", "unreadable").counter();
            assertThat(unreadable).isNotNull();
            assertThat(unreadable.count()).isEqualTo(4.0);
        }
    }

    @Test
    void alertWithAFieldFromANewerJobIsStillDelivered() throws Exception {
        PulseConfig config = config("newer-job");
        ObjectNode newer = (ObjectNode) Json.mapper().valueToTree(dealerAlert("f-1", "CH-D"));
        newer.put("fieldAddedByANewerJob", 42);
        produce(config, newer.toString());
        try (TestReceiver receiver = new TestReceiver();
                Delivery delivery = Delivery.start(config, settings("newer-job", receiver, to("DEALER")), new SimpleMeterRegistry())) {
            await(() -> !receiver.requests.isEmpty(), Duration.ofSeconds(30));
            assertThat(receiver.requests).allSatisfy(req -> assertThat(req.body()).contains("f-1"));
        }
    }

    @Test
    void aDispatcherWhoseLoopEndedShowsDownAndItsLastPollAges() throws Exception {
        // A topic name the broker can never serve: subscribing fails, the loop ends for good.
        PulseConfig good = config("dead-loop");
        PulseConfig.Topics t = good.topics();
        PulseConfig config = new PulseConfig(new PulseConfig.Topics(t.inputs(), "not a valid topic name!", t.kpis(), t.deadLetters()),
                good.priceBelowGuide(), good.diversion(), good.orderResponse(), good.kpiWindow(), good.outOfOrderness(),
                good.idleTimeout(), good.dedupHorizon(), good.kafka(), good.checkpoint(), good.input());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TestReceiver receiver = new TestReceiver();
                Delivery delivery = Delivery.start(config, settings("dead-loop", receiver, to(null)), registry)) {
            await(() -> gauge(registry, "channelpulse.delivery.dispatcher.up") == 0.0, Duration.ofSeconds(20));
            assertThat(gauge(registry, "channelpulse.delivery.dispatcher.up")).isEqualTo(0.0);
            assertThat(Optional.ofNullable(registry.find("channelpulse.delivery.dispatcher.last.poll.age").timeGauge())
                    .map(g -> g.value()).orElse(Double.NaN)).isGreaterThanOrEqualTo(0.0);
        }
    }

    @Test
    void aRecordWhoseRoutingThrowsIsParkedAsInternalAndTheNextIsStillRead() throws Exception {
        PulseConfig config = config("internal");
        produce(config, json(dealerAlert("i-1", "CH-D")), json(dealerAlert("i-2", "CH-E")));
        // A grouper whose scheduler is gone throws for every alert handed to it.
        ScheduledExecutorService gone = Executors.newSingleThreadScheduledExecutor();
        gone.shutdown();
        Grouper broken = new Grouper(100, gone, Clock.systemUTC(), (n, ack) -> ack.run());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TestReceiver receiver = new TestReceiver();
                KafkaParking parking = new KafkaParking(config.kafka().clientProperties(), parkingTopic("internal"));
                AlertDispatcher dispatcher = new AlertDispatcher(config, settings("internal", receiver, to(null)), broken,
                        parking, registry).start()) {
            List<ConsumerRecord<String, String>> parked = parked("internal", 2);
            assertThat(parked).extracting(r -> Json.mapper().readTree(r.value()).path("reason").asText())
                    .containsExactly("internal", "internal");
            assertThat(parked).extracting(r -> Json.mapper().readTree(r.value()).path("alertId").asText())
                    .containsExactly("i-1", "i-2");
            await(() -> committed(config) == 2, Duration.ofSeconds(20));
            assertThat(committed(config)).isEqualTo(2);
            assertThat(dispatcher.isUp()).isTrue();
            assertThat(dispatcher.inFlight()).isZero();
        }
    }

    @Test
    void aRecordThatCannotBeParkedIsNotCommittedAndIsParkedOnceParkingWorksAgain() throws Exception {
        PulseConfig config = KafkaTestSupport.isolatedConfig(kafka, "parking-down");
        kafka.createTopics(List.of(config.topics().alerts()), 1); // the parking topic does not exist yet
        produce(config, "garbage");
        Properties quick = config.kafka().clientProperties();
        quick.setProperty("max.block.ms", "500");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (TestReceiver receiver = new TestReceiver();
                KafkaParking parking = new KafkaParking(quick, parkingTopic("parking-down"));
                AlertDispatcher dispatcher = new AlertDispatcher(config, settings("parking-down", receiver, to(null)),
                        new Grouper(100, scheduler, Clock.systemUTC(), (n, ack) -> ack.run()), parking, registry).start()) {
            await(() -> counter(registry, "channelpulse.delivery.dispatcher.parking.failures") >= 2, Duration.ofSeconds(30));
            assertThat(counter(registry, "channelpulse.delivery.dispatcher.parking.failures")).isGreaterThanOrEqualTo(2);
            assertThat(committed(config)).as("a record neither routed nor parked is not committed").isZero();

            kafka.createTopics(List.of(parkingTopic("parking-down")), 1);
            List<ConsumerRecord<String, String>> parked = parked("parking-down", 1);
            assertThat(parked).hasSize(1);
            assertThat(Json.mapper().readTree(parked.get(0).value()).path("value").asText()).isEqualTo("garbage");
            await(() -> committed(config) == 1, Duration.ofSeconds(20));
            assertThat(committed(config)).isEqualTo(1);
            assertThat(dispatcher.isUp()).isTrue();
        } finally {
            scheduler.shutdownNow();
        }
    }

    static double counter(SimpleMeterRegistry registry, String name) {
        Counter c = registry.find(name).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void aBlackHoledTargetPausesReadingAboveMaxInFlightAndNothingUndeliveredIsCommitted() throws Exception {
        PulseConfig config = config("backpressure");
        int count = 300;
        int maxInFlight = 20;
        String[] alerts = new String[count];
        for (int i = 0; i < count; i++) {
            alerts[i] = json(dealerAlert("bp-" + i, "CH-" + (i % 5)));
        }
        produce(config, alerts);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TestReceiver receiver = new TestReceiver().otherwise(TestReceiver.Response.of(503))) {
            DeliverySettings settings = settings("backpressure", receiver, to(null)).withMaxInFlight(maxInFlight)
                    // long enough that nothing is parked for age while the target black-holes
                    .withTimings(Duration.ofMillis(300), Duration.ofMinutes(10), Duration.ofMillis(500),
                            Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(60));
            try (Delivery delivery = Delivery.start(config, settings, registry)) {
                await(() -> gauge(registry, "channelpulse.delivery.dispatcher.paused") == 1.0, Duration.ofSeconds(30));
                assertThat(gauge(registry, "channelpulse.delivery.dispatcher.paused")).isEqualTo(1.0);
                double readWhenPaused = gauge(registry, "channelpulse.delivery.in.flight");
                Thread.sleep(3_000); // the target keeps failing; the dispatcher keeps polling, paused
                double readLater = gauge(registry, "channelpulse.delivery.in.flight");
                assertThat(readLater).as("no more alerts read while paused").isEqualTo(readWhenPaused);
                assertThat(readLater).as("in flight is bounded by twice max-in-flight")
                        .isGreaterThan(maxInFlight).isLessThanOrEqualTo(2 * maxInFlight);
                assertThat(receiver.requests).as("the target was being retried").isNotEmpty();
                assertThat(committed(config)).as("nothing delivered, nothing committed").isZero();
                assertThat(gauge(registry, "channelpulse.delivery.dispatcher.last.poll.age"))
                        .as("a paused dispatcher still polls").isLessThan(2.0);

                receiver.otherwise(TestReceiver.Response.of(200));
                await(() -> committed(config) == count, Duration.ofSeconds(90));
                assertThat(committed(config)).isEqualTo(count);
                assertThat(gauge(registry, "channelpulse.delivery.dispatcher.paused")).isEqualTo(0.0);
                assertThat(gauge(registry, "channelpulse.delivery.in.flight")).isZero();
            }
        }
    }

    @Test
    void aClosedDispatcherShowsDown() throws Exception {
        PulseConfig config = config("closed");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TestReceiver receiver = new TestReceiver()) {
            Delivery delivery = Delivery.start(config, settings("closed", receiver, to(null)), registry);
            await(() -> gauge(registry, "channelpulse.delivery.dispatcher.up") == 1.0, Duration.ofSeconds(20));
            assertThat(gauge(registry, "channelpulse.delivery.dispatcher.up")).isEqualTo(1.0);
            delivery.close();
            assertThat(gauge(registry, "channelpulse.delivery.dispatcher.up")).isEqualTo(0.0);
        }
    }
}
