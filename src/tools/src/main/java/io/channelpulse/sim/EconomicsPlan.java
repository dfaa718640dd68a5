package io.channelpulse.sim;

import io.channelpulse.model.BusinessMonths;
import io.channelpulse.model.PartnerTier;
import io.channelpulse.model.Rule;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The layout of a simulated economics history (issue 12): each partner's planned monthly revenue,
 * and the months of the injected cases, with their ground truth. Months are numbered from 1, the
 * business month that holds the settings' start. The world has 2 channels per type, so 16 partners
 * {@code P-1}..{@code P-16}, two per channel in the order ONLINE, DEALER, DIRECT_STORE, SUPERMARKET.
 *
 * <p>Planned monthly revenue per partner (CNY), chosen so that every band boundary has a gap of at
 * least 10% at every close, except where a case crosses it on purpose:
 * <pre>
 *   CORE     P-1 70k  P-9 62k  P-11 55k  P-3 40k (B)
 *   QUALITY  P-5 36k (A)  P-15 30k  P-14 26k  P-13 20k (D)
 *   BASIC    P-16 18k (C)  P-6 13k  P-4 12k  P-12 11k  P-10 10k  P-2 9k  P-7 7k  P-8 6k
 * </pre>
 * Partners' master-data tiers are these bands, so the first computed tiers agree with them.
 *
 * <p>Injected (the alerts fire at the close of the month named, i.e. at its end plus the close grace):
 * <ul>
 *   <li>INEFFICIENT_CHANNEL {@code CH-DEALER-2} (P-7 and P-8, about 3% of revenue, about 3% of
 *       costs): in months 9 and 10 a campaign lifts its cost share to 18%; fires at close 9, resolves at close 11.
 *   <li>STORE_CLOSURE_CANDIDATE {@code CH-DIRECTSTORE-1/P-9-O1}: costs 125% of revenue in months 3
 *       to 8; fires at close 8, resolves at close 9. {@code CH-DIRECTSTORE-2/P-11-O1} loses money in
 *       months 3 to 7 only and must raise nothing.
 *   <li>PARTNER_ROI_BELOW_ONE {@code P-15} (SUPERMARKET): listing fees of 3.5 × revenue in months 5
 *       to 7 bring its 3-month ROI to about 0.8 from close 5 to close 9; resolves at close 10. (The
 *       fees are large enough that ROI stays below 1 even counting only the costs booked to the
 *       partner without an outlet.)
 *   <li>Tiers: A ({@code P-5}) sells 40k more in month 4 and passes B ({@code P-3}); B sells 50k more
 *       in month 5 and passes back. Each crosses a band at close 4 only, so neither tier changes. C
 *       ({@code P-16}) sells 36k more in month 7 and passes D ({@code P-13}) at closes 7 and 8; D sells
 *       40k more in month 9 and passes back at closes 9 and 10. With the default hysteresis of 2
 *       closes, C becomes QUALITY and D BASIC at close 8, and both change back at close 10.
 * </ul>
 * Normal costs stay at most 65% of a partner's revenue (ROI at least 1.5) and at most 72% of a
 * direct store's (profit at least 28%); every channel but CH-DEALER-2 has at least 8% of revenue.
 */
public final class EconomicsPlan {

    public static final int CHANNELS_PER_TYPE = 2;

    public static final String INEFFICIENT_CHANNEL = "CH-DEALER-2";
    public static final int INEFFICIENT_FROM = 9;
    public static final int INEFFICIENT_MONTHS = 2;
    public static final BigDecimal INEFFICIENT_COST_SHARE = new BigDecimal("0.18");

    public static final String LOSING_STORE_CHANNEL = "CH-DIRECTSTORE-1";
    public static final String LOSING_STORE = "P-9-O1";
    public static final String RECOVERING_STORE_CHANNEL = "CH-DIRECTSTORE-2";
    public static final String RECOVERING_STORE = "P-11-O1";
    public static final int LOSS_FROM = 3;
    public static final int LOSS_MONTHS = 6;
    public static final int RECOVERING_LOSS_MONTHS = 5;
    /** A losing store's costs in a loss month, as a multiple of its revenue. */
    public static final BigDecimal LOSS_COST_RATIO = new BigDecimal("1.25");

    public static final String LOW_ROI_PARTNER = "P-15";
    public static final int LOW_ROI_FROM = 5;
    public static final int LOW_ROI_MONTHS = 3;
    /** Extra costs booked to the low-ROI partner in its bad months, as a multiple of its revenue. */
    public static final BigDecimal LOW_ROI_EXTRA_COST = new BigDecimal("3.5");
    /** The job's default {@code economics.roi.months}: the ROI alert resolves once the bad months leave it. */
    public static final int ROI_WINDOW = 3;

    public static final String ONE_MONTH_RISER = "P-5";
    public static final String ONE_MONTH_FALLER = "P-3";
    public static final int ONE_MONTH_CROSS = 4;
    public static final String TWO_MONTH_RISER = "P-16";
    public static final String TWO_MONTH_FALLER = "P-13";
    public static final int TWO_MONTH_CROSS = 7;

    /** Planned monthly revenue per partner, CNY. */
    static final Map<String, Integer> LEVELS = Map.ofEntries(
            Map.entry("P-1", 70_000), Map.entry("P-2", 9_000),
            Map.entry("P-3", 40_000), Map.entry("P-4", 12_000),
            Map.entry("P-5", 36_000), Map.entry("P-6", 13_000),
            Map.entry("P-7", 7_000), Map.entry("P-8", 6_000),
            Map.entry("P-9", 62_000), Map.entry("P-10", 10_000),
            Map.entry("P-11", 55_000), Map.entry("P-12", 11_000),
            Map.entry("P-13", 20_000), Map.entry("P-14", 26_000),
            Map.entry("P-15", 30_000), Map.entry("P-16", 18_000));

