package io.channelpulse.economics;

import io.channelpulse.model.BusinessMonths;
import io.channelpulse.model.ChannelCost;
import io.channelpulse.model.PosSale;
import java.math.BigDecimal;
import java.time.ZoneId;

/**
 * One POS line's revenue or one booked cost, as the monthly ledger counts it: the business month it
 * belongs to (a sale's by its event time, a cost's by its {@code period}) and who it belongs to.
 */
public record LedgerEntry(
        String channelId, String partnerId, String outletId, String period, BigDecimal revenue, BigDecimal cost) {

    public static LedgerEntry sale(PosSale sale, ZoneId zone) {
        return new LedgerEntry(sale.channelId(), sale.partnerId(), sale.outletId(),
                BusinessMonths.periodOf(sale.eventTime(), zone),
                sale.unitPrice().multiply(BigDecimal.valueOf(sale.quantity())), BigDecimal.ZERO);
    }

    public static LedgerEntry cost(ChannelCost cost) {
        return new LedgerEntry(cost.channelId(), cost.partnerId(), cost.outletId(), cost.period(), BigDecimal.ZERO, cost.amount());
    }
}
