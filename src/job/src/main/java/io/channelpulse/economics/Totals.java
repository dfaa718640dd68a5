package io.channelpulse.economics;

import java.math.BigDecimal;

/** Revenue and cost of one channel, partner or outlet in one business month (exact). */
public record Totals(BigDecimal revenue, BigDecimal cost) {

    public static final Totals ZERO = new Totals(BigDecimal.ZERO, BigDecimal.ZERO);

    public Totals plus(BigDecimal revenue, BigDecimal cost) {
        return new Totals(this.revenue.add(revenue), this.cost.add(cost));
    }

    public Totals plus(Totals other) {
        return plus(other.revenue, other.cost);
    }

    public BigDecimal profit() {
        return revenue.subtract(cost);
    }
}
