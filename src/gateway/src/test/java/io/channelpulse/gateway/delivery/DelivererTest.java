package io.channelpulse.gateway.delivery;

import io.channelpulse.config.DeliverySettings;
import io.channelpulse.config.ConfigException;
import io.channelpulse.config.Target;
import static io.channelpulse.gateway.delivery.DeliveryFixtures.alert;
import static io.channelpulse.gateway.delivery.DeliveryFixtures.fast;
import static io.channelpulse.gateway.delivery.DeliveryFixtures.notification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.channelpulse.model.AlertStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Retries, backoff, Retry-After, timeouts and 410 against a local flaky receiver. */
class DelivererTest {

    static final String SECRET = "whsec_c2VjcmV0LWZvci10ZXN0cw==";

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final List<String> parked = new CopyOnWriteArrayList<>();
    final List<Deliverer> deliverers = new CopyOnWriteArrayList<>();
    TestReceiver receiver;

    @AfterEach
    void stop() throws InterruptedException {
        for (Deliverer d : deliverers) {
            d.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    Target webhook() {
        return new Target("hook", Target.Kind.WEBHOOK, receiver.url(), List.of(SECRET));
    }

    Deliverer deliverer(Target target, DeliverySettings settings) {
        Deliverer d = new Deliverer(new TargetClient(settings), settings, (n, reason, attempts) -> parked.add(reason),
                registry, Clock.systemUTC());
        deliverers.add(d);
        return d;
    }

    void deliverAndWait(Deliverer d, Notification n) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        d.deliver(n, done::countDown);
        assertThat(done.await(20, TimeUnit.SECONDS)).as("delivered or parked").isTrue();
    }

    double count(String name) {
        return registry.find(name).tag("target", "hook").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Test
    void serviceUnavailableThenOkIsRetriedWithBackoffUnderTheSameWebhookId() throws Exception {
        receiver = new TestReceiver().then(TestReceiver.Response.of(503), TestReceiver.Response.of(503));
        Target target = webhook();
        DeliverySettings settings = fast(List.of(target), List.of());
        Notification n = notification(target, alert("a-1", AlertStatus.FIRING, "CH-1", "SKU-1"));
        deliverAndWait(deliverer(target, settings), n);

        assertThat(receiver.requests).hasSize(3);
        assertThat(receiver.requests).extracting(r -> r.header("webhook-id")).containsOnly(n.id());
        long firstGap = receiver.requests.get(1).atNanos() - receiver.requests.get(0).atNanos();
        long secondGap = receiver.requests.get(2).atNanos() - receiver.requests.get(1).atNanos();
        assertThat(Duration.ofNanos(firstGap)).isGreaterThanOrEqualTo(Duration.ofMillis(100)); // half of 200 ms at least
        assertThat(Duration.ofNanos(secondGap)).isGreaterThanOrEqualTo(Duration.ofMillis(200)); // half of 400 ms
        assertThat(parked).isEmpty();
        assertThat(count("channelpulse.delivery.deliveries")).isEqualTo(1);
        assertThat(count("channelpulse.delivery.retries")).isEqualTo(2);
    }

    @Test
    void signatureVerifiesWithTheSecretAndFailsWithAWrongOne() throws Exception {
        receiver = new TestReceiver();
        Target target = webhook();
        deliverAndWait(deliverer(target, fast(List.of(target), List.of())),
                notification(target, alert("a-1", AlertStatus.FIRING, "CH-1", "SKU-1")));
        TestReceiver.Request r = receiver.requests.get(0);
        long ts = Long.parseLong(r.header("webhook-timestamp"));
        assertThat(StandardWebhooks.verify(SECRET, r.header("webhook-id"), ts, r.body(), r.header("webhook-signature"))).isTrue();
        assertThat(StandardWebhooks.verify("whsec_d3Jvbmc=", r.header("webhook-id"), ts, r.body(), r.header("webhook-signature"))).isFalse();
        assertThat(r.body()).contains("\"alertId\":\"a-1\"").contains("\"type\":\"channel-pulse.alerts\"");
    }

    @Test
    void hangingReceiverHitsTheRequestTimeoutAndIsRetried() throws Exception {
        receiver = new TestReceiver().then(new TestReceiver.Response(200, null, 3_000));
        Target target = webhook();
        deliverAndWait(deliverer(target, fast(List.of(target), List.of())),
                notification(target, alert("a-1", AlertStatus.FIRING, "CH-1", "SKU-1")));
        // Had the 500 ms request timeout not cut the first attempt off, its 200 (after 3 s) would have
        // been the only request and no failure would be counted: the second request and the error prove it.
        assertThat(receiver.requests).hasSize(2);
        assertThat(registry.find("channelpulse.delivery.failures").tag("reason", "error").counter().count()).isEqualTo(1);
        assertThat(parked).isEmpty();
    }

    @Test
    void tooManyRequestsWithRetryAfterIsHonoured() throws Exception {
        receiver = new TestReceiver().then(new TestReceiver.Response(429, "1", 0));
        Target target = webhook();
        deliverAndWait(deliverer(target, fast(List.of(target), List.of())),
                notification(target, alert("a-1", AlertStatus.FIRING, "CH-1", "SKU-1")));
        assertThat(receiver.requests).hasSize(2);
        long gap = receiver.requests.get(1).atNanos() - receiver.requests.get(0).atNanos();
        assertThat(Duration.ofNanos(gap)).isGreaterThanOrEqualTo(Duration.ofMillis(990));
    }

    @Test
    void goneDisablesTheTargetAndParksWithoutFurtherRequests() throws Exception {
        receiver = new TestReceiver().otherwise(TestReceiver.Response.of(410));
        Target target = webhook();
        Deliverer d = deliverer(target, fast(List.of(target), List.of()));
        deliverAndWait(d, notification(target, alert("a-1", AlertStatus.FIRING, "CH-1", "SKU-1")));
        deliverAndWait(d, notification(target, alert("a-2", AlertStatus.FIRING, "CH-1", "SKU-2")));

        assertThat(receiver.requests).hasSize(1);
        assertThat(d.isDisabled("hook")).isTrue();
        assertThat(parked).hasSize(2);
        assertThat(parked.get(0)).contains("410");
        assertThat(parked.get(1)).contains("disabled");
        assertThat(registry.find("channelpulse.delivery.target.disabled").tag("target", "hook").gauge().value()).isEqualTo(1.0);
    }

    @Test
    void permanentRejectionIsParkedAtOnce() throws Exception {
        receiver = new TestReceiver().otherwise(TestReceiver.Response.of(400));
        Target target = webhook();
        deliverAndWait(deliverer(target, fast(List.of(target), List.of())),
                notification(target, alert("a-1", AlertStatus.FIRING, "CH-1", "SKU-1")));
        assertThat(receiver.requests).hasSize(1);
        assertThat(parked).singleElement().asString().contains("HTTP 400");
    }

    @Test
    void stillFailingAfterTheMaximumAgeIsParked() throws Exception {
        receiver = new TestReceiver().otherwise(TestReceiver.Response.of(503));
        Target target = webhook();
        DeliverySettings settings = fast(List.of(target), List.of()).withTimings(Duration.ofMillis(300), Duration.ofMillis(1_500),
                Duration.ofMillis(500), Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofSeconds(60));
        deliverAndWait(deliverer(target, settings), notification(target, alert("a-1", AlertStatus.FIRING, "CH-1", "SKU-1")));
        assertThat(receiver.requests.size()).isGreaterThanOrEqualTo(3);
        assertThat(parked).singleElement().asString().contains("max age");
        assertThat(count("channelpulse.delivery.parked")).isEqualTo(1);
    }

    // Each trigger below threw out of the attempt: the scheduler swallowed it, the notification was
    // lost and its offset never became committable. Now each ends parked, with the reason.

    @Test
    void secretThatIsNotBase64IsParkedNotLost() throws Exception {
        receiver = new TestReceiver();
        Target target = new Target("hook", Target.Kind.WEBHOOK, receiver.url(), List.of("whsec_not*base64!"));
        deliverAndWait(deliverer(target, fast(List.of(target), List.of())),
                notification(target, alert("a-1", AlertStatus.FIRING, "CH-1", "SKU-1")));
        assertThat(receiver.requests).isEmpty();
        assertThat(parked).singleElement().asString().contains("cannot build the request").contains("base64");
    }

    @Test
    void emptySecretIsParkedNotLost() throws Exception {
        receiver = new TestReceiver();
        for (String empty : List.of("", "whsec_")) {
            Target target = new Target("hook", Target.Kind.WEBHOOK, receiver.url(), List.of(empty));
            deliverAndWait(deliverer(target, fast(List.of(target), List.of())),
                    notification(target, alert("a-" + empty, AlertStatus.FIRING, "CH-1", "SKU-1")));
        }
        assertThat(receiver.requests).isEmpty();
        assertThat(parked).hasSize(2).allSatisfy(r -> assertThat(r).contains("cannot build the request").contains("empty"));
    }

    /**
     * An {@code httpx://} URL is refused when the target is made (at configuration load), so a
     * target that could only fail at delivery time never reaches the deliverer.
     */
    @Test
    void aTargetWithAnUnsupportedSchemeCannotExist() {
        assertThatThrownBy(() -> new Target("hook", Target.Kind.WEBHOOK, "httpx://127.0.0.1:9/hook", List.of()))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("url: ").hasMessageContaining("httpx");
    }

    @Test
    void retryAfterZeroCannotUndercutTheMinimumRetryDelay() throws Exception {
        receiver = new TestReceiver().otherwise(new TestReceiver.Response(503, "0", 0));
        Target target = webhook();
        // 2 s of retrying with at least 500 ms between attempts: at most 5 attempts, not a hot loop.
        DeliverySettings settings = fast(List.of(target), List.of()).withTimings(Duration.ofMillis(300), Duration.ofSeconds(2),
                Duration.ofMillis(500), Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofSeconds(60))
                .withQueues(1_000, 2, Duration.ofMillis(500));
        deliverAndWait(deliverer(target, settings), notification(target, alert("a-1", AlertStatus.FIRING, "CH-1", "SKU-1")));
        assertThat(parked).singleElement().asString().contains("max age");
        assertThat(receiver.requests.size()).isBetween(2, 5);
    }

    @Test
    void retryAfterBeyondTheMaximumAgeIsParkedAtOnce() throws Exception {
        receiver = new TestReceiver().otherwise(new TestReceiver.Response(503, Long.toString(Long.MAX_VALUE), 0));
        Target target = webhook();
        deliverAndWait(deliverer(target, fast(List.of(target), List.of())),
                notification(target, alert("a-1", AlertStatus.FIRING, "CH-1", "SKU-1")));
        assertThat(receiver.requests).hasSize(1);
        assertThat(parked).singleElement().asString().startsWith("max-age");
    }

    @Test
    void aBlackHoledTargetDoesNotDelayAHealthyOne() throws Exception {
        receiver = new TestReceiver();
        try (TestReceiver blackHole = new TestReceiver().otherwise(new TestReceiver.Response(200, null, 60_000))) {
            Target stuck = new Target("stuck", Target.Kind.WEBHOOK, blackHole.url(), List.of());
            Target healthy = webhook();
            DeliverySettings settings = fast(List.of(stuck, healthy), List.of()).withTimings(Duration.ofMillis(300),
                    Duration.ofMinutes(5), Duration.ofSeconds(60), Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(60));
            Deliverer d = deliverer(stuck, settings);
            CountDownLatch stuckDone = new CountDownLatch(8);
            CountDownLatch healthyDone = new CountDownLatch(8);
            for (int i = 0; i < 8; i++) {
                d.deliver(notification(stuck, alert("s-" + i, AlertStatus.FIRING, "CH-" + i, "SKU")), stuckDone::countDown);
                d.deliver(notification(healthy, alert("h-" + i, AlertStatus.FIRING, "CH-" + i, "SKU")), healthyDone::countDown);
            }
            assertThat(healthyDone.await(30, TimeUnit.SECONDS)).as("the healthy target got its alerts").isTrue();
            assertThat(receiver.requests).hasSize(8);
            assertThat(blackHole.requests).as("the stuck target was being tried").isNotEmpty();
            assertThat(stuckDone.getCount()).as("while the stuck target is still stuck").isEqualTo(8);
            assertThat(parked).isEmpty();
        }
    }

    @Test
    void aFullTargetQueueParksWhatDoesNotFitAndKeepsWhatDoes() throws Exception {
        try (TestReceiver blackHole = new TestReceiver().otherwise(new TestReceiver.Response(200, null, 60_000))) {
            Target stuck = new Target("stuck", Target.Kind.WEBHOOK, blackHole.url(), List.of());
            DeliverySettings settings = fast(List.of(stuck), List.of()).withTimings(Duration.ofMillis(300),
                    Duration.ofMinutes(5), Duration.ofSeconds(60), Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(60))
                    .withQueues(2, 1, Duration.ofMillis(50));
            Deliverer d = deliverer(stuck, settings);
            CountDownLatch done = new CountDownLatch(5);
            for (int i = 0; i < 5; i++) {
                d.deliver(notification(stuck, alert("s-" + i, AlertStatus.FIRING, "CH-" + i, "SKU")), done::countDown);
            }
            AlertDeliveryKafkaTest.await(() -> done.getCount() == 2, Duration.ofSeconds(20));
            assertThat(parked).hasSize(3).allSatisfy(r -> assertThat(r).startsWith("queue-full"));
            assertThat(done.getCount()).as("the two that fit are still being tried").isEqualTo(2);
            assertThat(d.inFlight("stuck")).isEqualTo(2);
            assertThat(d.inFlight()).isEqualTo(2);
            assertThat(registry.find("channelpulse.delivery.parked").tag("reason", "queue-full").counter().count()).isEqualTo(3);
        }
    }
}
