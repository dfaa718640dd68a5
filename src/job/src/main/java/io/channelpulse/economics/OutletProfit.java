package io.channelpulse.economics;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A direct store's closed month, the event STORE_CLOSURE_CANDIDATE's CEP pattern reads (keyed by
 * outlet, timestamped at the month's close). {@code monthIndex} counts months since year 0, so
 * consecutive months differ by exactly one; a month without sales or costs has no record, which
 * breaks a streak.
 */
public record OutletProfit(
        String outletId, String channelId, String partnerId, String period, long monthIndex, Instant closeAt,
        BigDecimal revenue, BigDecimal cost) {

    public BigDecimal profit() {
        return revenue.subtract(cost);
    }

    public boolean isLoss() {
        return profit().signum() < 0;
    }
}
