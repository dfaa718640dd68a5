package io.channelpulse.model;

/** The detection rules that raise alerts. */
public enum Rule {
    PRICE_BELOW_GUIDE,
    CROSS_CHANNEL_DIVERSION,
    ORDER_RESPONSE_SLA
}
