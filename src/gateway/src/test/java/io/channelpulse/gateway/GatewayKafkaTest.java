package io.channelpulse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.broker.EmbeddedKafka;
import io.channelpulse.config.PulseConfig;
import io.channelpulse.support.KafkaTestSupport;
import io.channelpulse.model.ChannelKpi;
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
}
