package io.channelpulse.gateway.delivery;

import io.channelpulse.config.Route;
import io.channelpulse.config.DeliverySettings;
import io.channelpulse.config.Target;
import static io.channelpulse.gateway.delivery.AlertDeliveryKafkaTest.await;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Firing alerts are re-posted to Alertmanager until they resolve, from state rebuilt from the
 * alerts topic: across gateway restarts and rebalances, in one POST per target per round.
 */
class AlertmanagerResenderTest {

    static EmbeddedKafka kafka;
    static final Pattern AM_ALERT = Pattern.compile("\"alert_id\":\"([^\"]+)\"");

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

    static DeliverySettings settings(String run, Target... targets) {
        return fast(List.of(targets), List.of(new Route(null, null, null, null,
                        List.of(targets).stream().map(Target::name).toList())))
                .withTimings(Duration.ofMillis(300), Duration.ofSeconds(20), Duration.ofMillis(500),
                        Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofMillis(300))
                .withUndeliverableTopic(run + ".alerts-undeliverable");
    }

    static void produce(PulseConfig config, Integer partition, Alert... alerts) throws Exception {
        try (KafkaProducer<String, String> producer = KafkaTestSupport.producer(kafka)) {
            for (Alert a : alerts) {
                producer.send(new ProducerRecord<>(config.topics().alerts(), partition, a.alertId(), Json.mapper().writeValueAsString(a)));
            }
            producer.flush();
        }
    }

    static Alert firing(String id) {
        return alert(id, AlertStatus.FIRING, "CH-" + id, "SKU-1");
    }

