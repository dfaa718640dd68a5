package io.channelpulse.gateway.delivery;

import io.channelpulse.config.Route;
import io.channelpulse.config.DeliverySettings;
import io.channelpulse.config.Target;
import io.channelpulse.support.ProjectFiles;
import static io.channelpulse.gateway.delivery.DeliveryFixtures.alert;
import static io.channelpulse.gateway.delivery.DeliveryFixtures.fast;
import static io.channelpulse.gateway.delivery.DeliveryFixtures.notification;
import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.support.RequiresBinaries;
import com.fasterxml.jackson.databind.JsonNode;
import io.channelpulse.broker.EmbeddedKafka;
import io.channelpulse.config.PulseConfig;
import io.channelpulse.support.KafkaTestSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import io.channelpulse.model.Alert;
import io.channelpulse.model.AlertStatus;
import io.channelpulse.serde.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real Alertmanager (Debian's prometheus-alertmanager) receiving the gateway's alerts. */
@RequiresBinaries({"prometheus-alertmanager", "amtool"})
class AlertmanagerTest {

    @Test
    void exampleConfigPassesAmtoolCheckConfig() throws Exception {
        Process p = new ProcessBuilder("amtool", "check-config", ProjectFiles.path("deploy/alertmanager/alertmanager.yml").toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("SUCCESS");
    }

    /** The receivers {@code amtool config routes test} picks for these labels in the example configuration. */
    static String receiversFor(String... labels) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("amtool", "config", "routes", "test",
                "--config.file=" + ProjectFiles.path("deploy/alertmanager/alertmanager.yml")));
        cmd.addAll(List.of(labels));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    @Test
    void everyRuleOfTheChannelPlanGoesToThePlanReceiverAndNeverPages() throws Exception {
        for (io.channelpulse.model.Rule rule : io.channelpulse.model.Rule.values()) {
            String receivers = receiversFor("alertname=" + rule.name(), "severity=WARNING", "channel=CH-1", "channel_type=SUPERMARKET");
            if (rule.isEconomics()) {
                assertThat(receivers).as(rule.name()).isEqualTo("channel-pulse-plan");
                // the job raises economics alerts as WARNING; even a CRITICAL one is a planning decision, not a page
                assertThat(receiversFor("alertname=" + rule.name(), "severity=CRITICAL", "channel=CH-1"))
                        .as(rule.name() + " CRITICAL").isEqualTo("channel-pulse-plan");
            } else {
                assertThat(receivers).as(rule.name()).isEqualTo("channel-pulse-webhook");
            }
        }
        assertThat(receiversFor("alertname=PRICE_BELOW_GUIDE", "severity=CRITICAL", "channel=CH-1"))
                .isEqualTo("channel-pulse-pagerduty,channel-pulse-webhook");
    }

    @Test
    void firingThenResolvedArriveAsOneAlertThatStartsAndThenResolves(@TempDir Path dir) throws Exception {
        try (TestReceiver webhook = new TestReceiver()) {
            int port = EmbeddedKafka.freePort();
            Path config = dir.resolve("alertmanager.yml");
            Files.writeString(config, """
                    route:
                      receiver: hook
                      group_by: [alertname, channel]
                      group_wait: 1s
                      group_interval: 1s
                      repeat_interval: 1h
                    receivers:
                      - name: hook
                        webhook_configs:
                          - url: %s
                            send_resolved: true
                    """.formatted(webhook.url()));
            Process am = new ProcessBuilder("prometheus-alertmanager", "--config.file=" + config, "--storage.path=" + dir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("am.log").toFile()).start();
            try {
                awaitReady("http://127.0.0.1:" + port + "/-/ready");
                Target target = new Target("alertmanager", Target.Kind.ALERTMANAGER, "http://127.0.0.1:" + port, List.of());
                DeliverySettings settings = fast(List.of(target), List.of());
                Deliverer deliverer = new Deliverer(new TargetClient(settings), settings, (n, r, a) -> {
                    throw new AssertionError("parked: " + r);
                }, new SimpleMeterRegistry(), Clock.systemUTC());

                Alert firing = alert("am-1", AlertStatus.FIRING, "CH-DEALER-1", "SKU-7");
                deliver(deliverer, notification(target, firing));
                JsonNode fired = awaitWebhook(webhook, "firing");
                Alert resolved = alert("am-1", AlertStatus.RESOLVED, "CH-DEALER-1", "SKU-7");
                deliver(deliverer, notification(target, resolved));
                JsonNode done = awaitWebhook(webhook, "resolved");

                JsonNode a = fired.path("alerts").get(0);
                JsonNode b = done.path("alerts").get(0);
                assertThat(a.path("labels").path("alertname").asText()).isEqualTo("PRICE_BELOW_GUIDE");
                assertThat(a.path("labels").path("alert_id").asText()).isEqualTo("am-1");
                assertThat(a.path("labels").path("channel").asText()).isEqualTo("CH-DEALER-1");
                assertThat(a.path("labels").path("sku").asText()).isEqualTo("SKU-7");
                assertThat(a.path("annotations").path("runbook_url").asText()).endsWith("docs/runbooks/PRICE_BELOW_GUIDE.md");
                assertThat(a.path("generatorURL").asText()).contains("CH-DEALER-1");
                assertThat(a.path("endsAt").asText()).isEqualTo("0001-01-01T00:00:00Z");
                assertThat(b.path("fingerprint").asText()).as("one alert in Alertmanager").isEqualTo(a.path("fingerprint").asText());
                assertThat(b.path("status").asText()).isEqualTo("resolved");
                assertThat(b.path("endsAt").asText()).isNotEqualTo("0001-01-01T00:00:00Z");
            } finally {
                am.toHandle().destroy();
                am.waitFor(20, TimeUnit.SECONDS);
                am.destroyForcibly();
            }
        }
    }

    @Test
    void aStillFiringAlertOutlivesResolveTimeoutAcrossAGatewayRestart(@TempDir Path dir) throws Exception {
        int port = EmbeddedKafka.freePort();
        Path config = dir.resolve("alertmanager.yml");
        // Alertmanager resolves an alert without endsAt resolve_timeout after it was last posted.
        Files.writeString(config, """
                global:
                  resolve_timeout: 8s
                route:
                  receiver: none
                receivers:
                  - name: none
                """);
        Process am = new ProcessBuilder("prometheus-alertmanager", "--config.file=" + config, "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=")
                .redirectErrorStream(true).redirectOutput(dir.resolve("am.log").toFile()).start();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0)) {
            awaitReady("http://127.0.0.1:" + port + "/-/ready");
            PulseConfig pulse = KafkaTestSupport.isolatedConfig(kafka, "am-restart-real");
            kafka.createTopics(List.of(pulse.topics().alerts(), "am-restart-real.alerts-undeliverable"), 2);
            try (KafkaProducer<String, String> producer = KafkaTestSupport.producer(kafka)) {
                Alert firing = alert("still-firing", AlertStatus.FIRING, "CH-DEALER-1", "SKU-7");
                producer.send(new ProducerRecord<>(pulse.topics().alerts(), firing.alertId(), Json.mapper().writeValueAsString(firing))).get();
            }
            Target target = new Target("alertmanager", Target.Kind.ALERTMANAGER, "http://127.0.0.1:" + port, List.of());
            DeliverySettings settings = fast(List.of(target), List.of(new Route(null, null, null, null, List.of("alertmanager"))))
                    .withTimings(Duration.ofMillis(300), Duration.ofSeconds(20), Duration.ofMillis(500), Duration.ofMillis(200),
                            Duration.ofSeconds(2), Duration.ofSeconds(1))
                    .withUndeliverableTopic("am-restart-real.alerts-undeliverable");
            String alerts = "http://127.0.0.1:" + port + "/api/v2/alerts";
            try (Delivery first = Delivery.start(pulse, settings, new SimpleMeterRegistry())) {
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!active(alerts, "still-firing") && System.nanoTime() < until) {
                    Thread.sleep(200);
                }
                assertThat(active(alerts, "still-firing")).as("the first gateway delivered it").isTrue();
            }
            try (Delivery second = Delivery.start(pulse, settings, new SimpleMeterRegistry())) {
                // Well past the resolve timeout after the restart it must still be active: the new gateway re-posts it.
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (System.nanoTime() < until) {
                    assertThat(active(alerts, "still-firing")).as("still active in Alertmanager after the gateway restarted").isTrue();
                    Thread.sleep(500);
                }
            }
        } finally {
            am.toHandle().destroy();
            am.waitFor(20, TimeUnit.SECONDS);
            am.destroyForcibly();
        }
    }

    /** Whether Alertmanager lists the alert as not yet resolved (resolved ones are left out of the list). */
    static boolean active(String url, String alertId) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        for (JsonNode a : Json.mapper().readTree(r.body())) {
            if (alertId.equals(a.path("labels").path("alert_id").asText()) && "active".equals(a.path("status").path("state").asText())) {
                return true;
            }
        }
        return false;
    }

    static void deliver(Deliverer deliverer, Notification n) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        deliverer.deliver(n, done::countDown);
        assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
    }

    static void awaitReady(String url) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < until) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not up yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Alertmanager not ready at " + url);
    }

    static JsonNode awaitWebhook(TestReceiver webhook, String status) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < until) {
            for (TestReceiver.Request r : new ArrayList<>(webhook.requests)) {
                JsonNode body = Json.mapper().readTree(r.body());
                if (status.equals(body.path("status").asText())) {
                    return body;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no '" + status + "' webhook from Alertmanager; got " + webhook.requests.size() + " requests");
    }
}
