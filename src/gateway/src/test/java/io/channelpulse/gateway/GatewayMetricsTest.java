package io.channelpulse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gateway's Prometheus metrics: names, units, bounded labels and values. */
class GatewayMetricsTest {

    static final Instant T0 = Instant.parse("2026-11-29T08:00:00Z");

    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final ChannelDirectory directory = new ChannelDirectory(100, 1_000);
    final GatewayMetrics metrics = new GatewayMetrics(registry, directory);

    {
        partner("P-1", "CH-1", ChannelType.DEALER);
    }

    void partner(String partnerId, String channelId, ChannelType type) {
        assertThat(directory.apply(new Partner(partnerId, channelId, type, List.of("R-1"), null, null)))
                .isEqualTo(ChannelDirectory.Outcome.APPLIED);
    }

    static ChannelKpi kpi(String channel, Instant start, String revenue, long units, Double compliance, Long p50, Long p95) {
        return new ChannelKpi(channel, ChannelType.DEALER, start, start.plusSeconds(60), 3, units, new BigDecimal(revenue),
                4, 1, compliance, 0, 2, 1, p50, p95, 1, 0, 2);
    }

    static Alert alert(String id, AlertStatus status, Rule rule) {
        return new Alert(id, rule, status, Severity.CRITICAL, T0, T0, "CH-1", null, "P-1", "R-1", "O-1", "SKU-1", null, null,
                "s", AlertDetails.price(BigDecimal.ONE, BigDecimal.TEN, new BigDecimal("0.9"), "CNY", "POS"), List.of("e"));
    }

    @Test
    void kpisBecomeLastWindowGaugesAndCumulativeCountersWithBaseUnits() {
        metrics.onKpi(kpi("CH-1", T0, "100.50", 5, 0.75, 600L, 3600L));
        metrics.onKpi(kpi("CH-1", T0.plusSeconds(60), "20.25", 2, null, null, null));
        String scrape = registry.scrape();

        assertThat(scrape).contains("channelpulse_kpi_window_revenue_cny{channel=\"CH-1\",channel_type=\"DEALER\"} 20.25");
        assertThat(scrape).contains("channelpulse_kpi_window_units{channel=\"CH-1\",channel_type=\"DEALER\"} 2.0");
        assertThat(scrape).contains("channelpulse_kpi_revenue_cny_total{channel=\"CH-1\",channel_type=\"DEALER\"} 120.75");
        assertThat(scrape).contains("channelpulse_kpi_units_total{channel=\"CH-1\",channel_type=\"DEALER\"} 7.0");
        // compliance and response times keep the last window that had any
        assertThat(scrape).contains("channelpulse_kpi_price_compliance_ratio{channel=\"CH-1\",channel_type=\"DEALER\"} 0.75");
        assertThat(scrape).contains("channelpulse_kpi_response_time_p95_seconds{channel=\"CH-1\",channel_type=\"DEALER\"} 3600.0");
        assertThat(scrape).contains("channelpulse_kpi_sla_breaches_total{channel=\"CH-1\",channel_type=\"DEALER\"} 2.0");
        assertThat(scrape).contains("channelpulse_kpi_diverted_sightings_total{channel=\"CH-1\",channel_type=\"DEALER\"} 4.0");
        assertThat(scrape).contains("channelpulse_kpi_window_end_timestamp_seconds{channel=\"CH-1\",channel_type=\"DEALER\"} 1.79593932E9");
    }

    @Test
    void anOlderWindowArrivingLateDoesNotOverwriteTheLastWindowGauges() {
        metrics.onKpi(kpi("CH-1", T0.plusSeconds(60), "20", 2, 1.0, null, null));
        metrics.onKpi(kpi("CH-1", T0, "100", 5, 0.5, null, null));
        assertThat(registry.scrape()).contains("channelpulse_kpi_window_revenue_cny{channel=\"CH-1\",channel_type=\"DEALER\"} 20.0");
    }