    /** The alert ids in one POST to Alertmanager, in order. */
    static List<String> ids(TestReceiver.Request r) {
        List<String> ids = new ArrayList<>();
        Matcher m = AM_ALERT.matcher(r.body());
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    static List<TestReceiver.Request> since(TestReceiver receiver, int from) {
        List<TestReceiver.Request> all = new ArrayList<>(receiver.requests);
        return all.subList(Math.min(from, all.size()), all.size());
    }

    static long postsNaming(List<TestReceiver.Request> requests, String id) {
        return requests.stream().filter(r -> ids(r).contains(id)).count();
    }

    @Test
    void aRestartedGatewayRepostsStillFiringAlertsButNotResolvedOnes() throws Exception {
        PulseConfig config = config("am-restart");
        try (KafkaProducer<String, String> producer = KafkaTestSupport.producer(kafka)) {
            // A record that cannot be read is skipped by the rebuild, not the end of it.
            for (int partition = 0; partition < 2; partition++) {
                producer.send(new ProducerRecord<>(config.topics().alerts(), partition, "junk", "not an alert")).get();
            }
        }
        produce(config, null, firing("still"), firing("over"), alert("over", AlertStatus.RESOLVED, "CH-over", "SKU-1"));
        try (TestReceiver am = new TestReceiver()) {
            Target target = new Target("am", Target.Kind.ALERTMANAGER, am.baseUrl(), List.of());
            DeliverySettings settings = settings("am-restart", target);
            try (Delivery first = Delivery.start(config, settings, new SimpleMeterRegistry())) {
                await(() -> postsNaming(am.requests, "still") >= 2, Duration.ofSeconds(30));
            }
            int before = am.requests.size();
            try (Delivery second = Delivery.start(config, settings, new SimpleMeterRegistry())) {
                await(() -> postsNaming(since(am, before), "still") >= 2, Duration.ofSeconds(30));
                List<TestReceiver.Request> after = since(am, before);
                assertThat(postsNaming(after, "still")).as("the still-firing alert is re-posted after the restart").isGreaterThanOrEqualTo(2);
                assertThat(postsNaming(after, "over")).as("the resolved one is not").isZero();
                assertThat(after).allSatisfy(r -> assertThat(r.body()).doesNotContain("endsAt"));
            }
        }
    }

    @Test
    void aResolvedAlertIsNoLongerReposted() throws Exception {
        PulseConfig config = config("am-resolve");
        try (TestReceiver am = new TestReceiver()) {
            Target target = new Target("am", Target.Kind.ALERTMANAGER, am.baseUrl(), List.of());
            try (Delivery delivery = Delivery.start(config, settings("am-resolve", target), new SimpleMeterRegistry())) {
                produce(config, null, firing("gone"), firing("stays"));
                await(() -> postsNaming(am.requests, "gone") >= 3, Duration.ofSeconds(30));
                produce(config, null, alert("gone", AlertStatus.RESOLVED, "CH-gone", "SKU-1"));
                // The RESOLVED delivery itself carries an endsAt; wait for it, then for two more rounds.
                await(() -> am.requests.stream().anyMatch(r -> ids(r).contains("gone") && r.body().contains("endsAt")), Duration.ofSeconds(30));
                int mark = am.requests.size();
                await(() -> postsNaming(since(am, mark), "stays") >= 3, Duration.ofSeconds(30));
                List<TestReceiver.Request> later = since(am, mark).subList(1, since(am, mark).size());
                assertThat(postsNaming(later, "stays")).isGreaterThanOrEqualTo(2);
                assertThat(postsNaming(later, "gone")).as("no re-post after RESOLVED").isZero();
            }
        }
    }

    @Test
    void afterARebalanceEachAlertIsRepostedOnlyByItsPartitionsNewOwner() throws Exception {
        PulseConfig config = config("am-rebalance");
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            alerts.add(firing("r" + i));
        }
        for (int i = 0; i < alerts.size(); i++) {
            produce(config, i % 2, alerts.get(i));
        }
        try (TestReceiver am1 = new TestReceiver(); TestReceiver am2 = new TestReceiver()) {
            // Each gateway posts to its own receiver, so the receiver tells which gateway re-posted.
            Target t1 = new Target("am", Target.Kind.ALERTMANAGER, am1.baseUrl(), List.of());
            Target t2 = new Target("am", Target.Kind.ALERTMANAGER, am2.baseUrl(), List.of());
            try (Delivery first = Delivery.start(config, settings("am-rebalance", t1), new SimpleMeterRegistry())) {
                await(() -> alerts.stream().allMatch(a -> postsNaming(am1.requests, a.alertId()) >= 2), Duration.ofSeconds(30));
                try (Delivery second = Delivery.start(config, settings("am-rebalance", t2), new SimpleMeterRegistry())) {
                    await(() -> !am2.requests.isEmpty(), Duration.ofSeconds(60));
                    assertThat(am2.requests).as("the new owner re-posts what it took over").isNotEmpty();
                    int mark1 = am1.requests.size();
                    int mark2 = am2.requests.size();
                    await(() -> since(am1, mark1).size() >= 3 && since(am2, mark2).size() >= 3, Duration.ofSeconds(30));
                    Set<String> byFirst = new HashSet<>();
                    since(am1, mark1 + 1).forEach(r -> byFirst.addAll(ids(r)));
                    Set<String> bySecond = new HashSet<>();
                    since(am2, mark2 + 1).forEach(r -> bySecond.addAll(ids(r)));
                    assertThat(byFirst).as("the old owner dropped the revoked partition").doesNotContainAnyElementsOf(bySecond);
                    Set<String> all = new HashSet<>(byFirst);
                    all.addAll(bySecond);
                    assertThat(all).containsExactlyInAnyOrderElementsOf(alerts.stream().map(Alert::alertId).toList());
                    assertThat(byFirst).isNotEmpty();
                    assertThat(bySecond).isNotEmpty();
                }
            }
        }
    }

    @Test
    void manyFiringAlertsAreRepostedInOnePostPerTargetPerRound() throws Exception {
        PulseConfig config = config("am-batch");
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            alerts.add(firing("b" + i));
        }
        produce(config, null, alerts.toArray(Alert[]::new));
        try (TestReceiver am1 = new TestReceiver(); TestReceiver am2 = new TestReceiver()) {
            Target t1 = new Target("am1", Target.Kind.ALERTMANAGER, am1.baseUrl(), List.of());
            Target t2 = new Target("am2", Target.Kind.ALERTMANAGER, am2.baseUrl(), List.of());
            try (Delivery delivery = Delivery.start(config, settings("am-batch", t1, t2), new SimpleMeterRegistry())) {
                for (TestReceiver am : List.of(am1, am2)) {
                    await(() -> am.requests.stream().filter(r -> ids(r).size() == 20).count() >= 3, Duration.ofSeconds(30));
                    List<TestReceiver.Request> posts = new ArrayList<>(am.requests);
                    assertThat(posts.stream().filter(r -> ids(r).size() == 20).count()).as("rounds with every alert in one POST").isGreaterThanOrEqualTo(3);
                    // Besides the rounds, only the first deliveries: one per (rule, channel) group.
                    assertThat(posts).allSatisfy(r -> assertThat(ids(r).size()).isIn(1, 20));
                    assertThat(posts.stream().filter(r -> ids(r).size() == 1).count()).isLessThanOrEqualTo(20);
                }
            }
        }
    }
}
