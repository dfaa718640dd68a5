package io.channelpulse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.model.Alert;
import io.channelpulse.model.AlertDetails;
import io.channelpulse.model.AlertStatus;
import io.channelpulse.model.ChannelEconomics;
import io.channelpulse.model.ChannelType;
import io.channelpulse.model.Partner;
import io.channelpulse.model.PartnerTier;
import io.channelpulse.model.PartnerTierRecord;
import io.channelpulse.model.Rule;
import io.channelpulse.model.Severity;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The channel plan's Prometheus metrics: tier counts, a channel's closed month, open economics alerts; labels bounded by master data. */
class ChannelPlanMetricsTest {

    static final Instant OCT_CLOSE = Instant.parse("2026-11-04T16:00:00Z");
    static final Instant NOV_CLOSE = Instant.parse("2026-12-05T16:00:00Z");

    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final ChannelDirectory directory = new ChannelDirectory(100, 1_000);
    final GatewayMetrics gateway = new GatewayMetrics(registry, directory);
    final ChannelPlanMetrics metrics = new ChannelPlanMetrics(registry, directory);

    {
        partner("P-1", "CH-S", ChannelType.SUPERMARKET);
        partner("P-2", "CH-S", ChannelType.SUPERMARKET);
        partner("P-3", "CH-S", ChannelType.SUPERMARKET);
        partner("P-4", "CH-D", ChannelType.DIRECT_STORE);
    }

    void partner(String partnerId, String channelId, ChannelType type) {
        assertThat(directory.apply(new Partner(partnerId, channelId, type, List.of("R-1"), null, null)))
                .isEqualTo(ChannelDirectory.Outcome.APPLIED);
    }

    static PartnerTierRecord tier(String period, Instant close, String partner, String channel, PartnerTier published) {
        return new PartnerTierRecord(PartnerTierRecord.TIER, period, close, partner, channel, ChannelType.SUPERMARKET, "ALL",
                published, published, null, null, null, null, new BigDecimal("1000.00"), 12, 1, 4);
    }

    static ChannelEconomics month(String channel, String period, Instant close, String revenue, String cost,
            String salesShare, String costShare, boolean inefficient) {
        return new ChannelEconomics(period, close, channel, ChannelType.SUPERMARKET, new BigDecimal(revenue), new BigDecimal(cost),
                salesShare == null ? null : new BigDecimal(salesShare), costShare == null ? null : new BigDecimal(costShare),
                new BigDecimal("100000"), new BigDecimal("20000"), 3, 0, inefficient);
    }

    static Alert economicsAlert(String id, Rule rule, AlertStatus status, String channel) {
        return new Alert(id, rule, status, Severity.WARNING, NOV_CLOSE, NOV_CLOSE, channel, null, "P-1", null, null, null, null, null,
                "s", AlertDetails.roi("2026-11", BigDecimal.ONE, BigDecimal.TEN, new BigDecimal("0.1"), 3), List.of());
    }

    void alert(Alert a) {
        gateway.onAlert(a);
        metrics.onAlert(a);
    }

    @Test
    void tierCountsArePublishedTiersOfTheLatestCloseWithZeroForEmptyTiers() {
        metrics.onPartnerTier(tier("2026-10", OCT_CLOSE, "P-1", "CH-S", PartnerTier.CORE));
        metrics.onPartnerTier(tier("2026-10", OCT_CLOSE, "P-2", "CH-S", PartnerTier.CORE));
        metrics.onPartnerTier(tier("2026-11", NOV_CLOSE, "P-1", "CH-S", PartnerTier.CORE));
        metrics.onPartnerTier(tier("2026-11", NOV_CLOSE, "P-2", "CH-S", PartnerTier.QUALITY));
        metrics.onPartnerTier(tier("2026-11", NOV_CLOSE, "P-3", "CH-S", PartnerTier.QUALITY));
        // a change record repeats a partner of the table: it must not be counted twice
        metrics.onPartnerTier(new PartnerTierRecord(PartnerTierRecord.TIER_CHANGED, "2026-11", NOV_CLOSE, "P-2", "CH-S",
                ChannelType.SUPERMARKET, "ALL", PartnerTier.QUALITY, PartnerTier.QUALITY, null, null, PartnerTier.CORE, PartnerTier.QUALITY,
                BigDecimal.TEN, 12, 2, 4));
        // an older close read late does not overwrite the latest
        metrics.onPartnerTier(tier("2026-10", OCT_CLOSE, "P-3", "CH-S", PartnerTier.BASIC));
        String scrape = registry.scrape();
        assertThat(scrape)
                .contains("channelpulse_partner_tier_partners{channel=\"CH-S\",channel_type=\"SUPERMARKET\",tier=\"CORE\"} 1.0")
                .contains("channelpulse_partner_tier_partners{channel=\"CH-S\",channel_type=\"SUPERMARKET\",tier=\"QUALITY\"} 2.0")
                .contains("channelpulse_partner_tier_partners{channel=\"CH-S\",channel_type=\"SUPERMARKET\",tier=\"BASIC\"} 0.0")
                .contains("channelpulse_partner_tier_changes_total{channel=\"CH-S\",channel_type=\"SUPERMARKET\",tier=\"QUALITY\"} 1.0");
    }

