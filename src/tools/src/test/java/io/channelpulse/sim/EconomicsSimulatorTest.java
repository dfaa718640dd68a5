package io.channelpulse.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.model.AlertStatus;
import io.channelpulse.model.BusinessMonths;
import io.channelpulse.model.ChannelCost;
import io.channelpulse.model.CostCategory;
import io.channelpulse.model.PartnerTier;
import io.channelpulse.model.PosSale;
import io.channelpulse.model.Rule;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator's economics history (issue 12), checked against the channel plan's formulas
 * computed from its emitted lines ({@link EconomicsFigures}), not against the job: the injected
 * cases give the intended monthly figures, everything else stays clear of every threshold, and no
 * cost is booked after its month closed.
 */
class EconomicsSimulatorTest {

    /** A business-month start in Asia/Shanghai: 2026-01-01T00:00+08:00. */
    static final Instant START = Instant.parse("2025-12-31T16:00:00Z");
    static final int MONTHS = 14;

    static SimulatorSettings settings;
    static Simulation sim;
    static EconomicsFigures figures;
    /** The closes a replay reaches: every month but the last. */
    static int closes;

    @BeforeAll
    static void simulate() {
        settings = SimulatorSettings.economicsDefaults(START, MONTHS);
        sim = new Simulator(settings).run();
        figures = new EconomicsFigures(sim, settings);
        closes = MONTHS - 1;
    }

    static String month(int m) {
        return EconomicsPlan.period(settings, m);
    }

    @Test
    void economicsAreOptInSoTheDefaultHistoryHasNoCostsAndNoTierTruth() {
        Simulation plain = new Simulator(SimulatorSettings.defaults(START, Duration.ofDays(1))).run();
        assertThat(plain.emissions()).noneMatch(e -> e.stream().equals("channel-costs"));
        assertThat(plain.anomalies()).noneMatch(a -> a.rule().isEconomics());
        assertThat(plain.tierChanges()).isEmpty();
        assertThat(plain.tierHolds()).isEmpty();
        assertThat(SimulatorSettings.defaults(START, Duration.ofDays(1)).economics()).isNull();
    }

    @Test
    void aFourteenMonthHistoryIsSparseAndReproducible() {
        assertThat(sim.emissions().size()).as("records in 14 months").isBetween(5_000, 20_000);
        assertThat(sim.eventsPerStream()).containsOnlyKeys("pos-sales", "channel-costs");
        assertThat(new Simulator(settings).run().emissions()).isEqualTo(sim.emissions());
        assertThat(figures.sales).allSatisfy(s -> assertThat(figures.periods).contains(BusinessMonths.periodOf(s.eventTime(), settings.zone())));
        assertThat(figures.costs).extracting(ChannelCost::category).contains(CostCategory.values());
        assertThat(figures.costs).as("corrections").anyMatch(c -> c.amount().signum() < 0);
        assertThat(settings.end()).isEqualTo(figures.closeAt(month(MONTHS)));
    }

    @Test
    void noCostIsBookedAtOrAfterItsMonthsClose() {
        assertThat(figures.costs).isNotEmpty().allSatisfy(c -> {
            assertThat(c.eventTime()).as(c.eventId()).isBefore(figures.closeAt(c.period()));
            assertThat(figures.periods).contains(c.period());
        });
        // Some are booked late, in the grace after the month: that is what the grace is for.
        assertThat(figures.costs).anyMatch(c -> !c.eventTime().isBefore(BusinessMonths.end(c.period(), settings.zone())));
        // The last close a replay reaches is the one before last: the last month's bookings stop before its close.
        Instant lastEvent = figures.costs.stream().map(ChannelCost::eventTime).max(Instant::compareTo).orElseThrow();
        assertThat(lastEvent).isAfterOrEqualTo(figures.closeAt(month(MONTHS - 1))).isBefore(figures.closeAt(month(MONTHS)));
    }

    @Test
    void theInjectedInefficientChannelHasUnderFivePercentOfSalesAndEighteenPercentOfCostsInItsMonths() {
        String ch = EconomicsPlan.INEFFICIENT_CHANNEL;
        for (int m = 1; m <= MONTHS; m++) {
            assertThat(figures.revenueShare(month(m), ch)).as("sales share in " + month(m)).isLessThan(new BigDecimal("0.04"));
            BigDecimal costShare = figures.costShare(month(m), ch);
            if (m == 9 || m == 10) {
                assertThat(costShare).as("cost share in " + month(m)).isBetween(new BigDecimal("0.179"), new BigDecimal("0.181"));
            } else {
                assertThat(costShare).as("cost share in " + month(m)).isLessThan(new BigDecimal("0.06"));
            }
        }
    }