    /** Extra revenue of one month: partner → month → CNY. */
    static final Map<String, Map<Integer, Integer>> SPIKES = Map.of(
            ONE_MONTH_RISER, Map.of(ONE_MONTH_CROSS, 40_000),
            ONE_MONTH_FALLER, Map.of(ONE_MONTH_CROSS + 1, 50_000),
            TWO_MONTH_RISER, Map.of(TWO_MONTH_CROSS, 36_000),
            TWO_MONTH_FALLER, Map.of(TWO_MONTH_CROSS + 2, 40_000));

    private EconomicsPlan() {}

    /** The planned revenue of a partner in month {@code month} (1-based), CNY. */
    static BigDecimal plannedRevenue(String partnerId, int month) {
        Integer level = LEVELS.get(partnerId);
        if (level == null) {
            throw new IllegalStateException("no planned revenue for partner " + partnerId);
        }
        return BigDecimal.valueOf(level + SPIKES.getOrDefault(partnerId, Map.of()).getOrDefault(month, 0));
    }

    /** The business month {@code month} (1-based) of an economics history, as {@code YYYY-MM}. */
    public static String period(SimulatorSettings settings, int month) {
        return BusinessMonths.plus(BusinessMonths.periodOf(settings.start(), settings.zone()), month - 1L);
    }

    /** When month {@code month} closes: its end plus the close grace. */
    public static Instant closeOf(SimulatorSettings settings, int month) {
        return BusinessMonths.closeAt(period(settings, month), settings.zone(), settings.economics().closeGrace());
    }

    /**
     * The last month a replay of the history closes. Replay stops event time at the last input
     * event, and the last month's costs are booked before its close, so it is the one before last.
     */
    public static String lastClosedPeriod(SimulatorSettings settings) {
        return period(settings, settings.economics().months() - 1);
    }

    /** The economics alerts the history must cause. */
    static List<GroundTruth.Anomaly> anomalies(SimulatorSettings s) {
        return List.of(
                new GroundTruth.Anomaly(Rule.PARTNER_ROI_BELOW_ONE, LOW_ROI_PARTNER,
                        "listing fees of " + LOW_ROI_EXTRA_COST + " x revenue in " + span(s, LOW_ROI_FROM, LOW_ROI_MONTHS),
                        closeOf(s, LOW_ROI_FROM), closeOf(s, LOW_ROI_FROM + LOW_ROI_MONTHS + ROI_WINDOW - 1)),
                new GroundTruth.Anomaly(Rule.STORE_CLOSURE_CANDIDATE, LOSING_STORE_CHANNEL + "/" + LOSING_STORE,
                        "loss months " + span(s, LOSS_FROM, LOSS_MONTHS) + ", profitable again in "
                                + period(s, LOSS_FROM + LOSS_MONTHS),
                        closeOf(s, LOSS_FROM + LOSS_MONTHS - 1), closeOf(s, LOSS_FROM + LOSS_MONTHS)),
                new GroundTruth.Anomaly(Rule.INEFFICIENT_CHANNEL, INEFFICIENT_CHANNEL,
                        "cost share " + INEFFICIENT_COST_SHARE + " with about 3% of revenue in "
                                + span(s, INEFFICIENT_FROM, INEFFICIENT_MONTHS),
                        closeOf(s, INEFFICIENT_FROM), closeOf(s, INEFFICIENT_FROM + INEFFICIENT_MONTHS)));
    }

    /** The tier changes the history must cause, in order of close. */
    static List<GroundTruth.TierChange> tierChanges(SimulatorSettings s) {
        String up = period(s, TWO_MONTH_CROSS + 1);
        String back = period(s, TWO_MONTH_CROSS + 3);
        return List.of(
                new GroundTruth.TierChange(TWO_MONTH_FALLER, up, PartnerTier.QUALITY, PartnerTier.BASIC,
                        "passed by " + TWO_MONTH_RISER + " at 2 closes"),
                new GroundTruth.TierChange(TWO_MONTH_RISER, up, PartnerTier.BASIC, PartnerTier.QUALITY,
                        "passes " + TWO_MONTH_FALLER + " at 2 closes"),
                new GroundTruth.TierChange(TWO_MONTH_FALLER, back, PartnerTier.BASIC, PartnerTier.QUALITY,
                        "passes " + TWO_MONTH_RISER + " back at 2 closes"),
                new GroundTruth.TierChange(TWO_MONTH_RISER, back, PartnerTier.QUALITY, PartnerTier.BASIC,
                        "passed back by " + TWO_MONTH_FALLER + " at 2 closes"));
    }

    /** The one-close band crossings that must not change a tier. */
    static List<GroundTruth.TierHold> tierHolds(SimulatorSettings s) {
        String at = period(s, ONE_MONTH_CROSS);
        return List.of(
                new GroundTruth.TierHold(ONE_MONTH_FALLER, at, PartnerTier.CORE, PartnerTier.QUALITY,
                        "passed by " + ONE_MONTH_RISER + " at 1 close"),
                new GroundTruth.TierHold(ONE_MONTH_RISER, at, PartnerTier.QUALITY, PartnerTier.CORE,
                        "passes " + ONE_MONTH_FALLER + " at 1 close"));
    }

    private static String span(SimulatorSettings s, int from, int months) {
        return period(s, from) + ".." + period(s, from + months - 1);
    }
}
