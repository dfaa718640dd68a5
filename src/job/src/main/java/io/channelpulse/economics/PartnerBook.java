package io.channelpulse.economics;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * What the channel plan keeps per partner: its channel, its closed months' revenue and costs (only
 * as many as the longest window needs), its tier state, and the period its open ROI alert fired in.
 */
public record PartnerBook(String channelId, List<Month> months, TierHysteresis tier, String roiFiredIn) {

    /** A partner's closed month. */
    public record Month(String period, BigDecimal revenue, BigDecimal cost) {}

    public static PartnerBook empty(String channelId) {
        return new PartnerBook(channelId, List.of(), null, null);
    }

    /** This book with {@code totals} added to {@code period}, keeping only months from {@code oldest} on. */
    public PartnerBook plus(String period, Totals totals, String oldest) {
        List<Month> kept = new ArrayList<>();
        boolean added = false;
        for (Month m : months) {
            if (m.period().compareTo(oldest) < 0) {
                continue;
            }
            if (m.period().equals(period)) {
                kept.add(new Month(period, m.revenue().add(totals.revenue()), m.cost().add(totals.cost())));
                added = true;
            } else {
                kept.add(m);
            }
        }
        if (!added) {
            kept.add(new Month(period, totals.revenue(), totals.cost()));
        }
        return new PartnerBook(channelId, List.copyOf(kept), tier, roiFiredIn);
    }

    /** This book without the months before {@code oldest}. */
    public PartnerBook since(String oldest) {
        return new PartnerBook(channelId, months.stream().filter(m -> m.period().compareTo(oldest) >= 0).toList(), tier, roiFiredIn);
    }

    /** Revenue and costs over the months from {@code from} to {@code to} (YYYY-MM, inclusive). */
    public Totals sum(String from, String to) {
        Totals t = Totals.ZERO;
        for (Month m : months) {
            if (m.period().compareTo(from) >= 0 && m.period().compareTo(to) <= 0) {
                t = t.plus(m.revenue(), m.cost());
            }
        }
        return t;
    }

    public PartnerBook withTier(TierHysteresis t) {
        return new PartnerBook(channelId, months, t, roiFiredIn);
    }

    public PartnerBook withRoiFiredIn(String period) {
        return new PartnerBook(channelId, months, tier, period);
    }

    /** Whether nothing is left to remember: no months in any window, no tier, no open alert. */
    public boolean isEmpty() {
        return months.isEmpty() && tier == null && roiFiredIn == null;
    }
}