    @Test
    void aChannelsLatestClosedMonthBecomesShareCostAndRevenueGauges() {
        metrics.onChannelEconomics(month("CH-S", "2026-11", NOV_CLOSE, "4000.50", "3000", "0.040005", "0.15", true));
        metrics.onChannelEconomics(month("CH-S", "2026-10", OCT_CLOSE, "9000", "1000", "0.09", "0.05", false)); // late, older
        String scrape = registry.scrape();
        String labels = "{channel=\"CH-S\",channel_type=\"SUPERMARKET\"}";
        assertThat(scrape)
                .contains("channelpulse_economics_revenue_cny" + labels + " 4000.5")
                .contains("channelpulse_economics_cost_cny" + labels + " 3000.0")
                .contains("channelpulse_economics_sales_share_ratio" + labels + " 0.040005")
                .contains("channelpulse_economics_cost_share_ratio" + labels + " 0.15")
                .contains("channelpulse_economics_inefficient" + labels + " 1.0")
                .contains("channelpulse_economics_close_timestamp_seconds" + labels + " 1.7964864E9");
    }

    @Test
    void aShareWithoutATotalIsNotANumberRatherThanZero() {
        metrics.onChannelEconomics(month("CH-S", "2026-11", NOV_CLOSE, "0", "10", null, "1", false));
        assertThat(registry.scrape()).contains("channelpulse_economics_sales_share_ratio{channel=\"CH-S\",channel_type=\"SUPERMARKET\"} NaN");
    }

    @Test
    void openEconomicsAlertsAreCountedPerChannelAndRuleByAlertId() {
        alert(economicsAlert("roi-1", Rule.PARTNER_ROI_BELOW_ONE, AlertStatus.FIRING, "CH-S"));
        alert(economicsAlert("roi-1", Rule.PARTNER_ROI_BELOW_ONE, AlertStatus.FIRING, "CH-S")); // redelivered
        alert(economicsAlert("roi-2", Rule.PARTNER_ROI_BELOW_ONE, AlertStatus.FIRING, "CH-S"));
        alert(economicsAlert("ine-1", Rule.INEFFICIENT_CHANNEL, AlertStatus.FIRING, "CH-S"));
        alert(economicsAlert("ine-1", Rule.INEFFICIENT_CHANNEL, AlertStatus.RESOLVED, "CH-S"));
        alert(economicsAlert("st-1", Rule.STORE_CLOSURE_CANDIDATE, AlertStatus.FIRING, "CH-D"));
        alert(economicsAlert("p-1", Rule.PRICE_BELOW_GUIDE, AlertStatus.FIRING, "CH-S")); // not the plan's
        String scrape = registry.scrape();
        assertThat(scrape)
                .contains("channelpulse_economics_alerts_open{channel=\"CH-S\",channel_type=\"SUPERMARKET\",rule=\"PARTNER_ROI_BELOW_ONE\"} 2.0")
                .contains("channelpulse_economics_alerts_open{channel=\"CH-S\",channel_type=\"SUPERMARKET\",rule=\"INEFFICIENT_CHANNEL\"} 0.0")
                .contains("channelpulse_economics_alerts_open{channel=\"CH-D\",channel_type=\"DIRECT_STORE\",rule=\"STORE_CLOSURE_CANDIDATE\"} 1.0")
                .doesNotContain("rule=\"PRICE_BELOW_GUIDE\",channel")
                .doesNotContain("economics_alerts_open{channel=\"CH-S\",channel_type=\"SUPERMARKET\",rule=\"PRICE_BELOW_GUIDE\"");
        // the per-rule gauges iterate Rule.values(), so the plan's rules are there without listing them
        assertThat(scrape)
                .contains("channelpulse_alerts_open{rule=\"PARTNER_ROI_BELOW_ONE\"} 2.0")
                .contains("channelpulse_alerts_open{rule=\"INEFFICIENT_CHANNEL\"} 0.0")
                .contains("channelpulse_alerts_open{rule=\"STORE_CLOSURE_CANDIDATE\"} 1.0")
                .contains("channelpulse_alerts_total{channel=\"CH-S\",rule=\"PARTNER_ROI_BELOW_ONE\",severity=\"WARNING\"} 3.0");
    }

