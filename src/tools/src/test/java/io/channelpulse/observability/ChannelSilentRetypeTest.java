package io.channelpulse.observability;

import io.channelpulse.support.ProjectFiles;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.channelpulse.broker.EmbeddedKafka;
import io.channelpulse.gateway.ChannelDirectory;
import io.channelpulse.gateway.GatewayMetrics;
import io.channelpulse.gateway.MetricsEndpoint;
import io.channelpulse.model.ChannelKpi;
import io.channelpulse.model.ChannelType;
import io.channelpulse.model.Partner;
import io.channelpulse.serde.Json;
import io.channelpulse.support.RequiresBinaries;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
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
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A channel that master data re-types, seen by a real Prometheus scraping the gateway's registry:
 * exactly one series per channel remains, and ChannelPulseChannelSilent (the expression of the
 * shipped rule) does not fire on the removed one.
 */
@RequiresBinaries("prometheus")
class ChannelSilentRetypeTest {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Instant T0 = Instant.parse("2026-11-29T08:00:00Z");

    static ChannelKpi kpi(Instant start) {
        return new ChannelKpi("CH-1", null, start, start.plusSeconds(60), 1, 1, BigDecimal.ONE,
                0, 0, null, 0, 0, 0, null, null, 0, 0, 0);
    }

    static String channelSilentExpr() throws Exception {
        JsonNode rules = new YAMLMapper().readTree(ProjectFiles.path("deploy/prometheus/rules/channel-pulse.yml").toFile());
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (rule.path("alert").asText().equals("ChannelPulseChannelSilent")) {
                    return rule.path("expr").asText();
                }
            }
        }
        throw new AssertionError("no ChannelPulseChannelSilent rule");
    }

    static JsonNode query(String url, String promql) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(10)).build();
        return Json.mapper().readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body()).path("data").path("result");
    }

    static JsonNode await(String url, String promql, Predicate<JsonNode> done) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < until) {
            try {
                last = query(url, promql);
                if (done.test(last)) {
                    return last;
                }
            } catch (java.io.IOException e) {
                // Prometheus still starting
            }
            Thread.sleep(500);
        }
        throw new AssertionError(promql + " never matched; last: " + last);
    }

    @Test
    void aRetypedChannelHasOneSeriesInPrometheusAndItsOldSeriesDoesNotLookSilent(@TempDir Path dir) throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ChannelDirectory directory = new ChannelDirectory(10, 10);
        GatewayMetrics metrics = new GatewayMetrics(registry, directory);
        directory.apply(new Partner("P-1", "CH-1", ChannelType.DEALER, List.of("R"), null, null));
        metrics.onKpi(kpi(T0)); // one window while DEALER: a series with a single value
        int promPort = EmbeddedKafka.freePort();
        String url = "http://127.0.0.1:" + promPort;
        Process prometheus = null;
        try (MetricsEndpoint endpoint = new MetricsEndpoint(registry, "127.0.0.1", 0)) {
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, """
                    global:
                      scrape_interval: 1s
                    scrape_configs:
                      - job_name: gateway
                        static_configs: [{targets: ['127.0.0.1:%d']}]
                    """.formatted(endpoint.port()));
            prometheus = new ProcessBuilder("prometheus", "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("tsdb"),
                    "--web.listen-address=127.0.0.1:" + promPort)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.out").toFile()).start();
            String dealer = "channelpulse_kpi_window_end_timestamp_seconds{channel=\"CH-1\",channel_type=\"DEALER\"}";
            await(url, "count_over_time(" + dealer + "[1m])", r -> r.path(0).path("value").path(1).asDouble() >= 3);

            directory.apply(new Partner("P-1", "CH-1", ChannelType.ONLINE, List.of("R"), null, null));
            for (int w = 1; w <= 8; w++) {
                metrics.onKpi(kpi(T0.plusSeconds(60L * w)));
                Thread.sleep(1000);
            }
            JsonNode series = await(url, "channelpulse_kpi_window_end_timestamp_seconds{channel=\"CH-1\"}", r -> r.size() == 1
                    && r.path(0).path("metric").path("channel_type").asText().equals("ONLINE"));
            assertThat(series).hasSize(1);
            assertThat(query(url, channelSilentExpr())).as("ChannelPulseChannelSilent after the type change").isEmpty();
        } finally {
            if (prometheus != null) {
                prometheus.destroy();
                prometheus.waitFor(30, TimeUnit.SECONDS);
                prometheus.destroyForcibly();
            }
        }
    }
}