    @Test
    void openAlertsCountFiringUntilResolvedAndIgnoreRepeats() {
        metrics.onAlert(alert("a", AlertStatus.FIRING, Rule.PRICE_BELOW_GUIDE));
        metrics.onAlert(alert("a", AlertStatus.FIRING, Rule.PRICE_BELOW_GUIDE)); // redelivered
        metrics.onAlert(alert("b", AlertStatus.FIRING, Rule.PRICE_BELOW_GUIDE));
        metrics.onAlert(alert("a", AlertStatus.RESOLVED, Rule.PRICE_BELOW_GUIDE));
        String scrape = registry.scrape();
        assertThat(scrape).contains("channelpulse_alerts_open{rule=\"PRICE_BELOW_GUIDE\"} 1.0");
        assertThat(scrape).contains("channelpulse_alerts_open{rule=\"ORDER_RESPONSE_SLA\"} 0.0");
        assertThat(scrape).contains("channelpulse_alerts_total{channel=\"CH-1\",rule=\"PRICE_BELOW_GUIDE\",severity=\"CRITICAL\"} 3.0");
        assertThat(scrape).contains("channelpulse_alerts_resolved_total{channel=\"CH-1\",rule=\"PRICE_BELOW_GUIDE\",severity=\"CRITICAL\"} 1.0");
    }

    @Test
    void labelsAreBoundedToChannelTypeRuleAndSeverity() {
        metrics.onKpi(kpi("CH-1", T0, "1", 1, 1.0, 1L, 1L));
        metrics.onAlert(alert("a", AlertStatus.FIRING, Rule.PRICE_BELOW_GUIDE));
        String scrape = registry.scrape();
        java.util.Set<String> labels = new java.util.TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("[{,]([a-z_]+)=\"").matcher(scrape);
        while (m.find()) {
            labels.add(m.group(1));
        }
        assertThat(labels).containsOnly("channel", "channel_type", "rule", "severity", "kind");
        assertThat(scrape).contains("channelpulse_kpi_orders_opened_total");
    }

    /** The scrape's lines of one metric for one channel. */
    static List<String> series(String scrape, String metric, String channel) {
        return scrape.lines().filter(l -> l.startsWith(metric + "{") && l.contains("channel=\"" + channel + "\"")).toList();
    }

    @Test
    void aChannelWhoseTypeChangesHasExactlyOneSeriesWithTheNewType() {
        metrics.onKpi(kpi("CH-1", T0, "100", 5, 1.0, null, null).withChannelType(null)); // the job had not seen the partner yet
        metrics.onKpi(kpi("CH-1", T0.plusSeconds(60), "10", 1, 1.0, null, null));
        partner("P-1", "CH-1", ChannelType.ONLINE); // master data re-types the channel
        metrics.onKpi(kpi("CH-1", T0.plusSeconds(120), "1", 1, 1.0, null, null));
        String scrape = registry.scrape();

        assertThat(series(scrape, "channelpulse_kpi_window_end_timestamp_seconds", "CH-1"))
                .singleElement().asString().contains("channel_type=\"ONLINE\"");
        assertThat(series(scrape, "channelpulse_kpi_revenue_cny_total", "CH-1"))
                .containsExactly("channelpulse_kpi_revenue_cny_total{channel=\"CH-1\",channel_type=\"ONLINE\"} 111.0");
        assertThat(scrape).doesNotContain("channel_type=\"unknown\"").doesNotContain("channel_type=\"DEALER\"");
    }

    @Test
    void aChannelThatLeavesMasterDataLosesAllItsSeries() {
        metrics.onKpi(kpi("CH-1", T0, "100", 5, 1.0, null, null));
        metrics.onAlert(alert("a", AlertStatus.FIRING, Rule.PRICE_BELOW_GUIDE));
        partner("P-1", "CH-2", ChannelType.DEALER); // its only partner moved to another channel
        String scrape = registry.scrape();
        assertThat(scrape).doesNotContain("channel=\"CH-1\"");
        metrics.onKpi(kpi("CH-1", T0.plusSeconds(60), "7", 1, 1.0, null, null));
        assertThat(registry.scrape()).doesNotContain("channel=\"CH-1\"")
                .contains("channelpulse_kpi_revenue_cny_total{channel=\"other\",channel_type=\"unknown\"} 7.0");
    }

