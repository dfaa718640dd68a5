package io.channelpulse.economics;

import io.channelpulse.model.MonthlyProfit;
import java.time.Instant;
import java.util.List;

/**
 * What {@link StoreClosureAlerts} reads for one direct store: a closed month ({@code month}) or a
 * streak of loss months found by the CEP pattern ({@code streak}), exactly one of them set.
 */
public record StoreEvent(
        String outletId, String channelId, String partnerId, String period, Instant closeAt, MonthlyProfit month,
        List<MonthlyProfit> streak) {

    public static StoreEvent ofMonth(OutletProfit p) {
        return new StoreEvent(p.outletId(), p.channelId(), p.partnerId(), p.period(), p.closeAt(),
                new MonthlyProfit(p.period(), p.revenue(), p.cost(), p.profit()), null);
    }

    public static StoreEvent ofStreak(List<OutletProfit> months) {
        OutletProfit last = months.get(months.size() - 1);
        return new StoreEvent(last.outletId(), last.channelId(), last.partnerId(), last.period(), last.closeAt(), null,
                months.stream().map(p -> new MonthlyProfit(p.period(), p.revenue(), p.cost(), p.profit())).toList());
    }

    boolean isStreak() {
        return streak != null;
    }
}
