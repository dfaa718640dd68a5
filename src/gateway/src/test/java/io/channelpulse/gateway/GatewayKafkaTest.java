package io.channelpulse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.broker.EmbeddedKafka;
import io.channelpulse.config.PulseConfig;
import io.channelpulse.support.KafkaTestSupport;
import io.channelpulse.model.Alert;
import io.channelpulse.model.AlertDetails;
import io.channelpulse.model.AlertStatus;
import io.channelpulse.model.ChannelEconomics;
import io.channelpulse.model.ChannelKpi;
import io.channelpulse.model.PartnerTier;
import io.channelpulse.model.PartnerTierRecord;
import io.channelpulse.model.Rule;
import io.channelpulse.model.Severity;
import io.channelpulse.model.ChannelType;
import io.channelpulse.serde.Json;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway against a real broker: it reads partner master data from the {@code partners} topic
 * before the KPIs, gives series only to channels master data names, and follows a type change with
 * exactly one series per channel, all seen through a real {@code GET /metrics}.
 */
class GatewayKafkaTest {

    static final Instant T0 = Instant.parse("2026-11-29T08:00:00Z");
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static EmbeddedKafka kafka;

    @BeforeAll
    static void start(@TempDir Path dir) {
        kafka = EmbeddedKafka.start(dir, 0);
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    static String partner(String partnerId, String channelId, ChannelType type) {
        return "{\"partnerId\":\"%s\",\"channelId\":\"%s\",\"channelType\":\"%s\",\"authorizedRegions\":[\"R-1\"],\"tier\":\"CORE\",\"future\":1}"
                .formatted(partnerId, channelId, type);
    }

    static String kpi(String channel, ChannelType type, Instant start, String revenue) throws Exception {
        return Json.mapper().writeValueAsString(new ChannelKpi(channel, type, start, start.plusSeconds(60), 1, 1,
                new BigDecimal(revenue), 0, 0, null, 0, 0, 0, null, null, 0, 0, 0));
    }

    static String scrape(int port) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    static String awaitScrape(int port, Predicate<String> done) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = "";
        while (System.nanoTime() < until) {
            last = scrape(port);
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("scrape never matched; last:\n" + last);
    }

    @Test
    void masterDataFromThePartnersTopicDecidesWhichChannelsGetSeriesAndOfWhichType() throws Exception {
        PulseConfig config = KafkaTestSupport.isolatedConfig(kafka, "gw-partners");
        String partners = config.topics().inputs().get("partners");
        kafka.createTopics(List.of(partners, config.topics().kpis(), config.topics().alerts()), 2);
        try (KafkaProducer<String, String> producer = KafkaTestSupport.producer(kafka)) {
            producer.send(new ProducerRecord<>(partners, 0, null, partner("P-1", "CH-1", ChannelType.DEALER)));
            producer.send(new ProducerRecord<>(partners, 1, null, "{not json"));
            // KPIs written before the gateway starts: read from the beginning, after master data
            producer.send(new ProducerRecord<>(config.topics().kpis(), "CH-1", kpi("CH-1", null, T0, "100")));
            producer.send(new ProducerRecord<>(config.topics().kpis(), "JUNK-1", kpi("JUNK-1", null, T0, "5")));
            producer.flush();
        }
        try (Gateway gateway = Gateway.start(config, "127.0.0.1", 0)) {
            String first = awaitScrape(gateway.metricsPort(), s -> s.contains("channelpulse_kpi_windows_total{channel=\"other\"")
                    && s.contains("channelpulse_kpi_windows_total{channel=\"CH-1\""));
            assertThat(first)
                    .contains("channelpulse_kpi_revenue_cny_total{channel=\"CH-1\",channel_type=\"DEALER\"} 100.0")
                    .contains("channelpulse_kpi_revenue_cny_total{channel=\"other\",channel_type=\"unknown\"} 5.0")
                    .contains("channelpulse_gateway_channels 1.0")
                    .doesNotContain("JUNK-1");

            try (KafkaProducer<String, String> producer = KafkaTestSupport.producer(kafka)) {
                producer.send(new ProducerRecord<>(partners, 0, null, partner("P-1", "CH-1", ChannelType.ONLINE)));
                producer.flush();
                producer.send(new ProducerRecord<>(config.topics().kpis(), "CH-1", kpi("CH-1", ChannelType.ONLINE, T0.plusSeconds(60), "1")));
                producer.flush();
            }
            String after = awaitScrape(gateway.metricsPort(), s -> s.contains("channelpulse_kpi_windows_total{channel=\"CH-1\",channel_type=\"ONLINE\"} 2.0"));
            assertThat(after.lines().filter(l -> l.startsWith("channelpulse_kpi_window_end_timestamp_seconds{") && l.contains("\"CH-1\"")))
                    .containsExactly("channelpulse_kpi_window_end_timestamp_seconds{channel=\"CH-1\",channel_type=\"ONLINE\"} 1.79593932E9");
            assertThat(after).doesNotContain("channel_type=\"DEALER\"");
        }
    }

    @Test
    void theChannelPlanTopicsAreReadCommittedIntoTierShareAndOpenAlertMetrics() throws Exception {
        PulseConfig config = KafkaTestSupport.isolatedConfig(kafka, "gw-plan");
        String partners = config.topics().inputs().get("partners");
        kafka.createTopics(List.of(partners, config.topics().kpis(), config.topics().alerts(),
                config.topics().partnerTiers(), config.topics().channelEconomics()), 2);
        Instant close = Instant.parse("2026-12-05T16:00:00Z");
        try (KafkaProducer<String, String> producer = KafkaTestSupport.producer(kafka)) {
            producer.send(new ProducerRecord<>(partners, "P-1", partner("P-1", "CH-S", ChannelType.SUPERMARKET)));
            producer.send(new ProducerRecord<>(partners, "P-2", partner("P-2", "CH-S", ChannelType.SUPERMARKET)));
            producer.flush();
            for (String p : List.of("P-1", "P-2")) {
                producer.send(new ProducerRecord<>(config.topics().partnerTiers(), p, Json.mapper().writeValueAsString(
                        new PartnerTierRecord(PartnerTierRecord.TIER, "2026-11", close, p, "CH-S", ChannelType.SUPERMARKET, "ALL",
                                p.equals("P-1") ? PartnerTier.CORE : PartnerTier.BASIC, PartnerTier.CORE, null, null, null, null,
                                new BigDecimal("100.00"), 12, 1, 2))));
            }
            producer.send(new ProducerRecord<>(config.topics().partnerTiers(), "P-3", "{not json"));
            producer.send(new ProducerRecord<>(config.topics().channelEconomics(), "CH-S", Json.mapper().writeValueAsString(
                    new ChannelEconomics("2026-11", close, "CH-S", ChannelType.SUPERMARKET, new BigDecimal("40"), new BigDecimal("300"),
                            new BigDecimal("0.04"), new BigDecimal("0.15"), new BigDecimal("1000"), new BigDecimal("2000"), 2, 0, true))));
            producer.send(new ProducerRecord<>(config.topics().channelEconomics(), "CH-S", "{\"period\":\"2026-11\"}")); // no channel
            producer.send(new ProducerRecord<>(config.topics().alerts(), "CH-S", Json.mapper().writeValueAsString(
                    new Alert("roi-P-2", Rule.PARTNER_ROI_BELOW_ONE, AlertStatus.FIRING, Severity.WARNING, close, close, "CH-S",
                            ChannelType.SUPERMARKET, "P-2", null, null, null, null, null, "ROI 0.5",
                            AlertDetails.roi("2026-11", BigDecimal.ONE, new BigDecimal("2"), new BigDecimal("0.5"), 3), List.of()))));
            producer.flush();
        }
        try (Gateway gateway = Gateway.start(config, "127.0.0.1", 0)) {
            String s = awaitScrape(gateway.metricsPort(), x -> x.contains("channelpulse_economics_alerts_open{channel=\"CH-S\",channel_type=\"SUPERMARKET\",rule=\"PARTNER_ROI_BELOW_ONE\"} 1.0")
                    && x.contains("channelpulse_partner_tier_partners{channel=\"CH-S\",channel_type=\"SUPERMARKET\",tier=\"BASIC\"} 1.0")
                    && x.contains("channelpulse_economics_cost_share_ratio{channel=\"CH-S\"")
                    && x.contains("channelpulse_gateway_unreadable_records_total 2.0"));
            assertThat(s)
                    .contains("channelpulse_partner_tier_partners{channel=\"CH-S\",channel_type=\"SUPERMARKET\",tier=\"CORE\"} 1.0")
                    .contains("channelpulse_economics_sales_share_ratio{channel=\"CH-S\",channel_type=\"SUPERMARKET\"} 0.04")
                    .contains("channelpulse_economics_cost_share_ratio{channel=\"CH-S\",channel_type=\"SUPERMARKET\"} 0.15")
                    .contains("channelpulse_economics_cost_cny{channel=\"CH-S\",channel_type=\"SUPERMARKET\"} 300.0")
                    .contains("channelpulse_alerts_open{rule=\"PARTNER_ROI_BELOW_ONE\"} 1.0");
            // the two malformed records were counted and skipped, and did not stop the reader
            assertThat(s).contains("channelpulse_gateway_unreadable_records_total 2.0");
        }
    }
}
