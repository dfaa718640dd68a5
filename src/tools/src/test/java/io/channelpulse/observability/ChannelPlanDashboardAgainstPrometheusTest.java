package io.channelpulse.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.channelpulse.broker.EmbeddedKafka;
import io.channelpulse.config.PulseConfig;
import io.channelpulse.gateway.Gateway;
import io.channelpulse.model.Alert;
import io.channelpulse.model.AlertDetails;
import io.channelpulse.model.AlertStatus;
import io.channelpulse.model.ChannelEconomics;
import io.channelpulse.model.ChannelType;
import io.channelpulse.model.MonthlyProfit;
import io.channelpulse.model.PartnerTier;
import io.channelpulse.model.PartnerTierRecord;
import io.channelpulse.model.Rule;
import io.channelpulse.model.Severity;
import io.channelpulse.serde.Json;
import io.channelpulse.support.KafkaTestSupport;
import io.channelpulse.support.RequiresBinaries;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every panel of the "Channel plan" dashboard, evaluated by a real Prometheus that scrapes a real
 * gateway reading closed business months from a real broker: the two plan topics and one alert of
 * each economics rule. The demo that {@link DashboardsAgainstPrometheusTest} runs replays days, not
 * months, so it closes no business month and cannot prove these panels.
 */
@RequiresBinaries("prometheus")
class ChannelPlanDashboardAgainstPrometheusTest {

    static final String UID = "channel-pulse-plan";
    static final Instant CLOSE = Instant.parse("2026-12-05T16:00:00Z");
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static EmbeddedKafka kafka;
    static Gateway gateway;
    static Process prometheus;
    static String prometheusUrl;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
        PulseConfig config = KafkaTestSupport.isolatedConfig(kafka, "plan-dashboard");
        String partners = config.topics().inputs().get("partners");
        kafka.createTopics(List.of(partners, config.topics().kpis(), config.topics().alerts(),
                config.topics().partnerTiers(), config.topics().channelEconomics()), 1);
        try (KafkaProducer<String, String> producer = KafkaTestSupport.producer(kafka)) {
            producer.send(new ProducerRecord<>(partners, "P-1", partner("P-1", "CH-S", ChannelType.SUPERMARKET)));
            producer.send(new ProducerRecord<>(partners, "P-2", partner("P-2", "CH-S", ChannelType.SUPERMARKET)));
            producer.send(new ProducerRecord<>(partners, "P-3", partner("P-3", "CH-D", ChannelType.DIRECT_STORE)));
            producer.flush();
            String[][] tiers = {{"P-1", "CH-S", "CORE"}, {"P-2", "CH-S", "QUALITY"}, {"P-3", "CH-D", "BASIC"}};
            for (String[] t : tiers) {
                PartnerTier tier = PartnerTier.valueOf(t[2]);
                producer.send(new ProducerRecord<>(config.topics().partnerTiers(), t[0], Json.mapper().writeValueAsString(
                        new PartnerTierRecord(PartnerTierRecord.TIER, "2026-11", CLOSE, t[0], t[1], null, "ALL", tier, tier,
                                null, null, null, null, new BigDecimal("1000"), 12, 1, 3))));
            }
            producer.send(new ProducerRecord<>(config.topics().channelEconomics(), "CH-S", Json.mapper().writeValueAsString(
                    new ChannelEconomics("2026-11", CLOSE, "CH-S", ChannelType.SUPERMARKET, new BigDecimal("400"), new BigDecimal("1500"),
                            new BigDecimal("0.04"), new BigDecimal("0.15"), new BigDecimal("10000"), new BigDecimal("10000"), 2, 0, true))));
            producer.send(new ProducerRecord<>(config.topics().channelEconomics(), "CH-D", Json.mapper().writeValueAsString(
                    new ChannelEconomics("2026-11", CLOSE, "CH-D", ChannelType.DIRECT_STORE, new BigDecimal("9600"), new BigDecimal("8500"),
                            new BigDecimal("0.96"), new BigDecimal("0.85"), new BigDecimal("10000"), new BigDecimal("10000"), 1, 2, false))));
            List<MonthlyProfit> months = List.of(new MonthlyProfit("2026-11", BigDecimal.ONE, BigDecimal.TEN, new BigDecimal("-9")));
            alert(producer, config, "ine-CH-S", Rule.INEFFICIENT_CHANNEL, "CH-S", null, null,
                    AlertDetails.shares("2026-11", new BigDecimal("400"), new BigDecimal("1500"), new BigDecimal("0.04"),
                            new BigDecimal("0.15"), new BigDecimal("10000"), new BigDecimal("10000")));
            alert(producer, config, "roi-P-2", Rule.PARTNER_ROI_BELOW_ONE, "CH-S", "P-2", null,
                    AlertDetails.roi("2026-11", new BigDecimal("50"), new BigDecimal("100"), new BigDecimal("0.5"), 3));
            alert(producer, config, "store-O-1", Rule.STORE_CLOSURE_CANDIDATE, "CH-D", null, "O-1",
                    AlertDetails.storeMonths("2026-11", months));
            producer.flush();
        }
        gateway = Gateway.start(config, "127.0.0.1", 0);

