package io.channelpulse.economics;

/** A partner's revenue and costs within one channel's closed month. */
public record PartnerMonth(String partnerId, Totals totals) {}