    @Test
    void oneDirectStoreLosesMoneySixMonthsAndAnotherOnlyFive() {
        String losing = EconomicsPlan.LOSING_STORE_CHANNEL + "/" + EconomicsPlan.LOSING_STORE;
        String recovering = EconomicsPlan.RECOVERING_STORE_CHANNEL + "/" + EconomicsPlan.RECOVERING_STORE;
        List<Integer> losingMonths = new ArrayList<>();
        List<Integer> recoveringMonths = new ArrayList<>();
        for (int m = 1; m <= MONTHS; m++) {
            if (figures.profit(month(m), losing).signum() < 0) {
                losingMonths.add(m);
            }
            if (figures.profit(month(m), recovering).signum() < 0) {
                recoveringMonths.add(m);
            }
            assertThat(figures.revenue(month(m), losing)).isPositive();
        }
        assertThat(losingMonths).containsExactly(3, 4, 5, 6, 7, 8);
        assertThat(recoveringMonths).containsExactly(3, 4, 5, 6, 7);
        // Profit is −25% of revenue in a loss month: clear of zero.
        BigDecimal ratio = figures.profit(month(5), losing).divide(figures.revenue(month(5), losing), EconomicsFigures.SHARE);
        assertThat(ratio).isBetween(new BigDecimal("-0.2501"), new BigDecimal("-0.2499"));
    }

