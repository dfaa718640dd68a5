package io.channelpulse.bench;

import io.channelpulse.gateway.ChannelDirectory;
import io.channelpulse.gateway.GatewayMetrics;
import io.channelpulse.gateway.panel.HistoryStore;
import io.channelpulse.model.Alert;
import io.channelpulse.model.AlertDetails;
import io.channelpulse.model.AlertStatus;
import io.channelpulse.model.ChannelKpi;
import io.channelpulse.model.ChannelType;
import io.channelpulse.model.Partner;
import io.channelpulse.model.Rule;
import io.channelpulse.model.Severity;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * How long one {@code /metrics} scrape of the gateway takes with N channels of partner master data
 * (default 1,000), each with every KPI metric and alerts of every rule and severity; and what JUNK
 * distinct channelIds that master data does not name (KPIs and alerts of each), plus as many junk
 * partner records naming new channels, do to the series count, the panel history and the heap.
 * Prints one line. Not a test.
 *
 * <p>Usage: {@code GatewayScrapeBenchmark [CHANNELS] [SCRAPES] [JUNK] [MAX_CHANNELS]}
 */
public final class GatewayScrapeBenchmark {

    public static void main(String[] args) throws java.io.IOException {
        int channels = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int scrapes = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int junk = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        int maxChannels = args.length > 3 ? Integer.parseInt(args[3]) : 10_000;
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ChannelDirectory directory = new ChannelDirectory(maxChannels, 100_000).bindTo(registry);
        GatewayMetrics metrics = new GatewayMetrics(registry, directory);
        HistoryStore history = new HistoryStore(Duration.ofHours(24), 24 * 60 + 1, 10_000, 50_000, maxChannels, directory::contains);
        Instant t0 = Instant.parse("2026-11-29T08:00:00Z");
        ChannelType[] types = ChannelType.values();
        for (int c = 0; c < channels; c++) {
            directory.apply(new Partner("P-" + c, "CH-" + c, types[c % types.length], List.of("R-1"), null, null));
        }
        long heapBefore = usedHeap();
        for (int c = 0; c < channels; c++) {
            feed(metrics, history, "CH-" + c, types[c % types.length], t0);
        }
        for (int j = 0; j < junk; j++) {
            // bad master data: partners naming ever new channels, and KPIs and alerts of channels nobody named
            directory.apply(new Partner("JUNK-P-" + j, "JUNK-M-" + j, ChannelType.OTHER, List.of("R-1"), null, null));
            feed(metrics, history, "JUNK-" + j, null, t0);
        }
        long heapAfter = usedHeap();
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
        System.out.printf("channels=%d junk=%d max-channels=%d directory=%d series=%d history-channels=%d bytes=%d "
                        + "heap-growth=%.1f MB scrapes=%d p50=%.1f ms p99=%.1f ms max=%.1f ms%n",
                channels, junk, maxChannels, directory.channelCount(), registry.getMeters().size(), history.channels().size(), bytes,
                (heapAfter - heapBefore) / 1e6, scrapes,
                nanos[scrapes / 2] / 1e6, nanos[(int) (scrapes * 0.99)] / 1e6, nanos[scrapes - 1] / 1e6);
    }

    private static void feed(GatewayMetrics metrics, HistoryStore history, String channel, ChannelType type, Instant t0) {
        for (int w = 0; w < 3; w++) {
            Instant start = t0.plusSeconds(60L * w);
            ChannelKpi kpi = new ChannelKpi(channel, type, start, start.plusSeconds(60), 10, 20,
                    new BigDecimal("1234.50"), 8, 1, 0.875, 0, 3, 2, 600L, 3600L, 1, 1, 1);
            metrics.onKpi(kpi);
            history.onKpi(kpi);
        }
        for (Rule rule : Rule.values()) {
            for (Severity severity : Severity.values()) {
                metrics.onAlert(new Alert(channel + rule + severity, rule, AlertStatus.FIRING, severity, t0, t0, channel,
                        type, "P", "R", null, null, null, null, "s", AlertDetails.sla(t0, t0, null, null, null), List.of("e")));
            }
        }
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