    @Test
    void channelsMasterDataDoesNotNameAreAddedUpUnderOtherWithoutLastWindowGauges() {
        metrics.onKpi(kpi("JUNK-1", T0, "3", 1, 1.0, null, null));
        metrics.onKpi(kpi("JUNK-2", T0, "4", 1, 1.0, null, null));
        metrics.onAlert(new Alert("j", Rule.ORDER_RESPONSE_SLA, AlertStatus.FIRING, Severity.WARNING, T0, T0, "JUNK-1", null, "P", "R",
                null, null, null, null, "s", AlertDetails.sla(T0, T0, null, null, null), List.of("e")));
        String scrape = registry.scrape();
        assertThat(scrape).doesNotContain("JUNK-")
                .contains("channelpulse_kpi_revenue_cny_total{channel=\"other\",channel_type=\"unknown\"} 7.0")
                .contains("channelpulse_kpi_windows_total{channel=\"other\",channel_type=\"unknown\"} 2.0")
                .contains("channelpulse_alerts_total{channel=\"other\",rule=\"ORDER_RESPONSE_SLA\",severity=\"WARNING\"} 1.0")
                .contains("channelpulse_gateway_unknown_channel_records_total{kind=\"kpi\"} 2.0")
                .contains("channelpulse_gateway_unknown_channel_records_total{kind=\"alert\"} 1.0");
        // a gauge summed over many channels' "last window" would mean nothing, and would look silent to ChannelPulseChannelSilent
        assertThat(series(scrape, "channelpulse_kpi_window_end_timestamp_seconds", "other")).isEmpty();
    }

    @Test
    void anAlertAloneGivesAChannelNoWindowGaugeThatWouldLookSilent() {
        metrics.onAlert(alert("a", AlertStatus.FIRING, Rule.PRICE_BELOW_GUIDE));
        assertThat(series(registry.scrape(), "channelpulse_kpi_window_end_timestamp_seconds", "CH-1")).isEmpty();
    }

    @Test
    void seriesStayAtTheBoundWhateverChannelIdsTheInputAndMasterDataCarry() {
        ChannelDirectory capped = new ChannelDirectory(50, 200_000);
        PrometheusMeterRegistry bounded = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        GatewayMetrics m = new GatewayMetrics(bounded, capped.bindTo(bounded));
        for (int i = 0; i < 100_000; i++) {
            // bad master data names a new channel each time; the data names channels nobody named
            capped.apply(new Partner("P-" + i, "M-" + i, ChannelType.DEALER, List.of("R"), null, null));
            m.onKpi(kpi("M-" + i, T0, "1", 1, 1.0, 1L, 1L));
            m.onKpi(kpi("JUNK-" + i, T0, "1", 1, 1.0, 1L, 1L));
            m.onAlert(new Alert("a-" + i, Rule.ORDER_RESPONSE_SLA, AlertStatus.FIRING, Severity.WARNING, T0, T0, "JUNK-" + i, null, "P", "R",
                    null, null, null, null, "s", AlertDetails.sla(T0, T0, null, null, null), List.of("e")));
        }
        assertThat(capped.channelCount()).isEqualTo(50);
        assertThat(capped.rejected(ChannelDirectory.Outcome.OVER_MAX_CHANNELS)).isEqualTo(100_000 - 50);
        assertThat(m.channelsWithSeries()).isEqualTo(50);
        String scrape = bounded.scrape();
        assertThat(scrape).doesNotContain("JUNK-").doesNotContain("channel=\"M-50\"");
        // 17 KPI series per channel with series, 11 counters and 1 alert counter for "other", fixed meters of the gateway
        long channelSeries = scrape.lines().filter(l -> !l.startsWith("#") && l.contains("channel=\"M-")).count();
        assertThat(channelSeries).isEqualTo(50L * 17);
        assertThat(bounded.getMeters()).hasSizeLessThan(50 * 17 + 40);
    }
}