    @Test
    void theLowRoiSupermarketPartnerIsBelowOneAtClosesFiveToNine() {
        String partner = EconomicsPlan.LOW_ROI_PARTNER;
        assertThat(figures.partners.get(partner).channel().type()).isEqualTo(io.channelpulse.model.ChannelType.SUPERMARKET);
        for (int k = 0; k < closes; k++) {
            BigDecimal roi = figures.roi(partner, k, 3);
            int m = k + 1;
            if (m >= 5 && m <= 9) {
                assertThat(roi).as("ROI at close " + month(m)).isLessThan(new BigDecimal("0.9"));
            } else {
                assertThat(roi).as("ROI at close " + month(m)).isGreaterThan(new BigDecimal("1.4"));
            }
        }
        // Even counting only the costs booked to the partner without an outlet, ROI stays below 1.
        BigDecimal partnerOnly = figures.costs.stream()
                .filter(c -> partner.equals(c.partnerId()) && c.outletId() == null)
                .filter(c -> c.period().compareTo(month(3)) >= 0 && c.period().compareTo(month(5)) <= 0)
                .map(ChannelCost::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal revenue = figures.revenue(month(3), partner).add(figures.revenue(month(4), partner)).add(figures.revenue(month(5), partner));
        assertThat(revenue.divide(partnerOnly, EconomicsFigures.SHARE)).isLessThan(new BigDecimal("0.9"));
    }

    @Test
    void theRulesOnTheEmittedFiguresGiveExactlyTheGroundTruth() {
        List<EconomicsFigures.Transition> expected = new ArrayList<>();
        for (GroundTruth.Anomaly a : sim.anomalies()) {
            expected.add(new EconomicsFigures.Transition(a.rule(), a.key(), AlertStatus.FIRING, a.dueAt()));
            if (a.resolvedAt() != null) {
                expected.add(new EconomicsFigures.Transition(a.rule(), a.key(), AlertStatus.RESOLVED, a.resolvedAt()));
            }
        }
        assertThat(sim.anomalies()).extracting(GroundTruth.Anomaly::rule)
                .containsExactlyInAnyOrder(Rule.INEFFICIENT_CHANNEL, Rule.STORE_CLOSURE_CANDIDATE, Rule.PARTNER_ROI_BELOW_ONE);
        assertThat(figures.transitions(sim, closes)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(sim.anomalies()).allSatisfy(a -> assertThat(a.resolvedAt()).isBeforeOrEqualTo(figures.closeAt(month(closes))));
    }

    @Test
    void tiersOnTheEmittedSalesChangeExactlyAsExpectedAndHoldForOneMonthCrossings() {
        List<EconomicsFigures.TierChange> changes = figures.tierChanges(closes);
        assertThat(changes).containsExactlyElementsOf(sim.tierChanges().stream()
                .map(c -> new EconomicsFigures.TierChange(c.partnerId(), c.period(), c.from(), c.to())).toList());
        assertThat(sim.tierChanges()).hasSize(4);
        assertThat(sim.tierHolds()).hasSize(2).allSatisfy(h -> {
            assertThat(figures.computedTiers.get(h.period())).containsEntry(h.partnerId(), h.computed());
            assertThat(figures.publishedTiers.get(h.period())).containsEntry(h.partnerId(), h.published());
            assertThat(figures.computedTiers.get(BusinessMonths.plus(h.period(), 1))).containsEntry(h.partnerId(), h.published());
            assertThat(changes).noneMatch(c -> c.partnerId().equals(h.partnerId()));
        });
        // The master-data tiers are the first computed ones: nothing changes merely by publishing.
        assertThat(figures.computedTiers.get(month(1))).isEqualTo(sim.world().partners().stream()
                .collect(Collectors.toMap(World.Partner::partnerId, World.Partner::tier)));
    }

    @Test
    void nothingElseComesWithinAMarginOfAThreshold() {
        for (int k = 0; k < closes; k++) {
            String period = month(k + 1);
            for (String channel : figures.channels.keySet()) {
                BigDecimal sales = figures.revenueShare(period, channel);
                BigDecimal costs = figures.costShare(period, channel);
                boolean clearlyFires = sales.compareTo(new BigDecimal("0.04")) < 0 && costs.compareTo(new BigDecimal("0.15")) > 0;
                boolean clearlyNot = sales.compareTo(new BigDecimal("0.07")) >= 0 || costs.compareTo(new BigDecimal("0.07")) <= 0;
                assertThat(clearlyFires || clearlyNot).as(channel + " in " + period + ": sales " + sales + ", costs " + costs).isTrue();
                assertThat(clearlyFires).isEqualTo(channel.equals(EconomicsPlan.INEFFICIENT_CHANNEL) && (k == 8 || k == 9));
            }
            for (String store : figures.directStores(sim)) {
                BigDecimal margin = figures.profit(period, store).divide(figures.revenue(period, store), EconomicsFigures.SHARE);
                assertThat(margin.abs()).as(store + " profit margin in " + period).isGreaterThan(new BigDecimal("0.2"));
            }
            for (String partner : figures.supermarketPartners()) {
                BigDecimal roi = figures.roi(partner, k, 3);
                assertThat(roi.compareTo(new BigDecimal("0.9")) < 0 || roi.compareTo(new BigDecimal("1.4")) > 0)
                        .as(partner + " ROI at close " + period + ": " + roi).isTrue();
            }
        }
        figures.tierChanges(closes);
        assertThat(figures.boundaryGaps()).allSatisfy((period, gap) ->
                assertThat(gap).as("band boundary gap at close " + period).isGreaterThan(new BigDecimal("1.05")));
    }

    @Test
    void theGroundTruthFileListsTheTierExpectationsBeforeTheSummary(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ground-truth.jsonl");
        SimulationWriter.groundTruth(sim, file);
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(sim.anomalies().size() + sim.tierChanges().size() + sim.tierHolds().size() + 1);
        assertThat(lines).filteredOn(l -> l.startsWith("{\"tierChange\"")).hasSize(4);
        assertThat(lines).filteredOn(l -> l.startsWith("{\"tierHold\"")).hasSize(2);
        assertThat(lines.get(lines.size() - 1)).startsWith("{\"summary\"");
    }

    @Test
    void compareTiersFindsMissingUnexpectedAndUnshownHolds() {
        String p8 = month(8);
        GroundTruth.TierChange change = new GroundTruth.TierChange("P-16", p8, PartnerTier.BASIC, PartnerTier.QUALITY, "");
        GroundTruth.TierHold hold = new GroundTruth.TierHold("P-5", month(4), PartnerTier.QUALITY, PartnerTier.CORE, "");
        var changed = tierRecord("TIER_CHANGED", "P-16", p8, null, null, PartnerTier.BASIC, PartnerTier.QUALITY);
        var held = tierRecord("TIER", "P-5", month(4), PartnerTier.QUALITY, PartnerTier.CORE, null, null);
        var stray = tierRecord("TIER_CHANGED", "P-5", month(5), null, null, PartnerTier.QUALITY, PartnerTier.CORE);

        assertThat(GroundTruth.compareTiers(List.of(change), List.of(hold), List.of(changed, held), month(13)).perfect()).isTrue();
        GroundTruth.Comparison bad = GroundTruth.compareTiers(List.of(change), List.of(hold), List.of(stray), month(13));
        assertThat(bad.missing()).hasSize(2);
        assertThat(bad.unexpected()).singleElement().asString().contains("P-5");
        assertThat(GroundTruth.compareTiers(List.of(change), List.of(hold), List.of(), month(3)).perfect())
                .as("nothing is due before its close").isTrue();
    }

    static io.channelpulse.model.PartnerTierRecord tierRecord(String kind, String partner, String period,
            PartnerTier published, PartnerTier computed, PartnerTier from, PartnerTier to) {
        return new io.channelpulse.model.PartnerTierRecord(kind, period, Instant.EPOCH, partner, "CH", null, "ALL",
                published, computed, null, null, from, to, BigDecimal.ONE, 12, 1, 16);
    }

    @Test
    void salesStayWithinFourAndAHalfPercentOfGuideSoNoPriceRuleFires() {
        Map<String, BigDecimal> guide = sim.world().skus().stream().collect(Collectors.toMap(World.Sku::sku, World.Sku::guidePrice));
        assertThat(figures.sales).allSatisfy((PosSale s) -> {
            assertThat(s.batchCode()).isNull();
            assertThat(s.unitPrice()).isGreaterThanOrEqualTo(guide.get(s.sku()).multiply(new BigDecimal("0.955")));
        });
    }
}
