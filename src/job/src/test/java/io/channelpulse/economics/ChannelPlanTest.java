package io.channelpulse.economics;

import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.config.Economics;
import io.channelpulse.job.Guarded;
import io.channelpulse.model.Alert;
import io.channelpulse.model.AlertStatus;
import io.channelpulse.model.BusinessMonths;
import io.channelpulse.model.ChannelEconomics;
import io.channelpulse.model.ChannelType;
import io.channelpulse.model.Partner;
import io.channelpulse.model.PartnerTier;
import io.channelpulse.model.PartnerTierRecord;
import io.channelpulse.model.Rule;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The plan's decisions at each close, on exact figures: the 5% / 10% share limits and ROI 1 are
 * strict, tiers follow ceil(20% N) and ceil(50% N) with ties sharing the better tier, and a tier
 * changes only after the same new tier at two consecutive closes.
 */
class ChannelPlanTest {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final Duration GRACE = Duration.ofDays(5);

    private KeyedTwoInputStreamOperatorTestHarness<String, ChannelMonth, Partner, Alert> harness;

    @AfterEach
    void tearDown() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    void start(Economics economics) throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                Guarded.keyedCo(ChannelPlan.UID, new ChannelPlan(economics)), m -> ChannelPlan.KEY, p -> ChannelPlan.KEY, Types.STRING);
    }

    static Economics windowOf(int months) {
        Economics d = Economics.defaults();
        Economics.Tiering t = d.tiering();
        return new Economics(d.closeGrace(), new Economics.Tiering(t.coreShare(), t.qualityShare(), t.hysteresisMonths(), months, t.scope()),
                d.inefficientChannel(), d.stores(), d.roi());
    }

    static Instant closeOf(String period) {
        return BusinessMonths.closeAt(period, ZONE, GRACE);
    }

    static Totals t(String revenue, String cost) {
        return new Totals(new BigDecimal(revenue), new BigDecimal(cost));
    }

    static ChannelMonth month(String channel, String period, Totals totals, PartnerMonth... partners) {
        return new ChannelMonth(channel, period, closeOf(period), totals, List.of(partners), List.of());
    }

    void partner(String id, String channel, ChannelType type, PartnerTier tier) throws Exception {
        harness.processElement2(new StreamRecord<>(new Partner(id, channel, type, List.of("R-1"), tier, id)));
    }

    /** Feeds one closed month of every channel and moves the watermark to its close. */
    void close(String period, ChannelMonth... channels) throws Exception {
        for (ChannelMonth m : channels) {
            harness.processElement1(new StreamRecord<>(m, m.closeAt().toEpochMilli()));
        }
        harness.processBothWatermarks(new Watermark(closeOf(period).toEpochMilli()));
    }

    List<Alert> alerts(Rule rule) {
        return harness.extractOutputValues().stream().filter(a -> a.rule() == rule).toList();
    }

    List<PartnerTierRecord> tiers(String kind, String period) {
        List<PartnerTierRecord> out = new ArrayList<>();
        harness.getSideOutput(ChannelPlan.TIERS).forEach(r -> {
            if (r.getValue().kind().equals(kind) && r.getValue().period().equals(period)) {
                out.add(r.getValue());
            }
        });
        return out;
    }

    PartnerTierRecord row(String partner, String period) {
        return tiers(PartnerTierRecord.TIER, period).stream().filter(r -> r.partnerId().equals(partner)).findFirst().orElseThrow();
    }

    @Test
    void inefficientBelowFivePercentOfSalesAndAboveTenOfCostsButNotAtExactlyEither() throws Exception {
        start(Economics.defaults());
        // 4.99% of sales, 10.1% of costs: fires.
        close("2026-01", month("CH-A", "2026-01", t("9501", "899")), month("CH-X", "2026-01", t("499", "101")));
        // Exactly 5% of sales (20% of costs): no longer holds, resolves under the same id.
        close("2026-02", month("CH-A", "2026-02", t("9500", "800")), month("CH-X", "2026-02", t("500", "200")));
        // 1% of sales, exactly 10% of costs: does not fire.
        close("2026-03", month("CH-A", "2026-03", t("9900", "900")), month("CH-X", "2026-03", t("100", "100")));

        List<Alert> alerts = alerts(Rule.INEFFICIENT_CHANNEL);
        assertThat(alerts).extracting(Alert::status).containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
        assertThat(alerts).allSatisfy(a -> assertThat(a.channelId()).isEqualTo("CH-X"));
        assertThat(alerts.get(0).alertId()).isEqualTo(alerts.get(1).alertId());
        assertThat(alerts.get(0).eventTime()).isEqualTo(closeOf("2026-01"));
        assertThat(alerts.get(0).details().period()).isEqualTo("2026-01");
        assertThat(alerts.get(0).details().salesShare()).isEqualByComparingTo("0.0499");
        assertThat(alerts.get(0).details().costShare()).isEqualByComparingTo("0.101");
        assertThat(alerts.get(0).details().totalRevenue()).isEqualByComparingTo("10000");
        assertThat(alerts.get(0).details().totalCost()).isEqualByComparingTo("1000");
        assertThat(alerts.get(1).details().period()).isEqualTo("2026-02");
        assertThat(alerts.get(1).details().resolution()).isEqualTo("WITHIN_LIMITS");

        List<ChannelEconomics> economics = new ArrayList<>();
        harness.getSideOutput(ChannelPlan.ECONOMICS).forEach(r -> economics.add(r.getValue()));
        assertThat(economics).extracting(e -> e.period() + " " + e.channelId() + " " + e.salesShare().toPlainString()
                        + " " + e.costShare().toPlainString() + " " + e.inefficient())
                .containsExactly(
                        "2026-01 CH-A 0.950100 0.899000 false", "2026-01 CH-X 0.049900 0.101000 true",
                        "2026-02 CH-A 0.950000 0.800000 false", "2026-02 CH-X 0.050000 0.200000 false",
                        "2026-03 CH-A 0.990000 0.900000 false", "2026-03 CH-X 0.010000 0.100000 false");
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void anOpenInefficientChannelWithoutAnyFiguresInALaterMonthResolves() throws Exception {
        start(Economics.defaults());
        close("2026-01", month("CH-A", "2026-01", t("9600", "800")), month("CH-X", "2026-01", t("400", "200")));
        close("2026-02", month("CH-A", "2026-02", t("100", "10")));
        assertThat(alerts(Rule.INEFFICIENT_CHANNEL)).extracting(Alert::status)
                .containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
    }

    @Test
    void roiBelowOneFiresForSupermarketPartnersOnlyAndNotAtExactlyOne() throws Exception {
        start(Economics.defaults());
        partner("P-S", "CH-S", ChannelType.SUPERMARKET, null);
        partner("P-D", "CH-D", ChannelType.DEALER, null);
        // ROI exactly 1 over one month: no alert. The dealer partner's ROI of 0.1 is not judged.
        close("2026-01", month("CH-S", "2026-01", t("300", "300"), new PartnerMonth("P-S", t("300", "300"))),
                month("CH-D", "2026-01", t("10", "100"), new PartnerMonth("P-D", t("10", "100"))));
        // 400 / 600 over two months: fires.
        close("2026-02", month("CH-S", "2026-02", t("100", "300"), new PartnerMonth("P-S", t("100", "300"))));
        // 400 / 600 + 900 revenue, no costs: 1300 / 600 over the three months, resolves.
        close("2026-03", month("CH-S", "2026-03", t("900", "0"), new PartnerMonth("P-S", t("900", "0"))));

        List<Alert> alerts = alerts(Rule.PARTNER_ROI_BELOW_ONE);
        assertThat(alerts).extracting(a -> a.status() + " " + a.partnerId() + " " + a.details().period() + " " + a.details().roi()
                        + " " + a.details().windowMonths())
                .containsExactly("FIRING P-S 2026-02 0.6667 2", "RESOLVED P-S 2026-03 2.1667 3");
        assertThat(alerts.get(0).alertId()).isEqualTo(alerts.get(1).alertId());
        assertThat(alerts.get(0).channelId()).isEqualTo("CH-S");
    }

    @Test
    void roiUsesOnlyTheTrailingMonths() throws Exception {
        start(Economics.defaults());
        partner("P-S", "CH-S", ChannelType.SUPERMARKET, null);
        close("2026-01", month("CH-S", "2026-01", t("0", "900"), new PartnerMonth("P-S", t("0", "900"))));
        close("2026-02", month("CH-S", "2026-02", t("500", "100"), new PartnerMonth("P-S", t("500", "100"))));
        close("2026-03", month("CH-S", "2026-03", t("500", "100"), new PartnerMonth("P-S", t("500", "100"))));
        // 2026-02..04: 1500 / 300; January's 900 of costs has left the window.
        close("2026-04", month("CH-S", "2026-04", t("500", "100"), new PartnerMonth("P-S", t("500", "100"))));
        assertThat(alerts(Rule.PARTNER_ROI_BELOW_ONE)).extracting(a -> a.status() + " " + a.details().period())
                .containsExactly("FIRING 2026-01", "RESOLVED 2026-04");
    }

    @Test
    void tierBandsAreCeilOfTwentyAndFiftyPercentAndTiesShareTheBetterTier() throws Exception {
        start(windowOf(1));
        List<PartnerMonth> partners = new ArrayList<>();
        // P-01 1000, P-02 and P-03 tie at 900 (rank 2, 2), then 800 .. 200; P-11 has no revenue.
        String[] revenue = {"1000", "900", "900", "800", "700", "600", "500", "400", "300", "200", "0"};
        for (int i = 0; i < revenue.length; i++) {
            partners.add(new PartnerMonth(String.format("P-%02d", i + 1), t(revenue[i], "0")));
        }
        close("2026-01", month("CH-A", "2026-01", t("6300", "0"), partners.toArray(PartnerMonth[]::new)));

        // N = 10: CORE to rank ceil(2) = 2, QUALITY to rank ceil(5) = 5.
        assertThat(tiers(PartnerTierRecord.TIER, "2026-01")).extracting(r -> r.partnerId() + " " + r.rank() + " " + r.computedTier())
                .containsExactly("P-01 1 CORE", "P-02 2 CORE", "P-03 2 CORE", "P-04 4 QUALITY", "P-05 5 QUALITY",
                        "P-06 6 BASIC", "P-07 7 BASIC", "P-08 8 BASIC", "P-09 9 BASIC", "P-10 10 BASIC");
        assertThat(tiers(PartnerTierRecord.TIER, "2026-01")).allSatisfy(r -> {
            assertThat(r.ranked()).isEqualTo(10);
            assertThat(r.publishedTier()).as("first publication: the computed tier").isEqualTo(r.computedTier());
        });
        assertThat(tiers(PartnerTierRecord.TIER_CHANGED, "2026-01")).as("a first publication is not a change").isEmpty();
    }

    @Test
    void aTierChangesOnlyAfterTheSameNewTierAtTwoConsecutiveCloses() throws Exception {
        start(windowOf(1));
        partner("P-M", "CH-A", ChannelType.DEALER, PartnerTier.CORE);
        // P-1 and P-2 are CORE, P-M is BASIC by rank but CORE by master data (N = 5: CORE ≤ 1, QUALITY ≤ 3).
        close("2026-01", month("CH-A", "2026-01", t("0", "0"), new PartnerMonth("P-1", t("500", "0")),
                new PartnerMonth("P-2", t("400", "0")), new PartnerMonth("P-3", t("300", "0")),
                new PartnerMonth("P-4", t("200", "0")), new PartnerMonth("P-M", t("100", "0"))));
        // P-3 reaches CORE and P-1 falls to BASIC, for one month only; P-M is BASIC again: its change.
        close("2026-02", month("CH-A", "2026-02", t("0", "0"), new PartnerMonth("P-1", t("200", "0")),
                new PartnerMonth("P-2", t("400", "0")), new PartnerMonth("P-3", t("500", "0")),
                new PartnerMonth("P-4", t("300", "0")), new PartnerMonth("P-M", t("100", "0"))));
        close("2026-03", month("CH-A", "2026-03", t("0", "0"), new PartnerMonth("P-1", t("500", "0")),
                new PartnerMonth("P-2", t("400", "0")), new PartnerMonth("P-3", t("300", "0")),
                new PartnerMonth("P-4", t("200", "0")), new PartnerMonth("P-M", t("100", "0"))));

        assertThat(row("P-M", "2026-01")).satisfies(r -> {
            assertThat(r.publishedTier()).as("master data's tier is the first published").isEqualTo(PartnerTier.CORE);
            assertThat(r.computedTier()).isEqualTo(PartnerTier.BASIC);
            assertThat(r.pendingTier()).isEqualTo(PartnerTier.BASIC);
            assertThat(r.pendingCount()).isEqualTo(1);
        });
        assertThat(row("P-3", "2026-02").computedTier()).isEqualTo(PartnerTier.CORE);
        assertThat(row("P-3", "2026-02").publishedTier()).isEqualTo(PartnerTier.QUALITY);
        assertThat(row("P-1", "2026-02").computedTier()).isEqualTo(PartnerTier.BASIC);
        assertThat(row("P-3", "2026-03").publishedTier()).isEqualTo(PartnerTier.QUALITY);
        assertThat(row("P-1", "2026-03").publishedTier()).isEqualTo(PartnerTier.CORE);

        List<PartnerTierRecord> changes = new ArrayList<>();
        for (String period : List.of("2026-01", "2026-02", "2026-03")) {
            changes.addAll(tiers(PartnerTierRecord.TIER_CHANGED, period));
        }
        assertThat(changes).extracting(c -> c.period() + " " + c.partnerId() + " " + c.fromTier() + "→" + c.toTier())
                .containsExactly("2026-02 P-M CORE→BASIC");
    }

    @Test
    void channelTypeScopeRanksWithinEachChannelType() throws Exception {
        Economics d = Economics.defaults();
        Economics.Tiering t = d.tiering();
        start(new Economics(d.closeGrace(), new Economics.Tiering(t.coreShare(), t.qualityShare(), t.hysteresisMonths(),
                t.windowMonths(), Economics.Tiering.Scope.CHANNEL_TYPE), d.inefficientChannel(), d.stores(), d.roi()));
        partner("P-D1", "CH-D", ChannelType.DEALER, null);
        partner("P-D2", "CH-D", ChannelType.DEALER, null);
        partner("P-S1", "CH-S", ChannelType.SUPERMARKET, null);
        close("2026-01", month("CH-D", "2026-01", t("0", "0"), new PartnerMonth("P-D1", t("1000", "0")), new PartnerMonth("P-D2", t("900", "0"))),
                month("CH-S", "2026-01", t("0", "0"), new PartnerMonth("P-S1", t("10", "0"))));
        // Dealers: N = 2, so CORE and QUALITY both end at rank 1 (ceil 0.4, ceil 1.0). The supermarket
        // partner is alone in its scope, so CORE although it sold least (ranked with all, BASIC).
        assertThat(tiers(PartnerTierRecord.TIER, "2026-01")).extracting(r -> r.partnerId() + " " + r.scope() + " " + r.rank()
                        + "/" + r.ranked() + " " + r.publishedTier())
                .containsExactly("P-D1 DEALER 1/2 CORE", "P-D2 DEALER 2/2 BASIC", "P-S1 SUPERMARKET 1/1 CORE");
    }

    @Test
    void rankingUsesTheTrailingWindowAndSaysHowManyMonthsItHad() throws Exception {
        start(Economics.defaults());
        close("2026-01", month("CH-A", "2026-01", t("0", "0"), new PartnerMonth("P-1", t("100", "0")), new PartnerMonth("P-2", t("150", "0"))));
        close("2026-02", month("CH-A", "2026-02", t("0", "0"), new PartnerMonth("P-1", t("100", "0"))));
        assertThat(row("P-1", "2026-02").revenue()).isEqualByComparingTo("200");
        assertThat(row("P-1", "2026-02").rank()).isEqualTo(1);
        assertThat(row("P-2", "2026-02").revenue()).isEqualByComparingTo("150");
        assertThat(row("P-1", "2026-02").windowMonths()).isEqualTo(2);
    }

    /**
     * The size a national network runs at: 20,000 partners in 50 channels over 14 closes. The plan
     * keeps only the window's months per partner, and each close ranks everyone.
     */
    @Test
    void twentyThousandPartnersOverFourteenMonths() throws Exception {
        start(Economics.defaults());
        int partners = 20_000;
        for (int m = 0; m < 14; m++) {
            String period = BusinessMonths.plus("2025-01", m);
            List<ChannelMonth> channels = new ArrayList<>();
            for (int c = 0; c < 50; c++) {
                List<PartnerMonth> ps = new ArrayList<>();
                for (int p = c; p < partners; p += 50) {
                    ps.add(new PartnerMonth(String.format("P-%05d", p), t(Integer.toString(p + 1 + m), "1")));
                }
                channels.add(month("CH-" + c, period, t("1000", "100"), ps.toArray(PartnerMonth[]::new)));
            }
            close(period, channels.toArray(ChannelMonth[]::new));
        }
        String last = BusinessMonths.plus("2025-01", 13);
        List<PartnerTierRecord> table = tiers(PartnerTierRecord.TIER, last);
        assertThat(table).hasSize(partners);
        assertThat(table).filteredOn(r -> r.publishedTier() == PartnerTier.CORE).hasSize(4_000);
        assertThat(table).filteredOn(r -> r.publishedTier() == PartnerTier.QUALITY).hasSize(6_000);
        assertThat(table).filteredOn(r -> r.publishedTier() == PartnerTier.BASIC).hasSize(10_000);
        // P-00000 earned 1 + m in month m: the last 12 closes are months 2..13.
        PartnerTierRecord first = row("P-00000", last);
        assertThat(first.windowMonths()).isEqualTo(12);
        assertThat(first.revenue()).isEqualByComparingTo(Integer.toString(java.util.stream.IntStream.rangeClosed(2, 13).map(m -> 1 + m).sum()));
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void directStoreMonthsGoToTheStoreRuleAndOtherChannelsDoNot() throws Exception {
        start(Economics.defaults());
        partner("P-D", "CH-D", ChannelType.DIRECT_STORE, null);
        partner("P-A", "CH-A", ChannelType.DEALER, null);
        OutletMonth store = new OutletMonth("O-1", "P-D", t("100", "150"));
        close("2026-01",
                new ChannelMonth("CH-D", "2026-01", closeOf("2026-01"), t("100", "150"), List.of(), List.of(store)),
                new ChannelMonth("CH-A", "2026-01", closeOf("2026-01"), t("100", "150"), List.of(),
                        List.of(new OutletMonth("O-2", "P-A", t("100", "150")))));
        List<OutletProfit> months = new ArrayList<>();
        harness.getSideOutput(ChannelPlan.OUTLETS).forEach(r -> months.add(r.getValue()));
        assertThat(months).singleElement().satisfies(p -> {
            assertThat(p.outletId()).isEqualTo("O-1");
            assertThat(p.profit()).isEqualByComparingTo("-50");
            assertThat(p.isLoss()).isTrue();
            assertThat(p.closeAt()).isEqualTo(closeOf("2026-01"));
        });
    }
}
