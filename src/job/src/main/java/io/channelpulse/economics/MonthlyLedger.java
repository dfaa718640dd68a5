package io.channelpulse.economics;

import io.channelpulse.model.BusinessMonths;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by channel: sums revenue and costs per business month for the channel, each partner and
 * each outlet, and writes the month as a {@link ChannelMonth} when the watermark passes its close
 * instant (end plus {@code economics.close-grace}). State then holds only open months: one entry per
 * (month, channel | partner | outlet), removed at the close.
 *
 * <p>Nothing that belongs to a month can arrive after it closed: a sale at or behind the watermark
 * is late at admission, and a cost booked at or after the close instant is dead-lettered before it
 * ({@link ClosedPeriods}).
 */
public final class MonthlyLedger extends KeyedProcessFunction<String, LedgerEntry, ChannelMonth> {

    public static final String UID = "economics-monthly-ledger";
    public static final String NAME = "Monthly ledger (by channel)";
    private static final char SEP = '\u001f';
    private static final String CHANNEL = "C";
    private static final String PARTNER = "P";
    private static final String OUTLET = "O";

    private final ZoneId zone;
    private final Duration grace;
    /** (period, kind, id) → totals of the open months. */
    private transient MapState<String, Totals> ledger;
    /** (period, outletId) → the outlet's partner (the least id seen, so the choice is order-free). */
    private transient MapState<String, String> outletPartners;

    public MonthlyLedger(ZoneId zone, Duration grace) {
        this.zone = zone;
        this.grace = grace;
    }

    @Override
    public void open(OpenContext openContext) {
        ledger = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("ledger", Types.STRING, TypeInformation.of(Totals.class)));
        outletPartners = getRuntimeContext().getMapState(new MapStateDescriptor<>("outlet-partners", Types.STRING, Types.STRING));
    }

    @Override
    public void processElement(LedgerEntry e, Context ctx, Collector<ChannelMonth> out) throws Exception {
        add(key(e.period(), CHANNEL, ""), e);
        if (e.partnerId() != null) {
            add(key(e.period(), PARTNER, e.partnerId()), e);
        }
        if (e.outletId() != null) {
            String outlet = key(e.period(), OUTLET, e.outletId());
            add(outlet, e);
            String partner = outletPartners.get(outlet);
            if (e.partnerId() != null && (partner == null || e.partnerId().compareTo(partner) < 0)) {
                outletPartners.put(outlet, e.partnerId());
            }
        }
        ctx.timerService().registerEventTimeTimer(BusinessMonths.closeAt(e.period(), zone, grace).toEpochMilli());
    }

    private void add(String key, LedgerEntry e) throws Exception {
        Totals t = ledger.get(key);
        ledger.put(key, (t == null ? Totals.ZERO : t).plus(e.revenue(), e.cost()));
    }

    private static String key(String period, String kind, String id) {
        return period + SEP + kind + SEP + id;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ChannelMonth> out) throws Exception {
        // period → (kind+id → totals), only for the months this timer closes.
        Map<String, Map<String, Totals>> closing = new TreeMap<>();
        Map<String, String> partners = new TreeMap<>();
        Iterator<Map.Entry<String, Totals>> it = ledger.iterator();
        while (it.hasNext()) {
            Map.Entry<String, Totals> entry = it.next();
            String key = entry.getKey();
            String period = key.substring(0, key.indexOf(SEP));
            if (BusinessMonths.closeAt(period, zone, grace).toEpochMilli() <= timestamp) {
                closing.computeIfAbsent(period, p -> new TreeMap<>()).put(key.substring(period.length() + 1), entry.getValue());
                if (key.startsWith(period + SEP + OUTLET)) {
                    String partner = outletPartners.get(key);
                    if (partner != null) {
                        partners.put(key, partner);
                    }
                    outletPartners.remove(key);
                }
                it.remove();
            }
        }
        if (ledger.isEmpty()) {
            // The heap backend keeps an emptied map for its key; a channel with no open month keeps nothing.
            ledger.clear();
            outletPartners.clear();
        }
        for (Map.Entry<String, Map<String, Totals>> month : closing.entrySet()) {
            String period = month.getKey();
            Totals channel = Totals.ZERO;
            List<PartnerMonth> partnerMonths = new ArrayList<>();
            List<OutletMonth> outletMonths = new ArrayList<>();
            for (Map.Entry<String, Totals> e : month.getValue().entrySet()) {
                String kind = e.getKey().substring(0, 1);
                String id = e.getKey().substring(2);
                switch (kind) {
                    case CHANNEL -> channel = e.getValue();
                    case PARTNER -> partnerMonths.add(new PartnerMonth(id, e.getValue()));
                    default -> outletMonths.add(new OutletMonth(id, partners.get(key(period, OUTLET, id)), e.getValue()));
                }
            }
            out.collect(new ChannelMonth(ctx.getCurrentKey(), period, BusinessMonths.closeAt(period, zone, grace), channel,
                    List.copyOf(partnerMonths), List.copyOf(outletMonths)));
        }
    }
}