        int prometheusPort = EmbeddedKafka.freePort();
        Path prometheusConfig = dir.resolve("prometheus.yml");
        String rules = io.channelpulse.support.ProjectFiles.path("deploy/prometheus/rules/channel-pulse.yml").toAbsolutePath().toString();
        Files.writeString(prometheusConfig, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files: [%s]
                scrape_configs:
                  - job_name: channel-pulse-gateway
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                """.formatted(Json.mapper().writeValueAsString(rules), gateway.metricsPort()));
        prometheus = new ProcessBuilder("prometheus", "--config.file=" + prometheusConfig, "--storage.tsdb.path=" + dir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + prometheusPort)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.out").toFile()).start();
        prometheusUrl = "http://127.0.0.1:" + prometheusPort;
        awaitReady();
    }

    /**
     * Until Prometheus answers {@code /-/ready} with 200: before that its API refuses connections or
     * answers "Service Unavailable", which the test would take for an invalid query (a CI run did).
     */
    static void awaitReady() throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < until) {
            try {
                HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(URI.create(prometheusUrl + "/-/ready"))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Prometheus not ready within 60 s; see prometheus.out");
    }

    static String partner(String partnerId, String channelId, ChannelType type) {
        return "{\"partnerId\":\"%s\",\"channelId\":\"%s\",\"channelType\":\"%s\",\"authorizedRegions\":[\"R-1\"]}"
                .formatted(partnerId, channelId, type);
    }

    static void alert(KafkaProducer<String, String> producer, PulseConfig config, String id, Rule rule, String channel,
            String partnerId, String outletId, AlertDetails details) throws Exception {
        producer.send(new ProducerRecord<>(config.topics().alerts(), channel, Json.mapper().writeValueAsString(
                new Alert(id, rule, AlertStatus.FIRING, Severity.WARNING, CLOSE, CLOSE, channel, null, partnerId, null, outletId,
                        null, null, null, rule + " " + id, details, List.of()))));
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.toHandle().destroy();
            prometheus.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
            prometheus.destroyForcibly();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    static JsonNode query(String promql) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(prometheusUrl + "/api/v1/query?query="
                    + URLEncoder.encode(promql, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(10)).GET().build();
            return Json.mapper().readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
        } catch (Exception e) {
            return Json.mapper().createObjectNode().put("status", "error").put("error", e.toString());
        }
    }

    @Test
    void everyPanelExpressionIsValidAndReturnsTheGatewaysValues() throws Exception {
        List<Dashboards.Target> targets = Dashboards.targets().stream().filter(t -> t.dashboard().uid().equals(UID)).toList();
        assertThat(targets).hasSizeGreaterThanOrEqualTo(12);
        Map<String, String> failures = Dashboards.failingTargets(targets, ChannelPlanDashboardAgainstPrometheusTest::query,
                Duration.ofSeconds(90), Duration.ofSeconds(1));
        assertThat(failures).as("panels whose PromQL failed").isEmpty();

        // and the values are the records': the stats count open incidents, the shares are per channel
        assertThat(value(Dashboards.substitute("sum(channelpulse_economics_alerts_open{rule=\"STORE_CLOSURE_CANDIDATE\",channel=~\"$channel\",channel_type=~\"$channel_type\"}) or on() vector(0)")))
                .isEqualTo("1");
        assertThat(value("max by (channel) (channelpulse_economics_cost_share_ratio{channel=\"CH-S\"})")).isEqualTo("0.15");
        assertThat(value("sum by (tier) (channelpulse_partner_tier_partners{tier=\"QUALITY\"})")).isEqualTo("1");
        assertThat(value("max(channelpulse_economics_close_timestamp_seconds) * 1000")).isEqualTo(Long.toString(CLOSE.toEpochMilli()));
    }

    @Test
    void theMonthNotClosedRuleEvaluatesOnTheGatewaysCloseTimestamps() throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode rule = null;
        while (System.nanoTime() < until) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(prometheusUrl + "/api/v1/rules")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            for (JsonNode group : Json.mapper().readTree(response.body()).path("data").path("groups")) {
                for (JsonNode r : group.path("rules")) {
                    if (r.path("name").asText().equals("ChannelPulseMonthNotClosed")) {
                        rule = r;
                    }
                }
            }
            if (rule != null && rule.path("health").asText().equals("ok")
                    && !query("max(channelpulse_economics_close_timestamp_seconds)").path("data").path("result").isEmpty()) {
                break;
            }
            Thread.sleep(1000);
        }
        assertThat(rule).as("ChannelPulseMonthNotClosed loaded").isNotNull();
        assertThat(rule.path("health").asText()).as(rule.path("lastError").asText()).isEqualTo("ok");
        // the gateway's last close is recent, so the rule's expression is empty: nothing fires
        assertThat(rule.path("alerts")).isEmpty();
    }

    static String value(String promql) {
        return query(promql).path("data").path("result").path(0).path("value").path(1).asText();
    }
}