    @Test
    void aRetypedChannelKeepsItsValuesUnderExactlyOneType() {
        metrics.onChannelEconomics(month("CH-D", "2026-11", NOV_CLOSE, "10", "5", "0.1", "0.2", false));
        alert(economicsAlert("st-1", Rule.STORE_CLOSURE_CANDIDATE, AlertStatus.FIRING, "CH-D"));
        partner("P-4", "CH-D", ChannelType.DEALER);
        String scrape = registry.scrape();
        assertThat(scrape).doesNotContain("channel_type=\"DIRECT_STORE\"")
                .contains("channelpulse_economics_cost_cny{channel=\"CH-D\",channel_type=\"DEALER\"} 5.0")
                .contains("channelpulse_economics_alerts_open{channel=\"CH-D\",channel_type=\"DEALER\",rule=\"STORE_CLOSURE_CANDIDATE\"} 1.0");
        partner("P-4", "CH-S", ChannelType.SUPERMARKET); // its only partner leaves: the channel leaves master data
        assertThat(registry.scrape()).doesNotContain("channel=\"CH-D\"");
    }

    @Test
    void recordsOfChannelsAndPartnersMasterDataDoesNotNameGetNoSeriesOfTheirOwn() {
        metrics.onPartnerTier(tier("2026-11", NOV_CLOSE, "P-1", "JUNK-1", PartnerTier.CORE));
        metrics.onPartnerTier(tier("2026-11", NOV_CLOSE, "P-JUNK", "CH-S", PartnerTier.CORE));
        metrics.onChannelEconomics(month("JUNK-2", "2026-11", NOV_CLOSE, "1", "1", "0.5", "0.5", false));
        alert(economicsAlert("j-1", Rule.INEFFICIENT_CHANNEL, AlertStatus.FIRING, "JUNK-3"));
        String scrape = registry.scrape();
        assertThat(scrape).doesNotContain("JUNK")
                .doesNotContain("channelpulse_partner_tier_partners{channel=\"CH-S\"")
                .contains("channelpulse_gateway_unknown_channel_records_total{kind=\"partner-tier\"} 2.0")
                .contains("channelpulse_gateway_unknown_channel_records_total{kind=\"channel-economics\"} 1.0")
                .contains("channelpulse_economics_alerts_open{channel=\"other\",channel_type=\"unknown\",rule=\"INEFFICIENT_CHANNEL\"} 1.0");
    }

    @Test
    void seriesStayAtTheBoundWhateverIdsTheRecordsCarry() {
        ChannelDirectory capped = new ChannelDirectory(20, 200);
        PrometheusMeterRegistry bounded = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ChannelPlanMetrics m = new ChannelPlanMetrics(bounded, capped);
        for (int i = 0; i < 20_000; i++) {
            capped.apply(new Partner("P-" + i, "M-" + i, ChannelType.SUPERMARKET, List.of("R"), null, null));
            m.onPartnerTier(tier("2026-11", NOV_CLOSE, "P-" + i, "M-" + i, PartnerTier.CORE));
            m.onPartnerTier(tier("2026-11", NOV_CLOSE, "X-" + i, "M-0", PartnerTier.CORE));
            m.onChannelEconomics(month("M-" + i, "2026-11", NOV_CLOSE, "1", "1", "0.1", "0.1", false));
            m.onChannelEconomics(month("JUNK-" + i, "2026-11", NOV_CLOSE, "1", "1", "0.1", "0.1", false));
            m.onAlert(economicsAlert("a-" + i, Rule.PARTNER_ROI_BELOW_ONE, AlertStatus.FIRING, "JUNK-" + i));
        }
        String scrape = bounded.scrape();
        assertThat(scrape).doesNotContain("JUNK-").doesNotContain("channel=\"M-20\"");
        assertThat(m.channelsWithSeries()).isEqualTo(20);
        assertThat(m.partnersTracked()).isEqualTo(20);
        assertThat(scrape).contains("channelpulse_partner_tier_partners{channel=\"M-0\",channel_type=\"SUPERMARKET\",tier=\"CORE\"} 1.0");
        // per channel: 3 tier counts, 3 tier-change counters, 6 month gauges, 3 open-alert gauges; plus "other"'s 3 and 2 counters
        long channelSeries = scrape.lines().filter(l -> !l.startsWith("#") && l.contains("channel=\"M-")).count();
        assertThat(channelSeries).isEqualTo(20L * 15);
        assertThat(bounded.getMeters()).hasSizeLessThan(20 * 15 + 10);
    }
}
