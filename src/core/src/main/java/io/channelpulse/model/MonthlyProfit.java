package io.channelpulse.model;

import java.math.BigDecimal;

/** One closed business month of an outlet: POS revenue, booked costs and their difference. */
public record MonthlyProfit(String period, BigDecimal revenue, BigDecimal cost, BigDecimal profit) {}
