package io.channelpulse.economics;

import io.channelpulse.config.Economics;
import io.channelpulse.model.Alert;
import io.channelpulse.model.AlertDetails;
import io.channelpulse.model.AlertIds;
import io.channelpulse.model.AlertStatus;
import io.channelpulse.model.BusinessMonths;
import io.channelpulse.model.ChannelEconomics;
import io.channelpulse.model.ChannelType;
import io.channelpulse.model.Partner;
import io.channelpulse.model.PartnerTier;
import io.channelpulse.model.PartnerTierRecord;
import io.channelpulse.model.Rule;
import io.channelpulse.model.Severity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The channel plan's monthly decisions, made once for the whole company at each close: every
 * channel's {@link ChannelMonth} arrives before the watermark passes the close instant (the ledger
 * writes them from its timers), so the timer at that instant sees all of them. One key ({@link
 * #KEY}) holds the plan; its input is a few records per channel per month.
 *
 * <p>At each close, in this order:
 * <ol>
 *   <li>each channel's shares of the month's revenue and costs ({@link #ECONOMICS}), and
 *       INEFFICIENT_CHANNEL, firing when sales share &lt; {@code sales-share-below} and cost share
 *       &gt; {@code cost-share-above}, compared exactly (revenue &lt; limit × total), resolving at
 *       the first later close where that no longer holds;
 *   <li>partner tiers ({@link #TIERS}): trailing-window revenue ranked by {@link TierBands} within
 *       the scope, published through {@link TierHysteresis};
 *   <li>PARTNER_ROI_BELOW_ONE for partners of the listed channel types: revenue ÷ costs over the
 *       trailing {@code roi.months}, firing when costs &gt; 0 and revenue &lt; threshold × costs;
 *   <li>each direct store's month ({@link #OUTLETS}) for STORE_CLOSURE_CANDIDATE's CEP pattern.
 * </ol>
 * Channel types come from partner master data. Everything is in a fixed order, so replay and live
 * write the same records.
 */
public final class ChannelPlan extends KeyedCoProcessFunction<String, ChannelMonth, Partner, Alert> {

    public static final String UID = "economics-channel-plan";
    public static final String NAME = "Channel plan (tiers, shares, ROI)";
    public static final String KEY = "plan";
    public static final OutputTag<PartnerTierRecord> TIERS =
            new OutputTag<>("partner-tiers", TypeInformation.of(PartnerTierRecord.class));
    public static final OutputTag<ChannelEconomics> ECONOMICS =
            new OutputTag<>("channel-economics", TypeInformation.of(ChannelEconomics.class));
    public static final OutputTag<OutletProfit> OUTLETS =
            new OutputTag<>("direct-store-months", TypeInformation.of(OutletProfit.class));
    static final int SHARE_SCALE = 6;
    static final int ROI_SCALE = 4;
    static final String UNKNOWN_TYPE = "UNKNOWN";

    private final Economics plan;
    private final TierBands bands;
    private transient ListState<ChannelMonth> waiting;
    private transient MapState<String, Partner> partners;
    private transient MapState<String, ChannelType> channelTypes;
    private transient MapState<String, PartnerBook> books;
    /** channelId → the period its open INEFFICIENT_CHANNEL alert fired in. */
    private transient MapState<String, String> inefficient;
    /** The first month this plan closed: how much history the windows have. */
    private transient ValueState<String> firstClosed;

    public ChannelPlan(Economics plan) {
        this.plan = plan;
        this.bands = new TierBands(plan.tiering().coreShare(), plan.tiering().qualityShare());
    }

    @Override
    public void open(OpenContext openContext) {
        waiting = getRuntimeContext().getListState(new ListStateDescriptor<>("waiting-months", TypeInformation.of(ChannelMonth.class)));
        partners = getRuntimeContext().getMapState(new MapStateDescriptor<>("partners", Types.STRING, TypeInformation.of(Partner.class)));
        channelTypes = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("channel-types", Types.STRING, TypeInformation.of(ChannelType.class)));
        books = getRuntimeContext().getMapState(new MapStateDescriptor<>("partner-books", Types.STRING, TypeInformation.of(PartnerBook.class)));
        inefficient = getRuntimeContext().getMapState(new MapStateDescriptor<>("inefficient-channels", Types.STRING, Types.STRING));
        firstClosed = getRuntimeContext().getState(new ValueStateDescriptor<>("first-closed", Types.STRING));
    }

    @Override
    public void processElement1(ChannelMonth month, Context ctx, Collector<Alert> out) throws Exception {
        waiting.add(month);
        ctx.timerService().registerEventTimeTimer(month.closeAt().toEpochMilli());
    }

    @Override
    public void processElement2(Partner partner, Context ctx, Collector<Alert> out) throws Exception {
        partners.put(partner.partnerId(), partner);
        if (partner.channelType() != null) {
            channelTypes.put(partner.channelId(), partner.channelType());
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        Map<String, List<ChannelMonth>> closing = new TreeMap<>();
        List<ChannelMonth> later = new ArrayList<>();
        for (ChannelMonth m : waiting.get()) {
            if (m.closeAt().toEpochMilli() <= timestamp) {
                closing.computeIfAbsent(m.period(), p -> new ArrayList<>()).add(m);
            } else {
                later.add(m);
            }
        }
        waiting.update(later);
        for (Map.Entry<String, List<ChannelMonth>> month : closing.entrySet()) {
            List<ChannelMonth> channels = new ArrayList<>(month.getValue());
            channels.sort((a, b) -> a.channelId().compareTo(b.channelId()));
            close(month.getKey(), channels.get(0).closeAt(), channels, ctx, out);
        }
    }

    private void close(String period, Instant closeAt, List<ChannelMonth> channels, OnTimerContext ctx, Collector<Alert> out)
            throws Exception {
        if (firstClosed.value() == null) {
            firstClosed.update(period);
        }
        shares(period, closeAt, channels, ctx, out);
        String oldest = BusinessMonths.plus(period, 1 - (long) Math.max(plan.tiering().windowMonths(), plan.roi().months()));
        for (ChannelMonth c : channels) {
            for (PartnerMonth p : c.partners()) {
                PartnerBook book = books.get(p.partnerId());
                if (book == null) {
                    Partner master = partners.get(p.partnerId());
                    book = PartnerBook.empty(master != null ? master.channelId() : c.channelId());
                }
                books.put(p.partnerId(), book.plus(period, p.totals(), oldest));
            }
        }
        tiers(period, closeAt, oldest, ctx);
        roi(period, closeAt, ctx, out);
        for (ChannelMonth c : channels) {
            if (channelTypes.get(c.channelId()) == ChannelType.DIRECT_STORE) {
                long index = BusinessMonths.between("0000-01", period);
                for (OutletMonth o : c.outlets()) {
                    ctx.output(OUTLETS, new OutletProfit(o.outletId(), c.channelId(), o.partnerId(), period, index, closeAt,
                            o.totals().revenue(), o.totals().cost()));
                }
            }
        }
    }

    /** Channel shares and INEFFICIENT_CHANNEL. */
    private void shares(String period, Instant closeAt, List<ChannelMonth> channels, OnTimerContext ctx, Collector<Alert> out)
            throws Exception {
        BigDecimal totalRevenue = BigDecimal.ZERO;
        BigDecimal totalCost = BigDecimal.ZERO;
        for (ChannelMonth c : channels) {
            totalRevenue = totalRevenue.add(c.totals().revenue());
            totalCost = totalCost.add(c.totals().cost());
        }
        Map<String, Totals> byChannel = new TreeMap<>();
        Map<String, int[]> counts = new TreeMap<>();
        for (ChannelMonth c : channels) {
            byChannel.put(c.channelId(), c.totals());
            counts.put(c.channelId(), new int[] {c.partners().size(), c.outlets().size()});
        }
        for (String open : inefficient.keys()) {
            byChannel.putIfAbsent(open, Totals.ZERO);
        }
        Economics.InefficientChannel rule = plan.inefficientChannel();
        for (Map.Entry<String, Totals> e : byChannel.entrySet()) {
            String channel = e.getKey();
            Totals t = e.getValue();
            boolean breach = totalRevenue.signum() > 0 && totalCost.signum() > 0
                    && t.revenue().compareTo(rule.salesShareBelow().multiply(totalRevenue)) < 0
                    && t.cost().compareTo(rule.costShareAbove().multiply(totalCost)) > 0;
            BigDecimal salesShare = share(t.revenue(), totalRevenue);
            BigDecimal costShare = share(t.cost(), totalCost);
            int[] n = counts.getOrDefault(channel, new int[2]);
            if (counts.containsKey(channel)) {
                ctx.output(ECONOMICS, new ChannelEconomics(period, closeAt, channel, channelTypes.get(channel), t.revenue(), t.cost(),
                        salesShare, costShare, totalRevenue, totalCost, n[0], n[1], breach));
            }
            String firedIn = inefficient.get(channel);
            AlertDetails details = AlertDetails.shares(period, t.revenue(), t.cost(), salesShare, costShare, totalRevenue, totalCost);
            if (breach && firedIn == null) {
                inefficient.put(channel, period);
                out.collect(alert(Rule.INEFFICIENT_CHANNEL, AlertStatus.FIRING, AlertIds.of(Rule.INEFFICIENT_CHANNEL, channel, period),
                        closeAt, channel, null, null, String.format("Channel %s had %s of sales and %s of costs in %s"
                                        + " (inefficient below %s of sales and above %s of costs)",
                                channel, percent(salesShare), percent(costShare), period,
                                percent(rule.salesShareBelow()), percent(rule.costShareAbove())),
                        details, period));
            } else if (!breach && firedIn != null) {
                inefficient.remove(channel);
                out.collect(alert(Rule.INEFFICIENT_CHANNEL, AlertStatus.RESOLVED, AlertIds.of(Rule.INEFFICIENT_CHANNEL, channel, firedIn),
                        closeAt, channel, null, null, String.format("Channel %s is no longer inefficient in %s: %s of sales, %s of costs",
                                channel, period, percent(salesShare), percent(costShare)),
                        details.withResolution("WITHIN_LIMITS"), period));
            }
        }
    }

    /** Ranks partners and publishes their tiers. */
    private void tiers(String period, Instant closeAt, String oldest, OnTimerContext ctx) throws Exception {
        int window = plan.tiering().windowMonths();
        String from = BusinessMonths.plus(period, 1 - (long) window);
        int windowMonths = (int) Math.min(window, BusinessMonths.between(firstClosed.value(), period) + 1);
        // scope → revenues of the partners in it; every partner with a book or a master record.
        Map<String, List<TierBands.Revenue>> scopes = new TreeMap<>();
        TreeSet<String> everyone = new TreeSet<>();
        for (String id : books.keys()) {
            everyone.add(id);
        }
        for (String id : partners.keys()) {
            everyone.add(id);
        }
        Map<String, PartnerBook> current = new TreeMap<>();
        for (String id : everyone) {
            PartnerBook book = books.get(id);
            if (book == null) {
                Partner master = partners.get(id);
                book = PartnerBook.empty(master.channelId());
            }
            book = book.since(oldest);
            current.put(id, book);
            scopes.computeIfAbsent(scopeOf(id, book), s -> new ArrayList<>()).add(new TierBands.Revenue(id, book.sum(from, period).revenue()));
        }
        for (Map.Entry<String, List<TierBands.Revenue>> scope : scopes.entrySet()) {
            List<TierBands.Ranked> ranked = bands.rank(scope.getValue());
            Map<String, TierBands.Ranked> byPartner = new TreeMap<>();
            ranked.forEach(r -> byPartner.put(r.partnerId(), r));
            for (TierBands.Revenue r : scope.getValue()) {
                String id = r.partnerId();
                PartnerBook book = current.get(id);
                TierBands.Ranked rank = byPartner.get(id);
                Partner master = partners.get(id);
                PartnerTier masterTier = master == null ? null : master.tier();
                TierHysteresis before = book.tier();
                TierHysteresis after;
                if (rank == null) {
                    after = before != null ? before : masterTier != null ? TierHysteresis.first(masterTier, null) : null;
                } else if (before == null) {
                    after = masterTier != null
                            ? TierHysteresis.first(masterTier, null).step(rank.tier(), plan.tiering().hysteresisMonths())
                            : TierHysteresis.first(null, rank.tier());
                } else {
                    after = before.step(rank.tier(), plan.tiering().hysteresisMonths());
                }
                if (after == null) {
                    // Never ranked and no master tier: nothing to publish.
                    store(id, book);
                    continue;
                }
                store(id, book.withTier(after));
                ChannelType type = typeOf(id, book);
                ctx.output(TIERS, new PartnerTierRecord(PartnerTierRecord.TIER, period, closeAt, id, book.channelId(), type,
                        scope.getKey(), after.published(), rank == null ? null : rank.tier(), after.pending(),
                        after.pending() == null ? null : after.count(), null, null, r.revenue(), windowMonths,
                        rank == null ? null : rank.rank(), ranked.size()));
                PartnerTier was = before != null ? before.published() : masterTier;
                if (was != null && was != after.published()) {
                    ctx.output(TIERS, new PartnerTierRecord(PartnerTierRecord.TIER_CHANGED, period, closeAt, id, book.channelId(), type,
                            scope.getKey(), after.published(), rank == null ? null : rank.tier(), null, null, was, after.published(),
                            r.revenue(), windowMonths, rank == null ? null : rank.rank(), ranked.size()));
                }
            }
        }
    }

    /** PARTNER_ROI_BELOW_ONE for the partners of the listed channel types. */
    private void roi(String period, Instant closeAt, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        Economics.Roi rule = plan.roi();
        String from = BusinessMonths.plus(period, 1 - (long) rule.months());
        int windowMonths = (int) Math.min(rule.months(), BusinessMonths.between(firstClosed.value(), period) + 1);
        TreeSet<String> ids = new TreeSet<>();
        for (String id : books.keys()) {
            ids.add(id);
        }
        for (String id : ids) {
            PartnerBook book = books.get(id);
            if (!rule.channelTypes().contains(typeOf(id, book))) {
                continue;
            }
            Totals t = book.sum(from, period);
            boolean breach = t.cost().signum() > 0 && t.revenue().compareTo(rule.threshold().multiply(t.cost())) < 0;
            BigDecimal roi = t.cost().signum() > 0 ? t.revenue().divide(t.cost(), ROI_SCALE, RoundingMode.HALF_EVEN) : null;
            AlertDetails details = AlertDetails.roi(period, t.revenue(), t.cost(), roi, windowMonths);
            if (breach && book.roiFiredIn() == null) {
                store(id, book.withRoiFiredIn(period));
                out.collect(alert(Rule.PARTNER_ROI_BELOW_ONE, AlertStatus.FIRING, AlertIds.of(Rule.PARTNER_ROI_BELOW_ONE, id, period),
                        closeAt, book.channelId(), id, null, String.format("Partner %s returned %s per unit of cost over the %d months to %s"
                                        + " (revenue %s, costs %s; threshold %s)",
                                id, roi.toPlainString(), windowMonths, period, t.revenue().toPlainString(), t.cost().toPlainString(),
                                rule.threshold().toPlainString()),
                        details, period));
            } else if (!breach && book.roiFiredIn() != null) {
                out.collect(alert(Rule.PARTNER_ROI_BELOW_ONE, AlertStatus.RESOLVED,
                        AlertIds.of(Rule.PARTNER_ROI_BELOW_ONE, id, book.roiFiredIn()), closeAt, book.channelId(), id, null,
                        String.format("Partner %s is back at ROI %s over the %d months to %s", id,
                                roi == null ? "n/a (no costs)" : roi.toPlainString(), windowMonths, period),
                        details.withResolution(roi == null ? "NO_COSTS" : "AT_OR_ABOVE_THRESHOLD"), period));
                store(id, book.withRoiFiredIn(null));
            }
        }
    }

    private void store(String id, PartnerBook book) throws Exception {
        if (book.isEmpty()) {
            books.remove(id);
        } else {
            books.put(id, book);
        }
    }

    private ChannelType typeOf(String partnerId, PartnerBook book) throws Exception {
        Partner master = partners.get(partnerId);
        if (master != null && master.channelType() != null) {
            return master.channelType();
        }
        return book == null ? null : channelTypes.get(book.channelId());
    }

    private String scopeOf(String partnerId, PartnerBook book) throws Exception {
        if (plan.tiering().scope() == Economics.Tiering.Scope.ALL) {
            return "ALL";
        }
        ChannelType type = typeOf(partnerId, book);
        return type == null ? UNKNOWN_TYPE : type.name();
    }

    static BigDecimal share(BigDecimal part, BigDecimal total) {
        return total.signum() > 0 ? part.divide(total, SHARE_SCALE, RoundingMode.HALF_EVEN) : null;
    }

    private static String percent(BigDecimal fraction) {
        return fraction == null ? "n/a" : fraction.movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    }

    static Alert alert(Rule rule, AlertStatus status, String alertId, Instant closeAt, String channelId, String partnerId,
            String outletId, String summary, AlertDetails details, String period) {
        return new Alert(alertId, rule, status, Severity.WARNING, closeAt, null, channelId, null, partnerId, null, outletId,
                null, null, null, summary, details, List.of(period));
    }
}
