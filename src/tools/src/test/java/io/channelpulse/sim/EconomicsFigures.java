package io.channelpulse.sim;

import io.channelpulse.model.AlertStatus;
import io.channelpulse.model.BusinessMonths;
import io.channelpulse.model.ChannelCost;
import io.channelpulse.model.ChannelType;
import io.channelpulse.model.PartnerTier;
import io.channelpulse.model.PosSale;
import io.channelpulse.model.Rule;
import io.channelpulse.serde.EventStream;
import io.channelpulse.serde.Parsed;
import io.channelpulse.serde.RecordOrigin;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The channel plan's monthly figures and rule outcomes, computed from a simulation's emitted lines
 * with the formulas of issue 12 and nothing of the job: the reference the simulator's injected
 * cases are checked against. Lines are parsed as the job parses them; dead letters and repeated
 * eventIds are dropped, as the job drops them.
 */
final class EconomicsFigures {

    static final MathContext SHARE = MathContext.DECIMAL64;

    /** One alert transition the rules give at a close. */
    record Transition(Rule rule, String key, AlertStatus status, Instant at) {}

    /** One published-tier change at a close. */
    record TierChange(String partnerId, String period, PartnerTier from, PartnerTier to) {}

    final ZoneId zone;
    final Duration grace;
    final List<String> periods = new ArrayList<>();
    final List<PosSale> sales = new ArrayList<>();
    final List<ChannelCost> costs = new ArrayList<>();
    final Map<String, World.Partner> partners = new HashMap<>();
    final Map<String, World.Channel> channels = new HashMap<>();
    /** period → key → amount, for keys channelId, partnerId and channelId/outletId. */
    final Map<String, Map<String, BigDecimal>> revenue = new TreeMap<>();
    final Map<String, Map<String, BigDecimal>> cost = new TreeMap<>();
    /** period → partnerId → computed tier, and the published tier after the close. */
    final Map<String, Map<String, PartnerTier>> computedTiers = new TreeMap<>();
    final Map<String, Map<String, PartnerTier>> publishedTiers = new TreeMap<>();
    /** period → trailing revenue of the partners ranked at that close. */
    final Map<String, Map<String, BigDecimal>> trailing = new TreeMap<>();

    EconomicsFigures(Simulation sim, SimulatorSettings settings) {
        this.zone = settings.zone();
        this.grace = settings.economics().closeGrace();
        for (int m = 1; m <= settings.economics().months(); m++) {
            periods.add(EconomicsPlan.period(settings, m));
        }
        sim.world().partners().forEach(p -> partners.put(p.partnerId(), p));
        sim.world().channels().forEach(c -> channels.put(c.channelId(), c));
        Set<String> seenSales = new HashSet<>();
        Set<String> seenCosts = new HashSet<>();
        for (Emission e : sim.emissions()) {
            if (e.stream().equals(EventStream.POS_SALES.name())) {
                Parsed<PosSale> p = EventStream.POS_SALES.parse(e.payload(), RecordOrigin.file(e.stream(), "sim", e.seq()));
                if (p.isOk() && seenSales.add(p.event().eventId())) {
                    sales.add(p.event());
                }
            } else if (e.stream().equals(EventStream.CHANNEL_COSTS.name())) {
                Parsed<ChannelCost> p = EventStream.CHANNEL_COSTS.parse(e.payload(), RecordOrigin.file(e.stream(), "sim", e.seq()));
                if (p.isOk() && seenCosts.add(p.event().eventId())) {
                    costs.add(p.event());
                }
            }
        }
        for (PosSale s : sales) {
            BigDecimal value = s.unitPrice().multiply(BigDecimal.valueOf(s.quantity()));
            String period = BusinessMonths.periodOf(s.eventTime(), zone);
            add(revenue, period, s.channelId(), value);
            add(revenue, period, s.partnerId(), value);
            add(revenue, period, s.channelId() + "/" + s.outletId(), value);
        }
        for (ChannelCost c : costs) {
            add(cost, c.period(), c.channelId(), c.amount());
            if (c.partnerId() != null) {
                add(cost, c.period(), c.partnerId(), c.amount());
            }
            if (c.outletId() != null) {
                add(cost, c.period(), c.channelId() + "/" + c.outletId(), c.amount());
            }
        }
    }

