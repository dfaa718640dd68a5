package io.channelpulse.economics;

/** An outlet's revenue and the costs booked with its outletId in one channel's closed month. */
public record OutletMonth(String outletId, String partnerId, Totals totals) {}
