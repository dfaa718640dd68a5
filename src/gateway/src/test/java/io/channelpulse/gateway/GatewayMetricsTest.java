package io.channelpulse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gateway's Prometheus metrics: names, units, bounded labels and values. */
class GatewayMetricsTest {

    static final Instant T0 = Instant.parse("2026-11-29T08:00:00Z");

    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final GatewayMetrics metrics = new GatewayMetrics(registry);

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
        assertThat(labels).containsOnly("channel", "channel_type", "rule", "severity");
        assertThat(scrape).contains("channelpulse_kpi_orders_opened_total");
    }
}