    private static void add(Map<String, Map<String, BigDecimal>> into, String period, String key, BigDecimal value) {
        into.computeIfAbsent(period, p -> new TreeMap<>()).merge(key, value, BigDecimal::add);
    }

    BigDecimal revenue(String period, String key) {
        return revenue.getOrDefault(period, Map.of()).getOrDefault(key, BigDecimal.ZERO);
    }

    BigDecimal cost(String period, String key) {
        return cost.getOrDefault(period, Map.of()).getOrDefault(key, BigDecimal.ZERO);
    }

    BigDecimal totalRevenue(String period) {
        return channels.keySet().stream().map(c -> revenue(period, c)).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    BigDecimal totalCost(String period) {
        return channels.keySet().stream().map(c -> cost(period, c)).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    BigDecimal revenueShare(String period, String channelId) {
        return revenue(period, channelId).divide(totalRevenue(period), SHARE);
    }

    BigDecimal costShare(String period, String channelId) {
        return cost(period, channelId).divide(totalCost(period), SHARE);
    }

    BigDecimal profit(String period, String channelOutlet) {
        return revenue(period, channelOutlet).subtract(cost(period, channelOutlet));
    }

    /** Outlets of DIRECT_STORE channels, as channelId/outletId. */
    List<String> directStores(Simulation sim) {
        return sim.world().outlets().stream()
                .filter(o -> o.partner().channel().type() == ChannelType.DIRECT_STORE)
                .map(o -> o.partner().channel().channelId() + "/" + o.outletId()).sorted().toList();
    }

    List<String> supermarketPartners() {
        return partners.values().stream().filter(p -> p.channel().type() == ChannelType.SUPERMARKET)
                .map(World.Partner::partnerId).sorted().toList();
    }

    /** Revenue ÷ costs of a partner over the trailing {@code window} closed months ending with the {@code k}-th (0-based); null without costs. */
    BigDecimal roi(String partnerId, int k, int window) {
        BigDecimal rev = BigDecimal.ZERO;
        BigDecimal costs = BigDecimal.ZERO;
        for (int i = Math.max(0, k - window + 1); i <= k; i++) {
            rev = rev.add(revenue(periods.get(i), partnerId));
            costs = costs.add(cost(periods.get(i), partnerId));
        }
        return costs.signum() > 0 ? rev.divide(costs, SHARE) : null;
    }

    Instant closeAt(String period) {
        return BusinessMonths.closeAt(period, zone, grace);
    }

    /** The three economics rules over the closes up to {@code closes} (the first {@code closes} months). */
    List<Transition> transitions(Simulation sim, int closes) {
        List<Transition> out = new ArrayList<>();
        Set<String> open = new HashSet<>();
        Map<String, Integer> streaks = new HashMap<>();
        for (int k = 0; k < closes; k++) {
            String period = periods.get(k);
            Instant at = closeAt(period);
            for (String channel : new TreeSet<>(channels.keySet())) {
                boolean holds = revenueShare(period, channel).compareTo(new BigDecimal("0.05")) < 0
                        && costShare(period, channel).compareTo(new BigDecimal("0.10")) > 0;
                step(out, open, Rule.INEFFICIENT_CHANNEL, channel, holds, !holds, at);
            }
            for (String store : directStores(sim)) {
                boolean active = revenue(period, store).signum() != 0 || cost.getOrDefault(period, Map.of()).containsKey(store);
                boolean loss = active && profit(period, store).signum() < 0;
                int streak = loss ? streaks.merge(store, 1, Integer::sum) : 0;
                streaks.put(store, streak);
                step(out, open, Rule.STORE_CLOSURE_CANDIDATE, store, streak >= 6, active && !loss, at);
            }
            for (String partner : supermarketPartners()) {
                BigDecimal roi = roi(partner, k, 3);
                boolean low = roi != null && roi.compareTo(BigDecimal.ONE) < 0;
                step(out, open, Rule.PARTNER_ROI_BELOW_ONE, partner, low, !low, at);
            }
        }
        return out;
    }

    private static void step(List<Transition> out, Set<String> open, Rule rule, String key, boolean fire, boolean resolve, Instant at) {
        String id = rule + ":" + key;
        if (!open.contains(id) && fire) {
            open.add(id);
            out.add(new Transition(rule, key, AlertStatus.FIRING, at));
        } else if (open.contains(id) && resolve) {
            open.remove(id);
            out.add(new Transition(rule, key, AlertStatus.RESOLVED, at));
        }
    }

    /** Tiering over the closes up to {@code closes}: 12-month trailing revenue, competition ranks, ceil bands, 2-close hysteresis. */
    List<TierChange> tierChanges(int closes) {
        List<TierChange> out = new ArrayList<>();
        Map<String, PartnerTier> published = new HashMap<>();
        Map<String, PartnerTier> pending = new HashMap<>();
        Map<String, Integer> pendingCount = new HashMap<>();
        for (int k = 0; k < closes; k++) {
            String period = periods.get(k);
            Map<String, BigDecimal> sums = new LinkedHashMap<>();
            for (String partner : new TreeSet<>(partners.keySet())) {
                BigDecimal sum = BigDecimal.ZERO;
                for (int i = Math.max(0, k - 11); i <= k; i++) {
                    sum = sum.add(revenue(periods.get(i), partner));
                }
                if (sum.signum() > 0) {
                    sums.put(partner, sum);
                }
            }
            trailing.put(period, sums);
            int n = sums.size();
            long core = (long) Math.ceil(0.2 * n);
            long quality = (long) Math.ceil(0.5 * n);
            Map<String, PartnerTier> computed = new TreeMap<>();
            for (Map.Entry<String, BigDecimal> e : sums.entrySet()) {
                long rank = 1 + sums.values().stream().filter(v -> v.compareTo(e.getValue()) > 0).count();
                computed.put(e.getKey(), rank <= core ? PartnerTier.CORE : rank <= quality ? PartnerTier.QUALITY : PartnerTier.BASIC);
            }
            computedTiers.put(period, computed);
            for (Map.Entry<String, PartnerTier> e : computed.entrySet()) {
                String partner = e.getKey();
                PartnerTier tier = e.getValue();
                if (!published.containsKey(partner)) {
                    PartnerTier master = partners.get(partner).tier();
                    published.put(partner, master != null ? master : tier);
                }
                if (tier == published.get(partner)) {
                    pending.remove(partner);
                    pendingCount.remove(partner);
                    continue;
                }
                int count = tier == pending.get(partner) ? pendingCount.get(partner) + 1 : 1;
                pending.put(partner, tier);
                pendingCount.put(partner, count);
                if (count >= 2) {
                    out.add(new TierChange(partner, period, published.get(partner), tier));
                    published.put(partner, tier);
                    pending.remove(partner);
                    pendingCount.remove(partner);
                }
            }
            publishedTiers.put(period, new TreeMap<>(published));
        }
        return out;
    }

    /**
     * The smallest ratio, over the closes so far, between the trailing revenues on either side of
     * a band boundary (the last partner in and the first out of CORE, and of QUALITY): how far the
     * ranking is from a tie at a boundary. Needs {@link #tierChanges} first.
     */
    Map<String, BigDecimal> boundaryGaps() {
        Map<String, BigDecimal> gaps = new TreeMap<>();
        for (Map.Entry<String, Map<String, BigDecimal>> e : trailing.entrySet()) {
            List<BigDecimal> sorted = e.getValue().values().stream().sorted((a, b) -> b.compareTo(a)).toList();
            int n = sorted.size();
            int core = (int) Math.ceil(0.2 * n);
            int quality = (int) Math.ceil(0.5 * n);
            BigDecimal coreGap = sorted.get(core - 1).divide(sorted.get(core), SHARE);
            BigDecimal qualityGap = sorted.get(quality - 1).divide(sorted.get(quality), SHARE);
            gaps.put(e.getKey(), coreGap.min(qualityGap));
        }
        return gaps;
    }
}
