package io.channelpulse.gateway.panel;

import io.channelpulse.gateway.OutputListener;
import io.channelpulse.model.Alert;
import io.channelpulse.model.AlertStatus;
import io.channelpulse.model.ChannelEconomics;
import io.channelpulse.model.ChannelKpi;
import io.channelpulse.model.PartnerTier;
import io.channelpulse.model.PartnerTierRecord;
import io.channelpulse.model.Rule;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The channel plan as a channel manager's panel shows it: per channel, the latest closed month
 * (sales and cost shares), the partner table of the latest close (published tier, trailing revenue,
 * ROI from the partner's latest PARTNER_ROI_BELOW_ONE alert, last tier change), and the open
 * economics alerts. In memory and bounded: only {@code tracked} channels (named by partner master
 * data), at most {@code maxChannels}; at most {@code maxPartners} partners; at most
 * {@code maxOpenAlerts} open alerts (the oldest goes first).
 */
public final class PlanStore implements OutputListener {

    /** A tier change: in {@code period}, from {@code from} to {@code to}. */
    public record TierChange(String period, PartnerTier from, PartnerTier to) {}

    /** A partner's latest ROI, from the details of its latest PARTNER_ROI_BELOW_ONE alert. */
    public record Roi(String period, BigDecimal roi, AlertStatus status) {}

    /** One row of a channel's partner table. */
    public record PartnerRow(String partnerId, String period, PartnerTier tier, PartnerTier computedTier, BigDecimal revenue,
            int windowMonths, Integer rank, int ranked, BigDecimal roi, String roiPeriod, TierChange lastChange) {}

    /** What the panel shows of one channel's plan. */
    public record ChannelPlan(String channelId, ChannelEconomics month, List<PartnerRow> partners, List<Alert> openAlerts) {}

    private record Tier(String channelId, PartnerTierRecord row) {}

    private final int maxChannels;
    private final int maxPartners;
    private final int maxOpenAlerts;
    private final Predicate<String> tracked;
    private final Map<String, ChannelEconomics> months = new HashMap<>();
    private final Map<String, Tier> tiers = new HashMap<>();
    private final Map<String, TierChange> changes = new HashMap<>();
    private final Map<String, Roi> rois = new HashMap<>();
    private final LinkedHashMap<String, Alert> open = new LinkedHashMap<>();
    private long dropped;

    public PlanStore(int maxChannels, int maxPartners, int maxOpenAlerts, Predicate<String> tracked) {
        this.maxChannels = maxChannels;
        this.maxPartners = maxPartners;
        this.maxOpenAlerts = maxOpenAlerts;
        this.tracked = tracked;
    }

    /** A store that tracks any channel, for panels without master data (tests, embedded use). */
    public static PlanStore defaults() {
        return new PlanStore(10_000, 100_000, 10_000, channelId -> true);
    }

    @Override
    public void onKpi(ChannelKpi kpi) {}

    @Override
    public synchronized void onChannelEconomics(ChannelEconomics m) {
        ChannelEconomics last = months.get(m.channelId());
        if (last == null && (!tracked.test(m.channelId()) || months.size() >= maxChannels)) {
            dropped++;
            return;
        }
        if (last == null || m.period().compareTo(last.period()) >= 0) {
            months.put(m.channelId(), m);
        }
    }

    @Override
    public synchronized void onPartnerTier(PartnerTierRecord r) {
        Tier last = tiers.get(r.partnerId());
        if (!tracked.test(r.channelId()) || (last == null && tiers.size() >= maxPartners)) {
            dropped++;
            return;
        }
        if (last != null && r.period().compareTo(last.row().period()) < 0) {
            return; // an older close read late
        }
        if (PartnerTierRecord.TIER_CHANGED.equals(r.kind())) {
            changes.put(r.partnerId(), new TierChange(r.period(), r.fromTier(), r.toTier()));
            if (last == null) {
                tiers.put(r.partnerId(), new Tier(r.channelId(), r));
            }
        } else if (PartnerTierRecord.TIER.equals(r.kind())) {
            tiers.put(r.partnerId(), new Tier(r.channelId(), r));
        }
    }

    @Override
    public synchronized void onAlert(Alert a) {
        if (a.rule() == null || !a.rule().isEconomics() || a.alertId() == null) {
            return;
        }
        if (a.rule() == Rule.PARTNER_ROI_BELOW_ONE && a.partnerId() != null && a.details() != null && a.details().roi() != null
                && tracked.test(a.channelId()) && (rois.containsKey(a.partnerId()) || rois.size() < maxPartners)) {
            Roi last = rois.get(a.partnerId());
            String period = a.details().period();
            if (last == null || last.period() == null || period == null || period.compareTo(last.period()) >= 0) {
                rois.put(a.partnerId(), new Roi(period, a.details().roi(), a.status()));
            }
        }
        open.remove(a.alertId());
        if (a.status() == AlertStatus.FIRING && tracked.test(a.channelId())) {
            open.put(a.alertId(), a);
            while (open.size() > maxOpenAlerts) {
                open.remove(open.keySet().iterator().next());
            }
        }
    }

    /** The channel's plan; empty parts where nothing has closed yet. */
    public synchronized ChannelPlan plan(String channelId) {
        String latest = null;
        for (Tier t : tiers.values()) {
            if (t.channelId().equals(channelId) && PartnerTierRecord.TIER.equals(t.row().kind())
                    && (latest == null || t.row().period().compareTo(latest) > 0)) {
                latest = t.row().period();
            }
        }
        List<PartnerRow> rows = new ArrayList<>();
        for (Map.Entry<String, Tier> e : tiers.entrySet()) {
            PartnerTierRecord r = e.getValue().row();
            // the partner table of the channel's latest close: partners that moved away or dropped out are not in it
            if (!e.getValue().channelId().equals(channelId) || !PartnerTierRecord.TIER.equals(r.kind()) || !r.period().equals(latest)) {
                continue;
            }
            Roi roi = rois.get(e.getKey());
            rows.add(new PartnerRow(e.getKey(), r.period(), r.publishedTier(), r.computedTier(), r.revenue(), r.windowMonths(),
                    r.rank(), r.ranked(), roi == null ? null : roi.roi(), roi == null ? null : roi.period(), changes.get(e.getKey())));
        }
        rows.sort(Comparator.comparing(PartnerRow::tier, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(PartnerRow::revenue, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(PartnerRow::partnerId));
        List<Alert> alerts = open.values().stream().filter(a -> channelId.equals(a.channelId()))
                .sorted(Comparator.comparing(Alert::eventTime, Comparator.nullsLast(Comparator.reverseOrder()))).toList();
        return new ChannelPlan(channelId, months.get(channelId), rows, alerts);
    }

    /** Records dropped because their channel is not tracked or a bound was reached. */
    public synchronized long dropped() {
        return dropped;
    }
}
