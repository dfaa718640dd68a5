package io.channelpulse.bench;

import io.channelpulse.gateway.GatewayMetrics;
import io.channelpulse.model.Alert;
import io.channelpulse.model.AlertDetails;
import io.channelpulse.model.AlertStatus;
import io.channelpulse.model.ChannelKpi;
import io.channelpulse.model.ChannelType;
import io.channelpulse.model.Rule;
import io.channelpulse.model.Severity;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * How long one {@code /metrics} scrape of the gateway takes with N channels (default 1,000), each
 * with every KPI metric and alerts of every rule and severity. Prints percentiles. Not a test.
 *
 * <p>Usage: {@code GatewayScrapeBenchmark [CHANNELS] [SCRAPES]}
 */
public final class GatewayScrapeBenchmark {

    public static void main(String[] args) throws java.io.IOException {
        int channels = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int scrapes = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        GatewayMetrics metrics = new GatewayMetrics(registry);
        Instant t0 = Instant.parse("2026-11-29T08:00:00Z");
        ChannelType[] types = ChannelType.values();
        for (int c = 0; c < channels; c++) {
            String channel = "CH-" + c;
            for (int w = 0; w < 3; w++) {
                Instant start = t0.plusSeconds(60L * w);
                metrics.onKpi(new ChannelKpi(channel, types[c % types.length], start, start.plusSeconds(60), 10, 20,
                        new BigDecimal("1234.50"), 8, 1, 0.875, 0, 3, 2, 600L, 3600L, 1, 1, 1));
            }
            for (Rule rule : Rule.values()) {
                for (Severity severity : Severity.values()) {
                    metrics.onAlert(new Alert(channel + rule + severity, rule, AlertStatus.FIRING, severity, t0, t0, channel, null,
                            "P", "R", null, null, null, null, "s", AlertDetails.sla(t0, t0, null, null, null), List.of("e")));
                }
            }
        }
        int bytes = registry.scrape().length();
        java.io.ByteArrayOutputStream sink = new java.io.ByteArrayOutputStream(bytes + 1024);
        for (int i = 0; i < 1000; i++) {
            sink.reset();
            registry.scrape(sink); // warm-up, as the endpoint writes: streamed, not built as one String
        }
        long[] nanos = new long[scrapes];
        for (int i = 0; i < scrapes; i++) {
            sink.reset();
            long start = System.nanoTime();
            registry.scrape(sink);
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        System.out.printf("channels=%d series=%d bytes=%d scrapes=%d p50=%.1f ms p99=%.1f ms max=%.1f ms%n",
                channels, registry.getMeters().size(), bytes, scrapes,
                nanos[scrapes / 2] / 1e6, nanos[(int) (scrapes * 0.99)] / 1e6, nanos[scrapes - 1] / 1e6);
    }
}
